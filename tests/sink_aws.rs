//! `fakeplate stream --to kinesis://… | firehose://…` against a real AWS API peer (moto's
//! server, which `.ci/run` or `tests/support/peers.rs` starts) and against
//! a small fault-injecting Kinesis endpoint on loopback, for the partial failures and
//! throttling moto cannot produce on demand. Never contacts anything but loopback.
#![cfg(all(
    feature = "cli",
    feature = "kinesis",
    feature = "firehose",
    feature = "s3"
))]

mod support;

use support::text;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");

fn fakeplate(args: &[&str], endpoint: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fakeplate"));
    command.args(args);
    if let Some(endpoint) = endpoint {
        command
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1");
    }
    command.output().expect("the binary runs")
}

/// The records `render` prints for the seed and count, one string each (newline included),
/// stamped at the rate the tests stream at on the virtual clock (100,000 a second).
fn rendered(seed: &str, count: &str) -> Vec<String> {
    rendered_at("100000", seed, count)
}

/// As [`rendered`], at another rate.
fn rendered_at(rate: &str, seed: &str, count: &str) -> Vec<String> {
    let o = fakeplate(
        &[
            "render", SAKILA, "--rate", rate, "--seed", seed, "--count", count,
        ],
        None,
    );
    assert!(o.status.success());
    text(&o.stdout)
        .split_inclusive('\n')
        .map(str::to_owned)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn unique(what: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "fakeplate-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await
}

/// Every record in every shard of `stream`: (shard, partition key, data), in shard order.
async fn read_kinesis(
    client: &aws_sdk_kinesis::Client,
    stream: &str,
) -> Vec<(String, String, String)> {
    let shards = client
        .list_shards()
        .stream_name(stream)
        .send()
        .await
        .unwrap();
    let mut out = Vec::new();
    for shard in shards.shards() {
        let mut iterator = client
            .get_shard_iterator()
            .stream_name(stream)
            .shard_id(shard.shard_id())
            .shard_iterator_type(aws_sdk_kinesis::types::ShardIteratorType::TrimHorizon)
            .send()
            .await
            .unwrap()
            .shard_iterator()
            .map(str::to_owned);
        while let Some(it) = iterator {
            let page = client
                .get_records()
                .shard_iterator(it)
                .send()
                .await
                .unwrap();
            if page.records().is_empty() {
                break;
            }
            for r in page.records() {
                out.push((
                    shard.shard_id().to_owned(),
                    r.partition_key().to_owned(),
                    text(r.data().as_ref()),
                ));
            }
            iterator = page.next_shard_iterator().map(str::to_owned);
        }
    }
    out
}

/// Language v2: a partition key template may name the record's values, so a key is a field.
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn kinesis_partition_keys_can_be_fields_of_the_record() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    let rt = runtime();
    let config = rt.block_on(sdk_config());
    let client = aws_sdk_kinesis::Client::new(&config);
    let stream = unique("kinesis-v2-key");
    rt.block_on(
        client
            .create_stream()
            .stream_name(&stream)
            .shard_count(1)
            .send(),
    )
    .unwrap();
    let template = std::env::temp_dir().join(format!("{}.tmpl", unique("v2-key")));
    std::fs::write(
        &template,
        r#"{{ set customer = random.number({"min": 1, "max": 50}) }}{"customer": {{ customer }}, "n": {{ record.index }}}"#,
    )
    .unwrap();
    let o = fakeplate(
        &[
            "stream",
            template.to_str().unwrap(),
            "--to",
            &format!("kinesis://{stream}"),
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "300",
            "--partition-key",
            "c-{{ customer }}",
            "--concurrency",
            "1",
        ],
        Some(&endpoint),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = rt.block_on(read_kinesis(&client, &stream));
    assert_eq!(got.len(), 300);
    for (_, key, data) in &got {
        let record: serde_json::Value = serde_json::from_str(data.trim_end()).unwrap();
        assert_eq!(key, &format!("c-{}", record["customer"]), "{data}");
    }
    let keys: std::collections::BTreeSet<_> = got.iter().map(|(_, k, _)| k).collect();
    assert!(keys.len() > 20, "{} distinct keys", keys.len());
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn kinesis_gets_every_record_once_and_keeps_each_keys_order() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    let rt = runtime();
    let config = rt.block_on(sdk_config());
    let client = aws_sdk_kinesis::Client::new(&config);
    let stream = unique("kinesis");
    rt.block_on(
        client
            .create_stream()
            .stream_name(&stream)
            .shard_count(2)
            .send(),
    )
    .unwrap();

    // With a key template: the records are those of `render` whatever the keys.
    let send_to = |stream: &str| {
        fakeplate(
            &[
                "stream",
                SAKILA,
                "--to",
                &format!("kinesis://{stream}"),
                "--clock",
                "virtual",
                "--rate",
                "100000",
                "--count",
                "1500",
                "--seed",
                "4",
                "--partition-key",
                "{{random.number(7)}}",
                // moto numbers a shard's records as `max + 1` without a lock, so concurrent
                // PutRecords calls into one shard overwrite each other there (real Kinesis
                // does not); the fault-injecting endpoint below tests concurrent batches.
                "--concurrency",
                "1",
            ],
            Some(&endpoint),
        )
    };
    let o = send_to(&stream);
    let summary = text(&o.stderr);
    assert!(o.status.success(), "{summary}");
    assert!(
        summary.contains(&format!(
            "sent 1500 records, {} bytes to kinesis://{stream}",
            rendered("4", "1500").concat().len()
        )),
        "{summary}"
    );
    assert!(summary.contains("retried 0, failed 0"), "{summary}");
    let got = rt.block_on(read_kinesis(&client, &stream));
    let want = rendered("4", "1500");
    assert_eq!(
        sorted(got.iter().map(|(_, _, d)| d.clone()).collect()),
        sorted(want.clone()),
        "nothing lost, nothing duplicated"
    );
    // Both shards are used, and the records of each key are in the order they were rendered.
    let shards: std::collections::BTreeSet<_> = got.iter().map(|(s, _, _)| s.clone()).collect();
    assert_eq!(shards.len(), 2);
    let position: HashMap<&str, usize> = want
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (_, key, data) in &got {
        assert!(key.parse::<u32>().is_ok_and(|k| k <= 7), "{key}");
        by_key.entry(key).or_default().push(position[data.as_str()]);
    }
    for (key, positions) in by_key {
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "key {key}");
    }

    // The same seed and key template again: the same keys for the same records.
    let again = unique("kinesis-again");
    rt.block_on(
        client
            .create_stream()
            .stream_name(&again)
            .shard_count(1)
            .send(),
    )
    .unwrap();
    let o = send_to(&again);
    assert!(o.status.success());
    let keys = |records: &[(String, String, String)]| -> BTreeMap<String, String> {
        records
            .iter()
            .map(|(_, k, d)| (d.clone(), k.clone()))
            .collect()
    };
    let (first, second) = (
        keys(&got),
        keys(&rt.block_on(read_kinesis(&client, &again))),
    );
    let differing = first
        .iter()
        .filter(|(d, k)| second.get(*d) != Some(*k))
        .count();
    assert_eq!(
        (first.len(), second.len(), differing),
        (1500, 1500, 0),
        "records, and records whose key differs between the runs"
    );
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn firehose_gets_every_record_once() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    let bucket = support::create_bucket(&peer, "firehose");
    let rt = runtime();
    let config = rt.block_on(sdk_config());
    let client = aws_sdk_firehose::Client::new(&config);
    let name = unique("delivery");
    let destination = aws_sdk_firehose::types::ExtendedS3DestinationConfiguration::builder()
        .role_arn("arn:aws:iam::123456789012:role/firehose-role")
        .bucket_arn(format!("arn:aws:s3:::{bucket}"))
        .prefix("streaming/")
        .build()
        .unwrap();
    rt.block_on(
        client
            .create_delivery_stream()
            .delivery_stream_name(&name)
            .delivery_stream_type(aws_sdk_firehose::types::DeliveryStreamType::DirectPut)
            .extended_s3_destination_configuration(destination)
            .send(),
    )
    .unwrap();
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            &format!("firehose://{name}"),
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "1200",
            "--seed",
            "8",
        ],
        Some(&endpoint),
    );
    let summary = text(&o.stderr);
    assert!(o.status.success(), "{summary}");
    // 1,200 records in batches of at most 500: at least three calls.
    assert!(summary.contains("sent 1200 records"), "{summary}");
    // moto writes one object per call, records concatenated as sent.
    let s3 = fakeplate::delivery::S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    let keys = s3.list("").unwrap();
    assert!(keys.len() >= 3, "{keys:?}");
    let got: Vec<String> = keys
        .iter()
        .flat_map(|k| {
            text(&s3.get(k).unwrap())
                .split_inclusive('\n')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(sorted(got), sorted(rendered("8", "1200")));
}

/// Creates a DirectPut delivery stream into a new bucket under `streaming/`; returns its name
/// and the bucket.
fn delivery_stream(peer: &str, what: &str) -> (String, String) {
    let bucket = support::create_bucket(peer, what);
    let rt = runtime();
    let config = rt.block_on(sdk_config());
    let client = aws_sdk_firehose::Client::new(&config);
    let name = unique("delivery");
    let destination = aws_sdk_firehose::types::ExtendedS3DestinationConfiguration::builder()
        .role_arn("arn:aws:iam::123456789012:role/firehose-role")
        .bucket_arn(format!("arn:aws:s3:::{bucket}"))
        .prefix("streaming/")
        .build()
        .unwrap();
    rt.block_on(
        client
            .create_delivery_stream()
            .delivery_stream_name(&name)
            .delivery_stream_type(aws_sdk_firehose::types::DeliveryStreamType::DirectPut)
            .extended_s3_destination_configuration(destination)
            .send(),
    )
    .unwrap();
    (name, bucket)
}

/// `--compress gzip`: each record one gzip member, as KDG sends them, so that each object
/// Firehose writes is a multi-member gzip stream that decompresses whole to the records.
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn gzip_records_through_firehose_decompress_to_the_rendered_records() {
    use std::io::Read as _;
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    let (name, bucket) = delivery_stream(&peer, "gzip");
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            &format!("firehose://{name}"),
            "--compress",
            "gzip",
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "1200",
            "--seed",
            "11",
        ],
        Some(&endpoint),
    );
    let summary = text(&o.stderr);
    assert!(o.status.success(), "{summary}");
    assert!(summary.contains("sent 1200 records"), "{summary}");
    let s3 = fakeplate::delivery::S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    let keys = s3.list("").unwrap();
    assert!(keys.len() >= 3, "{keys:?}");
    let mut got = Vec::new();
    for key in &keys {
        let body = s3.get(key).unwrap();
        assert_eq!(&body[..2], &[0x1f, 0x8b], "{key}");
        let mut plain = String::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_string(&mut plain)
            .unwrap();
        got.extend(plain.split_inclusive('\n').map(str::to_owned));
    }
    assert_eq!(got.len(), 1200);
    assert_eq!(sorted(got), sorted(rendered("11", "1200")));
    // verify reads the gzipped objects as they are.
    let v = fakeplate(
        &[
            "verify",
            SAKILA,
            "--from",
            &format!("s3://{bucket}"),
            "--count",
            "1200",
            "--seed",
            "11",
            "--rate",
            "100000",
        ],
        Some(&endpoint),
    );
    assert!(v.status.success(), "{}{}", text(&v.stdout), text(&v.stderr));
    assert!(
        text(&v.stdout).contains("1200 found, 0 missing"),
        "{}",
        text(&v.stdout)
    );
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn a_missing_stream_is_an_error_before_any_record() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    for to in ["kinesis://no-such-stream", "firehose://no-such-stream"] {
        let o = fakeplate(
            &["stream", SAKILA, "--to", to, "--count", "5"],
            Some(&endpoint),
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{to}: {err}");
        assert!(err.contains(to), "{err}");
        assert!(err.contains("ResourceNotFoundException"), "{err}");
        assert!(err.contains("no record was sent"), "{err}");
    }
}

