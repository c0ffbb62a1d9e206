//! Delivery like Firehose (feature `delivery`): prefixes and their validation, evaluation
//! across month and year boundaries, buffering by size and by interval, failed records, and
//! the rule that the delivered objects, concatenated in key order, are the rendered records.
#![cfg(feature = "delivery")]

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use fakeplate::delivery::{
    Config, Delivery, DeliveryError, ErrorOutputType, LocalStore, MAX_RECORD_BYTES, Naming,
    Prefixes, Store, arrival_ms,
};
use fakeplate::{Clock, Options, Template};

const SAKILA: &str = include_str!("../templates/sakila.tmpl");
/// 2026-01-01T00:00:00Z.
const JAN_1: i64 = 1_767_225_600_000;
const TUTORIAL_PREFIX: &str = "streaming/!{timestamp:yyyy/MM/}";
const TUTORIAL_ERROR_PREFIX: &str = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/}";

/// A store in memory: key → body, sorted by key as S3 lists them.
#[derive(Default, Debug)]
struct Memory {
    objects: BTreeMap<String, Vec<u8>>,
    /// Fail this many puts before accepting any.
    fail_next: usize,
    puts: usize,
}

impl Store for Memory {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        self.puts += 1;
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(DeliveryError::Store {
                location: "memory".into(),
                key: key.into(),
                message: "injected failure".into(),
            });
        }
        assert!(
            self.objects.insert(key.to_owned(), body.to_vec()).is_none(),
            "{key} written twice"
        );
        Ok(())
    }

    fn location(&self) -> String {
        "memory".into()
    }
}

fn evaluate(prefix: Option<&str>, error_prefix: Option<&str>, at: i64) -> (String, String) {
    let p = Prefixes::new(prefix, error_prefix).unwrap();
    let mut n = 0;
    let mut random = || {
        n += 1;
        format!("random{n:05}")
    };
    (
        p.prefix().evaluate(at, None, &mut random).unwrap(),
        p.error_prefix()
            .evaluate(at, Some(ErrorOutputType::ProcessingFailed), &mut random)
            .unwrap(),
    )
}

fn prefix_error(prefix: Option<&str>, error_prefix: Option<&str>) -> String {
    Prefixes::new(prefix, error_prefix).unwrap_err().to_string()
}

#[test]
fn good_prefixes_and_firehose_defaults() {
    // 2026-03-05T07:08:09Z
    let at = 1_772_694_489_000;
    let cases: &[(Option<&str>, Option<&str>, &str, &str)] = &[
        // No prefix: yyyy/MM/dd/HH/, and errors under the error type.
        (
            None,
            None,
            "2026/03/05/07/",
            "processing-failed/2026/03/05/07/",
        ),
        (
            Some(""),
            Some(""),
            "2026/03/05/07/",
            "processing-failed/2026/03/05/07/",
        ),
        // A literal prefix gets a slash and the default layout; errors go beneath it.
        (
            Some("myFirehosePrefix"),
            None,
            "myFirehosePrefix/2026/03/05/07/",
            "myFirehosePrefix/processing-failed/2026/03/05/07/",
        ),
        (
            Some("raw/"),
            Some("errors"),
            "raw/2026/03/05/07/",
            "errors/processing-failed/2026/03/05/07/",
        ),
        // The tutorial's pair: expressions are used as written, nothing appended.
        (
            Some(TUTORIAL_PREFIX),
            Some(TUTORIAL_ERROR_PREFIX),
            "streaming/2026/03/",
            "processing-failed/2026/03/",
        ),
        // Hive-style partitions with quoted words; every timestamp reads the same instant.
        (
            Some("events/!{timestamp:'year='yyyy}/!{timestamp:'month='MM}/!{timestamp:'day='dd}/"),
            Some("failed/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd'T'HH}/"),
            "events/year=2026/month=03/day=05/",
            "failed/processing-failed/2026-03-05T07/",
        ),
        // A literal prefix with an error prefix that has expressions.
        (
            Some("raw/"),
            Some("!{firehose:error-output-type}/!{timestamp:yyyy}/"),
            "raw/2026/03/05/07/",
            "processing-failed/2026/",
        ),
        // random-string: 11 characters, a new one per occurrence.
        (
            Some("r/!{firehose:random-string}/!{firehose:random-string}/"),
            Some("!{firehose:error-output-type}/!{firehose:random-string}/"),
            "r/random00001/random00002/",
            "processing-failed/random00003/",
        ),
        // Day of year, seconds, a fraction of a second, an escaped quote.
        (
            Some("!{timestamp:yyyy/DDD/HH-mm-ss.SSS}/!{timestamp:''yy''}/"),
            Some("!{firehose:error-output-type}/"),
            "2026/064/07-08-09.000/'26'/",
            "processing-failed/",
        ),
    ];
    for &(prefix, error_prefix, want, want_error) in cases {
        let (got, got_error) = evaluate(prefix, error_prefix, at);
        assert_eq!(
            (got.as_str(), got_error.as_str()),
            (want, want_error),
            "{prefix:?} {error_prefix:?}"
        );
    }
}

