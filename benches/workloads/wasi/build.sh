#!/usr/bin/env bash
# Rebuilds the preview1 modules of the WASI workloads (hello, copy, stdout)
# from their C sources with clang and wasi-libc, installing the Debian
# packages that provide them if they are missing.
# Usage: benches/workloads/wasi/build.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkgs=(clang lld wasi-libc libclang-rt-14-dev-wasm32)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -q
  $sudo apt-get install -y -q "${missing[@]}"
fi
for name in hello copy stdout; do
  clang --target=wasm32-wasi -O2 -Wl,--strip-all "$here/$name.c" -o "$here/$name.wasm"
  chmod 644 "$here/$name.wasm"
  echo "$here/$name.wasm: $(stat -c %s "$here/$name.wasm") bytes" >&2
done