#[test]
fn an_unreachable_endpoint_is_an_error_naming_the_stream() {
    // A loopback port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = fakeplate(
        &["stream", SAKILA, "--to", "kinesis://events", "--count", "5"],
        Some(&format!("http://127.0.0.1:{port}")),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("kinesis://events"), "{err}");
    assert!(err.contains("could not reach the endpoint"), "{err}");
}

/// What the fault-injecting endpoint does with a record: by a hash of its bytes, so the same
/// record meets the same fate in every attempt.
fn fate(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) % 100
}

const THROTTLED_ONCE: std::ops::Range<u64> = 0..30;
const ALWAYS_FAILING: std::ops::Range<u64> = 30..36;
const REFUSED: std::ops::Range<u64> = 36..40;

#[derive(Default)]
struct Seen {
    /// Records the endpoint took, in the order it took them.
    accepted: Vec<Vec<u8>>,
    /// Attempts per record.
    attempts: HashMap<Vec<u8>, u32>,
    put_calls: u32,
}

/// A Kinesis and Firehose endpoint (JSON 1.1 over HTTP/1.1 on loopback) that answers the
/// describe calls, fails the first put call as a whole with a 500, and then fails entries by
/// [`fate`]: throttled on the first attempt, failing with a transient error on
/// every attempt, or refused with an error that is not worth retrying.
fn fault_injecting_endpoint() -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let state = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { return };
            let state = state.clone();
            std::thread::spawn(move || serve(conn, &state));
        }
    });
    (endpoint, seen)
}

