//! Delivery into S3 through `object_store`, against a local S3 peer (moto's server; `.ci/run`
//! starts one). Needs the `s3` feature; uses `AWS_ENDPOINT_URL` on a loopback address, else
//! starts moto itself (`tests/support/peers.rs`).
//! Never contacts anything but the loopback address it is given.
#![cfg(feature = "s3")]

mod support;

use std::path::PathBuf;
use std::time::Duration;
use support::fakeplate;

use fakeplate::delivery::{Config, Delivery, S3Store, Store, arrival_ms};
use fakeplate::{Clock, Options, Template};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
const PREFIX: &str = "streaming/!{timestamp:yyyy/MM/}";
const ERROR_PREFIX: &str = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/}";

fn sakila(clock: Clock) -> Template {
    let source = std::fs::read_to_string(SAKILA).unwrap();
    Template::compile_with(&source, &Options::new().clock(clock)).unwrap()
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn objects_in_s3_in_key_order_are_the_rendered_records() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "library");
    let clock = Clock::Virtual {
        start_ms: 1_767_225_600_000,
        step_ms: 100,
    };
    let template = sakila(clock);
    let config = Config::new("etl3-delivery")
        .prefix(PREFIX)
        .error_prefix(ERROR_PREFIX)
        .validate_json(true)
        .buffering(16 << 10, Duration::from_secs(60));
    let mut delivery = Delivery::new(
        config,
        S3Store::from_url(&format!("s3://{bucket}")).unwrap(),
    )
    .unwrap();
    let mut records = template.generator(3);
    let mut buf = String::new();
    for i in 0..2000 {
        buf.clear();
        records.next_into(&mut buf);
        buf.push('\n');
        delivery.push(buf.as_bytes(), arrival_ms(clock, i)).unwrap();
    }
    // One record that is not JSON, under the error prefix.
    delivery
        .push(b"not json\n", arrival_ms(clock, 2000))
        .unwrap();
    delivery.flush().unwrap();
    let summary = delivery.summary();
    assert_eq!(
        (
            summary.records,
            summary.failed_records,
            summary.error_objects
        ),
        (2000, 1, 1)
    );
    let delivered: Vec<String> = delivery
        .take_delivered()
        .into_iter()
        .map(|o| o.key)
        .collect();

    let s3 = delivery.into_store();
    let keys = s3.list("").unwrap();
    assert_eq!(keys.len() as u64, summary.objects + 1);
    let mut sorted = delivered.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "S3 holds exactly the keys delivered");
    let (failed, data): (Vec<&String>, Vec<&String>) = keys.iter().partition(|k| {
        k.starts_with("format-conversion-failed/2026/01/etl3-delivery-1-2026-01-01-00-03-20-")
    });
    assert_eq!(failed.len(), 1, "{keys:?}");
    assert!(
        data.iter()
            .all(|k| k.starts_with("streaming/2026/01/etl3-delivery-1-2026-01-01-"))
    );
    let all: Vec<u8> = data.iter().flat_map(|k| s3.get(k).unwrap()).collect();
    let mut want = String::new();
    template.render_range(3, 0..2000, 1, "\n", &mut want);
    assert_eq!(String::from_utf8(all).unwrap(), want);
    let doc: serde_json::Value = serde_json::from_slice(&s3.get(failed[0]).unwrap()).unwrap();
    assert_eq!(doc["rawData"], "bm90IGpzb24K");
    assert_eq!(s3.list("streaming/").unwrap().len(), data.len());
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn a_root_path_in_the_url_is_prepended_to_every_key() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "root");
    let mut delivery = Delivery::new(
        Config::new("s").prefix("raw/"),
        S3Store::from_url(&format!("s3://{bucket}/team/a")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        delivery.store().location(),
        format!("s3://{bucket}/team/a/")
    );
    delivery.push(b"{}\n", 1_767_225_600_000).unwrap();
    delivery.flush().unwrap();
    let key = delivery.take_delivered().remove(0).key;
    assert!(
        key.starts_with("raw/2026/01/01/00/s-1-2026-01-01-00-00-00-00000000-"),
        "{key}"
    );
    let s3 = delivery.into_store();
    assert_eq!(s3.list("").unwrap(), std::slice::from_ref(&key));
    let whole = S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    assert_eq!(whole.list("").unwrap(), [format!("team/a/{key}")]);
    assert_eq!(whole.get(&format!("team/a/{key}")).unwrap(), b"{}\n");
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn the_command_writes_to_s3_what_it_writes_to_a_directory() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "cli");
    let dir: PathBuf =
        std::env::temp_dir().join(format!("fakeplate-s3-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // The same run id in both, so that the object names are the same too.
    let common = [
        "--seed",
        "9",
        "--run-id",
        "11",
        "--duration",
        "10m",
        "--prefix",
        PREFIX,
        "--error-prefix",
        ERROR_PREFIX,
        "--buffer-size",
        "1MiB",
        "--buffer-interval",
        "60s",
    ];
    let to_s3 = format!("s3://{bucket}");
    let mut args = vec!["deliver", SAKILA, "--to", to_s3.as_str()];
    args.extend(common);
    let o = fakeplate(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut args = vec!["deliver", SAKILA, "--to", dir.to_str().unwrap()];
    args.extend(common);
    let local = fakeplate(&args);
    assert!(local.status.success());
    assert_eq!(o.stdout, local.stdout, "the same keys, in the same order");

    let keys = support::keys(&dir);
    assert_eq!(keys.len(), 10);
    let s3 = S3Store::from_url(&to_s3).unwrap();
    assert_eq!(s3.list("").unwrap(), keys);
    for key in &keys {
        assert_eq!(
            s3.get(key).unwrap(),
            std::fs::read(dir.join(key)).unwrap(),
            "{key}"
        );
    }
    assert!(String::from_utf8_lossy(&o.stderr).contains("delivered 10 objects, 6000 records,"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn a_missing_bucket_is_an_error_that_counts_what_was_not_delivered() {
    let _peer = support::peer_or_skip!();
    let o = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        "s3://fakeplate-no-such-bucket",
        "--count",
        "50",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("to s3://fakeplate-no-such-bucket/"),
        "{stderr}"
    );
    assert!(stderr.contains("not delivered: 50 records"), "{stderr}");
    assert!(
        stderr.contains(
            "error: writing \"2026/01/01/00/etl3-delivery-1-2026-01-01-00-00-00-00000000-"
        ),
        "{stderr}"
    );
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn an_object_already_in_s3_is_never_replaced() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "no-overwrite");
    let mut store = S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    store.put("a/first", b"one\n").unwrap();
    let err = store.put("a/first", b"two\n").unwrap_err().to_string();
    assert!(err.contains("already there"), "{err}");
    assert_eq!(store.get("a/first").unwrap(), b"one\n");

    // The command: a second run with the same run id fails on the first key, keeping what the
    // first run wrote.
    let to = format!("s3://{bucket}/runs");
    let run = |count: &str| {
        fakeplate(&[
            "deliver", SAKILA, "--to", &to, "--count", count, "--run-id", "3",
        ])
    };
    let first = run("600");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let keys = store.list("runs").unwrap();
    let second = run("5");
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(
        err.contains("already there") && err.contains("not delivered: 5 records"),
        "{err}"
    );
    assert_eq!(store.list("runs").unwrap(), keys);
}
