#!/usr/bin/env bash
# Kafka after a broker crash: streams 10,000 records at 1,000 a second into tansu (ci/kafka.sh's
# broker) with the default idempotent producer, kills the broker with SIGKILL 2 s in, restarts it
# 5 s later on the same port and storage, lets the run finish, and verifies the topic. The
# storage is moto's S3 (which outlives the broker), so that what is lost is what the broker
# lost; the stored batches are then read for gaps in offsets and producer sequence numbers.
#
#   ci/kafka-crash.sh [RUNS]    (default 3; the fakeplate binary is $FAKEPLATE, else
#                               target/debug/fakeplate built with --features cli,kafka)
#
# Everything it writes is under target/kafka-crash (one folder per run) and target/moto-venv.
# Only loopback addresses are used.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
root=$PWD
fakeplate=${FAKEPLATE:-$root/target/debug/fakeplate}
template=$root/templates/sakila.tmpl
if ! ci/kafka.sh tansu >/dev/null 2>&1; then
    # Installs tansu; the broker it starts is stopped at once.
    ci/kafka.sh start >/dev/null
    ci/kafka.sh stop
fi
tansu=$(ci/kafka.sh tansu)
chmod +x "$tansu"
venv=target/moto-venv
if [ ! -x "$venv/bin/moto_server" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]"
fi
py=$root/$venv/bin/python
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
    for _ in $(seq 1 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1).close()" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    return 1
}
state=$root/target/kafka-crash
rm -rf "$state"
mkdir -p "$state"
moto_port=$(free_port)
"$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$state/moto.log" 2>&1 &
moto_pid=$!
broker_pid=
trap 'kill $broker_pid 2>/dev/null || true; kill $moto_pid 2>/dev/null || true' EXIT
wait_port "$moto_port"
export AWS_ENDPOINT=http://127.0.0.1:$moto_port AWS_ALLOW_HTTP=true
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
broker() {
    "$tansu" broker --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine "s3://$bucket/" >>"$dir/broker.log" 2>&1 </dev/null &
    broker_pid=$!
    wait_port "$port"
}
for run in $(seq 1 "$runs"); do
    dir=$state/run-$run
    bucket=tansu-crash-$run
    mkdir -p "$dir"
    port=$(free_port)
    "$py" -c "import boto3, os; boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT']).create_bucket(Bucket='$bucket')"
    broker
    "$tansu" topic create crash --broker "tcp://127.0.0.1:$port" --partitions 1 >>"$dir/broker.log" 2>&1
    (env -u AWS_ENDPOINT "$fakeplate" stream "$template" --to "kafka://127.0.0.1:$port/crash" \
        --clock virtual --rate 1000 --count 10000 --seed 5 --dead-letter "$dir/dead.jsonl" \
        >/dev/null 2>"$dir/stream.err"; echo $? >"$dir/stream.rc") &
    stream=$!
    sleep 2
    kill -9 "$broker_pid"
    wait "$broker_pid" 2>/dev/null || true
    sleep 5
    broker
    wait "$stream"
    set +e
    env -u AWS_ENDPOINT "$fakeplate" verify "$template" --from "kafka://127.0.0.1:$port/crash" \
        --clock virtual --rate 1000 --count 10000 --seed 5 >"$dir/verify.out" 2>"$dir/verify.err"
    echo $? >"$dir/verify.rc"
    set -e
    kill "$broker_pid"
    wait "$broker_pid" 2>/dev/null || true
    echo "== run $run: stream exit $(cat "$dir/stream.rc"), verify exit $(cat "$dir/verify.rc"), dead letters $(cat "$dir/dead.jsonl" 2>/dev/null | wc -l)"
    grep '^sent ' "$dir/stream.err" || tail -3 "$dir/stream.err"
    grep -E '^(verify|missing):' "$dir/verify.out" || tail -3 "$dir/verify.err"
    # The stored batches: the offset each starts at (its object's name), its producer sequence.
    "$py" - "$bucket" <<'PY'
import boto3, os, struct, sys
bucket = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT"])
p = "clusters/tansu_cluster/topics/crash/partitions/0000000000/"
keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=p + "records/").get("Contents", []))
offset = sequence = stored = 0
for k in keys:
    h = s3.get_object(Bucket=bucket, Key=k, Range="bytes=0-60")["Body"].read()
    base = int(k.rsplit("/", 1)[1].split(".")[0])
    seq, n = struct.unpack(">ii", h[53:61])
    if base != offset:
        print(f"broker: offsets {offset}..{base - 1} hold no batch")
    if seq != sequence:
        print(f"broker: producer sequences {sequence}..{seq - 1} are not stored; the batch at offset {base} starts at sequence {seq}")
    offset, sequence, stored = base + n, seq + n, stored + n
mark = s3.get_object(Bucket=bucket, Key=p + "watermark.json")["Body"].read().decode()
print(f"broker: {len(keys)} batches, {stored} records stored, watermark {mark}")
PY
done