fn serve(conn: TcpStream, seen: &Mutex<Seen>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut out = conn;
    while let Some((target, body)) = read_request(&mut reader) {
        let (status, response) = answer(&target, &body, seen);
        if !write_response(&mut out, status, &response) {
            return;
        }
    }
}

/// The `X-Amz-Target` and the body of the next request on a connection; `None` once it closes.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, Vec<u8>)> {
    let (mut target, mut length, mut line) = (String::new(), 0usize, String::new());
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return None;
    }
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap(),
            "x-amz-target" => target = value.trim().to_owned(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((target, body))
}

/// Writes an AWS JSON response; false when the client has gone.
fn write_response(out: &mut TcpStream, status: &str, response: &str) -> bool {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n",
        response.len()
    );
    out.write_all(head.as_bytes())
        .and_then(|()| out.write_all(response.as_bytes()))
        .is_ok()
}

fn answer(target: &str, body: &[u8], seen: &Mutex<Seen>) -> (&'static str, String) {
    let request: serde_json::Value = serde_json::from_slice(body).unwrap();
    match target {
        "Kinesis_20131202.DescribeStreamSummary" => (
            "200 OK",
            serde_json::json!({"StreamDescriptionSummary": {
                "StreamName": request["StreamName"], "StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/events",
                "StreamStatus": "ACTIVE", "RetentionPeriodHours": 24, "StreamCreationTimestamp": 1.7e9,
                "EnhancedMonitoring": [], "OpenShardCount": 1}})
            .to_string(),
        ),
        "Firehose_20150804.DescribeDeliveryStream" => (
            "200 OK",
            serde_json::json!({"DeliveryStreamDescription": {
                "DeliveryStreamName": request["DeliveryStreamName"],
                "DeliveryStreamARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/events",
                "DeliveryStreamStatus": "ACTIVE", "DeliveryStreamType": "DirectPut", "VersionId": "1",
                "Destinations": [], "HasMoreDestinations": false}})
            .to_string(),
        ),
        "Kinesis_20131202.PutRecords" | "Firehose_20150804.PutRecordBatch" => {
            let kinesis = target.starts_with("Kinesis");
            let mut seen = seen.lock().unwrap();
            seen.put_calls += 1;
            if seen.put_calls == 1 {
                return (
                    "500 Internal Server Error",
                    r#"{"__type":"ServiceUnavailableException","message":"try again"}"#.into(),
                );
            }
            let mut results = Vec::new();
            let mut failed = 0;
            for entry in request["Records"].as_array().unwrap() {
                let data = base64_decode(entry["Data"].as_str().unwrap());
                let attempt = {
                    let n = seen.attempts.entry(data.clone()).or_default();
                    *n += 1;
                    *n
                };
                let f = fate(&data);
                let error = if THROTTLED_ONCE.contains(&f) && attempt == 1 {
                    Some(if kinesis {
                        ("ProvisionedThroughputExceededException", "Rate exceeded for shard")
                    } else {
                        ("ServiceUnavailableException", "Slow down.")
                    })
                } else if ALWAYS_FAILING.contains(&f) {
                    Some(("InternalFailure", "Internal service failure."))
                } else if REFUSED.contains(&f) {
                    Some(("KMSAccessDeniedException", "no access to the key"))
                } else {
                    None
                };
                match error {
                    Some((code, message)) => {
                        failed += 1;
                        results.push(serde_json::json!({"ErrorCode": code, "ErrorMessage": message}));
                    }
                    None => {
                        seen.accepted.push(data);
                        let id = seen.accepted.len().to_string();
                        results.push(if kinesis {
                            serde_json::json!({"SequenceNumber": id, "ShardId": "shardId-000000000000"})
                        } else {
                            serde_json::json!({"RecordId": id})
                        });
                    }
                }
            }
            let response = if kinesis {
                serde_json::json!({"FailedRecordCount": failed, "Records": results})
            } else {
                serde_json::json!({"FailedPutCount": failed, "Encrypted": false, "RequestResponses": results})
            };
            ("200 OK", response.to_string())
        }
        other => ("400 Bad Request", format!(r#"{{"__type":"UnknownOperation","message":"{other}"}}"#)),
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
            let bytes = n.to_be_bytes();
            bytes[1..chunk.len()].to_vec()
        })
        .collect()
}

#[test]
fn partial_failures_are_retried_once_each_and_the_rest_go_to_the_dead_letter_file() {
    for to in ["kinesis://events", "firehose://events"] {
        partial_failures(to);
    }
}

fn partial_failures(to: &str) {
    let (endpoint, seen) = fault_injecting_endpoint();
    let dead = std::env::temp_dir().join(format!("{}.jsonl", unique("dead-letter")));
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            to,
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "1200",
            "--seed",
            "2",
            "--max-retries",
            "3",
            "--dead-letter",
            dead.to_str().unwrap(),
        ],
        Some(&endpoint),
    );
    let summary = text(&o.stderr);
    let records = rendered("2", "1200");
    let always: Vec<&String> = records
        .iter()
        .filter(|r| ALWAYS_FAILING.contains(&fate(r.as_bytes())))
        .collect();
    let refused: Vec<&String> = records
        .iter()
        .filter(|r| REFUSED.contains(&fate(r.as_bytes())))
        .collect();
    assert!(!always.is_empty() && !refused.is_empty());
    let failed = always.len() + refused.len();
    // Records were given up on: the run says so and fails.
    assert_eq!(o.status.code(), Some(1), "{summary}");
    assert!(
        summary.contains(&format!("sent {} records", 1200 - failed)),
        "{summary}"
    );
    assert!(summary.contains(&format!("failed {failed}")), "{summary}");

    // Every other record arrived exactly once, however often it was throttled.
    let seen = seen.lock().unwrap();
    let mut accepted: Vec<String> = seen.accepted.iter().map(|d| text(d)).collect();
    accepted.sort();
    let mut want: Vec<String> = records
        .iter()
        .filter(|r| {
            !ALWAYS_FAILING.contains(&fate(r.as_bytes())) && !REFUSED.contains(&fate(r.as_bytes()))
        })
        .cloned()
        .collect();
    want.sort();
    assert_eq!(accepted, want);
    // As the endpoint saw them: throttled records twice, always failing ones once per call the
    // retry budget allows (1 + 3 retries, one fewer in the batch whose first call failed as a
    // whole), refused ones once.
    for r in &records {
        let attempts = seen.attempts[r.as_bytes()];
        let f = fate(r.as_bytes());
        let range = if THROTTLED_ONCE.contains(&f) {
            2..=2
        } else if ALWAYS_FAILING.contains(&f) {
            3..=4
        } else {
            1..=1
        };
        assert!(range.contains(&attempts), "{attempts} attempts, fate {f}");
    }
    assert!(summary.contains("retried "), "{summary}");

    // The dead-letter file holds exactly the records given up on, with why.
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&dead)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), failed);
    let by_data: HashMap<&str, &serde_json::Value> = lines
        .iter()
        .map(|l| (l["data"].as_str().unwrap(), l))
        .collect();
    for r in &always {
        let l = by_data[r.as_str()];
        assert_eq!(l["error_code"], "InternalFailure");
        // Kinesis records carry their partition key (a random number by default).
        if to.starts_with("kinesis") {
            assert!(l["key"].as_str().is_some_and(|k| k.parse::<u64>().is_ok()));
        } else {
            assert!(l["key"].is_null());
        }
        assert!(
            l["index"]
                .as_u64()
                .is_some_and(|i| records[i as usize] == **r)
        );
    }
    for r in &refused {
        assert_eq!(
            by_data[r.as_str()]["error_code"],
            "KMSAccessDeniedException"
        );
    }
    std::fs::remove_file(&dead).unwrap();
}

