//! Reading a Kafka topic back (feature `kafka`): every partition from its first offset to its
//! high watermark when the read began.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{ClientContext, Offset, TopicPartitionList};

use super::{ReadError, ReadSummary};

/// How long to wait for the brokers' metadata and watermarks.
const METADATA: Duration = Duration::from_secs(10);
/// How long a partition short of its watermark may bring nothing before the read fails.
const IDLE: Duration = Duration::from_secs(30);
/// Once every partition reached its watermark, how long to wait for records already on their
/// way (see [`read`]).
const SETTLE: Duration = Duration::from_millis(300);

/// The consumer's defaults, before the caller's settings.
const DEFAULTS: &[(&str, &str)] = &[
    ("client.id", "fakeplate-verify"),
    // Partitions are assigned explicitly: the group is never joined and nothing is committed.
    ("group.id", "fakeplate-verify"),
    ("enable.auto.commit", "false"),
    ("enable.auto.offset.store", "false"),
    ("allow.auto.create.topics", "false"),
];

/// The consumer's context: keeps librdkafka's first error for messages, and its log quiet.
#[derive(Default)]
struct Errors {
    first: Mutex<Option<String>>,
}

impl ClientContext for Errors {
    fn error(&self, error: KafkaError, reason: &str) {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| format!("{error}: {reason}"));
    }

    fn log(&self, _level: rdkafka::config::RDKafkaLogLevel, _fac: &str, _message: &str) {}
}

impl ConsumerContext for Errors {}

/// Reads every record of Kafka topic `topic` on `brokers` (`host:port[,host:port…]`), each
/// partition from its first offset to its high watermark as it was when the read began, and
/// hands each record's value to `each` with its partition, in the partition's order (a record
/// without a value is empty). `settings` are librdkafka settings (TLS, SASL, …) applied over
/// the consumer's defaults. No consumer group is joined and no offset is committed.
///
/// Once every partition reached its watermark, what the client fetched past it is read too,
/// until nothing more comes for a moment: a broker that reports the first offset of the last
/// batch as the high watermark (tansu 0.6 does) would otherwise lose the rest of that batch.
///
/// A topic that does not exist, or brokers that do not answer within 10 s, are an error; so is
/// a partition that brings nothing for 30 s while short of its watermark.
///
/// ```no_run
/// use fakeplate::Template;
/// use fakeplate::verify::Verifier;
///
/// let template = Template::compile(r#"{"n":{{random.number(99)}}}"#)?;
/// let mut verifier = Verifier::new(&template, 42, 0..1000);
/// fakeplate::verify::kafka::read("127.0.0.1:9092", "events", &[], |partition, data| {
///     let record = data.strip_suffix(b"\n").unwrap_or(data);
///     verifier.feed_from(&format!("partition {partition}"), record);
/// })?;
/// assert!(verifier.report().is_ok(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read(
    brokers: &str,
    topic: &str,
    settings: &[(String, String)],
    mut each: impl FnMut(i32, &[u8]),
) -> Result<ReadSummary, ReadError> {
    let location = format!("kafka://{brokers}/{topic}");
    let error = |message: String| ReadError {
        location: location.clone(),
        message,
    };
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", brokers);
    for (key, value) in DEFAULTS {
        config.set(*key, *value);
    }
    for (key, value) in settings {
        config.set(key, value);
    }
    let consumer: BaseConsumer<Errors> = config
        .create_with_context(Errors::default())
        .map_err(|e| error(format!("creating the consumer: {e}")))?;
    let why = |e: &KafkaError| {
        let first = consumer.context().first.lock().map(|f| f.clone());
        first.ok().flatten().unwrap_or_else(|| e.to_string())
    };
    let metadata = consumer
        .fetch_metadata(Some(topic), METADATA)
        .map_err(|e| {
            error(format!(
                "no broker answered within {} s ({})",
                METADATA.as_secs(),
                why(&e)
            ))
        })?;
    let partitions: Vec<i32> = match metadata.topics().iter().find(|t| t.name() == topic) {
        None => return Err(error(format!("the brokers know no topic {topic:?}"))),
        Some(t) => match t.error() {
            Some(code) => {
                return Err(error(format!(
                    "topic {topic:?}: {}",
                    RDKafkaErrorCode::from(code)
                )));
            }
            None => t.partitions().iter().map(|p| p.id()).collect(),
        },
    };
    // Per partition: the offset to reach, and the next offset expected.
    let mut ends = Vec::with_capacity(partitions.len());
    let mut assignment = TopicPartitionList::new();
    for &p in &partitions {
        let (low, high) = consumer
            .fetch_watermarks(topic, p, METADATA)
            .map_err(|e| error(format!("partition {p}: the watermarks: {}", why(&e))))?;
        ends.push((p, high, low));
        assignment
            .add_partition_offset(topic, p, Offset::Offset(low))
            .map_err(|e| error(format!("partition {p}: {e}")))?;
    }
    consumer
        .assign(&assignment)
        .map_err(|e| error(format!("assigning the partitions: {e}")))?;
    let mut summary = ReadSummary {
        sources: partitions.len() as u64,
        ..ReadSummary::default()
    };
    let mut last_news = Instant::now();
    let mut settled_since: Option<Instant> = None;
    loop {
        let reached = ends.iter().all(|&(_, high, next)| next >= high);
        if reached {
            let since = *settled_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= SETTLE {
                return Ok(summary);
            }
        } else if last_news.elapsed() >= IDLE {
            let short: Vec<String> = ends
                .iter()
                .filter(|(_, high, next)| next < high)
                .map(|(p, high, next)| format!("partition {p} at offset {next} of {high}"))
                .collect();
            return Err(error(format!(
                "nothing arrived for {} s, short of the high watermarks: {}",
                IDLE.as_secs(),
                short.join(", ")
            )));
        }
        let Some(message) = consumer.poll(Duration::from_millis(100)) else {
            if !reached {
                // The client's position passes offsets that bring no record (transaction
                // markers), which the messages alone would never reach.
                if let Ok(positions) = consumer.position() {
                    for end in &mut ends {
                        if let Some(Offset::Offset(at)) =
                            positions.find_partition(topic, end.0).map(|p| p.offset())
                        {
                            end.2 = end.2.max(at);
                        }
                    }
                }
            }
            continue;
        };
        let message = match message {
            Ok(m) => m,
            Err(KafkaError::PartitionEOF(_)) => continue,
            Err(e) => return Err(error(format!("reading: {e}"))),
        };
        last_news = Instant::now();
        settled_since = None;
        let data = message.payload().unwrap_or_default();
        summary.records += 1;
        summary.bytes += data.len() as u64;
        if let Some(end) = ends.iter_mut().find(|(p, ..)| *p == message.partition()) {
            end.2 = end.2.max(message.offset().saturating_add(1));
        }
        each(message.partition(), data);
    }
}
