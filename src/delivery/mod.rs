//! Delivery like Amazon Kinesis Data Firehose (feature `delivery`): records are buffered by
//! size and interval, whichever limit is reached first, and written as objects named as
//! Firehose names them, under evaluated `Prefix` and `ErrorOutputPrefix` expressions, into a
//! local directory ([`LocalStore`]) or S3-compatible storage (`S3Store`, feature `s3`).
//!
//! ```
//! use std::time::Duration;
//! use fakeplate::delivery::{Config, Delivery, LocalStore};
//!
//! let root = std::env::temp_dir().join(format!("fakeplate-doc-delivery-{}", std::process::id()));
//! let config = Config::new("etl3-delivery")
//!     .prefix("streaming/!{timestamp:yyyy/MM/}")
//!     .error_prefix("!{firehose:error-output-type}/!{timestamp:yyyy/MM/}")
//!     .buffering(1 << 20, Duration::from_secs(60));
//! let mut delivery = Delivery::new(config, LocalStore::new(&root))?;
//!
//! // Records arrive at times the caller gives (here, one every 100 ms from 2026-01-01).
//! let start = 1_767_225_600_000;
//! for i in 0..1200 {
//!     delivery.push(format!("{{\"n\":{i}}}\n").as_bytes(), start + 100 * i)?;
//! }
//! let summary = delivery.finish()?;
//! // 60 s of records per object: two objects, both under streaming/2026/01/.
//! assert_eq!((summary.objects, summary.records), (2, 1200));
//! let mut keys: Vec<_> = std::fs::read_dir(root.join("streaming/2026/01"))?
//!     .map(|e| e.unwrap().file_name().into_string().unwrap())
//!     .collect();
//! keys.sort();
//! assert!(keys[0].starts_with("etl3-delivery-1-2026-01-01-00-00-00-00000000-"));
//! assert!(keys[1].starts_with("etl3-delivery-1-2026-01-01-00-01-00-00000001-"));
//! # std::fs::remove_dir_all(&root)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Time is whatever the caller says it is: [`Delivery::push`] takes each record's arrival time
//! and [`Delivery::tick`] the current time, so that tests (and the virtual clock) drive
//! buffering without sleeping. [`arrival_ms`] gives the arrival time of record `i` on a
//! [`Clock`], the same time its `date.*` functions read.

mod names;
mod prefix;
#[cfg(feature = "s3")]
mod s3;
mod store;

use std::time::Duration;

pub use names::{Naming, random_run_id};
pub use prefix::{
    DEFAULT_LAYOUT, MAX_EVALUATED_CHARS, MAX_PREFIX_CHARS, Prefix, PrefixField, Prefixes,
};
#[cfg(feature = "s3")]
pub use s3::S3Store;
pub use store::{LocalStore, MAX_SEGMENT_BYTES, Store};

use crate::Clock;
use names::ObjectIds;

/// 2026-01-01T00:00:00Z, when [`Delivery::new`] checks the keys a store will get.
const SAMPLE_MS: i64 = 1_767_225_600_000;

/// The largest record Firehose accepts: 1,000 KiB (the API's `Data` blob limit, before base64).
pub const MAX_RECORD_BYTES: usize = 1_024_000;

/// What can go wrong configuring or running a delivery.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeliveryError {
    /// A prefix does not parse or breaks a rule that concerns it alone.
    #[error("{field} {text:?}, column {column}: {message}")]
    Prefix {
        /// `Prefix` or `ErrorOutputPrefix`.
        field: PrefixField,
        /// The prefix as given.
        text: String,
        /// Where the fault is, counted in characters from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting Firehose would reject (worded as the Firehose API words it, where it does).
    #[error("Invalid input: {0}")]
    Config(String),
    /// An object could not be written. Its records stay buffered.
    #[error("writing {key:?} to {location}: {message}")]
    Store {
        /// The bucket.
        location: String,
        /// The object's key.
        key: String,
        /// Why.
        message: String,
    },
}

/// Why a record went under the error prefix: the value of `!{firehose:error-output-type}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorOutputType {
    /// `processing-failed`: fakeplate files records over [`MAX_RECORD_BYTES`] here (Firehose
    /// itself rejects them at the API; see COMPATIBILITY.md).
    ProcessingFailed,
    /// `format-conversion-failed`: records that are not JSON when JSON validation is on, as
    /// Firehose's record format conversion (which reads JSON) fails them.
    FormatConversionFailed,
}

