//! `fakeplate verify --from kinesis://…` and `--from kafka://…` against real peers: moto's
//! server for Kinesis (`AWS_ENDPOINT_URL` on loopback, as `.ci/run` sets it) and the tansu
//! broker for Kafka (`FAKEPLATE_KAFKA_BROKERS`, from `ci/kafka.sh start`). A run streamed into a
//! stream or topic verifies clean; records added afterwards (a copy of a record, an altered
//! record, another seed's records) are counted exactly, and order is checked per shard or
//! partition. Without a peer given, the tests start their own (`tests/support/peers.rs`).
#![cfg(all(feature = "cli", any(feature = "kinesis", feature = "kafka")))]

mod support;

use std::process::Output;

use support::{fakeplate, last_line, text};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");

fn unique(what: &str) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!(
        "fakeplate-verify-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

/// `fakeplate verify SAKILA --from FROM --seed SEED --count COUNT EXTRA…`, at the rate the
/// tests stream at on the virtual clock (records are stamped by it).
fn verify(from: &str, seed: &str, count: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "verify", SAKILA, "--from", from, "--seed", seed, "--count", count, "--rate", "100000",
    ];
    args.extend_from_slice(extra);
    fakeplate(&args)
}

/// The records `render` prints for the seed and count, without their line breaks.
#[cfg(feature = "kinesis")]
fn rendered(template: &str, seed: &str, count: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "render", template, "--seed", seed, "--count", count, "--rate", "100000",
    ];
    args.extend_from_slice(extra);
    let o = fakeplate(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout).lines().map(str::to_owned).collect()
}

fn explain(o: &Output) -> String {
    format!("{}{}", text(&o.stdout), text(&o.stderr))
}

#[cfg(feature = "kinesis")]
mod kinesis {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    fn client(rt: &tokio::runtime::Runtime) -> aws_sdk_kinesis::Client {
        let config =
            rt.block_on(aws_config::defaults(aws_config::BehaviorVersion::latest()).load());
        aws_sdk_kinesis::Client::new(&config)
    }

    fn create_stream(
        rt: &tokio::runtime::Runtime,
        client: &aws_sdk_kinesis::Client,
        shards: i32,
    ) -> String {
        let stream = unique("kinesis");
        rt.block_on(
            client
                .create_stream()
                .stream_name(&stream)
                .shard_count(shards)
                .send(),
        )
        .unwrap();
        stream
    }

    /// `fakeplate stream` of `count` records of `seed` into the stream, on the virtual clock.
    fn stream(template: &str, stream: &str, seed: &str, count: &str, extra: &[&str]) {
        let to = format!("kinesis://{stream}");
        let mut args = vec![
            "stream",
            template,
            "--to",
            &to,
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            count,
            "--seed",
            seed,
            // moto numbers a shard's records without a lock: one call at a time.
            "--concurrency",
            "1",
        ];
        args.extend_from_slice(extra);
        let o = fakeplate(&args);
        assert!(o.status.success(), "{}", explain(&o));
    }

    fn put(
        rt: &tokio::runtime::Runtime,
        client: &aws_sdk_kinesis::Client,
        stream: &str,
        key: &str,
        data: &str,
    ) {
        rt.block_on(
            client
                .put_record()
                .stream_name(stream)
                .partition_key(key)
                .data(aws_sdk_kinesis::primitives::Blob::new(data.as_bytes()))
                .send(),
        )
        .unwrap();
    }