#[cfg(unix)]
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn sigterm_sends_what_was_taken_and_reports_it() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://{peer}");
    let rt = runtime();
    let config = rt.block_on(sdk_config());
    let client = aws_sdk_kinesis::Client::new(&config);
    let stream = unique("kinesis-term");
    rt.block_on(
        client
            .create_stream()
            .stream_name(&stream)
            .shard_count(1)
            .send(),
    )
    .unwrap();
    // 50 records a second wait in a batch for up to a second: a signal must not lose them.
    let child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "stream",
            SAKILA,
            "--to",
            &format!("kinesis://{stream}"),
            "--clock",
            "virtual",
            "--rate",
            "50",
        ])
        .env("AWS_ENDPOINT_URL", &endpoint)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    let summary = text(&o.stderr);
    assert_eq!(o.status.code(), Some(143), "{summary}");
    assert!(summary.contains("(interrupted)"), "{summary}");
    let n: usize = summary
        .strip_prefix("sent ")
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(n > 0, "{summary}");
    let got: Vec<String> = rt
        .block_on(read_kinesis(&client, &stream))
        .into_iter()
        .map(|(_, _, d)| d)
        .collect();
    // One shard keeps the order: the first n records of the seed, each once.
    assert_eq!(got, rendered_at("50", "0", &n.to_string()));
}

