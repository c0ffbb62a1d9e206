#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) from the committed seeds; fails on a crash.
#   fuzz/smoke.sh            # CI
#   SECONDS_PER_TARGET=600 fuzz/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
per=${SECONDS_PER_TARGET:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in compile render args prefix cli_args verify; do
  # Each target reads its own seeds (`render` shares those of `compile`) and dictionary.
  seeds=fuzz/seeds/$target
  [ -d "$seeds" ] || seeds=fuzz/seeds/compile
  dict=fuzz/dict
  [ -f "fuzz/dict-$target" ] && dict=fuzz/dict-$target
  mkdir -p "fuzz/corpus/$target"
  echo "== fuzz $target for ${per}s"
  log="fuzz/corpus/$target.log"
  if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "$seeds" -- \
    -dict="$dict" -max_total_time="$per" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $target failed; the crashing input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || tail -n 3 "$log"
done