impl ErrorOutputType {
    /// Every type, in the order of their error buffers.
    pub const ALL: [ErrorOutputType; 2] = [
        ErrorOutputType::ProcessingFailed,
        ErrorOutputType::FormatConversionFailed,
    ];

    /// The text `!{firehose:error-output-type}` evaluates to.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorOutputType::ProcessingFailed => "processing-failed",
            ErrorOutputType::FormatConversionFailed => "format-conversion-failed",
        }
    }
}

/// The arrival time of record `index` on `clock`, Unix milliseconds: on the virtual clock
/// `start_ms + index × step_ms`, the time the record's `date.*` functions read; on the system
/// clock, now.
///
/// ```
/// use fakeplate::{Clock, delivery::arrival_ms};
/// assert_eq!(arrival_ms(Clock::Virtual { start_ms: 1000, step_ms: 100 }, 3), 1300);
/// ```
pub fn arrival_ms(clock: Clock, index: u64) -> i64 {
    crate::time::record_time(clock, index)
}

/// The settings of a delivery stream: its name and version, prefixes, buffering hints,
/// validation, and how names are made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    stream_name: String,
    stream_version: u32,
    prefix: Option<String>,
    error_prefix: Option<String>,
    buffer_bytes: usize,
    buffer_interval: Duration,
    validate_json: bool,
    naming: Naming,
}

impl Config {
    /// Firehose's default buffer size: 5 MiB.
    pub const DEFAULT_BUFFER_BYTES: usize = 5 << 20;
    /// Firehose's default buffer interval: 300 s.
    pub const DEFAULT_BUFFER_INTERVAL: Duration = Duration::from_secs(300);

    /// A stream named `stream_name` (checked as Firehose does: 1–64 of `[a-zA-Z0-9_.-]`),
    /// version 1, no prefixes (so `yyyy/MM/dd/HH/`), Firehose's default buffering (5 MiB,
    /// 300 s), no validation, names seeded with 0.
    pub fn new(stream_name: impl Into<String>) -> Config {
        Config {
            stream_name: stream_name.into(),
            stream_version: 1,
            prefix: None,
            error_prefix: None,
            buffer_bytes: Config::DEFAULT_BUFFER_BYTES,
            buffer_interval: Config::DEFAULT_BUFFER_INTERVAL,
            validate_json: false,
            naming: Naming::Seeded(0),
        }
    }

    /// The destination's version, which Firehose puts in every object name and raises on
    /// every configuration change (at least 1).
    pub fn stream_version(mut self, version: u32) -> Config {
        self.stream_version = version;
        self
    }

    /// Firehose's `Prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Config {
        self.prefix = Some(prefix.into());
        self
    }

    /// Firehose's `ErrorOutputPrefix`.
    pub fn error_prefix(mut self, prefix: impl Into<String>) -> Config {
        self.error_prefix = Some(prefix.into());
        self
    }

    /// The buffering hints: an object is delivered when it holds `bytes` bytes or its oldest
    /// record has waited `interval`, whichever comes first. Firehose accepts 1–128 MiB and
    /// 0–900 s; fakeplate accepts any size of at least one byte (handy in tests) and reports
    /// the difference in [`Config::firehose_warnings`].
    pub fn buffering(mut self, bytes: usize, interval: Duration) -> Config {
        self.buffer_bytes = bytes;
        self.buffer_interval = interval;
        self
    }

    /// Sends records that are not JSON to the error prefix as `format-conversion-failed`.
    pub fn validate_json(mut self, on: bool) -> Config {
        self.validate_json = on;
        self
    }

    /// How object UUIDs and random strings are made.
    pub fn naming(mut self, naming: Naming) -> Config {
        self.naming = naming;
        self
    }

    /// Settings that work here but that Firehose would refuse.
    pub fn firehose_warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if !(1 << 20..=128 << 20).contains(&self.buffer_bytes) {
            w.push(format!(
                "a buffer of {} bytes: Firehose accepts 1 MiB to 128 MiB",
                self.buffer_bytes
            ));
        }
        if self.buffer_interval > Duration::from_secs(900) {
            w.push(format!(
                "a buffer interval of {:?}: Firehose accepts 0 s to 900 s",
                self.buffer_interval
            ));
        }
        w
    }
}

