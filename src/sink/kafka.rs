//! Kafka (feature `kafka`): [`KafkaSink`] produces each record as one message through
//! librdkafka, and [`murmur2`] / [`java_partition`] are the Java client's key partitioning.
//! The choice of crate and the partitioning are explained on [`KafkaSink`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rdkafka::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{
    BaseRecord, DeliveryResult, Producer, ProducerContext, PurgeConfig, ThreadedProducer,
};

use super::{DeadLetter, Record, Sink, SinkError, Summary};

/// Kafka's murmur2 hash of `data`, as the Java client's `Utils.murmur2` computes it (seed
/// `0x9747b28c`), returned as Java's signed `int`.
///
/// ```
/// use fakeplate::sink::murmur2;
///
/// // From Kafka's own tests (`UtilsTest.testMurmur2`).
/// assert_eq!(murmur2(b"21"), -973932308);
/// assert_eq!(murmur2(b"abc"), 479470107);
/// ```
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    // Java hashes `int length`; keys longer than 2 GiB wrap as they would there.
    let mut h = SEED ^ (data.len() as u32);
    let mut words = data.chunks_exact(4);
    for word in &mut words {
        let mut k = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = words.remainder();
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if let Some(&first) = tail.first() {
        h ^= u32::from(first);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// The partition the Java client's default partitioner picks for a message keyed `key` on a
/// topic of `partitions` partitions: `(murmur2(key) & 0x7fffffff) % partitions`.
///
/// ```
/// use fakeplate::sink::java_partition;
///
/// assert_eq!(java_partition(b"foobar", 50), 16);
/// ```
///
/// # Panics
///
/// If `partitions` is 0.
pub fn java_partition(key: &[u8], partitions: u32) -> u32 {
    (murmur2(key) as u32 & 0x7fff_ffff) % partitions
}

/// A Kafka compression codec (`compression.codec`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    /// No compression (Kafka's default).
    #[default]
    None,
    /// gzip (zlib, compiled in).
    Gzip,
    /// Snappy (librdkafka's own copy).
    Snappy,
    /// LZ4 (librdkafka's own copy).
    Lz4,
    /// Zstandard (compiled in).
    Zstd,
}

impl Compression {
    /// The codec's name in librdkafka's and Kafka's settings.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }
}

/// How a [`KafkaSink`] produces.
#[derive(Debug)]
pub struct KafkaOptions {
    /// The batches' compression (default: none).
    pub compression: Compression,
    /// librdkafka settings (`security.protocol`, `sasl.mechanism`, `linger.ms`, …), applied
    /// after the sink's own defaults, so they override them.
    pub settings: Vec<(String, String)>,
    /// Where records given up on go.
    pub dead_letter: Option<DeadLetter>,
    /// How long to wait for the brokers' metadata (the topic and its partitions) before
    /// sending anything.
    pub metadata_timeout: Duration,
}

impl Default for KafkaOptions {
    fn default() -> KafkaOptions {
        KafkaOptions {
            compression: Compression::default(),
            settings: Vec::new(),
            dead_letter: None,
            metadata_timeout: Duration::from_secs(10),
        }
    }
}

/// The sink's defaults, before [`KafkaOptions::settings`].
const DEFAULTS: &[(&str, &str)] = &[
    ("client.id", "fakeplate"),
    // No duplicates or reordering from retries; implies acks=all.
    ("enable.idempotence", "true"),
    ("acks", "all"),
    // The Java client's partitioning of keyed messages.
    ("partitioner", "murmur2_random"),
    // A message not acknowledged within 30 s (retries included) fails and is dead-lettered,
    // rather than waiting librdkafka's default of 5 minutes.
    ("message.timeout.ms", "30000"),
    // A missing topic is an error, not a topic created with the broker's defaults.
    ("allow.auto.create.topics", "false"),
    // Request and retry counts for the summary.
    ("statistics.interval.ms", "100"),
];

/// A record librdkafka gave up on, waiting to be written to the dead-letter file.
struct Failed {
    index: u64,
    key: Option<String>,
    data: Vec<u8>,
    code: String,
    message: String,
    /// It may have landed (it timed out, or was purged, after it was sent).
    unknown: bool,
}

/// What the delivery reports and statistics said; written by librdkafka's polling thread.
#[derive(Default)]
struct Outcomes {
    sent: u64,
    bytes: u64,
    failed: u64,
    /// Failures that may have landed.
    unknown: u64,
    /// Delivery reports received, delivered or not.
    reported: u64,
    /// Failures not yet written to the dead-letter file.
    dead: Vec<Failed>,
    /// Produce requests and request retries, from the latest statistics.
    requests: u64,
    retried: u64,
    /// Messages written into produce requests, a message once per request that carried it
    /// (the partitions' `txmsgs`), from the latest statistics.
    transmitted: u64,
    /// Statistics events received.
    stats: u64,
    /// The first error librdkafka reported for the client as a whole (a refused connection).
    first_error: Option<String>,
    /// A fatal error: the producer cannot go on (the idempotent producer lost its state).
    fatal: Option<String>,
    /// An error that waiting will not mend (TLS or SASL refused), which ends the wait for
    /// metadata early.
    definitive: Option<String>,
}

/// The producer's context: counts delivery reports by the record index carried in each.
#[derive(Default)]
struct Reports {
    outcomes: Mutex<Outcomes>,
    /// Set when `dead` or `fatal` has news, so that `send` need not lock.
    news: AtomicBool,
}

impl Reports {
    fn lock(&self) -> MutexGuard<'_, Outcomes> {
        self.outcomes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether a message that failed so may still have been written: it timed out
/// (`message.timeout.ms`), or was purged while in flight, and librdkafka may have sent it
/// before. librdkafka knows whether it was (`rd_kafka_message_status`), but the rdkafka crate
/// does not expose that without `unsafe`, so every timeout counts as unknown, never as failed.
fn outcome_unknown(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::MessageTimedOut
                | RDKafkaErrorCode::PurgeInflight
                | RDKafkaErrorCode::RequestTimedOut
        )
    )
}

