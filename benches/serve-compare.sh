#!/usr/bin/env bash
# Side by side: `wasmtime serve` and `hoist serve` on the same components,
# loaded by wrk on loopback from the same machine.
#   hello:    benches/serve/hello.wat (200, "Hello, world!\n"), GET, CONNS connections
#   echo_1m:  wasi-http/tests/guests/proxy.wat (echoes the body), POST of 1 MiB,
#             ECHO_CONNS connections
#   js_get:   examples/http-js/handler.wasm (componentize-js; when built by its
#             build.sh), GET, ECHO_CONNS connections
# Usage, from anywhere:  benches/serve-compare.sh
#   WASMTIME=PATH   the wasmtime binary with `serve` (default: `wasmtime` on PATH);
#                   build it once, outside CI: cargo install wasmtime-cli --locked
#   DURATION=10s    the measured time of each run (after a 2 s warm-up run)
#   CONNS=64 ECHO_CONNS=16 THREADS=1   wrk's connections and threads
#   RUNS=3          rounds; in each, both servers take each workload in turn
# Needs wrk (apt-get install wrk). Prints per run: workload, server, requests/s,
# p50/p90/p99 latency (ms), non-2xx responses and socket errors; then the
# median of the rounds and the ratio hoist/Wasmtime of requests per second
# (> 1: hoist serves more) and of p99 latency (< 1: hoist's is lower).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
wasmtime=${WASMTIME:-$(command -v wasmtime || true)}
[ -x "$wasmtime" ] || { echo "error: no wasmtime binary (set WASMTIME)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
(cd "$root" && cargo build --release -q -p hoist-cli -p hoist-bench)
target=${CARGO_TARGET_DIR:-$root/target}
hoist=$target/release/hoist
duration=${DURATION:-10s}
conns=${CONNS:-64}
echo_conns=${ECHO_CONNS:-16}
threads=${THREADS:-1}
runs=${RUNS:-3}
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$target/release/proxy-component" "$here/serve/hello.wat" "$tmp/hello.wasm"
"$target/release/proxy-component" "$root/wasi-http/tests/guests/proxy.wat" "$tmp/echo.wasm"
cat >"$tmp/post-1m.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("x", 1048576)
wrk.headers["content-type"] = "application/octet-stream"
LUA
port=18181

# start NAME FILE: starts that server on $port and waits until it listens.
start() {
  case $1 in
    # -Scli: the WASI of a proxy component's imports beyond wasi:http (the
    # JavaScript engine's wasi:cli/terminal-*); hoist serve provides it all.
    wasmtime) "$wasmtime" serve -Scli --addr "127.0.0.1:$port" "$2" >/dev/null 2>"$tmp/$1.err" & ;;
    hoist) "$hoist" serve --addr "127.0.0.1:$port" "$2" >/dev/null 2>"$tmp/$1.err" & ;;
  esac
  server=$!
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: $1 did not start listening:" >&2
  cat "$tmp/$1.err" >&2
  exit 1
}

stop() { kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; }

# load WORKLOAD: one wrk run (after a warm-up) against the server; prints
# `rps p50 p90 p99 non2xx errors`.
load() {
  local args=(-t"$threads" --latency "http://127.0.0.1:$port/bench")
  case $1 in
    hello) args+=(-c"$conns") ;;
    echo_1m) args+=(-c"$echo_conns" -s "$tmp/post-1m.lua") ;;
    js_get) args+=(-c"$echo_conns") ;;
  esac
  wrk -d2s "${args[@]}" >/dev/null
  wrk -d"$duration" "${args[@]}" >"$tmp/wrk.out"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
    END { printf "%s %.3f %.3f %.3f %d %d\n", rps, p50, p90, p99, bad, errs }
  ' "$tmp/wrk.out"
}

workloads="hello echo_1m"
js=$root/examples/http-js/handler.wasm
if [ -f "$js" ]; then workloads="$workloads js_get"; else echo "(no $js: js_get skipped)" >&2; fi
printf '%-8s %-9s %-5s %10s %9s %9s %9s %7s %6s\n' workload server run req/s p50_ms p90_ms p99_ms non2xx errors
for ((r = 1; r <= runs; r++)); do
  for w in $workloads; do
    case $w in
      hello) file=$tmp/hello.wasm ;;
      echo_1m) file=$tmp/echo.wasm ;;
      js_get) file=$js ;;
    esac
    for s in wasmtime hoist; do
      start "$s" "$file"
      read -r rps p50 p90 p99 bad errs < <(load "$w")
      stop
      printf '%-8s %-9s %-5s %10s %9s %9s %9s %7s %6s\n' "$w" "$s" "$r" "$rps" "$p50" "$p90" "$p99" "$bad" "$errs" | tee -a "$tmp/rows"
    done
  done
done
echo
echo "median of $runs rounds; ratio = hoist / Wasmtime"
printf '%-8s %12s %12s %8s %12s %12s %8s\n' workload wasmtime_rps hoist_rps ratio wasmtime_p99 hoist_p99 ratio
for w in $workloads; do
  med() { grep "^$w *$1 " "$tmp/rows" | awk "{print \$$2}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  wr=$(med wasmtime 4); hr=$(med hoist 4); wp=$(med wasmtime 7); hp=$(med hoist 7)
  awk -v w="$w" -v wr="$wr" -v hr="$hr" -v wp="$wp" -v hp="$hp" \
    'BEGIN { printf "%-8s %12s %12s %8.2f %12s %12s %8.2f\n", w, wr, hr, hr / wr, wp, hp, hp / wp }'
done
