#!/usr/bin/env bash
# Rebuilds the WASI preview1 test programs: each tests/wasi/programs/NAME.c
# becomes tests/wasi/programs/NAME.wasm (a core module importing
# wasi_snapshot_preview1; tests/all/wasi_programs.rs adapts it into a component
# with hoist::wasi::preview1::adapt), and examples/wasi-hello.c becomes
# examples/wasi-hello.wasm (for examples/wasi.rs). The .wasm files are
# committed, so that the tests need no C toolchain.
#
# Installs clang, lld, wasi-libc and the wasm32 compiler runtime with
# apt-get if they are missing (Debian 12: clang 14, wasi-libc of 2022).
#
# Usage: bash tests/wasi/build.sh [NAME...]   (no names: every program)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_toolchain() {
    local missing=()
    command -v clang >/dev/null || missing+=(clang)
    command -v wasm-ld >/dev/null || missing+=(lld)
    [ -f /usr/lib/wasm32-wasi/libc.a ] || missing+=(wasi-libc)
    compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a" >/dev/null \
        || missing+=(libclang-rt-14-dev-wasm32)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
            clang lld wasi-libc libclang-rt-14-dev-wasm32
    fi
    clang -print-targets | grep -q wasm32 || die "this clang has no wasm32 target"
}

CFLAGS=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-all)

# build SOURCE OUTPUT
build() {
    local src="$1" out="$2"
    clang "${CFLAGS[@]}" "$src" -o "$out.tmp"
    mv "$out.tmp" "$out"
    log "$(wc -c <"$out") bytes -> ${out#"$root"/}"
}

main() {
    ensure_toolchain
    log "$(clang --version | head -n 1)"
    local wanted=("$@") built=0 src name
    for src in "$here"/programs/*.c "$root/examples/wasi-hello.c"; do
        name="$(basename "$src" .c)"
        if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
            continue
        fi
        build "$src" "${src%.c}.wasm"
        built=$((built + 1))
    done
    [ "$built" -gt 0 ] || die "no program named: ${wanted[*]}"
}

main "$@"