/// The numbers the summary reads from librdkafka's statistics.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    /// Produce requests (the brokers' `req.Produce`).
    requests: u64,
    /// Requests sent again as they were (the brokers' `txretries`).
    retried: u64,
    /// Messages written into produce requests, once per request that carried them (the
    /// partitions' `txmsgs`).
    transmitted: u64,
}

/// Reads [`Counts`] from a statistics event. Only these numbers are read, so the JSON is read
/// loosely rather than into `rdkafka::statistics::Statistics`, whose strict shape a librdkafka
/// upgrade can break.
fn read_statistics(statistics: &[u8]) -> Option<Counts> {
    let json = serde_json::from_slice::<serde_json::Value>(statistics).ok()?;
    let number = |v: &serde_json::Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let mut counts = Counts::default();
    if let Some(brokers) = json.get("brokers").and_then(|b| b.as_object()) {
        for broker in brokers.values() {
            counts.requests += number(broker, "/req/Produce");
            counts.retried += number(broker, "/txretries");
        }
    }
    if let Some(topics) = json.get("topics").and_then(|t| t.as_object()) {
        for topic in topics.values() {
            let partitions = topic.get("partitions").and_then(|p| p.as_object());
            for partition in partitions.into_iter().flat_map(|p| p.values()) {
                counts.transmitted += number(partition, "/txmsgs");
            }
        }
    }
    Some(counts)
}

/// Records sent again in new requests (the idempotent producer resends what was in flight on a
/// connection that was lost): messages transmitted beyond one transmission for each record
/// reported. Only once every record taken is reported (`all_reported`); before, records in
/// flight would count. A record that failed before it was ever sent makes this count one
/// fewer, never more.
fn resent(transmitted: u64, reported: u64, all_reported: bool) -> u64 {
    if all_reported {
        transmitted.saturating_sub(reported)
    } else {
        0
    }
}

fn error_code(e: &KafkaError) -> String {
    match e.rdkafka_error_code() {
        Some(code) => format!("{code:?}"),
        None => "KafkaError".to_owned(),
    }
}

