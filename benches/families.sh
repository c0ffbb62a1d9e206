#!/usr/bin/env bash
# fakeplate against KDG's own engine on every template family, in one sitting on one pinned
# core: benches/templates/*.tmpl and templates/sakila.tmpl, each rendered by KDG's engine
# (faker 3.1.0 `faker.fake`, benches/support/kdg-family.js) and by fakeplate (the release
# example `throughput`), round-robin, REPS rounds. Prints a Markdown table of median
# records/s, each family's ratio, the geometric mean and the slowest family; for the families
# with a hand-written Rust ceiling (`ceiling_family`), fakeplate's share of it.
#
# The language v2 templates (templates/sakila-rentals.tmpl and benches/templates/v2-*.tmpl) are
# beyond KDG's engine: they are rendered by fakeplate only and compared with KDG's engine on sakila.tmpl, the KDG template
# it extends (a richer record, so the ratio understates), and left out of the geometric mean.
#
#   benches/families.sh                     # 3 rounds, pinned to CPU 0
#   REPS=5 benches/families.sh date         # only families whose name contains "date"
#
# Knobs: REPS, CPU, BASELINES, N_KDG (records per KDG run, default 10000, after WARMUP
# untimed ones, default 5000), N_FP (fakeplate, default 1000000), N_CEIL (ceilings, default
# 3000000); each run is a second or a few on a quiet machine.
# Called by benches/compare.sh with SKIP_SETUP=1 after it has set up the baselines.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
REPS=${REPS:-3}
CPU=${CPU:-0}
PY=0
FILTER=${1:-}
N_KDG=${N_KDG:-10000}
N_FP=${N_FP:-1000000}
N_CEIL=${N_CEIL:-3000000}
export WARMUP=${WARMUP:-5000}

if [[ "${SKIP_SETUP:-0}" == 1 ]]; then
  dest=$root/target/baselines
  PIN=()
  if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$CPU"); fi
else
  # shellcheck source=benches/support/baselines.sh
  source "$root/benches/support/baselines.sh"
fi
cp "$root/benches/support/kdg-family.js" "$dest/kdg-node/"

echo "== cargo build --release (examples throughput, ceiling_family)" >&2
(cd "$root" && cargo build --release --features unstable-internals \
  --example throughput --example ceiling_family >&2)
bin=$root/target/release/examples

# name | template | KDG runs it (1) or not (0) | ceiling family name or -
families=()
for t in "$root"/benches/templates/*.tmpl; do
  name=$(basename "$t" .tmpl)
  ceil=-
  [[ -f "$root/benches/support/ceiling_$(tr - _ <<< "$name").rs" ]] && ceil=$name
  kdg=1
  [[ "$name" == v2-* ]] && kdg=0
  families+=("$name|$t|$kdg|$ceil")
done
families+=("sakila|$root/templates/sakila.tmpl|1|-")
families+=("sakila-rentals (v2)|$root/templates/sakila-rentals.tmpl|0|-")

rate() { sed -n 's/.* \([0-9.]*\) records\/s.*/\1/p' <<< "$1"; }

mkdir -p "$dest/results"
raw=$dest/results/families-$(date -u +%Y%m%dT%H%M%SZ).txt
log=${raw%.txt}.log
: > "$raw"
cd "$dest"
for rep in $(seq 1 "$REPS"); do
  for f in "${families[@]}"; do
    IFS='|' read -r name tmpl kdg ceil <<< "$f"
    [[ -n "$FILTER" && "$name" != *"$FILTER"* ]] && continue
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "round $rep: $name (load1 $load)" >&2
    if [[ "$kdg" == 1 ]]; then
      out=$("${PIN[@]}" node kdg-node/kdg-family.js "$N_KDG" "$tmpl" 2>>"$log")
      rps=$(grep -o 'rps=[0-9.]*' <<< "$out" | head -1 | cut -d= -f2)
      echo "family=${name// /_} engine=kdg rps=$rps load1=$load" | tee -a "$raw" >&2
    fi
    out=$("${PIN[@]}" "$bin/throughput" "$N_FP" "$tmpl" 2>>"$log")
    echo "family=${name// /_} engine=fakeplate rps=$(rate "$out") load1=$load" | tee -a "$raw" >&2
    if [[ "$ceil" != - ]]; then
      out=$("${PIN[@]}" "$bin/ceiling_family" "$ceil" "$N_CEIL" 2>>"$log")
      echo "family=${name// /_} engine=ceiling rps=$(rate "$out") load1=$load" | tee -a "$raw" >&2
    fi
  done
done

echo "raw results: $raw" >&2
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) CPUs, ${cpu_model:-unknown CPU}; $(uname -sr);" \
  "REPS=$REPS, ${PIN[*]:-unpinned}; N_KDG=$N_KDG WARMUP=$WARMUP N_FP=$N_FP N_CEIL=$N_CEIL"
echo
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    n = f["family"]; e = f["engine"]
    if (!(n in seen)) { order[++names] = n; seen[n] = 1 }
    runs[n, e, ++count[n, e]] = f["rps"] + 0
    if (!(n in lo) || f["load1"] < lo[n]) lo[n] = f["load1"]
    if (!(n in hi) || f["load1"] > hi[n]) hi[n] = f["load1"] }
  function median(n, e,    m, i, j, t, v) {
    m = count[n, e]; if (!m) return 0
    for (i = 1; i <= m; i++) v[i] = runs[n, e, i]
    for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
    return m % 2 ? v[(m+1)/2] : (v[m/2] + v[m/2+1]) / 2 }
  function commas(x,    s, t) {
    s = sprintf("%.0f", x); t = ""
    while (length(s) > 3) { t = "," substr(s, length(s) - 2) t; s = substr(s, 1, length(s) - 3) }
    return s t }
  END {
    print "| family | runs | KDG engine records/s | fakeplate records/s | × KDG | Rust ceiling records/s | of ceiling | load1 |"
    print "|---|---|---|---|---|---|---|---|"
    sakila = median("sakila", "kdg"); logsum = 0; k = 0; slow = ""
    for (i = 1; i <= names; i++) {
      n = order[i]; label = n; gsub(/_/, " ", label)
      kdg = median(n, "kdg"); fp = median(n, "fakeplate"); ceil = median(n, "ceiling")
      if (kdg) {
        ratio = fp / kdg; shown = sprintf("%.0f", ratio)
        logsum += log(ratio); k++
        if (slow == "" || ratio < slowest) { slow = label; slowest = ratio }
      } else if (sakila) {
        shown = sprintf("%.0f (vs KDG on sakila; %.1f%% of fakeplate on sakila)", fp / sakila,
          100 * fp / median("sakila", "fakeplate"))
      } else shown = "-"
      printf "| %s | %d | %s | %s | %s | %s | %s | %s-%s |\n", label, count[n, "fakeplate"],
        kdg ? commas(kdg) : "- (v2)", commas(fp), shown, ceil ? commas(ceil) : "-",
        ceil ? sprintf("%.0f%%", 100 * fp / ceil) : "-", lo[n], hi[n] }
    if (k) printf "\nGeometric mean over the %d families KDG runs: **%.0f× KDG**; slowest: %s, %.0f×.\n", k, exp(logsum / k), slow, slowest
  }' "$raw"