/// One object written to the bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveredObject {
    /// Its key: the evaluated prefix followed by the object name.
    pub key: String,
    /// Records in it (failed records, for an error object).
    pub records: u64,
    /// Its size.
    pub bytes: u64,
    /// `None` for delivered records, the error type for an error object.
    pub error_type: Option<ErrorOutputType>,
}

/// What a delivery has written so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Objects of delivered records.
    pub objects: u64,
    /// Records delivered.
    pub records: u64,
    /// Bytes of the delivered objects (the records as sent, concatenated).
    pub bytes: u64,
    /// Objects written under the error prefix.
    pub error_objects: u64,
    /// Records written under the error prefix.
    pub failed_records: u64,
    /// The size of those records as sent (their documents are larger: base64 and metadata).
    pub failed_bytes: u64,
}

/// One open object: records waiting for the size or interval to be reached.
#[derive(Debug, Default)]
struct Buffer {
    body: Vec<u8>,
    records: u64,
    /// The arrival time of the oldest record, when there is one.
    first_ms: i64,
    /// Raw bytes of the failed records held (error buffers only).
    raw_bytes: u64,
    /// The number the next object of this sequence gets.
    next_object: u64,
}

/// A delivery stream: buffers records and writes objects to a [`Store`].
///
/// Nothing is lost or duplicated: every record pushed is either in exactly one delivered
/// object, in exactly one failed-record document, or still buffered (see
/// [`Delivery::pending_records`]) until [`Delivery::flush`] or [`Delivery::finish`]. An object
/// that cannot be written stays buffered and the error is returned.
#[derive(Debug)]
pub struct Delivery<S: Store> {
    config: Config,
    prefixes: Prefixes,
    store: S,
    data: Buffer,
    errors: [Buffer; ErrorOutputType::ALL.len()],
    random_base: u64,
    pushed: u64,
    summary: Summary,
    delivered: Vec<DeliveredObject>,
}

impl<S: Store> Delivery<S> {
    /// Checks `config` as Firehose would and opens a delivery into `store`.
    pub fn new(config: Config, store: S) -> Result<Delivery<S>, DeliveryError> {
        names::check_stream_name(&config.stream_name)?;
        if config.stream_version == 0 {
            return Err(DeliveryError::Config(
                "the stream version starts at 1".into(),
            ));
        }
        if config.buffer_bytes == 0 {
            return Err(DeliveryError::Config(
                "the buffer size must be at least one byte".into(),
            ));
        }
        let prefixes = Prefixes::new(config.prefix.as_deref(), config.error_prefix.as_deref())?;
        let delivery = Delivery {
            random_base: match config.naming {
                Naming::Seeded(_) => 0,
                Naming::Random => names::random_seed(),
            },
            config,
            prefixes,
            store,
            data: Buffer::default(),
            errors: Default::default(),
            pushed: 0,
            summary: Summary::default(),
            delivered: Vec::new(),
        };
        delivery.check_keys(SAMPLE_MS)?;
        Ok(delivery)
    }

    /// Checks that the store can hold the keys of objects whose first record arrives at
    /// `at_ms`, delivered and failed, so that a prefix it cannot hold (a leading `/`, a `..`
    /// segment, a segment too long for a file name) is refused before any record is taken.
    /// [`Delivery::new`] checks keys at 2026-01-01T00:00:00Z; the lengths of the timestamps of
    /// a prefix change only with the number of digits of the year.
    pub fn check_keys(&self, at_ms: i64) -> Result<(), DeliveryError> {
        for error_type in std::iter::once(None).chain(ErrorOutputType::ALL.map(Some)) {
            let key = self.key(error_type, at_ms, 0)?;
            self.store.check_key(&key)?;
        }
        Ok(())
    }

    /// The key of object `number` of the sequence of `error_type`, whose first record arrived
    /// at `first_ms`.
    fn key(
        &self,
        error_type: Option<ErrorOutputType>,
        first_ms: i64,
        number: u64,
    ) -> Result<String, DeliveryError> {
        let mut ids = ObjectIds::new(
            self.config.naming,
            self.random_base,
            names::stream_tag(error_type),
            number,
        );
        let uuid = ids.uuid();
        let prefix = match error_type {
            None => self.prefixes.prefix(),
            Some(_) => self.prefixes.error_prefix(),
        };
        let mut key = prefix.evaluate(first_ms, error_type, &mut || ids.random_string())?;
        key.push_str(&names::object_name(
            &self.config.stream_name,
            self.config.stream_version,
            first_ms,
            &uuid,
        )?);
        Ok(key)
    }

