#!/usr/bin/env bash
# Rebuilds the C guest components of tests/guests/ (see README.md there):
# installs the toolchain if it is missing, then for each guest generates its
# bindings with `wit-bindgen c`, compiles them with the guest's C source and
# the freestanding runtime in libc/ for wasm32, and wraps the core module into
# a component with `wasm-tools component new`, written to tests/guests/NAME.wasm.
#
# Usage: bash tests/guests/build.sh [NAME...]   (no names: every guest)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

WIT_BINDGEN_VERSION=0.63.0
WASM_TOOLS_VERSION=1.263.0

# name | source folder | string encoding
GUESTS=(
    "everything everything utf8"
    "everything-utf16 everything utf16"
    "errors errors utf8"
)

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# ---- Toolchain ---------------------------------------------------------------

ensure_clang() {
    if command -v clang >/dev/null && command -v wasm-ld >/dev/null; then
        return
    fi
    log "installing clang and lld"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y clang lld
}

# ensure_cargo_tool BINARY CRATE VERSION [cargo install flags...]
ensure_cargo_tool() {
    local bin="$1" crate="$2" version="$3"
    shift 3
    if command -v "$bin" >/dev/null && "$bin" --version | grep -qF " $version"; then
        return
    fi
    log "installing $crate $version (a few minutes)"
    cargo install --locked -j 1 "$crate" --version "=$version" "$@"
}

ensure_toolchain() {
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    ensure_clang
    ensure_cargo_tool wit-bindgen wit-bindgen-cli "$WIT_BINDGEN_VERSION" \
        --no-default-features --features c
    ensure_cargo_tool wasm-tools wasm-tools "$WASM_TOOLS_VERSION" \
        --no-default-features --features component,validate,print,parse
    clang -print-targets | grep -q wasm32 || die "this clang has no wasm32 target"
}

# ---- One guest -----------------------------------------------------------------

CFLAGS=(
    --target=wasm32-unknown-unknown
    -nostdlib
    -ffreestanding
    -O2
    -isystem "$here/libc/include"
)

# build_guest NAME SOURCE_FOLDER ENCODING
build_guest() {
    local name="$1" src="$here/$2" encoding="$3"
    local tmp="$TMP_ROOT/$name"
    mkdir -p "$tmp"

    log "$name: bindings ($encoding)"
    local out
    if ! out="$(wit-bindgen c --string-encoding "$encoding" --out-dir "$tmp/bindings" "$src/wit" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "$name: wit-bindgen failed"
    fi

    local generated=("$tmp"/bindings/*.c) type_objects=("$tmp"/bindings/*_component_type.o)
    [ -f "${generated[0]}" ] || die "$name: wit-bindgen made no C file"
    [ -f "${type_objects[0]}" ] || die "$name: wit-bindgen made no component type object"

    log "$name: compile"
    # The guest's own code must compile cleanly; the generated code as it is.
    clang "${CFLAGS[@]}" -Wall -Wextra -Werror -I "$tmp/bindings" -c "$src/guest.c" -o "$tmp/guest.o"
    clang "${CFLAGS[@]}" -Wall -Wextra -Werror -c "$here/libc/libc.c" -o "$tmp/libc.o"
    clang "${CFLAGS[@]}" -I "$tmp/bindings" -c "${generated[0]}" -o "$tmp/bindings.o"

    log "$name: link"
    # The bindings export their functions with `export_name` attributes.
    # --export-dynamic would also export any symbol that the C code gives
    # default visibility; clang's wasm32 target hides symbols by default, so
    # the core module exports only the world's functions, `memory`,
    # `cabi_realloc` and the `cabi_post_*` functions.
    clang "${CFLAGS[@]}" -Wl,--no-entry -Wl,--export-dynamic \
        "$tmp/guest.o" "$tmp/bindings.o" "$tmp/libc.o" "${type_objects[0]}" \
        -o "$tmp/core.wasm"

    log "$name: component"
    wasm-tools component new "$tmp/core.wasm" -o "$tmp/component.wasm"
    wasm-tools validate --features all "$tmp/component.wasm"
    mv "$tmp/component.wasm" "$here/$name.wasm"
    log "$name: $(wc -c <"$here/$name.wasm") bytes -> tests/guests/$name.wasm"
}

main() {
    TMP_ROOT="$(mktemp -d)"
    trap 'rm -rf "$TMP_ROOT"' EXIT
    ensure_toolchain
    log "$(clang --version | head -n 1); $(wit-bindgen --version); $(wasm-tools --version)"
    local wanted=("$@") built=0 entry name
    for entry in "${GUESTS[@]}"; do
        read -r name _ _ <<<"$entry"
        if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
            continue
        fi
        # shellcheck disable=SC2086 # split the entry into its three fields
        build_guest $entry
        built=$((built + 1))
    done
    [ "$built" -gt 0 ] || die "no guest named: ${wanted[*]}"
}

main "$@"
