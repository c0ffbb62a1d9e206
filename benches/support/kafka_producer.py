"""The reference producers of benches/kafka.sh: send the records of a file (one per line, as
`fakeplate render` writes them) to a topic as fast as the client goes, with the settings
fakeplate uses (acks=all, idempotence, no key, no compression), and print records/s.

    kafka_producer.py kafka-python|confluent-kafka BROKERS TOPIC FILE [COUNT]

Only the sending is timed: the file is read into memory first. The time runs until the last
record is acknowledged (flush)."""

import sys
import time


def main():
    client, brokers, topic, path = sys.argv[1:5]
    with open(path, "rb") as f:
        records = f.read().splitlines(keepends=True)
    if len(sys.argv) > 5:
        records = records[: int(sys.argv[5])]
    if client == "kafka-python":
        from kafka import KafkaProducer

        producer = KafkaProducer(
            bootstrap_servers=brokers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
        )
        producer.partitions_for(topic)  # connect and fetch metadata before timing
        started = time.perf_counter()
        for record in records:
            producer.send(topic, record)
        producer.flush()
        elapsed = time.perf_counter() - started
        producer.close()
    elif client == "confluent-kafka":
        from confluent_kafka import Producer

        failed = []

        def report(err, _msg):
            if err is not None:
                failed.append(err)

        producer = Producer(
            {
                "bootstrap.servers": brokers,
                "acks": "all",
                "enable.idempotence": True,
                "partitioner": "murmur2_random",
            }
        )
        producer.list_topics(topic, timeout=10)
        started = time.perf_counter()
        for record in records:
            while True:
                try:
                    producer.produce(topic, record, on_delivery=report)
                    break
                except BufferError:
                    producer.poll(0.001)
            producer.poll(0)
        producer.flush()
        elapsed = time.perf_counter() - started
        if failed:
            sys.exit(f"{len(failed)} records failed: {failed[0]}")
    else:
        sys.exit(f"unknown client {client}")
    print(f"{len(records) / elapsed:.0f}")


if __name__ == "__main__":
    main()
