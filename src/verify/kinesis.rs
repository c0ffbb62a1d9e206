//! Reading a Kinesis data stream back (feature `kinesis`): every shard from its oldest record
//! (`TRIM_HORIZON`) until it is caught up.

use std::time::Duration;

use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::types::ShardIteratorType;

use super::{ReadError, ReadSummary};
use crate::sink::Backoff;
use crate::sink::{CallError, call_error, load_config};

/// Records one `GetRecords` call asks for (the API's largest batch).
const BATCH: i32 = 10_000;
/// Times a throttled or failed call is made again before the read fails.
const RETRIES: u32 = 10;

/// Reads every record of Kinesis data stream `stream`, shard after shard (in the order
/// `ListShards` gives, closed shards included), each from its oldest record, and hands each
/// record's data to `each` with the id of its shard, in the shard's order. A shard is done when
/// it is closed and read to its end, or when a call returns no record and says the shard is
/// caught up (`MillisBehindLatest` 0, or absent). Records written while it reads may be read
/// too.
///
/// Credentials, region and endpoint come from the standard AWS chain (environment, profile,
/// `AWS_ENDPOINT_URL`), as for [`KinesisSink`](crate::sink::KinesisSink); `region` overrides
/// the region. Throttled calls (`ProvisionedThroughputExceededException`) and other transient
/// failures are made again after a backoff; a stream that does not exist, refused credentials
/// or an unreachable endpoint are an error naming the stream.
///
/// ```no_run
/// use fakeplate::Template;
/// use fakeplate::verify::Verifier;
///
/// let template = Template::compile(r#"{"n":{{random.number(99)}}}"#)?;
/// let mut verifier = Verifier::new(&template, 42, 0..1000);
/// fakeplate::verify::kinesis::read("events", None, |shard, data| {
///     verifier.feed_from(shard, data.strip_suffix(b"\n").unwrap_or(data));
/// })?;
/// assert!(verifier.report().is_ok(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read(
    stream: &str,
    region: Option<String>,
    mut each: impl FnMut(&str, &[u8]),
) -> Result<ReadSummary, ReadError> {
    let location = format!("kinesis://{stream}");
    let fail = |e: CallError| ReadError {
        location: location.clone(),
        message: format!("{} ({})", e.message, e.code),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ReadError {
            location: location.clone(),
            message: format!("starting the I/O runtime: {e}"),
        })?;
    runtime.block_on(async {
        let config = load_config(region).await;
        let client = Client::new(&config);
        let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5), 0);
        let shards = list_shards(&client, stream, &mut backoff)
            .await
            .map_err(fail)?;
        let mut summary = ReadSummary {
            sources: shards.len() as u64,
            ..ReadSummary::default()
        };
        for shard in &shards {
            read_shard(
                &client,
                stream,
                shard,
                &mut backoff,
                &mut summary,
                &mut each,
            )
            .await
            .map_err(|e| ReadError {
                location: location.clone(),
                message: format!("{shard}: {} ({})", e.message, e.code),
            })?;
        }
        Ok(summary)
    })
}

/// Makes a call again while it fails with a transient error, up to [`RETRIES`] times.
macro_rules! retried {
    ($backoff:expr, $call:expr) => {{
        let mut attempt = 0u32;
        loop {
            match $call.await.map_err(call_error) {
                Ok(output) => break Ok(output),
                Err(e) if e.transient && attempt < RETRIES => {
                    attempt += 1;
                    tokio::time::sleep($backoff.delay(attempt)).await;
                }
                Err(e) => break Err(e),
            }
        }
    }};
}

/// The ids of every shard of the stream, open or closed.
async fn list_shards(
    client: &Client,
    stream: &str,
    backoff: &mut Backoff,
) -> Result<Vec<String>, CallError> {
    let mut shards = Vec::new();
    let mut token: Option<String> = None;
    loop {
        // With a token, the stream's name must not be given again.
        let call = match &token {
            Some(t) => client.list_shards().next_token(t),
            None => client.list_shards().stream_name(stream),
        };
        let output = retried!(backoff, call.clone().send())?;
        shards.extend(output.shards().iter().map(|s| s.shard_id().to_owned()));
        match output.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => return Ok(shards),
        }
    }
}

/// Reads one shard from its oldest record until it is caught up or closed.
async fn read_shard(
    client: &Client,
    stream: &str,
    shard: &str,
    backoff: &mut Backoff,
    summary: &mut ReadSummary,
    each: &mut impl FnMut(&str, &[u8]),
) -> Result<(), CallError> {
    // The sequence number of the last record read, to resume after an expired iterator.
    let mut last: Option<String> = None;
    let mut iterator = shard_iterator(client, stream, shard, None, backoff).await?;
    while let Some(it) = iterator {
        let call = client.get_records().shard_iterator(&it).limit(BATCH);
        let output = match retried!(backoff, call.clone().send()) {
            Ok(output) => output,
            // Iterators last five minutes; a slow reader takes a new one after the last record.
            Err(e) if e.code == "ExpiredIteratorException" => {
                iterator = shard_iterator(client, stream, shard, last.as_deref(), backoff).await?;
                continue;
            }
            Err(e) => return Err(e),
        };
        summary.requests += 1;
        for record in output.records() {
            let data = record.data().as_ref();
            summary.records += 1;
            summary.bytes += data.len() as u64;
            each(shard, data);
        }
        if let Some(record) = output.records().last() {
            last = Some(record.sequence_number().to_owned());
        }
        let caught_up =
            output.records().is_empty() && output.millis_behind_latest().is_none_or(|ms| ms == 0);
        if caught_up {
            break;
        }
        iterator = output.next_shard_iterator().map(str::to_owned);
        if output.records().is_empty() {
            // Behind but given nothing: a shard takes five reads a second.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    Ok(())
}

/// An iterator at the shard's oldest record, or just after sequence number `after`; `None`
/// when the shard has nothing more to give.
async fn shard_iterator(
    client: &Client,
    stream: &str,
    shard: &str,
    after: Option<&str>,
    backoff: &mut Backoff,
) -> Result<Option<String>, CallError> {
    let mut call = client
        .get_shard_iterator()
        .stream_name(stream)
        .shard_id(shard);
    call = match after {
        Some(sequence) => call
            .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
            .starting_sequence_number(sequence),
        None => call.shard_iterator_type(ShardIteratorType::TrimHorizon),
    };
    let output = retried!(backoff, call.clone().send())?;
    Ok(output.shard_iterator().map(str::to_owned))
}
