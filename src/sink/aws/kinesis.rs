//! Kinesis Data Streams: `PutRecords`, checked with `DescribeStreamSummary`.

use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::primitives::Blob;
use aws_sdk_kinesis::types::PutRecordsRequestEntry;

use super::{CallError, EntryOutcome, PutBatch, call_error};
use crate::sink::Record;
use crate::sink::batch::{BatchLimits, Entry};

/// The longest partition key Kinesis takes, in characters.
const MAX_KEY_CHARS: usize = 256;

/// A Kinesis data stream, for [`AwsSink`](super::AwsSink).
///
/// ```no_run
/// use fakeplate::sink::{AwsOptions, KinesisSink, Record, Sink};
///
/// let mut sink = KinesisSink::connect("events", AwsOptions::default())?;
/// sink.send(Record::new(0, b"{\"n\":0}\n", 0).with_key("42"))?;
/// sink.flush()?;
/// assert_eq!(sink.summary().sent, 1);
/// # Ok::<(), fakeplate::sink::SinkError>(())
/// ```
#[derive(Debug)]
pub struct Kinesis {
    client: Client,
    stream: String,
}

impl PutBatch for Kinesis {
    const LIMITS: BatchLimits = BatchLimits::KINESIS;
    const SCHEME: &'static str = "kinesis";

    fn new(config: &aws_config::SdkConfig, stream: &str) -> Kinesis {
        Kinesis {
            client: Client::new(config),
            stream: stream.to_owned(),
        }
    }

    fn stream(&self) -> &str {
        &self.stream
    }

    async fn check(&self) -> Result<(), CallError> {
        self.client
            .describe_stream_summary()
            .stream_name(&self.stream)
            .send()
            .await
            .map(drop)
            .map_err(call_error)
    }

    fn refusal(&self, record: &Record<'_>) -> Option<(String, String)> {
        let chars = record.key.map_or(0, |k| k.chars().count());
        (chars == 0 || chars > MAX_KEY_CHARS).then(|| {
            (
                "InvalidPartitionKey".to_owned(),
                format!(
                    "the partition key has {chars} characters; Kinesis takes 1 to {MAX_KEY_CHARS}"
                ),
            )
        })
    }

    async fn put(&self, entries: &[Entry]) -> Result<Vec<EntryOutcome>, CallError> {
        let records = entries
            .iter()
            .map(|e| {
                PutRecordsRequestEntry::builder()
                    .data(Blob::new(e.data.clone()))
                    .partition_key(e.key.clone().unwrap_or_default())
                    .build()
                    .expect("data and partition key are set")
            })
            .collect();
        let output = self
            .client
            .put_records()
            .stream_name(&self.stream)
            .set_records(Some(records))
            .send()
            .await
            .map_err(call_error)?;
        Ok(output
            .records()
            .iter()
            .map(|r| EntryOutcome::from_entry(r.error_code(), r.error_message()))
            .collect())
    }
}
