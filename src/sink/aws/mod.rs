//! Kinesis Data Streams and Firehose through the AWS SDK for Rust (features `kinesis`,
//! `firehose`): one sink, [`AwsSink`], generic over the one API call that differs,
//! [`PutBatch`].
//!
//! Records are gathered into batches within the API's limits ([`BatchLimits`]); a batch goes
//! when it is full or its first record has waited the linger (a second by default: at low
//! rates a batch per second, as KDG sends). Up to `concurrency` full batches are sent at once.
//! A call that fails as a whole with a transient error (throttling, a 5xx, a dropped
//! connection, a timeout) is sent again; a call that succeeds with failed entries
//! (`FailedRecordCount`, `FailedPutCount`) sends again only the failed entries whose error is
//! transient. Both wait an exponential backoff with full jitter, up to `max_retries` times;
//! the sink owns every retry (the SDK's own are off, so budgets do not multiply). What still
//! fails, and every record the API would refuse outright (too large, a bad partition key), is
//! counted in [`Summary::failed`] and written to the dead-letter file, never dropped silently.
//! A call that timed out (or whose answer was lost) after it was sent may have landed: records
//! it carried that no retry settles are counted in [`Summary::unknown`] instead, and written to
//! the dead-letter file marked `"outcome":"unknown"`.
//!
//! Credentials, region and endpoint come from the standard AWS chain (environment, profile,
//! `AWS_ENDPOINT_URL`); [`AwsOptions::region`] overrides the region. The sink checks that the
//! stream exists before it takes a record, so a missing stream, bad credentials or an
//! unreachable endpoint fail at once, naming the stream.

#[cfg(feature = "firehose")]
mod firehose;
#[cfg(feature = "kinesis")]
mod kinesis;

use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures_util::future::join_all;

#[cfg(feature = "firehose")]
pub use firehose::Firehose;
#[cfg(feature = "kinesis")]
pub use kinesis::Kinesis;

use super::batch::{BatchLimits, Batcher, Entry};
use super::{Backoff, DeadLetter, Record, Sink, SinkError, Summary};

/// A sink into a Kinesis data stream.
#[cfg(feature = "kinesis")]
pub type KinesisSink = AwsSink<Kinesis>;

/// A sink into a Firehose delivery stream.
#[cfg(feature = "firehose")]
pub type FirehoseSink = AwsSink<Firehose>;

/// How an AWS sink sends.
#[derive(Debug)]
pub struct AwsOptions {
    /// The region, over the one the AWS environment or profile gives.
    pub region: Option<String>,
    /// Times a failed entry or call is sent again before it is given up on.
    pub max_retries: u32,
    /// Batches in flight at once (at least 1).
    pub concurrency: usize,
    /// How long a batch waits for more records after its first.
    pub linger: Duration,
    /// The first backoff's ceiling; each retry doubles it, up to `max_backoff`.
    pub base_backoff: Duration,
    /// The largest backoff.
    pub max_backoff: Duration,
    /// Where records given up on go.
    pub dead_letter: Option<DeadLetter>,
    /// The seed of the backoff's jitter.
    pub seed: u64,
    /// How long one call may take before it times out. A call that timed out after it was
    /// sent may have landed: its records, if no retry settles them, count as
    /// [`Summary::unknown`].
    pub call_timeout: Duration,
}

impl Default for AwsOptions {
    /// No region override, 5 retries, 4 batches in flight, a linger of 1 s, backoff from
    /// 100 ms to 5 s, no dead-letter file, calls timing out after 30 s.
    fn default() -> AwsOptions {
        AwsOptions {
            region: None,
            max_retries: 5,
            concurrency: 4,
            linger: Duration::from_secs(1),
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            dead_letter: None,
            seed: 0,
            call_timeout: Duration::from_secs(30),
        }
    }
}

/// The outcome of one entry of a call that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryOutcome {
    /// The API took it.
    Sent,
    /// The API refused it, with its error code and message.
    Failed {
        /// The error code (`ProvisionedThroughputExceededException`, …).
        code: String,
        /// The message.
        message: String,
    },
}