impl ClientContext for Reports {
    fn stats_raw(&self, statistics: &[u8]) {
        let Some(counts) = read_statistics(statistics) else {
            return;
        };
        let mut o = self.lock();
        o.requests = counts.requests;
        o.retried = counts.retried;
        o.transmitted = counts.transmitted;
        o.stats += 1;
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let mut o = self.lock();
        let text = format!("{error}: {reason}");
        match error.rdkafka_error_code() {
            Some(RDKafkaErrorCode::Fatal) => {
                o.fatal.get_or_insert(text.clone());
                o.definitive.get_or_insert(text.clone());
                self.news.store(true, Ordering::Release);
            }
            Some(
                RDKafkaErrorCode::Authentication
                | RDKafkaErrorCode::SSL
                | RDKafkaErrorCode::SaslAuthenticationFailed
                | RDKafkaErrorCode::UnsupportedSASLMechanism,
            ) => {
                o.definitive.get_or_insert(text.clone());
            }
            _ => {}
        }
        o.first_error.get_or_insert(text);
    }

    fn log(&self, _level: rdkafka::config::RDKafkaLogLevel, _fac: &str, _message: &str) {
        // Quiet: what matters reaches `error` and the delivery reports, and the sink reports
        // it; librdkafka's own lines (a reconnect every second) would flood stderr.
    }
}

impl ProducerContext for Reports {
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, index: usize) {
        let mut o = self.lock();
        o.reported += 1;
        match result {
            Ok(message) => {
                o.sent += 1;
                o.bytes += message.payload_len() as u64;
            }
            Err((error, message)) => {
                let unknown = outcome_unknown(error);
                if unknown {
                    o.unknown += 1;
                } else {
                    o.failed += 1;
                }
                o.dead.push(Failed {
                    unknown,
                    index: index as u64,
                    key: message
                        .key()
                        .map(|k| String::from_utf8_lossy(k).into_owned()),
                    data: message.payload().unwrap_or_default().to_vec(),
                    code: error_code(error),
                    message: error.to_string(),
                });
                self.news.store(true, Ordering::Release);
            }
        }
    }
}

/// Produces records to one Kafka topic through librdkafka: idempotent, `acks=all`, keyed
/// records on the Java client's partition for their key.
///
/// [`KafkaSink::connect`] fetches the topic's metadata first and fails within
/// [`KafkaOptions::metadata_timeout`] if no broker answers or the topic does not exist.
/// [`Sink::send`] enqueues a record (waiting while librdkafka's queue is full);
/// [`Sink::flush`] waits for every delivery report, at most the message timeout
/// (`message.timeout.ms`, 30 s by default here) plus 10 s. A record librdkafka gives up on (its
/// retries spent, or refused outright, as a message too large) is counted in
/// [`Summary::failed`] and written to the dead-letter file. One that timed out
/// (`message.timeout.ms`, a request timeout) or was purged in flight may have been written: it
/// is counted in [`Summary::unknown`] and written to the dead-letter file marked
/// `"outcome":"unknown"`.
///
/// [`Summary::requests`] and [`Summary::retried`] come from librdkafka's statistics: produce
/// requests sent, and in `retried` requests sent again as they were (`txretries`) plus, once
/// every record is reported, records sent again in new requests, as the idempotent producer
/// does with what was in flight on a lost connection (a broker restart): the partitions'
/// transmitted messages (`txmsgs`) beyond one for each record reported. librdkafka does not
/// say how often it tried each record, so a dead letter's `attempts` is 1 for a record it gave
/// up on and 0 for one it refused before sending.
///
/// # Why rdkafka and not rskafka
///
/// Both were weighed for what a user of a load generator needs and what the build costs:
///
/// - **Delivery guarantees.** `rdkafka` wraps librdkafka, whose producer is idempotent
///   (`enable.idempotence`: retries neither duplicate nor reorder a partition's messages) and
///   waits for `acks=all`. `rskafka` has, by design, no idempotent (or transactional) producer,
///   so every retry after a lost acknowledgement could write a duplicate. Idempotence is the
///   default here, so this alone decides it.
/// - **What users configure.** librdkafka speaks TLS, SASL (PLAIN, SCRAM, OAUTHBEARER),
///   gzip, snappy, lz4 and zstd, and takes every setting by the names that the Java client and
///   Kafka's documentation use, so `--kafka-option KEY=VALUE` passes them through unchanged.
///   `rskafka` has TLS and SASL PLAIN but no partitioner, batching left to the caller, and an
///   async API that would bring a Tokio runtime.
/// - **Build cost.** Cold debug builds, each in its own target directory on 2 cores: `rdkafka`
///   alone about a minute and 42 crates (librdkafka's C is compiled from the bundled source with
///   cc and make, no cmake), `rskafka` about the same time and 93 crates; all of
///   `cargo build --features kafka` (this crate and its other dependencies too, 62 crates) took
///   1 min 56 s of wall time (2 min 39 s of CPU) while other builds shared the machine, and
///   585 MB of target directory. The default build pulls in neither:
///   the sink sits behind the `kafka` feature. With the features chosen here (bundled
///   librdkafka, zlib and zstd compiled from source) no system library is needed; TLS is the
///   separate feature `kafka-tls`, which links the system OpenSSL.
///
/// The producer is librdkafka's `ThreadedProducer`: `send` enqueues without blocking, librdkafka
/// batches, compresses and retries, and a background thread serves the delivery reports to a
/// [`rdkafka::producer::ProducerContext`] that counts them by record index. No Tokio, and no
/// future or channel per message.
///
/// # Partitions
///
/// librdkafka's `murmur2_random` partitioner is set: a keyed message goes to partition
/// `(murmur2(key) & 0x7fffffff) % partitions` — [`java_partition`] — exactly where the Java
/// client's default partitioner (and Kafka Streams, and every other compatible producer) puts
/// the same key. Unkeyed messages are spread over the partitions by librdkafka's sticky
/// partitioner (a random partition per batch, changed every `sticky.partitioning.linger.ms`,
/// 10 ms by default, as the Java client does since 2.4); `sticky.partitioning.linger.ms=0`
/// picks a random partition per message.
pub struct KafkaSink {
    producer: ThreadedProducer<Reports>,
    reports: Arc<Reports>,
    topic: String,
    location: String,
    partitions: usize,
    dead_letter: Option<DeadLetter>,
    /// Records librdkafka took (each gets exactly one delivery report).
    taken: u64,
    /// Records refused before librdkafka took them (counted as failed).
    refused: u64,
    flush_timeout: Duration,
}