    /// The parsed prefixes, with their warnings.
    pub fn prefixes(&self) -> &Prefixes {
        &self.prefixes
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, mutably (to inspect or adjust it between records).
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// The store back, for reading what was delivered. Records still buffered are dropped:
    /// call [`Delivery::flush`] first.
    pub fn into_store(self) -> S {
        self.store
    }

    /// What has been written so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// Records pushed but not yet in a written object (delivered or failed).
    pub fn pending_records(&self) -> u64 {
        self.data.records + self.errors.iter().map(|b| b.records).sum::<u64>()
    }

    /// The objects written since the last call, oldest first. They are kept until taken.
    pub fn take_delivered(&mut self) -> Vec<DeliveredObject> {
        std::mem::take(&mut self.delivered)
    }

    /// When the oldest open buffer reaches the buffer interval, if any buffer is open: the
    /// time to call [`Delivery::tick`] at, for callers that wait between records.
    pub fn next_due_ms(&self) -> Option<i64> {
        let interval = self.interval_ms();
        std::iter::once(&self.data)
            .chain(&self.errors)
            .filter(|b| b.records > 0)
            .map(|b| b.first_ms.saturating_add(interval))
            .min()
    }

    fn interval_ms(&self) -> i64 {
        i64::try_from(self.config.buffer_interval.as_millis()).unwrap_or(i64::MAX)
    }

    /// Delivers every buffer that is due at `now_ms`: full, or whose oldest record has waited
    /// the buffer interval. (A write that failed earlier is retried here.)
    pub fn tick(&mut self, now_ms: i64) -> Result<(), DeliveryError> {
        let interval = self.interval_ms();
        let limit = self.config.buffer_bytes;
        let due = |b: &Buffer| {
            b.records > 0
                && (b.body.len() >= limit || now_ms.saturating_sub(b.first_ms) >= interval)
        };
        if due(&self.data) {
            self.deliver(None)?;
        }
        for t in ErrorOutputType::ALL {
            if due(&self.errors[t as usize]) {
                self.deliver(Some(t))?;
            }
        }
        Ok(())
    }

    /// Sends one record (its bytes exactly as they should appear in the object, delimiter
    /// included) that arrived at `arrival_ms`. Buffers due at that time are delivered first.
    /// A record over [`MAX_RECORD_BYTES`], or not JSON when validation is on, goes to the
    /// error prefix as a failed-record document.
    ///
    /// `Err` means the record was not taken (a write failed before it could be buffered), so
    /// it can be pushed again; `Ok` means it was taken. A buffer that fills up is delivered at
    /// once; if that write fails, the buffer stays and the next call retries it.
    pub fn push(&mut self, record: &[u8], arrival_ms: i64) -> Result<(), DeliveryError> {
        self.tick(arrival_ms)?;
        let sequence = self.pushed;
        if record.len() > MAX_RECORD_BYTES {
            let message = format!(
                "The record is {} bytes; Firehose accepts records of at most {MAX_RECORD_BYTES} bytes (1,000 KiB)",
                record.len()
            );
            let doc = failed_document(
                ErrorOutputType::ProcessingFailed,
                record,
                arrival_ms,
                sequence,
                "RecordTooLarge",
                &message,
            );
            self.add(
                Some(ErrorOutputType::ProcessingFailed),
                doc.as_bytes(),
                record.len(),
                arrival_ms,
            )?;
        } else if let Some(e) = self
            .config
            .validate_json
            .then(|| serde_json::from_slice::<serde_json::Value>(record).err())
            .flatten()
        {
            let doc = failed_document(
                ErrorOutputType::FormatConversionFailed,
                record,
                arrival_ms,
                sequence,
                "DataFormatConversion.MalformedData",
                &format!("The record is not valid JSON: {e}"),
            );
            self.add(
                Some(ErrorOutputType::FormatConversionFailed),
                doc.as_bytes(),
                record.len(),
                arrival_ms,
            )?;
        } else {
            self.add(None, record, record.len(), arrival_ms)?;
        }
        self.pushed += 1;
        Ok(())
    }

    /// Appends to a buffer: an object never grows past the buffer size (unless one record is
    /// larger, which then makes an object of its own). Fails only before appending.
    fn add(
        &mut self,
        error_type: Option<ErrorOutputType>,
        bytes: &[u8],
        raw_len: usize,
        arrival_ms: i64,
    ) -> Result<(), DeliveryError> {
        let limit = self.config.buffer_bytes;
        let buffer = self.buffer(error_type);
        if buffer.records > 0 && buffer.body.len() + bytes.len() > limit {
            self.deliver(error_type)?;
        }
        let buffer = self.buffer(error_type);
        if buffer.records == 0 {
            buffer.first_ms = arrival_ms;
        }
        buffer.body.extend_from_slice(bytes);
        buffer.records += 1;
        buffer.raw_bytes += raw_len as u64;
        // Deliver a full buffer (or, with a zero interval, every record) at once. The record is
        // taken whatever happens: a failed write leaves the buffer due, and the next call
        // retries it and reports the error if it persists.
        let _ = self.tick(arrival_ms);
        Ok(())
    }

    fn buffer(&mut self, error_type: Option<ErrorOutputType>) -> &mut Buffer {
        match error_type {
            None => &mut self.data,
            Some(t) => &mut self.errors[t as usize],
        }
    }

    /// Writes one buffer as an object. On failure the buffer is left as it was.
    fn deliver(&mut self, error_type: Option<ErrorOutputType>) -> Result<(), DeliveryError> {
        let buffer = self.buffer(error_type);
        if buffer.records == 0 {
            return Ok(());
        }
        let (first_ms, number) = (buffer.first_ms, buffer.next_object);
        let key = self.key(error_type, first_ms, number)?;
        let buffer = match error_type {
            None => &self.data,
            Some(t) => &self.errors[t as usize],
        };
        self.store.put(&key, &buffer.body)?;
        let buffer = match error_type {
            None => &mut self.data,
            Some(t) => &mut self.errors[t as usize],
        };

        let bytes = buffer.body.len() as u64;
        match error_type {
            None => {
                self.summary.objects += 1;
                self.summary.records += buffer.records;
                self.summary.bytes += bytes;
            }
            Some(_) => {
                self.summary.error_objects += 1;
                self.summary.failed_records += buffer.records;
                self.summary.failed_bytes += buffer.raw_bytes;
            }
        }
        self.delivered.push(DeliveredObject {
            key,
            records: buffer.records,
            bytes,
            error_type,
        });
        buffer.body.clear();
        buffer.records = 0;
        buffer.raw_bytes = 0;
        buffer.next_object += 1;
        Ok(())
    }

    /// Delivers every open buffer now, whatever its size and age (at the end of a run, or on
    /// Ctrl-C).
    pub fn flush(&mut self) -> Result<(), DeliveryError> {
        self.deliver(None)?;
        for t in ErrorOutputType::ALL {
            self.deliver(Some(t))?;
        }
        Ok(())
    }

    /// Flushes and returns the summary.
    pub fn finish(mut self) -> Result<Summary, DeliveryError> {
        self.flush()?;
        Ok(self.summary)
    }
}

/// The JSON document Firehose writes for a failed record (one per line), with the fields of
/// its processing-failure or format-conversion-failure document. Fields that have no local
/// meaning (the Lambda ARN, the Glue table) are empty strings.
fn failed_document(
    kind: ErrorOutputType,
    record: &[u8],
    arrival_ms: i64,
    sequence: u64,
    code: &str,
    message: &str,
) -> String {
    let q = |s: &str| serde_json::Value::from(s).to_string();
    let raw = base64(record);
    let mut doc = match kind {
        ErrorOutputType::ProcessingFailed => format!(
            r#"{{"attemptsMade":1,"arrivalTimestamp":{arrival_ms},"errorCode":{},"errorMessage":{},"attemptEndingTimestamp":{arrival_ms},"rawData":"{raw}","lambdaArn":""}}"#,
            q(code),
            q(message)
        ),
        ErrorOutputType::FormatConversionFailed => format!(
            r#"{{"attemptsMade":1,"arrivalTimestamp":{arrival_ms},"ErrorCode":{},"ErrorMessage":{},"attemptEndingTimestamp":{arrival_ms},"rawData":"{raw}","sequenceNumber":"{sequence}","subSequenceNumber":0,"dataCatalogTable":{{"catalogId":"","databaseName":"","tableName":"","region":"","versionId":"","catalogArn":""}}}}"#,
            q(code),
            q(message)
        ),
    };
    doc.push('\n');
    doc
}

/// Standard base64 with padding, as Firehose encodes `rawData`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