impl EntryOutcome {
    /// The outcome of a response entry from its error code and message: sent when it has no
    /// code.
    pub fn from_entry(code: Option<&str>, message: Option<&str>) -> EntryOutcome {
        match code {
            None => EntryOutcome::Sent,
            Some(code) => EntryOutcome::Failed {
                code: code.to_owned(),
                message: message.unwrap_or_default().to_owned(),
            },
        }
    }
}

/// A call that failed as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    /// The error code, or a name for a failure without one (`DispatchFailure`, `Timeout`).
    pub code: String,
    /// The message.
    pub message: String,
    /// Whether sending the same call again may succeed.
    pub transient: bool,
}

/// The one call that differs between Kinesis and Firehose, and what it needs.
#[allow(async_fn_in_trait)]
pub trait PutBatch {
    /// The API's batch limits.
    const LIMITS: BatchLimits;
    /// `kinesis` or `firehose`, for messages.
    const SCHEME: &'static str;

    /// The client for `config`.
    fn new(config: &aws_config::SdkConfig, stream: &str) -> Self;

    /// The stream's name.
    fn stream(&self) -> &str;

    /// Checks that the stream exists and can be written (a describe call).
    async fn check(&self) -> Result<(), CallError>;

    /// Why the API would refuse this record whatever happens, beyond the sizes in
    /// [`PutBatch::LIMITS`] (Kinesis: a partition key that is missing or over 256 characters).
    fn refusal(&self, record: &Record<'_>) -> Option<(String, String)> {
        let _ = record;
        None
    }

    /// Sends one batch; on success, one outcome per entry, in order.
    async fn put(&self, entries: &[Entry]) -> Result<Vec<EntryOutcome>, CallError>;
}

/// Whether an entry's error code is worth another try.
pub fn transient_code(code: &str) -> bool {
    matches!(
        code,
        "ProvisionedThroughputExceededException"
            | "ServiceUnavailableException"
            | "ServiceUnavailable"
            | "InternalFailure"
            | "InternalFailureException"
            | "InternalError"
            | "InternalServerError"
            | "KMSThrottlingException"
            | "ThrottlingException"
            | "LimitExceededException"
    )
}

/// A sink into a Kinesis data stream or a Firehose delivery stream. See the module docs.
pub struct AwsSink<P: PutBatch> {
    runtime: tokio::runtime::Runtime,
    api: P,
    options: AwsOptions,
    backoff: Backoff,
    batcher: Batcher,
    /// Full batches waiting to be sent together.
    ready: Vec<Vec<Entry>>,
    started: Instant,
    summary: Summary,
}

impl<P: PutBatch> std::fmt::Debug for AwsSink<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsSink")
            .field("location", &self.location())
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

/// What sending one batch (with its retries) came to.
#[derive(Default)]
struct BatchResult {
    sent: u64,
    bytes: u64,
    retried: u64,
    requests: u64,
    /// Entries given up on, with the last error.
    failed: Vec<(Entry, String, String)>,
    /// Entries given up on that a call which timed out carried: they may have landed.
    unknown: Vec<(Entry, String, String)>,
    /// A call that failed for good: the stream went away, credentials were refused.
    fatal: Option<CallError>,
}

