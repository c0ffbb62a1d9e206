//! `stream --to kafka://…` (feature `kafka`): the Kafka sink from the stream options.

use fakeplate::sink::{Compression, DeadLetter, KafkaOptions, KafkaSink};

use super::Failure;
use super::stream::{CompressionArg, StreamArgs};

/// Connects to `brokers` and checks that `topic` exists, with the stream's Kafka options.
pub fn open(brokers: &str, topic: &str, args: &StreamArgs) -> Result<KafkaSink, Failure> {
    let dead_letter = match &args.dead_letter {
        Some(path) => Some(DeadLetter::open(path).map_err(|e| Failure::Other(e.to_string()))?),
        None => None,
    };
    let options = KafkaOptions {
        compression: match args.compression {
            CompressionArg::None => Compression::None,
            CompressionArg::Gzip => Compression::Gzip,
            CompressionArg::Snappy => Compression::Snappy,
            CompressionArg::Lz4 => Compression::Lz4,
            CompressionArg::Zstd => Compression::Zstd,
        },
        settings: settings(&args.kafka_option)?,
        dead_letter,
        ..KafkaOptions::default()
    };
    KafkaSink::connect(brokers, topic, options).map_err(|e| Failure::Other(e.to_string()))
}

/// `KEY=VALUE` pairs of `--kafka-option`.
pub fn settings(options: &[String]) -> Result<Vec<(String, String)>, Failure> {
    options
        .iter()
        .map(|option| match option.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                Ok((key.trim().to_owned(), value.to_owned()))
            }
            _ => Err(Failure::Usage(format!(
                "--kafka-option {option:?}: expected KEY=VALUE (a librdkafka setting)"
            ))),
        })
        .collect()
}