#[test]
fn records_the_api_would_refuse_go_to_the_dead_letter_file_unsent() {
    let (endpoint, seen) = fault_injecting_endpoint();
    let dead = std::env::temp_dir().join(format!("{}.jsonl", unique("refused")));
    // Partition keys of 300 characters: Kinesis takes 1 to 256.
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            "kinesis://events",
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "10",
            "--partition-key",
            "{{random.alphaNumeric(300)}}",
            "--dead-letter",
            dead.to_str().unwrap(),
        ],
        Some(&endpoint),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("sent 0 records") && err.contains("failed 10"),
        "{err}"
    );
    assert!(
        err.contains("10 records were not delivered; they are in"),
        "{err}"
    );
    assert_eq!(seen.lock().unwrap().put_calls, 0, "nothing is sent");
    let lines = std::fs::read_to_string(&dead).unwrap();
    assert_eq!(lines.lines().count(), 10);
    assert!(
        lines
            .lines()
            .all(|l| l.contains("\"error_code\":\"InvalidPartitionKey\""))
    );
    std::fs::remove_file(&dead).unwrap();
}

/// What a [`stand_in`] endpoint does with a put call: answer with a status and a body, or
/// never answer (the client's timeout then decides).
type Put = fn(&serde_json::Value) -> Option<(&'static str, String)>;

/// A Kinesis endpoint on loopback that answers `DescribeStreamSummary` as
/// [`fault_injecting_endpoint`] does and each `PutRecords` as `put` says, keeping the records
/// of every put call it received (answered or not).
fn stand_in(put: Put) -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let state = received.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { return };
            let state = state.clone();
            std::thread::spawn(move || serve_stand_in(conn, put, &state));
        }
    });
    (endpoint, received)
}