impl<P: PutBatch> AwsSink<P> {
    /// Connects to `stream` with the AWS environment's settings and `options`, and checks that
    /// the stream exists.
    pub fn connect(stream: &str, options: AwsOptions) -> Result<AwsSink<P>, SinkError> {
        let location = format!("{}://{stream}", P::SCHEME);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SinkError::new(&location, format!("starting the I/O runtime: {e}")))?;
        let config = runtime.block_on(load_config_with(
            options.region.clone(),
            options.call_timeout,
        ));
        let api = P::new(&config, stream);
        runtime.block_on(api.check()).map_err(|e| {
            SinkError::new(
                &location,
                format!("{} ({}); no record was sent", e.message, e.code),
            )
        })?;
        let linger = i64::try_from(options.linger.as_millis()).unwrap_or(i64::MAX);
        Ok(AwsSink {
            runtime,
            api,
            backoff: Backoff::new(options.base_backoff, options.max_backoff, options.seed),
            batcher: Batcher::new(P::LIMITS, linger),
            ready: Vec::new(),
            started: Instant::now(),
            summary: Summary::default(),
            options,
        })
    }

    fn now_ms(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX)
    }

    fn error(&self, message: impl std::fmt::Display) -> SinkError {
        SinkError::new(self.location(), message)
    }

    /// Writes a record given up on to the dead-letter file, and counts it.
    fn dead(&mut self, entry: &Entry, code: &str, message: &str) -> Result<(), SinkError> {
        self.summary.failed += 1;
        match &mut self.options.dead_letter {
            Some(dl) => dl.write(
                entry.index,
                entry.key.as_deref(),
                &entry.data,
                code,
                message,
                entry.attempts,
            ),
            None => Ok(()),
        }
    }

    /// Writes a record that may have landed to the dead-letter file, marked unknown, and
    /// counts it.
    fn unknown(&mut self, entry: &Entry, code: &str, message: &str) -> Result<(), SinkError> {
        self.summary.unknown += 1;
        match &mut self.options.dead_letter {
            Some(dl) => dl.write_unknown(
                entry.index,
                entry.key.as_deref(),
                &entry.data,
                code,
                message,
                entry.attempts,
            ),
            None => Ok(()),
        }
    }

    /// Sends the ready batches, `concurrency` at a time.
    fn send_ready(&mut self) -> Result<(), SinkError> {
        while !self.ready.is_empty() {
            let n = self.ready.len().min(self.options.concurrency.max(1));
            let batches: Vec<Vec<Entry>> = self.ready.drain(..n).collect();
            let results = {
                let api = &self.api;
                let max_retries = self.options.max_retries;
                // Each batch draws its backoffs from its own copy, seeded apart.
                let backoffs: Vec<Backoff> = (0..batches.len())
                    .map(|i| {
                        let mut b = self.backoff.clone();
                        for _ in 0..=i {
                            b.delay(1);
                        }
                        b
                    })
                    .collect();
                self.backoff.delay(1);
                self.runtime.block_on(join_all(
                    batches
                        .into_iter()
                        .zip(backoffs)
                        .map(|(batch, backoff)| send_batch(api, batch, max_retries, backoff)),
                ))
            };
            let mut fatal = None;
            for r in results {
                self.summary.sent += r.sent;
                self.summary.bytes += r.bytes;
                self.summary.retried += r.retried;
                self.summary.requests += r.requests;
                for (entry, code, message) in &r.failed {
                    self.dead(entry, code, message)?;
                }
                for (entry, code, message) in &r.unknown {
                    self.unknown(entry, code, message)?;
                }
                fatal = fatal.or(r.fatal);
            }
            if let Some(e) = fatal {
                return Err(self.error(format!(
                    "{} ({}); the records of the failed call are counted as failed",
                    e.message, e.code
                )));
            }
        }
        Ok(())
    }
}

/// Loads the AWS settings with the SDK's own retries off (the sink owns them) and bounded
/// connect and call times, so an unreachable endpoint fails in seconds.
pub(crate) async fn load_config(region: Option<String>) -> aws_config::SdkConfig {
    load_config_with(region, AwsOptions::default().call_timeout).await
}

/// [`load_config`] with calls timing out after `call_timeout`.
async fn load_config_with(region: Option<String>, call_timeout: Duration) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(call_timeout)
                .build(),
        );
    if let Some(region) = region {
        loader = loader.region(aws_config::Region::new(region));
    }
    loader.load().await
}

