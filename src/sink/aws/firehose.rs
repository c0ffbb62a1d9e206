//! Firehose: `PutRecordBatch`, checked with `DescribeDeliveryStream`.

use aws_sdk_firehose::Client;
use aws_sdk_firehose::primitives::Blob;
use aws_sdk_firehose::types::Record as FirehoseRecord;

use super::{CallError, EntryOutcome, PutBatch, call_error};
use crate::sink::batch::{BatchLimits, Entry};

/// A Firehose delivery stream, for [`AwsSink`](super::AwsSink). Records are sent as they are
/// (Firehose concatenates them without a delimiter, so the CLI's newline is what separates
/// them in the objects).
///
/// ```no_run
/// use fakeplate::sink::{AwsOptions, FirehoseSink, Record, Sink};
///
/// let mut sink = FirehoseSink::connect("etl3-delivery", AwsOptions::default())?;
/// sink.send(Record::new(0, b"{\"n\":0}\n", 0))?;
/// sink.flush()?;
/// # Ok::<(), fakeplate::sink::SinkError>(())
/// ```
#[derive(Debug)]
pub struct Firehose {
    client: Client,
    stream: String,
}

impl PutBatch for Firehose {
    const LIMITS: BatchLimits = BatchLimits::FIREHOSE;
    const SCHEME: &'static str = "firehose";

    fn new(config: &aws_config::SdkConfig, stream: &str) -> Firehose {
        Firehose {
            client: Client::new(config),
            stream: stream.to_owned(),
        }
    }

    fn stream(&self) -> &str {
        &self.stream
    }

    async fn check(&self) -> Result<(), CallError> {
        self.client
            .describe_delivery_stream()
            .delivery_stream_name(&self.stream)
            .send()
            .await
            .map(drop)
            .map_err(call_error)
    }

    async fn put(&self, entries: &[Entry]) -> Result<Vec<EntryOutcome>, CallError> {
        let records = entries
            .iter()
            .map(|e| {
                FirehoseRecord::builder()
                    .data(Blob::new(e.data.clone()))
                    .build()
                    .expect("data is set")
            })
            .collect();
        let output = self
            .client
            .put_record_batch()
            .delivery_stream_name(&self.stream)
            .set_records(Some(records))
            .send()
            .await
            .map_err(call_error)?;
        Ok(output
            .request_responses()
            .iter()
            .map(|r| EntryOutcome::from_entry(r.error_code(), r.error_message()))
            .collect())
    }
}