impl std::fmt::Debug for KafkaSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaSink")
            .field("location", &self.location)
            .field("partitions", &self.partitions)
            .field("taken", &self.taken)
            .finish_non_exhaustive()
    }
}

impl KafkaSink {
    /// Connects to `brokers` (`host:port[,host:port…]`) and checks that `topic` exists, within
    /// `options.metadata_timeout`. Nothing is sent before that check passes.
    pub fn connect(
        brokers: &str,
        topic: &str,
        options: KafkaOptions,
    ) -> Result<KafkaSink, SinkError> {
        let location = format!("kafka://{brokers}/{topic}");
        let error = |message: String| SinkError::new(&location, message);
        let mut config = ClientConfig::new();
        config.set("bootstrap.servers", brokers);
        for (key, value) in DEFAULTS {
            config.set(*key, *value);
        }
        config.set("compression.codec", options.compression.as_str());
        for (key, value) in &options.settings {
            config.set(key, value);
        }
        let message_timeout = ["message.timeout.ms", "delivery.timeout.ms"]
            .iter()
            .filter_map(|k| config.get(k))
            .filter_map(|v| v.parse::<u64>().ok())
            .next_back()
            .unwrap_or(30_000);
        let producer: ThreadedProducer<Reports> = config
            .create_with_context(Reports::default())
            .map_err(|e| error(format!("creating the producer: {e}")))?;
        let reports = Arc::clone(producer.context());
        let secs = options.metadata_timeout.as_secs_f64();
        // In slices of a second, so that a refused TLS handshake or SASL login ends the wait.
        let deadline = Instant::now() + options.metadata_timeout;
        let metadata = loop {
            let slice = deadline
                .saturating_duration_since(Instant::now())
                .min(Duration::from_secs(1));
            match producer.client().fetch_metadata(Some(topic), slice) {
                Ok(metadata) => break metadata,
                Err(e) => {
                    let o = reports.lock();
                    if let Some(why) = &o.definitive {
                        return Err(error(format!("{why}; no record was sent")));
                    }
                    if Instant::now() >= deadline {
                        let why = o.first_error.clone().unwrap_or(e.to_string());
                        return Err(error(format!(
                            "no broker answered within {secs:.0} s ({why}); no record was sent"
                        )));
                    }
                }
            }
        };
        let found = metadata.topics().iter().find(|t| t.name() == topic);
        let partitions = match found {
            None => {
                return Err(error(format!(
                    "the brokers know no topic {topic:?}; no record was sent"
                )));
            }
            Some(t) => match t.error() {
                Some(code) => {
                    let code = RDKafkaErrorCode::from(code);
                    let hint = if code == RDKafkaErrorCode::UnknownTopicOrPartition {
                        " (create it first; the sink does not create topics)"
                    } else {
                        ""
                    };
                    return Err(error(format!(
                        "topic {topic:?}: {code}{hint}; no record was sent"
                    )));
                }
                None if t.partitions().is_empty() => {
                    return Err(error(format!(
                        "topic {topic:?} has no partitions; no record was sent"
                    )));
                }
                None => t.partitions().len(),
            },
        };
        Ok(KafkaSink {
            producer,
            reports,
            topic: topic.to_owned(),
            location,
            partitions,
            dead_letter: options.dead_letter,
            taken: 0,
            refused: 0,
            flush_timeout: Duration::from_millis(message_timeout) + Duration::from_secs(10),
        })
    }

