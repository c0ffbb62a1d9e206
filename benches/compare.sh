#!/usr/bin/env bash
# fakeplate against its peers on templates/sakila.tmpl, in one sitting on one pinned core:
# KDG's own engine, nunjucks, hand-written faker-js (and its helpers.fake), Python Faker
# (PY=1), minijinja, fakeplate, and the hand-written Rust ceiling. Prints a Markdown table of
# median records/s with ratios to KDG and to the ceiling. Then, unless FAMILIES=0, runs
# benches/families.sh: every template family against KDG's engine in the same sitting.
#
#   benches/compare.sh                      # 3 rounds, round-robin, pinned to CPU 0
#   REPS=5 PY=1 benches/compare.sh          # 5 rounds, Python Faker too
#   BASELINES=/path/to/baselines benches/compare.sh
#   benches/compare.sh fake                 # only engines whose name contains "fake"
#   FAMILIES=0 benches/compare.sh           # sakila only, without the template families
#
# The baselines (default: ../shared/baselines beside the repository) are copied to
# target/baselines, because shared/ is read-only and `npm ci` writes node_modules. Knobs:
# REPS, CPU, PY, BASELINES, and per-engine N: N_KDG N_NJK N_FJS N_FJSFAKE N_PY (as the
# baselines' bench.sh) and N_MJ N_FP N_CEIL, each sized for a few seconds per run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
REPS=${REPS:-3}
CPU=${CPU:-0}
PY=${PY:-0}
FILTER=${1:-}
FAMILIES=${FAMILIES:-1}

# (a) A writable copy of the baselines, with their packages installed; PIN.
# shellcheck source=benches/support/baselines.sh
source "$root/benches/support/baselines.sh"

# (b) Release binaries: fakeplate, the hand-written ceiling, the minijinja port.
echo "== cargo build --release (examples throughput, ceiling, minijinja_sakila)" >&2
(cd "$root" && cargo build --release --features unstable-internals \
  --example throughput --example ceiling --example minijinja_sakila >&2)
bin=$root/target/release/examples

# (c) Every engine REPS times, round-robin, pinned to one core.

# name | kind (result: a baselines RESULT line with rps=; rust: "... R records/s ...") | command
engines=(
  "kdg-node-faker3 (KDG)|result|node kdg-node/kdg-render.js ${N_KDG:-200000} render"
  "nunjucks3-faker3|result|node kdg-node/nunjucks-render.js ${N_NJK:-1000000} render"
  "fakerjs-helpers.fake|result|node kdg-node/fakerjs-handwritten.mjs ${N_FJSFAKE:-500000} fake"
  "fakerjs-handwritten|result|node kdg-node/fakerjs-handwritten.mjs ${N_FJS:-3000000} render"
  "minijinja 2 (Rust)|rust|$bin/minijinja_sakila ${N_MJ:-5000000}"
  "fakeplate|rust|$bin/throughput ${N_FP:-30000000}"
  "Rust ceiling (hand-written)|rust|$bin/ceiling ${N_CEIL:-60000000}"
)
if [[ "$PY" == 1 ]]; then
  engines+=("python-faker|result|python-faker/.venv/bin/python python-faker/bench_faker.py ${N_PY:-200000} render")
fi

mkdir -p "$dest/results"
raw=$dest/results/compare-$(date -u +%Y%m%dT%H%M%SZ).txt
log=${raw%.txt}.log
: > "$raw"
cd "$dest"
for rep in $(seq 1 "$REPS"); do
  for e in "${engines[@]}"; do
    IFS='|' read -r name kind cmd <<< "$e"
    [[ -n "$FILTER" && "$name" != *"$FILTER"* ]] && continue
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "round $rep: $name (load1 $load)" >&2
    # Word splitting of $cmd is intended: it is a command line.
    # shellcheck disable=SC2086
    out=$("${PIN[@]}" $cmd 2>>"$log") || {
      echo "$name failed; stderr in $log" >&2
      exit 1
    }
    if [[ "$kind" == result ]]; then
      rps=$(grep -o 'rps=[0-9.]*' <<< "$out" | head -1 | cut -d= -f2)
      bytes=$(grep -o 'avg_bytes=[0-9.]*' <<< "$out" | head -1 | cut -d= -f2)
    else
      rps=$(sed -n 's/.* \([0-9.]*\) records\/s.*/\1/p' <<< "$out")
      bytes=$(sed -n 's/.* \([0-9.]*\) bytes\/record.*/\1/p' <<< "$out")
    fi
    [[ -n "$rps" ]] || {
      echo "$name printed no rate: $out" >&2
      exit 1
    }
    echo "name=${name// /_} rps=$rps bytes=$bytes load1=$load" | tee -a "$raw" >&2
  done
done

# (d) The table: medians, and ratios of medians from this same run.
echo "raw results: $raw" >&2
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) CPUs, ${cpu_model:-unknown CPU}; $(uname -sr);" \
  "REPS=$REPS, ${PIN[*]:-unpinned}"
echo
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    n = f["name"]; if (!(n in count)) order[++names] = n
    runs[n, ++count[n]] = f["rps"] + 0; bytes[n] = f["bytes"]
    if (!(n in lo) || f["load1"] < lo[n]) lo[n] = f["load1"]
    if (!(n in hi) || f["load1"] > hi[n]) hi[n] = f["load1"] }
  function median(n,    k, m, i, j, t, v) {
    m = count[n]; for (i = 1; i <= m; i++) v[i] = runs[n, i]
    for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
    mn[n] = v[1]; mx[n] = v[m]
    return m % 2 ? v[(m+1)/2] : (v[m/2] + v[m/2+1]) / 2 }
  function commas(x,    s, t) {
    s = sprintf("%.0f", x); t = ""
    while (length(s) > 3) { t = "," substr(s, length(s) - 2) t; s = substr(s, 1, length(s) - 3) }
    return s t }
  END {
    for (k = 1; k <= names; k++) med[order[k]] = median(order[k])
    kdg = med["kdg-node-faker3_(KDG)"]; top = med["Rust_ceiling_(hand-written)"]
    print "| engine | runs | median records/s | min-max records/s | bytes/record | × KDG | of Rust ceiling | load1 |"
    print "|---|---|---|---|---|---|---|---|"
    for (k = 1; k <= names; k++) {
      n = order[k]; label = n; gsub(/_/, " ", label)
      printf "| %s | %d | %s | %s-%s | %s | %s | %s | %s-%s |\n", label, count[n], commas(med[n]),
        commas(mn[n]), commas(mx[n]), bytes[n],
        kdg ? sprintf("%.1f", med[n] / kdg) : "-", top ? sprintf("%.3g%%", 100 * med[n] / top) : "-",
        lo[n], hi[n] }
  }' "$raw"

# (e) The template families, in the same sitting.
if [[ "$FAMILIES" == 1 && -z "$FILTER" ]]; then
  echo
  # N_KDG, N_FP and N_CEIL size sakila's runs above; the families have their own defaults.
  env -u N_KDG -u N_FP -u N_CEIL REPS="$REPS" CPU="$CPU" SKIP_SETUP=1 "$root/benches/families.sh"
fi
