#!/usr/bin/env bash
# Kafka throughput: fakeplate stream (rendering and sending) against reference producers that
# only send, all into the same local broker (tansu, from ci/kafka.sh) in the same run, each
# into a fresh 3-partition topic. Prints a Markdown table of records/s, median of REPS rounds.
#
#   benches/kafka.sh                 # 500,000 sakila records, 3 rounds
#   N=1000000 REPS=5 benches/kafka.sh
#   REF_N=50000 benches/kafka.sh     # kafka-python sends the first 50,000 (default 100,000)
#   CONFLUENT=0 benches/kafka.sh     # without confluent-kafka (librdkafka from Python)
#
# Uses FAKEPLATE_KAFKA_BROKERS when set (a loopback broker), otherwise starts one with
# ci/kafka.sh and stops it at the end. The references (kafka-python, and confluent-kafka unless
# CONFLUENT=0) are installed into target/kafka-venv. Every producer uses acks=all,
# idempotence, no key and no compression; fakeplate's time includes rendering the records, the
# references' does not (they send lines rendered beforehand by `fakeplate render`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
N=${N:-500000}
# kafka-python sends about 12,000 records/s: the first REF_N records are enough to measure it.
REF_N=${REF_N:-100000}
REPS=${REPS:-3}
CONFLUENT=${CONFLUENT:-1}
SEED=1
venv=target/kafka-venv

started_here=0
if [[ -z "${FAKEPLATE_KAFKA_BROKERS:-}" ]]; then
  FAKEPLATE_KAFKA_BROKERS=$(ci/kafka.sh start)
  started_here=1
  trap 'ci/kafka.sh stop' EXIT
fi
brokers=$FAKEPLATE_KAFKA_BROKERS
broker=${brokers%%,*}
tansu=$(ci/kafka.sh tansu)

clients=(kafka-python)
if [[ "$CONFLUENT" == 1 ]]; then
  "$venv/bin/python" -c 'import confluent_kafka' 2>/dev/null ||
    "$venv/bin/pip" install --quiet --disable-pip-version-check confluent-kafka >&2
  clients+=(confluent-kafka)
fi

cargo build --quiet --release --features cli,kafka
fp=target/release/fakeplate
records=target/kafka-bench-records.jsonl
"$fp" render templates/sakila.tmpl --seed "$SEED" --count "$N" --output "$records"
bytes=$(stat -c %s "$records")

topic_n=0
new_topic() {
  topic_n=$((topic_n + 1))
  local name="bench-$1-$$-$topic_n"
  "$tansu" topic create "$name" --broker "tcp://$broker" --partitions 3 >/dev/null
  echo "$name"
}

declare -A results
for round in $(seq 1 "$REPS"); do
  topic=$(new_topic fakeplate)
  "$fp" stream templates/sakila.tmpl --clock virtual --count "$N" --rate 1e12 --seed "$SEED" \
    --to "kafka://$brokers/$topic" 2>target/kafka-bench-fakeplate.log
  # The summary's rate: from connected to the last acknowledgement, rendering included.
  rate=$(sed -n "s/^sent $N records.*(\([0-9]*\) records\/s).*failed 0$/\1/p" target/kafka-bench-fakeplate.log)
  [[ -n "$rate" ]] || { cat target/kafka-bench-fakeplate.log >&2; exit 1; }
  results[fakeplate]+="$rate "
  line="round $round: fakeplate $rate"
  for client in "${clients[@]}"; do
    topic=$(new_topic "$client")
    n=$N
    [[ $client == kafka-python ]] && n=$REF_N
    rate=$("$venv/bin/python" benches/support/kafka_producer.py "$client" "$brokers" "$topic" "$records" "$n")
    results[$client]+="$rate "
    line+=", $client $rate"
  done
  echo "$line" >&2
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "$N sakila records ($((bytes / N)) bytes each on average; kafka-python the first $REF_N), 3 partitions, acks=all, idempotent, median of $REPS"
echo
echo "| producer | records/s | MB/s | vs fakeplate |"
echo "|---|---:|---:|---:|"
fp_rate=$(echo "${results[fakeplate]}" | median)
for name in fakeplate "${clients[@]}"; do
  rate=$(echo "${results[$name]}" | median)
  python3 -c "r=$rate; print(f'| $name | {r:,} | {r * $bytes / $N / 1e6:.1f} | {r / $fp_rate:.2f} |')"
done
if [[ $started_here == 1 ]]; then
  echo
  echo "(broker: tansu $("$tansu" --version | cut -d' ' -f2), started by ci/kafka.sh on $broker)"
fi