    /// The topic's partition count when the sink connected.
    pub fn partitions(&self) -> usize {
        self.partitions
    }

    /// Writes the failures the delivery reports brought to the dead-letter file; fails if
    /// librdkafka reported a fatal error.
    fn drain(&mut self) -> Result<(), SinkError> {
        if !self.reports.news.swap(false, Ordering::Acquire) {
            return Ok(());
        }
        let (dead, fatal) = {
            let mut o = self.reports.lock();
            (std::mem::take(&mut o.dead), o.fatal.clone())
        };
        if let Some(dl) = &mut self.dead_letter {
            for f in &dead {
                if f.unknown {
                    dl.write_unknown(f.index, f.key.as_deref(), &f.data, &f.code, &f.message, 1)?;
                } else {
                    dl.write(f.index, f.key.as_deref(), &f.data, &f.code, &f.message, 1)?;
                }
            }
        }
        match fatal {
            Some(message) => Err(SinkError::new(
                &self.location,
                format!("the producer cannot go on: {message}"),
            )),
            None => Ok(()),
        }
    }

    /// Counts a record librdkafka would not take, and writes it to the dead-letter file.
    fn refuse(&mut self, record: &Record<'_>, error: &KafkaError) -> Result<(), SinkError> {
        self.refused += 1;
        match &mut self.dead_letter {
            Some(dl) => dl.write(
                record.index,
                record.key,
                record.data,
                &error_code(error),
                &error.to_string(),
                0,
            ),
            None => Ok(()),
        }
    }
}