#[test]
fn bad_prefixes_have_exact_errors() {
    let e = TUTORIAL_ERROR_PREFIX;
    let cases: &[(Option<&str>, Option<&str>, &str)] = &[
        // Rule 2, in the Firehose API's own words.
        (
            Some("!{timestamp:yyyy/MM/dd}"),
            None,
            "Invalid input: ErrorOutputPrefix can't be null when Prefix contains expressions",
        ),
        (
            Some("x/!{firehose:random-string}/"),
            None,
            "Invalid input: ErrorOutputPrefix can't be null when Prefix contains expressions",
        ),
        // Rule 3.
        (
            Some(TUTORIAL_PREFIX),
            Some("errors/!{timestamp:yyyy}/"),
            "Invalid input: ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions",
        ),
        // Rule 4.
        (
            Some("a/!{firehose:error-output-type}/"),
            Some(e),
            "Prefix \"a/!{firehose:error-output-type}/\", column 3: !{firehose:error-output-type} is allowed only in ErrorOutputPrefix",
        ),
        // Rule 5, and dynamic partitioning in Prefix.
        (
            Some(TUTORIAL_PREFIX),
            Some("!{firehose:error-output-type}/!{partitionKeyFromQuery:id}/"),
            "ErrorOutputPrefix \"!{firehose:error-output-type}/!{partitionKeyFromQuery:id}/\", column 31: !{partitionKeyFromQuery:…} is not allowed in ErrorOutputPrefix",
        ),
        (
            Some("!{partitionKeyFromLambda:id}/"),
            Some(e),
            "Prefix \"!{partitionKeyFromLambda:id}/\", column 1: !{partitionKeyFromLambda:…} needs dynamic partitioning, which fakeplate does not emulate",
        ),
        // Rule 1: `!{` only as the start of an expression.
        (
            Some("streaming/!{timestamp:yyyy/MM/"),
            Some(e),
            "Prefix \"streaming/!{timestamp:yyyy/MM/\", column 11: `!{` starts an expression `!{namespace:value}` but is never closed by `}`",
        ),
        (
            Some("streaming/!{timestamp}/"),
            Some(e),
            "Prefix \"streaming/!{timestamp}/\", column 11: `!{timestamp}` is not an expression: expected `!{namespace:value}`",
        ),
        (
            Some("streaming/!{timestmp:yyyy}/"),
            Some(e),
            "Prefix \"streaming/!{timestmp:yyyy}/\", column 13: unknown namespace `timestmp`: expected `timestamp` or `firehose` (as in !{timestamp:yyyy/MM/} or !{firehose:random-string})",
        ),
        (
            Some("x/!{firehose:random}/"),
            Some(e),
            "Prefix \"x/!{firehose:random}/\", column 14: unknown firehose value `random`: expected `random-string` or `error-output-type`",
        ),
        // Java patterns: the letters people get wrong, with the column of the letter.
        (
            Some("streaming/!{timestamp:YYYY/MM/}"),
            Some(e),
            "Prefix \"streaming/!{timestamp:YYYY/MM/}\", column 23: `Y` is the week-based year in Java patterns, which differs from the calendar year around New Year: use `yyyy`",
        ),
        (
            Some("!{timestamp:yyyy/MMM/}"),
            Some(e),
            "Prefix \"!{timestamp:yyyy/MMM/}\", column 18: `MMM` prints the month's name, which depends on the locale: use `MM`",
        ),
        (
            Some("!{timestamp:yyyy/MM/ddd/}"),
            Some(e),
            "Prefix \"!{timestamp:yyyy/MM/ddd/}\", column 21: too many pattern letters: `ddd`",
        ),
        (
            Some("!{timestamp:yyyy/'week}"),
            Some(e),
            "Prefix \"!{timestamp:yyyy/'week}\", column 18: unterminated quote `'` in the timestamp pattern",
        ),
        (
            Some("!{timestamp:}"),
            Some(e),
            "Prefix \"!{timestamp:}\", column 13: empty timestamp pattern: write one such as `yyyy/MM/dd/`",
        ),
        (
            Some(TUTORIAL_PREFIX),
            Some("!{firehose:error-output-type}/!{timestamp:yyyy[MM]}"),
            "ErrorOutputPrefix \"!{firehose:error-output-type}/!{timestamp:yyyy[MM]}\", column 47: `[` is reserved in Java date patterns: quote it as '['",
        ),
        (
            Some("!{timestamp:hh}/"),
            Some(e),
            "Prefix \"!{timestamp:hh}/\", column 13: `h` (12-hour clocks and AM/PM) is not supported: use `HH`; supported letters: y u M d H m s D S (and quoted 'text')",
        ),
    ];
    for &(prefix, error_prefix, want) in cases {
        assert_eq!(
            prefix_error(prefix, error_prefix),
            want,
            "{prefix:?} {error_prefix:?}"
        );
    }
}

