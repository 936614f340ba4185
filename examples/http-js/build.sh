#!/bin/sh
# Builds handler.wasm from handler.js, and trailers.wasm from trailers.js,
# with componentize-js (see README.md).
# Needs Node >= 18 and npm; installs the pinned componentize-js into
# node_modules/ from package-lock.json.
set -eu
cd "$(dirname "$0")"
repo=../..

# wit/deps/: the repo's vendored WIT packages, so the component is built
# against exactly the WIT hoist implements.
rm -rf wit/deps
mkdir -p wit/deps
cp -r "$repo/wasi-http/wit/deps/http" wit/deps/http
cp "$repo"/wasi/wit/deps/*.wit wit/deps/
# componentize-js attaches its `fetch` event only to an export of
# `wasi:http/incoming-handler` at a version it knows: 0.23.0 knows 0.2.10,
# the version its engine imports, not 0.2.12 (componentization fails with
# "failed to find export of interface
# `wasi:http/incoming-handler@0.2.12` function `handle`"). So the vendored 0.2.12
# packages are relabelled 0.2.10 (their contents are the same but for
# `@since` gates); hoist links the component's @0.2.10 imports to its
# 0.2.12 host by semver, like the 0.2.10 imports of the JS engine itself.
find wit -name '*.wit' -exec sed -i 's/0\.2\.12/0.2.10/g' {} +

if [ ! -d node_modules/@bytecodealliance/componentize-js ]; then
  npm ci --no-audit --no-fund
fi
npx componentize-js --wit wit --world-name handler -o handler.wasm handler.js
npx componentize-js --wit wit --world-name handler -o trailers.wasm trailers.js
