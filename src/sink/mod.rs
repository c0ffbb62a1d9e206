//! Where records go (feature `sink`): one synchronous, object-safe [`Sink`] trait that every
//! destination implements — standard output and files ([`WriteSink`]), the Firehose-like bucket
//! ([`BucketSink`]), and behind their own features Kinesis Data Streams and Firehose
//! (`KinesisSink`, `FirehoseSink`, features `kinesis` and `firehose`) and Kafka.
//!
//! Records go in in order with [`Sink::send`]. A sink batches, sends and retries as its
//! destination needs; [`Sink::tick`] lets time pass (for batches that wait at most a while),
//! and [`Sink::flush`] sends everything taken, at the end of a run or on a signal. What a sink
//! could not deliver after its retries is never dropped silently: it is counted in
//! [`Summary::failed`] (or [`Summary::unknown`] when it may have landed) and, where the sink
//! has one, written to a [`DeadLetter`] file.
//!
//! ```
//! use fakeplate::sink::{Record, Sink, WriteSink};
//!
//! let mut sink = WriteSink::new(Vec::new(), "memory");
//! sink.send(Record::new(0, b"{\"n\":0}\n", 0))?;
//! sink.send(Record::new(1, b"{\"n\":1}\n", 100))?;
//! sink.flush()?;
//! assert_eq!(sink.summary().sent, 2);
//! assert_eq!(sink.into_inner(), b"{\"n\":0}\n{\"n\":1}\n");
//! # Ok::<(), fakeplate::sink::SinkError>(())
//! ```

#[cfg(feature = "aws")]
mod aws;
mod backoff;
mod batch;
mod bucket;
mod dead_letter;
#[cfg(feature = "kafka")]
mod kafka;
mod redact;
mod write;

#[cfg(feature = "aws")]
pub use aws::{AwsOptions, AwsSink, CallError, EntryOutcome, PutBatch, transient_code};
#[cfg(feature = "firehose")]
pub use aws::{Firehose, FirehoseSink};
#[cfg(feature = "kinesis")]
pub use aws::{Kinesis, KinesisSink};
#[cfg(feature = "kinesis")]
pub(crate) use aws::{call_error, load_config};
pub use backoff::Backoff;
pub use batch::{BatchLimits, Batcher, Entry};
pub use bucket::BucketSink;
pub use dead_letter::DeadLetter;
#[cfg(feature = "kafka")]
pub use kafka::{Compression, KafkaOptions, KafkaSink, java_partition, murmur2};
pub use redact::redact;
pub use write::WriteSink;

/// One record on its way to a sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// Its index in the run (the index it was rendered at).
    pub index: u64,
    /// Its bytes, delimiter included, exactly as they should arrive.
    pub data: &'a [u8],
    /// The partition key (Kinesis) or message key (Kafka), if any.
    pub key: Option<&'a str>,
    /// When it arrived, Unix milliseconds (the time its `date.*` functions read).
    pub arrival_ms: i64,
}

impl<'a> Record<'a> {
    /// A record without a key.
    pub fn new(index: u64, data: &'a [u8], arrival_ms: i64) -> Record<'a> {
        Record {
            index,
            data,
            key: None,
            arrival_ms,
        }
    }

    /// The same record with a key.
    pub fn with_key(self, key: &'a str) -> Record<'a> {
        Record {
            key: Some(key),
            ..self
        }
    }
}

/// What a sink has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records the destination acknowledged.
    pub sent: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Times a record was sent again after a failure (one record may count several times).
    pub retried: u64,
    /// Records given up on after the retries, or refused outright (too large); each is in the
    /// dead-letter file when there is one.
    pub failed: u64,
    /// Records whose outcome is not known: a request that carried them timed out (or its answer
    /// was lost) after it was sent, so they may have landed. Counted neither as sent nor as
    /// failed; each is in the dead-letter file marked `"outcome":"unknown"`, for `verify` to
    /// settle.
    pub unknown: u64,
    /// Requests made to the destination (batches, objects, writes).
    pub requests: u64,
}

/// A sink that cannot go on: the destination is missing or refuses the credentials, a write
/// failed, or the dead-letter file cannot be written. Records taken and not yet sent are in
/// [`Sink::pending`].
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct SinkError {
    /// The destination, as [`Sink::location`] names it.
    pub location: String,
    /// What went wrong.
    pub message: String,
}

impl SinkError {
    /// An error at `location`, both with the user info of URLs and endpoints [`redact`]ed
    /// (the message may quote an SDK's or librdkafka's error, which may quote a URL).
    pub fn new(location: impl Into<String>, message: impl std::fmt::Display) -> SinkError {
        SinkError {
            location: redact(&location.into()),
            message: redact(&message.to_string()),
        }
    }
}

/// A destination for records. Object-safe, so the command line picks one at run time.
pub trait Sink {
    /// Takes one record. `Ok` means it is taken: sent, or buffered until a batch is full,
    /// [`Sink::tick`] finds it due, or [`Sink::flush`]. `Err` means the sink cannot go on.
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError>;

    /// Lets time pass: sends batches that have waited long enough. `now_ms` is the run's clock
    /// (virtual or system), which the bucket's buffer intervals follow; sinks that batch for
    /// the network measure how long a batch waited on a monotonic clock of their own.
    fn tick(&mut self, now_ms: i64) -> Result<(), SinkError> {
        let _ = now_ms;
        Ok(())
    }

    /// Sends everything taken (retrying as the sink does) and waits for the outcome.
    fn flush(&mut self) -> Result<(), SinkError>;

    /// Records taken but neither sent nor failed yet.
    fn pending(&self) -> u64;

    /// What it has done so far.
    fn summary(&self) -> Summary;

    /// Where the records go, for messages (`stdout`, `kinesis://events`, …).
    fn location(&self) -> String;
}

#[deny(clippy::missing_trait_methods)]
impl<S: Sink + ?Sized> Sink for Box<S> {
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError> {
        (**self).send(record)
    }

    fn tick(&mut self, now_ms: i64) -> Result<(), SinkError> {
        (**self).tick(now_ms)
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        (**self).flush()
    }

    fn pending(&self) -> u64 {
        (**self).pending()
    }

    fn summary(&self) -> Summary {
        (**self).summary()
    }

    fn location(&self) -> String {
        (**self).location()
    }
}