fn serve_stand_in(conn: TcpStream, put: Put, received: &Mutex<Vec<Vec<u8>>>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut out = conn;
    while let Some((target, body)) = read_request(&mut reader) {
        let answer = if target == "Kinesis_20131202.PutRecords" {
            let request: serde_json::Value = serde_json::from_slice(&body).unwrap();
            for entry in request["Records"].as_array().unwrap() {
                let data = base64_decode(entry["Data"].as_str().unwrap());
                received.lock().unwrap().push(data);
            }
            put(&request)
        } else {
            Some(answer(&target, &body, &Mutex::new(Seen::default())))
        };
        let Some((status, response)) = answer else {
            // Taken, never answered: hold the connection until the client gives up on it.
            let _ = reader.read(&mut [0; 1]);
            return;
        };
        if !write_response(&mut out, status, &response) {
            return;
        }
    }
}

#[test]
fn a_call_that_timed_out_after_it_was_sent_counts_its_records_as_unknown() {
    // The stand-in takes every put call and never answers: the records may well have landed
    // (here they did), so they are neither sent nor failed.
    let (endpoint, received) = stand_in(|_| None);
    let dead = std::env::temp_dir().join(format!("{}.jsonl", unique("dead-unknown")));
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            "kinesis://events",
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "5",
            "--max-retries",
            "1",
            "--request-timeout",
            "1s",
            "--dead-letter",
            dead.to_str().unwrap(),
        ],
        Some(&endpoint),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("sent 0 records"), "{err}");
    assert!(err.contains("failed 0, unknown 5"), "{err}");
    assert!(
        err.contains("5 records may or may not have landed"),
        "{err}"
    );
    assert!(err.contains("check with verify"), "{err}");
    // Sent twice (one retry), each time received whole.
    let records = rendered("0", "5");
    let got = received.lock().unwrap().iter().map(|d| text(d)).collect();
    let mut twice = [records.clone(), records.clone()].concat();
    twice.sort();
    assert_eq!(sorted(got), twice);
    // Each is in the dead-letter file, marked unknown.
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&dead)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["outcome"], "unknown", "{l}");
        assert_eq!(l["error_code"], "Timeout", "{l}");
        assert_eq!(l["attempts"], 2, "{l}");
        assert_eq!(l["data"].as_str(), Some(records[i].as_str()), "{l}");
    }
    std::fs::remove_file(&dead).unwrap();
}