#[test]
fn prefix_lengths_follow_the_api() {
    let long = "a/".repeat(513);
    assert_eq!(
        prefix_error(Some(&long), None),
        format!(
            "Prefix {long:?}, column 1: 1026 characters; the Firehose API accepts at most 1024"
        )
    );
    // Accepted by the API, but it would evaluate past 512 characters.
    let p = format!("{}/", "p".repeat(500));
    assert_eq!(
        prefix_error(Some(&p), None),
        "Invalid input: Prefix can evaluate to 515 characters; Firehose allows at most 512"
    );
    let ok = format!("{}/", "p".repeat(496));
    assert!(Prefixes::new(Some(&ok), Some("e/")).is_ok());
}

#[test]
fn accepted_mistakes_are_warnings() {
    let p = Prefixes::new(
        Some("/streaming/!{timestamp:yyyy/DD}"),
        Some(TUTORIAL_ERROR_PREFIX),
    )
    .unwrap();
    let w = p.warnings().join("\n");
    assert!(w.contains("starts with `/`"), "{w}");
    assert!(
        w.contains("`DD` in !{timestamp:yyyy/DD} is the day of the year"),
        "{w}"
    );
    assert!(w.contains("does not end with `/`"), "{w}");
    assert!(
        Prefixes::new(Some(TUTORIAL_PREFIX), Some(TUTORIAL_ERROR_PREFIX))
            .unwrap()
            .warnings()
            .is_empty()
    );
}

/// Pushes `count` records of `template` (compiled on `clock`) through a delivery into memory.
fn run(
    template: &Template,
    clock: Clock,
    config: Config,
    count: u64,
) -> (fakeplate::delivery::Summary, Memory) {
    let mut delivery = Delivery::new(config, Memory::default()).unwrap();
    let mut records = template.generator(7);
    let mut buf = String::new();
    for i in 0..count {
        buf.clear();
        records.next_into(&mut buf);
        buf.push('\n');
        delivery.push(buf.as_bytes(), arrival_ms(clock, i)).unwrap();
    }
    delivery.flush().unwrap();
    assert_eq!(delivery.pending_records(), 0);
    (delivery.summary(), delivery.into_store())
}

