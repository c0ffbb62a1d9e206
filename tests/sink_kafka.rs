//! `fakeplate stream --to kafka://…` against a real broker: tansu, which `ci/kafka.sh start`
//! runs on a loopback port (`.ci/run` exports `FAKEPLATE_KAFKA_BROKERS=127.0.0.1:PORT`).
//! Needs the `kafka` and `cli` features; without the variable the tests start tansu themselves
//! (`tests/support/peers.rs`). Never contacts anything
//! but the loopback addresses it is given. Each test creates its own topics (with tansu's
//! command line) and reads them back with an rdkafka consumer by explicit partition
//! assignment (no consumer group).
#![cfg(all(feature = "kafka", feature = "cli"))]

mod support;

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use support::{brokers_or_skip, fakeplate};

use fakeplate::sink::java_partition;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
const KEY: &str = r#"{{random.number({"min":1,"max":1000})}}"#;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// tansu's command line, from the venv `ci/kafka.sh` installed.
fn tansu() -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/kafka.sh");
    let o = Command::new("bash")
        .arg(script)
        .arg("tansu")
        .output()
        .unwrap();
    assert!(o.status.success(), "ci/kafka.sh tansu: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

fn first_broker(brokers: &str) -> &str {
    brokers.split(',').next().unwrap()
}

/// Creates a fresh topic of `partitions` partitions.
fn create_topic(brokers: &str, what: &str, partitions: u32) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "fakeplate-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let o = Command::new(tansu())
        .args(["topic", "create", &name, "--broker"])
        .arg(format!("tcp://{}", first_broker(brokers)))
        .args(["--partitions", &partitions.to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "creating {name}: {}", stderr(&o));
    name
}

fn topics(brokers: &str) -> String {
    let o = Command::new(tansu())
        .args(["topic", "list", "--broker"])
        .arg(format!("tcp://{}", first_broker(brokers)))
        .output()
        .unwrap();
    assert!(o.status.success(), "listing topics: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// One message read back.
#[derive(Debug)]
struct Read {
    partition: i32,
    key: Option<String>,
    payload: String,
    /// The payload's bytes (`payload` is their text, lossily for gzipped records).
    raw: Vec<u8>,
}

/// Every message of `topic`, read from the beginning of each partition (offset order within a
/// partition): until `expected` have come, then for one more second, so that duplicates would
/// show. (tansu 0.6's high watermarks count batches rather than records, so they cannot say
/// how many there are.)
fn consume(brokers: &str, topic: &str, partitions: i32, expected: usize) -> Vec<Read> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "fakeplate-tests-unused")
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .create()
        .expect("a consumer");
    let mut assignment = TopicPartitionList::new();
    for p in 0..partitions {
        assignment
            .add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let mut read = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut quiet_until: Option<Instant> = None;
    loop {
        let now = Instant::now();
        if now > deadline || quiet_until.is_some_and(|q| now > q) {
            break;
        }
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            let message = message.expect("a message");
            read.push(Read {
                partition: message.partition(),
                key: message
                    .key()
                    .map(|k| String::from_utf8(k.to_vec()).unwrap()),
                payload: String::from_utf8_lossy(message.payload().unwrap_or_default())
                    .into_owned(),
                raw: message.payload().unwrap_or_default().to_vec(),
            });
        }
        if read.len() >= expected && quiet_until.is_none() {
            quiet_until = Some(Instant::now() + Duration::from_secs(1));
        }
    }
    read
}

/// `fakeplate render` for the same seed and count: the records, newline included, by index.
fn rendered(seed: &str, count: &str) -> Vec<String> {
    // Stamped as the tests stream on the virtual clock, at 100,000 records a second.
    let o = fakeplate(&[
        "render", SAKILA, "--rate", "100000", "--seed", seed, "--count", count,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .split_inclusive('\n')
        .map(str::to_owned)
        .collect()
}

/// Checks that `read` holds each rendered record exactly once, and that each partition holds
/// its records in index order; returns the index of each message.
fn once_each_in_order(read: &[Read], rendered: &[String]) -> Vec<usize> {
    let index: HashMap<&str, usize> = rendered
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    assert_eq!(index.len(), rendered.len(), "rendered records are distinct");
    assert_eq!(
        read.len(),
        rendered.len(),
        "nothing lost, nothing duplicated"
    );
    let mut seen = vec![false; rendered.len()];
    let mut last: HashMap<i32, usize> = HashMap::new();
    let mut indices = Vec::new();
    for m in read {
        let i = *index
            .get(m.payload.as_str())
            .unwrap_or_else(|| panic!("a message that was not rendered: {:?}", m.payload));
        assert!(!seen[i], "record {i} arrived twice");
        seen[i] = true;
        if let Some(&before) = last.get(&m.partition) {
            assert!(
                before < i,
                "partition {} out of order: {before} then {i}",
                m.partition
            );
        }
        last.insert(m.partition, i);
        indices.push(i);
    }
    indices
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn keyed_records_arrive_once_each_on_the_java_partition_of_their_key() {
    let brokers = brokers_or_skip!();
    let topic = create_topic(&brokers, "keyed", 3);
    let to = format!("kafka://{brokers}/{topic}");
    let o = fakeplate(&[
        "stream", SAKILA, "--clock", "virtual", "--count", "2000", "--rate", "100000", "--seed",
        "7", "--to", &to, "--key", KEY,
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("sent 2000 records"), "{err}");
    assert!(err.contains("failed 0"), "{err}");
    let read = consume(&brokers, &topic, 3, 2000);
    once_each_in_order(&read, &rendered("7", "2000"));
    let mut per_partition = [0; 3];
    for m in &read {
        let key = m.key.as_deref().expect("every record has a key");
        let n: u32 = key.parse().expect("a number key");
        assert!((1..=1000).contains(&n), "key {key}");
        assert_eq!(
            m.partition,
            java_partition(key.as_bytes(), 3) as i32,
            "key {key} is on murmur2's partition"
        );
        per_partition[m.partition as usize] += 1;
    }
    assert!(per_partition.iter().all(|&n| n > 400), "{per_partition:?}");
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn unkeyed_records_have_no_key_and_spread_over_the_partitions() {
    let brokers = brokers_or_skip!();
    let topic = create_topic(&brokers, "unkeyed", 3);
    let to = format!("kafka://{brokers}/{topic}");
    // A random partition per record (no sticky batches), so a short run spreads too.
    let o = fakeplate(&[
        "stream",
        SAKILA,
        "--clock",
        "virtual",
        "--count",
        "3000",
        "--rate",
        "100000",
        "--seed",
        "11",
        "--to",
        &to,
        "--compression",
        "zstd",
        "--kafka-option",
        "sticky.partitioning.linger.ms=0",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("sent 3000 records"), "{err}");
    let read = consume(&brokers, &topic, 3, 3000);
    once_each_in_order(&read, &rendered("11", "3000"));
    let mut per_partition = [0; 3];
    for m in &read {
        assert_eq!(m.key, None);
        per_partition[m.partition as usize] += 1;
    }
    // 1,000 each on average, with a standard deviation of about 26.
    assert!(
        per_partition.iter().all(|&n| (800..=1200).contains(&n)),
        "{per_partition:?}"
    );
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn every_compression_codec_delivers() {
    let brokers = brokers_or_skip!();
    let topic = create_topic(&brokers, "codecs", 1);
    let to = format!("kafka://{brokers}/{topic}");
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        let o = fakeplate(&[
            "stream",
            SAKILA,
            "--clock",
            "virtual",
            "--count",
            "200",
            "--rate",
            "100000",
            "--seed",
            "3",
            "--to",
            &to,
            "--compression",
            codec,
        ]);
        let err = stderr(&o);
        assert!(o.status.success(), "{codec}: {err}");
        assert!(err.contains("sent 200 records"), "{codec}: {err}");
    }
    let read = consume(&brokers, &topic, 1, 1000);
    let one_run = rendered("3", "200");
    assert_eq!(read.len(), 5 * one_run.len());
    for (i, m) in read.iter().enumerate() {
        assert_eq!(m.payload, one_run[i % one_run.len()], "message {i}");
    }
}

/// `--compress gzip`: each message is one gzip member holding its record, newline included
/// (KDG's compression), whatever codec `--compression` gives the producer's batches.
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn gzip_records_are_one_gzip_member_per_message() {
    use std::io::Read as _;
    let brokers = brokers_or_skip!();
    let topic = create_topic(&brokers, "gzip-records", 1);
    let to = format!("kafka://{brokers}/{topic}");
    for batches in ["none", "zstd"] {
        let o = fakeplate(&[
            "stream",
            SAKILA,
            "--clock",
            "virtual",
            "--count",
            "200",
            "--rate",
            "100000",
            "--seed",
            "4",
            "--to",
            &to,
            "--compress",
            "gzip",
            "--compression",
            batches,
        ]);
        assert!(o.status.success(), "{batches}: {}", stderr(&o));
    }
    let read = consume(&brokers, &topic, 1, 400);
    let one_run = rendered("4", "200");
    assert_eq!(read.len(), 2 * one_run.len());
    for (i, m) in read.iter().enumerate() {
        assert_eq!(&m.raw[..2], &[0x1f, 0x8b], "message {i}");
        let mut record = String::new();
        flate2::read::GzDecoder::new(&m.raw[..])
            .read_to_string(&mut record)
            .unwrap();
        assert_eq!(record, one_run[i % one_run.len()], "message {i}");
    }
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn records_given_up_on_go_to_the_dead_letter_file() {
    let brokers = brokers_or_skip!();
    let topic = create_topic(&brokers, "dead", 1);
    let to = format!("kafka://{brokers}/{topic}");
    let dir = std::env::temp_dir().join(format!("fakeplate-kafka-dl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dead = dir.join("dead.jsonl");
    let _ = std::fs::remove_file(&dead);
    // Records of about 100 or 1,100 bytes, drawn from the seed, with a client limit of 1,000
    // bytes a message: librdkafka refuses the large ones, always the same ones.
    let template = dir.join("sizes.tmpl");
    let large = "x".repeat(1100);
    std::fs::write(
        &template,
        format!(r#"{{"v":"{{{{random.arrayElement(["small","{large}"])}}}}"}}"#),
    )
    .unwrap();
    let o = fakeplate(&[
        "stream",
        template.to_str().unwrap(),
        "--clock",
        "virtual",
        "--count",
        "500",
        "--rate",
        "1000000",
        "--to",
        &to,
        "--key",
        KEY,
        "--kafka-option",
        "message.max.bytes=1000",
        "--dead-letter",
        dead.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    // Records given up on fail the run, after the summary and where they are.
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "records were not delivered; they are in {}",
            dead.display()
        )),
        "{err}"
    );
    let summary = err.lines().find(|l| l.starts_with("sent ")).expect(&err);
    let number_after = |word: &str| -> usize {
        let at = summary.find(word).expect(summary) + word.len();
        summary[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (sent, failed) = (number_after("sent "), number_after("failed "));
    assert_eq!(sent + failed, 500, "{summary}");
    assert!(failed > 0, "{summary}");
    let lines = std::fs::read_to_string(&dead).unwrap();
    assert_eq!(
        lines.lines().count(),
        failed,
        "one dead letter per failed record"
    );
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["error_code"], "MessageSizeTooLarge", "{first}");
    assert!(first["data"].as_str().unwrap().len() > 1000, "{first}");
    assert!(first["key"].is_string(), "{first}");
    assert!(first["data"].as_str().unwrap().starts_with('{'), "{first}");
    // What was sent is on the topic, once.
    assert_eq!(consume(&brokers, &topic, 1, sent).len(), sent);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn a_missing_topic_is_an_error_and_is_not_created() {
    let brokers = brokers_or_skip!();
    let topic = format!("fakeplate-missing-{}", std::process::id());
    let started = Instant::now();
    let o = fakeplate(&[
        "stream",
        SAKILA,
        "--count",
        "10",
        "--to",
        &format!("kafka://{brokers}/{topic}"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("Unknown topic"), "{err}");
    assert!(err.contains("no record was sent"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(!topics(&brokers).contains(&topic), "the topic was created");
}

/// Needs no broker: a loopback port nobody listens on.
#[test]
fn an_unreachable_broker_is_an_error_within_seconds() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let started = Instant::now();
    let o = fakeplate(&[
        "stream",
        SAKILA,
        "--count",
        "10",
        "--to",
        &format!("kafka://127.0.0.1:{port}/nowhere"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no broker answered within 10 s"), "{err}");
    assert!(err.contains("Connection refused"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// Needs no broker: options are checked before connecting, or by librdkafka when the producer
/// is created.
#[test]
fn bad_destinations_and_options_are_clear_errors() {
    for (to, code, says) in [
        ("kafka://127.0.0.1:9092", 2, "no topic"),
        ("kafka://127.0.0.1/topic", 2, "is not HOST:PORT"),
        ("kafka://127.0.0.1:0/topic", 2, "is not HOST:PORT"),
        ("kafka://127.0.0.1:9092/bad topic", 2, "topic must be"),
        ("kafka://127.0.0.1:9092/..", 2, "topic must be"),
    ] {
        let o = fakeplate(&["stream", SAKILA, "--count", "1", "--to", to]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "{to}: {err}");
        assert!(err.contains(says), "{to}: {err}");
    }
    let o = fakeplate(&[
        "stream",
        SAKILA,
        "--count",
        "1",
        "--to",
        "kafka://127.0.0.1:9/t",
        "--kafka-option",
        "linger.ms",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("expected KEY=VALUE"), "{}", stderr(&o));
    let o = fakeplate(&[
        "stream",
        SAKILA,
        "--count",
        "1",
        "--to",
        "kafka://127.0.0.1:9/t",
        "--kafka-option",
        "no.such.setting=1",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("No such configuration property"),
        "{}",
        stderr(&o)
    );
}