#[test]
fn a_stream_stopped_by_a_fatal_error_counts_the_records_it_never_took() {
    // Every put call fails for good (the stream went away): the first batch (500 records, full
    // and sent as the 500th is taken, one call in flight at a time) fails, and the run stops.
    let (endpoint, _) = stand_in(|_| {
        Some((
            "400 Bad Request",
            r#"{"__type":"ResourceNotFoundException","message":"Stream events not found"}"#.into(),
        ))
    });
    let o = fakeplate(
        &[
            "stream",
            SAKILA,
            "--to",
            "kinesis://events",
            "--clock",
            "virtual",
            "--rate",
            "100000",
            "--count",
            "2000",
            "--concurrency",
            "1",
        ],
        Some(&endpoint),
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("ResourceNotFoundException"), "{err}");
    // The 500 records of the failed call are failed; the other 1,500 were never taken.
    assert!(err.contains("sent 0 records"), "{err}");
    assert!(err.contains("failed 500, unknown 0"), "{err}");
    assert!(
        err.contains("not sent: 1500 records of the run, never taken"),
        "{err}"
    );
}

#[test]
fn an_endpoints_password_is_printed_nowhere() {
    // An S3 and a Kinesis endpoint that refuse connections: the S3 error quotes the URL of the
    // request, which object_store builds from the endpoint, user info included.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://USER:SECRET@127.0.0.1:{port}");
    for args in [
        &["deliver", SAKILA, "--to", "s3://bucket", "--count", "5"][..],
        &["stream", SAKILA, "--to", "kinesis://events", "--count", "5"][..],
    ] {
        let o = fakeplate(args, Some(&endpoint));
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            !out.contains("SECRET") && !err.contains("SECRET"),
            "{args:?}: {out}{err}"
        );
    }
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn a_moto_endpoints_password_is_printed_nowhere() {
    let peer = support::peer_or_skip!();
    let endpoint = format!("http://USER:SECRET@{peer}");
    for args in [
        &[
            "deliver",
            SAKILA,
            "--to",
            "s3://no-such-bucket",
            "--count",
            "5",
        ][..],
        &[
            "stream",
            SAKILA,
            "--to",
            "kinesis://no-such-stream",
            "--count",
            "5",
        ][..],
        &[
            "stream",
            SAKILA,
            "--to",
            "firehose://no-such-stream",
            "--count",
            "5",
        ][..],
        &[
            "verify",
            SAKILA,
            "--from",
            "s3://no-such-bucket",
            "--count",
            "5",
        ][..],
    ] {
        let o = fakeplate(args, Some(&endpoint));
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert_ne!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !out.contains("SECRET") && !err.contains("SECRET"),
            "{args:?}: {out}{err}"
        );
        if args[0] == "deliver" {
            // The URL is still there, without its password.
            assert!(err.contains("USER:***@"), "{err}");
        }
    }
}