fn sakila(clock: Clock) -> Template {
    Template::compile_with(SAKILA, &Options::new().clock(clock)).unwrap()
}

fn rendered(template: &Template, count: u64) -> String {
    let mut all = String::new();
    template.render_range(7, 0..count, 1, "\n", &mut all);
    all
}

fn concatenated(store: &Memory) -> String {
    // BTreeMap iterates in key order, as S3 lists keys.
    store
        .objects
        .values()
        .map(|b| String::from_utf8(b.clone()).unwrap())
        .collect()
}

#[test]
fn objects_are_named_as_firehose_names_them() {
    let clock = Clock::Virtual {
        start_ms: JAN_1,
        step_ms: 100,
    };
    let config = Config::new("etl3-delivery")
        .prefix(TUTORIAL_PREFIX)
        .error_prefix(TUTORIAL_ERROR_PREFIX)
        .buffering(1 << 20, Duration::from_secs(60));
    let (summary, store) = run(&sakila(clock), clock, config, 1800);
    assert_eq!((summary.objects, summary.records), (3, 1800));
    let keys: Vec<&String> = store.objects.keys().collect();
    for (i, key) in keys.iter().enumerate() {
        let name = key.strip_prefix("streaming/2026/01/").unwrap();
        let (head, uuid) = name.split_at(name.len() - 36);
        assert_eq!(head, format!("etl3-delivery-1-2026-01-01-00-0{i}-00-"));
        assert!(uuid.starts_with(&format!("{i:08x}-")), "{uuid}");
    }
    // Seeded names: the same run gives the same keys.
    let config = Config::new("etl3-delivery")
        .prefix(TUTORIAL_PREFIX)
        .error_prefix(TUTORIAL_ERROR_PREFIX)
        .buffering(1 << 20, Duration::from_secs(60));
    let (_, again) = run(&sakila(clock), clock, config, 1800);
    assert_eq!(again.objects.keys().collect::<Vec<_>>(), keys);
    // A new stream version is a new name.
    let config = Config::new("etl3-delivery")
        .stream_version(2)
        .buffering(1 << 20, Duration::from_secs(60));
    let (_, v2) = run(&sakila(clock), clock, config, 10);
    assert!(
        v2.objects
            .keys()
            .next()
            .unwrap()
            .starts_with("2026/01/01/00/etl3-delivery-2-2026-01-01-00-00-00-")
    );
}

