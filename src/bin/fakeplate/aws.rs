//! Opens the Kinesis or Firehose sink `stream --to` names (features `kinesis`, `firehose`).

use fakeplate::sink::{AwsOptions, DeadLetter, Sink};

use super::Failure;
use super::stream::{Destination, StreamArgs};

/// The sink of `destination`, connected: the stream exists and answers, or this fails (exit 1)
/// before any record is taken.
pub fn open(destination: &Destination, args: &StreamArgs) -> Result<Box<dyn Sink>, Failure> {
    let dead_letter = args
        .dead_letter
        .as_ref()
        .map(DeadLetter::open)
        .transpose()
        .map_err(|e| Failure::Other(format!("opening the dead-letter file {e}")))?;
    let options = AwsOptions {
        region: args.region.clone(),
        max_retries: args.max_retries,
        concurrency: args.concurrency,
        dead_letter,
        seed: args.seed,
        call_timeout: super::stream::request_timeout(&args.request_timeout)?,
        ..AwsOptions::default()
    };
    let connected = match destination {
        #[cfg(feature = "kinesis")]
        Destination::Kinesis(name) => fakeplate::sink::KinesisSink::connect(name, options)
            .map(|s| Box::new(s) as Box<dyn Sink>),
        #[cfg(feature = "firehose")]
        Destination::Firehose(name) => fakeplate::sink::FirehoseSink::connect(name, options)
            .map(|s| Box::new(s) as Box<dyn Sink>),
        other => {
            return Err(Failure::Usage(format!(
                "--to {}: this fakeplate was built without the feature for {other:?}",
                args.to
            )));
        }
    };
    connected.map_err(|e| Failure::Other(e.to_string()))
}
