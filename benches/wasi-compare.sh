#!/usr/bin/env bash
# Side by side: Wasmtime 48 + wasmtime-wasi (benches/wasi-peer) and hoist-bench
# on the WASI workloads (wasi_hello, wasi_copy_64m, wasi_stdout_64m).
# Usage, from anywhere:  benches/wasi-compare.sh [WORKLOAD...]   (default: all)
#   MIN_TIME=SECS  measured time per workload (default 1)
#   RUNS=N         rounds of all workloads (default 1); each row is the median of the rounds
#   PEER_ARGS=...  more options for wasi-peer, e.g. --allow-blocking (Wasmtime's
#                  allow_blocking_current_thread(true): file I/O on the calling thread)
# Builds wasi-peer once (~20 min on 2 cores, into ~/.cache/hoist-wasi-peer-target)
# and hoist-bench (release). Both runtimes are run workload by workload, interleaved,
# so that machine noise hits both alike.
# Prints: workload, Wasmtime ns/op, hoist ns/op, ratio hoist/Wasmtime (< 1: hoist faster),
# and with RUNS > 1 the ratio of each round.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
peer_target=${PEER_TARGET_DIR:-$HOME/.cache/hoist-wasi-peer-target}
peer_bin=$peer_target/release/wasi-peer
(cd "$here/wasi-peer" && CARGO_TARGET_DIR="$peer_target" cargo build --release -q ${PEER_JOBS:+-j "$PEER_JOBS"})
hoist_target=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build --release -q -p hoist-bench)
hoist_bin=${HOIST_BENCH:-$hoist_target/release/hoist-bench}
# Both runtimes as in production: with RUST_BACKTRACE=1, every anyhow error
# captures a backtrace, and hoist makes one (and drops it) on each host call
# that borrows a handle (see README.md, "WASI workloads").
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
names=${*:-$("$peer_bin" --list)}
mt=(--min-time "${MIN_TIME:-1}")
runs=${RUNS:-1}
for ((r = 1; r <= runs; r++)); do
  for n in $names; do
    # shellcheck disable=SC2086  # PEER_ARGS is a list of options
    "$peer_bin" --filter "$n" "${mt[@]}" ${PEER_ARGS:-} 2>>"$tmp/peer.err" | sed "s/^/$r /" >>"$tmp/peer" \
      || echo "$r $n FAILED 0" >>"$tmp/peer"
    "$hoist_bin" --filter "$n" "${mt[@]}" 2>>"$tmp/hoist.err" | sed "s/^/$r /" >>"$tmp/hoist" \
      || echo "$r $n FAILED 0" >>"$tmp/hoist"
  done
done
printf '%-18s %14s %14s %8s  %s\n' workload wasmtime_ns hoist_ns ratio "per-run ratios"
awk -v runs="$runs" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
  }
  NR == FNR { if (NF == 4 && $3 ~ /^[0-9.]+$/) { p[$2] = p[$2] " " $3; pr[$1, $2] = $3 }; names[$2] = 1; next }
  { if (NF == 4 && $3 ~ /^[0-9.]+$/) { h[$2] = h[$2] " " $3; hr[$1, $2] = $3 }; names[$2] = 1 }
  END {
    for (n in names) {
      pm = median(p[n]); hm = median(h[n]); per = ""
      for (r = 1; r <= runs; r++)
        if (((r, n) in pr) && ((r, n) in hr) && pr[r, n] > 0) per = per sprintf(" %.2f", hr[r, n] / pr[r, n])
      ratio = (pm != "" && hm != "" && pm > 0) ? sprintf("%.2f", hm / pm) : "-"
      printf "%-18s %14s %14s %8s %s\n", n, (pm == "" ? "FAILED" : sprintf("%.0f", pm)), (hm == "" ? "FAILED" : sprintf("%.0f", hm)), ratio, per
    }
  }' "$tmp/peer" "$tmp/hoist" | sort
if grep -q FAILED "$tmp/peer" "$tmp/hoist"; then
  echo "--- failures (stderr):" >&2
  grep -h -i -E 'failed|error' "$tmp/peer.err" "$tmp/hoist.err" >&2 || true
fi