#[test]
fn prefixes_follow_the_oldest_record_across_month_and_year_ends() {
    // From 23:59:30 on New Year's Eve, one record a second, objects of 60 s.
    let start = 1_798_761_570_000; // 2026-12-31T23:59:30Z
    let clock = Clock::Virtual {
        start_ms: start,
        step_ms: 1000,
    };
    let template =
        Template::compile_with(r#"{"at":"{{date.utc}}"}"#, &Options::new().clock(clock)).unwrap();
    let config = Config::new("etl3-delivery")
        .prefix(TUTORIAL_PREFIX)
        .error_prefix(TUTORIAL_ERROR_PREFIX)
        .buffering(1 << 20, Duration::from_secs(60));
    let (summary, store) = run(&template, clock, config, 150);
    let keys: Vec<&str> = store.objects.keys().map(String::as_str).collect();
    let short: Vec<&str> = keys.iter().map(|k| &k[..k.len() - 37]).collect();
    assert_eq!(
        short,
        [
            "streaming/2026/12/etl3-delivery-1-2026-12-31-23-59-30",
            "streaming/2027/01/etl3-delivery-1-2027-01-01-00-00-30",
            "streaming/2027/01/etl3-delivery-1-2027-01-01-00-01-30",
        ]
    );
    assert_eq!(summary.records, 150);
    // The first object holds records of both years: the prefix reads its oldest record.
    let first = String::from_utf8(store.objects[keys[0]].clone()).unwrap();
    assert!(
        first.starts_with(r#"{"at":"2026-12-31T23:59:30Z"}"#),
        "{first}"
    );
    assert!(
        first.ends_with("{\"at\":\"2027-01-01T00:00:29Z\"}\n"),
        "{first}"
    );

    // The default layout, across the end of February in a leap year, hour by hour.
    let start = 1_709_247_600_000; // 2024-02-29T23:00:00Z
    let clock = Clock::Virtual {
        start_ms: start,
        step_ms: 60_000,
    };
    let template = Template::compile_with("{{date.utc}}", &Options::new().clock(clock)).unwrap();
    let config = Config::new("s").buffering(1 << 20, Duration::from_secs(900));
    let (_, store) = run(&template, clock, config, 120);
    let dirs: Vec<&str> = store.objects.keys().map(|k| &k[..14]).collect();
    assert_eq!(
        dirs,
        [
            "2024/02/29/23/",
            "2024/02/29/23/",
            "2024/02/29/23/",
            "2024/02/29/23/",
            "2024/03/01/00/",
            "2024/03/01/00/",
            "2024/03/01/00/",
            "2024/03/01/00/"
        ]
    );
}

#[test]
fn buffering_by_size_never_splits_a_record_or_overfills_an_object() {
    let clock = Clock::Virtual {
        start_ms: JAN_1,
        step_ms: 0,
    };
    // Fixed-size records: 99 characters and a newline.
    let template =
        Template::compile_with("{{random.alphaNumeric(99)}}", &Options::new().clock(clock))
            .unwrap();
    let config = Config::new("s").buffering(1000, Duration::from_secs(60));
    let (summary, store) = run(&template, clock, config, 95);
    assert_eq!(
        (summary.objects, summary.records, summary.bytes),
        (10, 95, 9500)
    );
    let sizes: Vec<usize> = store.objects.values().map(Vec::len).collect();
    assert_eq!(
        sizes,
        [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 500]
    );

    // 300-byte records in 1000-byte buffers: three per object (900 bytes), never four.
    let template =
        Template::compile_with("{{random.alphaNumeric(299)}}", &Options::new().clock(clock))
            .unwrap();
    let config = Config::new("s").buffering(1000, Duration::from_secs(60));
    let (_, store) = run(&template, clock, config, 7);
    let sizes: Vec<usize> = store.objects.values().map(Vec::len).collect();
    assert_eq!(sizes, [900, 900, 300]);

    // A record larger than the buffer makes an object of its own.
    let config = Config::new("s").buffering(100, Duration::from_secs(60));
    let (_, store) = run(&template, clock, config, 2);
    let sizes: Vec<usize> = store.objects.values().map(Vec::len).collect();
    assert_eq!(sizes, [300, 300]);
}

#[test]
fn buffering_by_interval_follows_the_injected_clock() {
    let mut delivery = Delivery::new(
        Config::new("s").buffering(1 << 20, Duration::from_secs(1)),
        Memory::default(),
    )
    .unwrap();
    // Ten records at 0, 100, …, 900 ms: nothing is due yet.
    for i in 0..10 {
        delivery.push(b"r\n", JAN_1 + 100 * i).unwrap();
    }
    assert_eq!(delivery.summary().objects, 0);
    assert_eq!(delivery.next_due_ms(), Some(JAN_1 + 1000));
    // No record comes; the clock alone reaches the interval.
    delivery.tick(JAN_1 + 999).unwrap();
    assert_eq!(delivery.summary().objects, 0);
    delivery.tick(JAN_1 + 1000).unwrap();
    assert_eq!(
        (delivery.summary().objects, delivery.summary().records),
        (1, 10)
    );
    assert_eq!(delivery.next_due_ms(), None);
    // A late record opens a new object at its own arrival time.
    delivery.push(b"late\n", JAN_1 + 5_500).unwrap();
    assert_eq!(delivery.next_due_ms(), Some(JAN_1 + 6_500));
    let objects = delivery.take_delivered();
    assert_eq!(objects.len(), 1);
    assert!(
        objects[0]
            .key
            .starts_with("2026/01/01/00/s-1-2026-01-01-00-00-00-00000000-")
    );
    delivery.flush().unwrap();
    let objects = delivery.take_delivered();
    assert!(
        objects[0]
            .key
            .starts_with("2026/01/01/00/s-1-2026-01-01-00-00-05-00000001-"),
        "{}",
        objects[0].key
    );

    // A zero interval delivers each record as it comes.
    let mut delivery = Delivery::new(
        Config::new("s").buffering(1 << 20, Duration::ZERO),
        Memory::default(),
    )
    .unwrap();
    for i in 0..3 {
        delivery.push(b"r\n", JAN_1 + i).unwrap();
        assert_eq!(delivery.summary().objects, i as u64 + 1);
    }
}

#[test]
fn delivered_objects_in_key_order_are_the_rendered_records() {
    // The hard case: every record at the same instant and small buffers, so that hundreds of
    // objects share one second and only the seeded UUIDs order them.
    for step_ms in [0, 100, 1000] {
        let clock = Clock::Virtual {
            start_ms: JAN_1,
            step_ms,
        };
        let template = sakila(clock);
        let config = Config::new("etl3-delivery")
            .prefix(TUTORIAL_PREFIX)
            .error_prefix(TUTORIAL_ERROR_PREFIX)
            .buffering(4096, Duration::from_secs(60));
        let (summary, store) = run(&template, clock, config, 5000);
        assert!(summary.objects > 150, "{summary:?}");
        assert_eq!(
            concatenated(&store),
            rendered(&template, 5000),
            "step {step_ms} ms"
        );
    }
}

#[test]
fn records_without_a_delimiter_are_concatenated_as_sent() {
    let mut delivery = Delivery::new(Config::new("s"), Memory::default()).unwrap();
    for (i, r) in [&b"{\"n\":1}\n"[..], b"{\"n\":2}", b"{\"n\":3}\n"]
        .iter()
        .enumerate()
    {
        delivery.push(r, JAN_1 + i as i64).unwrap();
    }
    delivery.flush().unwrap();
    assert_eq!(
        concatenated(&delivery.into_store()),
        "{\"n\":1}\n{\"n\":2}{\"n\":3}\n"
    );
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
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let digits: Vec<u8> = chunk
            .iter()
            .copied()
            .filter(|&c| c != b'=')
            .map(value)
            .collect();
        let n = digits
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        for i in 0..digits.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn failed_records_go_under_the_error_prefix_in_firehose_documents() {
    let mut delivery = Delivery::new(
        Config::new("etl3-delivery")
            .prefix(TUTORIAL_PREFIX)
            .error_prefix(TUTORIAL_ERROR_PREFIX)
            .validate_json(true)
            .buffering(1 << 20, Duration::from_secs(60)),
        Memory::default(),
    )
    .unwrap();
    let big = format!("\"{}\"\n", "x".repeat(MAX_RECORD_BYTES - 2)); // 1,024,001 bytes
    let just_fits = format!("\"{}\"\n", "y".repeat(MAX_RECORD_BYTES - 3));
    let sent: Vec<&[u8]> = vec![
        b"{\"ok\":1}\n",
        b"not json\n",
        big.as_bytes(),
        just_fits.as_bytes(),
        b"{\"ok\":2}\n",
    ];
    for (i, r) in sent.iter().enumerate() {
        delivery.push(r, JAN_1 + 1000 * i as i64).unwrap();
    }
    delivery.flush().unwrap();
    let summary = delivery.summary();
    assert_eq!(
        (
            summary.objects,
            summary.records,
            summary.error_objects,
            summary.failed_records
        ),
        (1, 3, 2, 2)
    );
    assert_eq!(summary.failed_bytes, 9 + big.len() as u64);
    let store = delivery.into_store();
    let keys: Vec<&str> = store.objects.keys().map(String::as_str).collect();
    assert!(
        keys[0].starts_with(
            "format-conversion-failed/2026/01/etl3-delivery-1-2026-01-01-00-00-01-00000000-"
        ),
        "{keys:?}"
    );
    assert!(
        keys[1]
            .starts_with("processing-failed/2026/01/etl3-delivery-1-2026-01-01-00-00-02-00000000-"),
        "{keys:?}"
    );
    assert!(keys[2].starts_with("streaming/2026/01/"), "{keys:?}");

    let doc = |key: &str| -> serde_json::Value {
        let body = String::from_utf8(store.objects[key].clone()).unwrap();
        assert_eq!(body.lines().count(), 1);
        assert!(body.ends_with('\n'));
        serde_json::from_str(&body).unwrap()
    };
    let conversion = doc(keys[0]);
    let fields: Vec<&str> = conversion
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "attemptsMade",
        "arrivalTimestamp",
        "ErrorCode",
        "ErrorMessage",
        "attemptEndingTimestamp",
        "rawData",
        "sequenceNumber",
        "subSequenceNumber",
        "dataCatalogTable",
    ];
    want.sort();
    assert_eq!(fields, want);
    assert_eq!(conversion["arrivalTimestamp"], JAN_1 + 1000);
    assert_eq!(conversion["sequenceNumber"], "1");
    assert_eq!(
        conversion["ErrorCode"],
        "DataFormatConversion.MalformedData"
    );
    assert_eq!(
        base64_decode(conversion["rawData"].as_str().unwrap()),
        b"not json\n"
    );
    assert_eq!(conversion["dataCatalogTable"]["tableName"], "");

    let processing = doc(keys[1]);
    let mut fields: Vec<&str> = processing
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "arrivalTimestamp",
            "attemptEndingTimestamp",
            "attemptsMade",
            "errorCode",
            "errorMessage",
            "lambdaArn",
            "rawData"
        ]
    );
    assert_eq!(processing["errorCode"], "RecordTooLarge");
    assert_eq!(
        base64_decode(processing["rawData"].as_str().unwrap()),
        big.as_bytes()
    );

    // Delivered and failed records together are every record sent, each once.
    let delivered = concatenated(&Memory {
        objects: store
            .objects
            .iter()
            .filter(|(k, _)| k.starts_with("streaming/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..Memory::default()
    });
    assert_eq!(
        delivered,
        format!("{{\"ok\":1}}\n{just_fits}{{\"ok\":2}}\n")
    );
}

#[test]
fn a_failed_write_loses_and_duplicates_nothing() {
    let clock = Clock::Virtual {
        start_ms: JAN_1,
        step_ms: 100,
    };
    let template = sakila(clock);
    let mut delivery = Delivery::new(
        Config::new("s").buffering(2048, Duration::from_secs(1)),
        Memory::default(),
    )
    .unwrap();
    let mut records = template.generator(7);
    let mut buf = String::new();
    let mut errors = 0;
    for i in 0..2000u64 {
        buf.clear();
        records.next_into(&mut buf);
        buf.push('\n');
        if i % 97 == 0 {
            // The store goes down for two writes now and then.
            delivery.store_mut().fail_next = 2;
        }
        // A caller that retries what was not taken, as `push` allows.
        while let Err(e) = delivery.push(buf.as_bytes(), arrival_ms(clock, i)) {
            assert!(e.to_string().contains("injected failure"), "{e}");
            errors += 1;
        }
    }
    while delivery.flush().is_err() {
        errors += 1;
    }
    assert!(errors > 10, "{errors}");
    assert_eq!(delivery.summary().records, 2000);
    assert_eq!(
        concatenated(&delivery.into_store()),
        rendered(&template, 2000)
    );
}

fn tmp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("fakeplate-delivery-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_local_bucket_holds_the_same_objects_and_no_temporary_files() {
    let clock = Clock::Virtual {
        start_ms: JAN_1,
        step_ms: 100,
    };
    let template = sakila(clock);
    let root = tmp_dir("local");
    let config = Config::new("etl3-delivery")
        .prefix(TUTORIAL_PREFIX)
        .error_prefix(TUTORIAL_ERROR_PREFIX)
        .buffering(64 << 10, Duration::from_secs(60))
        .naming(Naming::Seeded(7));
    let mut delivery = Delivery::new(config, LocalStore::new(&root)).unwrap();
    let mut records = template.generator(7);
    let mut buf = String::new();
    for i in 0..3000 {
        buf.clear();
        records.next_into(&mut buf);
        buf.push('\n');
        delivery.push(buf.as_bytes(), arrival_ms(clock, i)).unwrap();
    }
    let summary = delivery.finish().unwrap();
    let files = support::keys(&root);
    assert_eq!(files.len() as u64, summary.objects);
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("streaming/2026/01/etl3-delivery-1-2026-01-01-")),
        "{files:?}"
    );
    let all: String = files
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .collect();
    assert_eq!(all, rendered(&template, 3000));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn keys_a_directory_cannot_hold_are_refused() {
    let root = tmp_dir("refused");
    let store = LocalStore::new(&root);
    for key in ["/2026/x", "a//b", "a/../b", "a/./b"] {
        let e = store.path_of(key).unwrap_err().to_string();
        assert!(e.contains("empty, `.` or `..` path segment"), "{e}");
    }
    assert_eq!(store.path_of("a/b").unwrap(), root.join("a").join("b"));
}

#[test]
fn configurations_firehose_rejects_are_rejected() {
    let e = |c: Config| Delivery::new(c, Memory::default()).unwrap_err().to_string();
    assert_eq!(
        e(Config::new("etl3 delivery")),
        "Invalid input: the delivery stream name \"etl3 delivery\" must be 1 to 64 characters of a-z, A-Z, 0-9, `_`, `.` and `-`"
    );
    assert_eq!(
        e(Config::new("s").stream_version(0)),
        "Invalid input: the stream version starts at 1"
    );
    assert_eq!(
        e(Config::new("s").buffering(0, Duration::ZERO)),
        "Invalid input: the buffer size must be at least one byte"
    );
    assert_eq!(
        Config::new("s")
            .buffering(1000, Duration::from_secs(901))
            .firehose_warnings(),
        [
            "a buffer of 1000 bytes: Firehose accepts 1 MiB to 128 MiB",
            "a buffer interval of 901s: Firehose accepts 0 s to 900 s"
        ]
    );
    assert!(
        Config::new("s")
            .buffering(1 << 20, Duration::from_secs(60))
            .firehose_warnings()
            .is_empty()
    );
}

fn temp_bucket(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[cfg(unix)]
#[test]
fn a_link_at_a_key_or_in_its_directories_is_never_written_through() {
    let root = temp_bucket("links");
    let outside = temp_bucket("links-outside");
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let victim = outside.join("victim");
    std::fs::write(&victim, b"keep me").unwrap();
    // A link planted where the object goes: the key counts as taken.
    std::os::unix::fs::symlink(&victim, root.join("a/object")).unwrap();
    // A link planted as a directory of the key.
    std::os::unix::fs::symlink(&outside, root.join("b")).unwrap();
    let mut store = LocalStore::new(&root);
    let taken = store.put("a/object", b"new").unwrap_err().to_string();
    assert!(taken.contains("already there"), "{taken}");
    let linked = store.put("b/object", b"new").unwrap_err().to_string();
    assert!(linked.contains("is a symbolic link"), "{linked}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
    // No temporary file is left behind by the refused writes.
    let names: Vec<_> = std::fs::read_dir(root.join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["object"]);
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::remove_dir_all(&outside).unwrap();
}

#[test]
fn keys_a_directory_cannot_hold_are_refused_when_the_delivery_opens() {
    for (prefix, want) in [
        ("../up/", "`..` path segment"),
        ("/abs/", "empty"),
        ("a\\b/", "`\\`"),
        ("D:/x/", "drive prefix"),
    ] {
        let root = temp_bucket("refused");
        let err = Delivery::new(Config::new("s").prefix(prefix), LocalStore::new(&root))
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{prefix}: {err}");
        assert!(!root.exists(), "{prefix}: nothing is created");
    }
    // A key under 255 bytes a segment is fine, whatever the temporary name.
    let root = temp_bucket("long");
    let mut store = LocalStore::new(&root);
    let key = format!("x/{}", "k".repeat(255));
    store.put(&key, b"1\n").unwrap();
    assert!(store.check_key(&format!("x/{}", "k".repeat(256))).is_err());
    std::fs::remove_dir_all(&root).unwrap();
}