/// Sends one batch, retrying failed entries (or the whole call) with backoff.
async fn send_batch<P: PutBatch>(
    api: &P,
    mut entries: Vec<Entry>,
    max_retries: u32,
    mut backoff: Backoff,
) -> BatchResult {
    let mut result = BatchResult::default();
    let mut round = 0u32;
    // Set once a call carrying these entries timed out or lost its answer after it was sent:
    // from then on, an entry given up on may have landed (every later call carries a subset).
    let mut uncertain = false;
    while !entries.is_empty() {
        if round > 0 {
            tokio::time::sleep(backoff.delay(round)).await;
            result.retried += entries.len() as u64;
        }
        for e in &mut entries {
            e.attempts += 1;
        }
        result.requests += 1;
        match api.put(&entries).await {
            Ok(outcomes) => {
                let mut again = Vec::new();
                // Per-entry results follow the request's order; a short answer leaves the rest
                // to be tried again.
                let mut outcomes = outcomes.into_iter();
                for entry in entries {
                    match outcomes.next() {
                        Some(EntryOutcome::Sent) => {
                            result.sent += 1;
                            result.bytes += entry.data.len() as u64;
                        }
                        Some(EntryOutcome::Failed { code, message }) => {
                            if transient_code(&code) && round < max_retries {
                                again.push(entry);
                            } else if uncertain {
                                result.unknown.push((entry, code, message));
                            } else {
                                result.failed.push((entry, code, message));
                            }
                        }
                        None if round < max_retries => again.push(entry),
                        None => result.unknown.push((
                            entry,
                            "MissingResult".into(),
                            "the response had no result for this record".into(),
                        )),
                    }
                }
                entries = again;
            }
            Err(e) if e.transient && round < max_retries => {
                uncertain |= outcome_unknown(&e);
            }
            Err(e) => {
                uncertain |= outcome_unknown(&e);
                let given_up = if uncertain {
                    &mut result.unknown
                } else {
                    &mut result.failed
                };
                for entry in entries.drain(..) {
                    given_up.push((entry, e.code.clone(), e.message.clone()));
                }
                if !e.transient {
                    result.fatal = Some(e);
                }
            }
        }
        round += 1;
    }
    result
}

impl<P: PutBatch> Sink for AwsSink<P> {
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError> {
        let refused = P::LIMITS
            .refusal(&record)
            .map(|m| ("RecordTooLarge".to_owned(), m))
            .or_else(|| self.api.refusal(&record));
        if let Some((code, message)) = refused {
            let entry = Entry {
                index: record.index,
                data: record.data.to_vec(),
                key: record.key.map(str::to_owned),
                attempts: 0,
            };
            return self.dead(&entry, &code, &message);
        }
        if self.batcher.would_overflow(&record) {
            self.ready.push(self.batcher.take());
        }
        let now = self.now_ms();
        self.batcher.push(&record, now);
        if self.batcher.due(now) {
            self.ready.push(self.batcher.take());
        }
        if self.ready.len() >= self.options.concurrency.max(1) {
            self.send_ready()?;
        }
        Ok(())
    }

    fn tick(&mut self, _now_ms: i64) -> Result<(), SinkError> {
        if self.batcher.due(self.now_ms()) {
            self.ready.push(self.batcher.take());
        }
        self.send_ready()
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        if !self.batcher.is_empty() {
            self.ready.push(self.batcher.take());
        }
        self.send_ready()
    }

    fn pending(&self) -> u64 {
        (self.batcher.len() + self.ready.iter().map(Vec::len).sum::<usize>()) as u64
    }

    fn summary(&self) -> Summary {
        self.summary
    }

    fn location(&self) -> String {
        format!("{}://{}", P::SCHEME, self.api.stream())
    }
}

/// Turns an SDK error into a [`CallError`]: service errors by their code (transient when the
/// code says so or the status is 5xx), and failures to reach the service or read its answer
/// (dispatch, timeouts) as transient.
pub(crate) fn call_error<E>(e: SdkError<E, HttpResponse>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &e {
        SdkError::ServiceError(service) => {
            let err = service.err();
            let code = err.code().unwrap_or("Unknown").to_owned();
            let message = err.message().unwrap_or("").to_owned();
            let transient = transient_code(&code) || service.raw().status().is_server_error();
            CallError {
                code,
                message,
                transient,
            }
        }
        SdkError::TimeoutError(_) => CallError {
            code: "Timeout".into(),
            message: "the call timed out".into(),
            transient: true,
        },
        SdkError::DispatchFailure(_) => CallError {
            code: "DispatchFailure".into(),
            message: format!("could not reach the endpoint: {}", source_chain(&e)),
            transient: true,
        },
        _ => CallError {
            code: "ResponseError".into(),
            message: source_chain(&e),
            transient: true,
        },
    }
}

/// Whether a call that failed so may have been carried out: it timed out, or its answer could
/// not be read, after the request was sent.
fn outcome_unknown(e: &CallError) -> bool {
    matches!(e.code.as_str(), "Timeout" | "ResponseError")
}

/// An error and its sources, for messages that say what really happened.
fn source_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