    #[test]
    #[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
    fn a_kinesis_stream_verifies_and_added_records_are_counted_exactly() {
        let _peer = support::peer_or_skip!();
        let rt = runtime();
        let client = client(&rt);
        let name = create_stream(&rt, &client, 2);
        stream(
            SAKILA,
            &name,
            "5",
            "3000",
            &["--partition-key", "{{random.number(7)}}"],
        );
        let from = format!("kinesis://{name}");

        let o = verify(&from, "5", "3000", &["--require-order"]);
        assert_eq!(o.status.code(), Some(0), "{}", explain(&o));
        let report = text(&o.stdout);
        assert!(
            report.contains(&format!("read 3000 records from 2 shards in {from}")),
            "{report}"
        );
        assert_eq!(
            last_line(&o),
            "verify: 3000 expected, 3000 found, 0 missing, 0 duplicated, 0 unexpected"
        );
        // A longer range: the records past the run are missing.
        let o = verify(&from, "5", "3500", &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            text(&o.stdout).contains("missing: 500 records, first 3000-3499"),
            "{}",
            explain(&o)
        );

        // A copy of record 10 (after later records of its shard: out of order), and record
        // 3000, just past the run, altered: it is the closest to the altered one.
        let records = rendered(SAKILA, "5", "3001", &[]);
        put(&rt, &client, &name, "1", &format!("{}\n", records[10]));
        // (Altered near its end: at 100,000 records a second they share their timestamp.)
        let altered = records[3000].replacen("\"state\"", "\"State\"", 1);
        assert_ne!(altered, records[3000]);
        put(&rt, &client, &name, "2", &format!("{altered}\n"));
        let o = verify(&from, "5", "3001", &["--json"]);
        assert_eq!(o.status.code(), Some(1), "{}", explain(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let counts = [
            "expected",
            "records",
            "found",
            "missing",
            "duplicated",
            "unexpected",
            "out_of_order",
            "sources",
        ]
        .map(|k| doc[k].as_u64().unwrap());
        assert_eq!(counts, [3001, 3002, 3000, 1, 1, 1, 1, 2], "{doc:#}");
        assert_eq!(doc["duplicated_sample"][0]["index"], 10);
        let unexpected = &doc["unexpected_sample"][0];
        assert!(
            unexpected["source"]
                .as_str()
                .unwrap()
                .starts_with("shardId-")
        );
        assert_eq!(unexpected["closest"]["index"], 3000, "{doc:#}");
        let at = records[3000].find("\"state\"").unwrap() + 1;
        assert_eq!(unexpected["closest"]["first_difference"], at, "{doc:#}");
        assert_eq!(
            text(&o.stderr).trim_end(),
            "verify: 3001 expected, 3000 found, 1 missing, 1 duplicated, 1 unexpected"
        );
        // Duplicates allowed, the altered record still fails; order is information unless
        // required.
        let o = verify(&from, "5", "3000", &["--allow-duplicates"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            text(&o.stdout).contains("out of order: 1 record within their shard"),
            "{}",
            explain(&o)
        );
    }

    #[test]
    #[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
    fn records_with_line_breaks_and_without_a_delimiter_verify_from_kinesis() {
        let _peer = support::peer_or_skip!();
        let rt = runtime();
        let client = client(&rt);
        let dir = std::env::temp_dir().join(unique("kinesis-template"));
        std::fs::create_dir_all(&dir).unwrap();
        let template = dir.join("two-lines.tmpl");
        std::fs::write(&template, "a {{random.uuid}}\nb {{random.number(9)}}\n").unwrap();
        let template = template.to_str().unwrap();
        let name = create_stream(&rt, &client, 1);
        let flags = ["--keep-newlines", "--delimiter", "none"];
        stream(template, &name, "8", "200", &flags);
        let from = format!("kinesis://{name}");
        let mut args = vec![
            "verify", template, "--from", &from, "--seed", "8", "--count", "200",
        ];
        args.extend_from_slice(&flags);
        let o = fakeplate(&args);
        assert_eq!(o.status.code(), Some(0), "{}", explain(&o));
        assert_eq!(
            last_line(&o),
            "verify: 200 expected, 200 found, 0 missing, 0 duplicated, 0 unexpected"
        );
        // Read as if each record ended in a line break: the same records (none ends in one).
        let o = fakeplate(&args[..args.len() - 2]);
        assert_eq!(o.status.code(), Some(0), "{}", explain(&o));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    #[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
    fn a_missing_stream_is_an_error_naming_it() {
        let _peer = support::peer_or_skip!();
        let from = format!("kinesis://{}", unique("absent"));
        let o = verify(&from, "5", "10", &[]);
        assert_eq!(o.status.code(), Some(1), "{}", explain(&o));
        let err = text(&o.stderr);
        assert!(err.contains(&format!("error: {from}: ")), "{err}");
        assert!(err.contains("ResourceNotFoundException"), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[cfg(feature = "kafka")]
mod kafka {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    use support::brokers_or_skip;

    /// Creates a fresh topic with tansu's command line, from the venv `ci/kafka.sh` installed.
    fn create_topic(brokers: &str, partitions: u32) -> String {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/kafka.sh");
        let o = Command::new("bash")
            .arg(script)
            .arg("tansu")
            .output()
            .unwrap();
        assert!(o.status.success(), "ci/kafka.sh tansu: {}", explain(&o));
        let tansu = text(&o.stdout).trim().to_owned();
        let name = unique("kafka");
        let first = brokers.split(',').next().unwrap();
        let o = Command::new(tansu)
            .args(["topic", "create", &name, "--broker"])
            .arg(format!("tcp://{first}"))
            .args(["--partitions", &partitions.to_string()])
            .output()
            .unwrap();
        assert!(o.status.success(), "creating {name}: {}", explain(&o));
        name
    }

    fn stream(brokers: &str, topic: &str, seed: &str, count: &str) {
        let to = format!("kafka://{brokers}/{topic}");
        let o = fakeplate(&[
            "stream",
            SAKILA,
            "--to",
            &to,
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            count,
            "--seed",
            seed,
            "--key",
            "{{random.number(50)}}",
        ]);
        assert!(o.status.success(), "{}", explain(&o));
    }

    #[test]
    #[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
    fn a_kafka_topic_verifies_and_added_records_are_counted_exactly() {
        let brokers = brokers_or_skip!();
        let topic = create_topic(&brokers, 3);
        stream(&brokers, &topic, "6", "2000");
        let from = format!("kafka://{brokers}/{topic}");
        let o = verify(&from, "6", "2000", &["--require-order"]);
        assert_eq!(o.status.code(), Some(0), "{}", explain(&o));
        assert!(
            text(&o.stdout).contains(&format!("read 2000 records from 3 partitions in {from}")),
            "{}",
            explain(&o)
        );
        assert_eq!(
            last_line(&o),
            "verify: 2000 expected, 2000 found, 0 missing, 0 duplicated, 0 unexpected"
        );

        // Record 0 again, after later records of its partition, and four records of another
        // seed.
        stream(&brokers, &topic, "6", "1");
        stream(&brokers, &topic, "99", "4");
        let o = verify(&from, "6", "2001", &[]);
        assert_eq!(o.status.code(), Some(1), "{}", explain(&o));
        let report = text(&o.stdout);
        assert!(
            report.contains("read 2005 records from 3 partitions"),
            "{report}"
        );
        assert!(
            report.contains("missing: 1 record, first 2000\n"),
            "{report}"
        );
        assert!(
            report.contains("duplicated: 1 extra copy, first 0 (2 copies)"),
            "{report}"
        );
        assert!(
            report.contains("out of order: 1 record within their partition"),
            "{report}"
        );
        assert!(report.contains("partition "), "{report}");
        assert_eq!(
            last_line(&o),
            "verify: 2001 expected, 2000 found, 1 missing, 1 duplicated, 4 unexpected"
        );
        let o = verify(
            &from,
            "6",
            "2000",
            &["--allow-duplicates", "--require-order"],
        );
        assert_eq!(o.status.code(), Some(1));
        // The other seed's run verifies on its own: duplicates allowed, its records are there.
        let o = verify(&from, "99", "4", &[]);
        assert_eq!(
            last_line(&o),
            "verify: 4 expected, 4 found, 0 missing, 0 duplicated, 2001 unexpected"
        );
    }

    #[test]
    #[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
    fn a_missing_topic_and_bad_options_are_clear_errors() {
        let brokers = brokers_or_skip!();
        let from = format!("kafka://{brokers}/{}", unique("absent"));
        let o = verify(&from, "6", "10", &[]);
        assert_eq!(o.status.code(), Some(1), "{}", explain(&o));
        let err = text(&o.stderr);
        assert!(err.contains(&format!("error: {from}: ")), "{err}");
        assert!(err.contains("topic"), "{err}");
        let o = verify(&from, "6", "10", &["--kafka-option", "no-equals-sign"]);
        assert_eq!(o.status.code(), Some(2), "{}", explain(&o));
    }
}