impl Sink for KafkaSink {
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError> {
        self.drain()?;
        let opaque = usize::try_from(record.index).unwrap_or(usize::MAX);
        let mut message = BaseRecord::<str, [u8], usize>::with_opaque_to(&self.topic, opaque)
            .payload(record.data);
        if let Some(key) = record.key {
            message = message.key(key);
        }
        let mut full_since: Option<Instant> = None;
        loop {
            match self.producer.send(message) {
                Ok(()) => {
                    self.taken += 1;
                    return Ok(());
                }
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    // Backpressure: librdkafka's queue is full until deliveries (or message
                    // timeouts) free it.
                    let since = *full_since.get_or_insert_with(Instant::now);
                    if since.elapsed() > self.flush_timeout {
                        return Err(SinkError::new(
                            &self.location,
                            format!(
                                "librdkafka's queue stayed full for {:.0} s",
                                self.flush_timeout.as_secs_f64()
                            ),
                        ));
                    }
                    message = back;
                    self.producer.poll(Duration::from_millis(1));
                }
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::Fatal), _)) => {
                    self.reports.news.store(true, Ordering::Release);
                    self.drain()?;
                    return Err(SinkError::new(&self.location, "fatal producer error"));
                }
                Err((e, _)) => return self.refuse(&record, &e),
            }
        }
    }

    fn tick(&mut self, _now_ms: i64) -> Result<(), SinkError> {
        self.drain()
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        let started = Instant::now();
        let flushed = self.producer.flush(self.flush_timeout);
        if flushed.is_err() || self.pending() > 0 {
            // Past every message timeout: purge, so that the reports of what is left come back
            // as failures and go to the dead-letter file.
            self.producer
                .purge(PurgeConfig::default().queue().inflight());
            let _ = self.producer.flush(Duration::from_secs(2));
        }
        // One more statistics event (one every 100 ms), so the summary counts the last requests.
        let stats = self.reports.lock().stats;
        let waiting = Instant::now();
        while self.reports.lock().stats == stats && waiting.elapsed() < Duration::from_millis(150) {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.reports.news.store(true, Ordering::Release);
        self.drain()?;
        match self.pending() {
            0 => Ok(()),
            n => Err(SinkError::new(
                &self.location,
                format!(
                    "{n} records without a delivery report after {:.0} s",
                    started.elapsed().as_secs_f64()
                ),
            )),
        }
    }

    fn pending(&self) -> u64 {
        self.taken.saturating_sub(self.reports.lock().reported)
    }

    fn summary(&self) -> Summary {
        let o = self.reports.lock();
        let resent = resent(
            o.transmitted,
            o.sent + o.failed + o.unknown,
            self.taken == o.reported,
        );
        Summary {
            sent: o.sent,
            bytes: o.bytes,
            retried: o.retried + resent,
            failed: o.failed + self.refused,
            unknown: o.unknown,
            requests: o.requests,
        }
    }

    fn location(&self) -> String {
        self.location.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kafka's `UtilsTest.testMurmur2` (apache/kafka,
    /// `clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java`).
    #[test]
    fn murmur2_matches_the_java_client() {
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973_932_308),
            (b"foobar", -790_332_482),
            (b"a-little-bit-long-string", -985_981_536),
            (b"a-little-bit-longer-string", -1_486_304_829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58_897_971,
            ),
            (b"abc", 479_470_107),
        ];
        for (data, expected) in cases {
            assert_eq!(
                murmur2(data),
                expected,
                "{:?}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn every_tail_length_is_hashed() {
        // One to three trailing bytes each change the hash; lengths 0 to 8 all differ.
        let hashes: std::collections::HashSet<i32> =
            (0..=8).map(|n| murmur2(&b"abcdefgh"[..n])).collect();
        assert_eq!(hashes.len(), 9);
    }

    #[test]
    fn java_partition_is_positive_modulo() {
        // `(h & 0x7fffffff) % n`, not `abs(h) % n`: they differ for negative hashes.
        let h = murmur2(b"foobar");
        assert!(h < 0);
        assert_eq!(java_partition(b"foobar", 50), (h & 0x7fff_ffff) as u32 % 50);
        assert_eq!(java_partition(b"foobar", 50), 16);
        for n in 1..20 {
            assert!(java_partition(b"21", n) < n);
        }
    }

    #[test]
    fn statistics_give_requests_retries_and_transmissions() {
        let json = br#"{"brokers": {
                "127.0.0.1:9092/1": {"txretries": 2, "req": {"Produce": 40, "Metadata": 3}},
                "GroupCoordinator": {"req": {}}},
            "topics": {"t": {"partitions": {
                "0": {"txmsgs": 6000}, "1": {"txmsgs": 4058}, "-1": {"txmsgs": 0}}}}}"#;
        assert_eq!(
            read_statistics(json),
            Some(Counts {
                requests: 40,
                retried: 2,
                transmitted: 10_058
            })
        );
        assert_eq!(read_statistics(b"{}"), Some(Counts::default()));
        assert_eq!(read_statistics(b"not json"), None);
        // 10,000 records reported, 58 of them transmitted twice.
        assert_eq!(resent(10_058, 10_000, true), 58);
        assert_eq!(resent(10_058, 9_000, false), 0);
        assert_eq!(resent(9_990, 10_000, true), 0);
    }

    #[test]
    fn timeouts_are_unknown_outcomes_and_refusals_failures() {
        use RDKafkaErrorCode as C;
        let unknown = |code| outcome_unknown(&KafkaError::MessageProduction(code));
        assert!(unknown(C::MessageTimedOut));
        assert!(unknown(C::PurgeInflight));
        assert!(unknown(C::RequestTimedOut));
        assert!(!unknown(C::PurgeQueue));
        assert!(!unknown(C::MessageSizeTooLarge));
        assert!(!unknown(C::Fatal));
    }

    #[test]
    fn compression_names_are_librdkafkas() {
        let names: Vec<&str> = [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ]
        .iter()
        .map(|c| c.as_str())
        .collect();
        assert_eq!(names, ["none", "gzip", "snappy", "lz4", "zstd"]);
    }
}
