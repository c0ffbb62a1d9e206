//! `fakeplate stream`: records paced at a rate, to standard output, a file, or a stream
//! (Kinesis Data Streams, Firehose).

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use fakeplate::sink::{Sink, Summary, WriteSink};

use super::Failure;
use super::args::{self, ClockArg, OutputArgs, TemplateArgs};
use super::compress::{Codec, Encoder};
use super::drive::{Keys, Plan, drive};
use super::output::say;
use super::progress::{self, Progress};
use super::signals::Stop;
use super::template::load_mix;

pub const HELP: &str = "Example:
  fakeplate stream templates/sakila.tmpl --rate 10 --duration 1m

More:
  fakeplate stream templates/sakila.tmpl --rate 'poisson(100)' --late 0.05:10m --duplicates 1%
  fakeplate stream templates/sakila.tmpl --clock virtual --rate 'steps(10@1h,2@1h)' \\
      --start 2026-01-01T00:00:00Z --end 2026-01-02T00:00:00Z
  fakeplate stream templates/sakila.tmpl --to firehose://etl3-delivery --rate 10
  fakeplate stream templates/sakila.tmpl --to kinesis://events --rate 1000 \\
      --partition-key '{{random.number({\"min\":1,\"max\":1000})}}' --dead-letter failed.jsonl

--to: `-` (standard output, the default), a file (appended to), kinesis://STREAM or
firehose://DELIVERY_STREAM (features `kinesis` and `firehose`), or
kafka://HOST:PORT[,HOST:PORT...]/TOPIC (feature `kafka`). The AWS sinks take credentials,
region and endpoint from the standard AWS chain (environment, profile, AWS_ENDPOINT_URL);
--region overrides. Records of one second are sent together (a batch per second at low
rates); failed entries are retried with backoff, and what still fails goes to --dead-letter.
Kafka: idempotent with acks=all, keyed records (--key) on the Java client's partition for
their key, --compression, and any librdkafka setting with --kafka-option KEY=VALUE (TLS,
SASL); a record not acknowledged within message.timeout.ms (30 s) goes to --dead-letter.

--compress: into `-` or a file, the whole stream is gzip or zstd (a FILE ending in .gz or .zst
is compressed without it); into Kinesis, Firehose or Kafka each record, delimiter included, is
sent as one gzip member, as KDG's compress option does (Firehose's S3 objects are then
multi-member gzip streams that `gzip -d` reads whole, and `verify` reads). Kafka's
--compression is different: the producer's batch codec, undone by every consumer.";

#[derive(Args, Debug)]
pub struct StreamArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    #[command(flatten)]
    pub mix: args::MixArgs,
    #[command(flatten)]
    pub output_args: OutputArgs,
    /// Where the records go: `-` (stdout), a file, kinesis://STREAM, firehose://NAME,
    /// kafka://HOST:PORT[,HOST:PORT...]/TOPIC.
    #[arg(long, default_value = "-", value_name = "DEST")]
    pub to: String,
    /// Stop after this many records.
    #[arg(long, conflicts_with = "duration")]
    pub count: Option<u64>,
    /// Stop after this long (`90s`, `5m`, `1h`).
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
    /// The seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Where `date.*` read the time: the system clock, or the virtual clock.
    #[arg(long, value_enum, default_value_t = ClockArg::System)]
    pub clock: ClockArg,
    /// A template for each record's partition key (Kinesis) or message key (Kafka), rendered
    /// from a random stream of its own (default: for Kinesis a random decimal number per record,
    /// as KDG sends; for Kafka no key).
    #[arg(long, visible_alias = "key", value_name = "TEMPLATE")]
    pub partition_key: Option<String>,
    /// The AWS region (default: from the AWS environment or profile).
    #[arg(long)]
    pub region: Option<String>,
    /// Retries of a failed entry before it goes to the dead-letter file.
    #[arg(long, default_value_t = 5)]
    pub max_retries: u32,
    /// Records that still fail after the retries, as JSON Lines (appended).
    #[arg(long, value_name = "FILE")]
    pub dead_letter: Option<PathBuf>,
    /// Requests in flight at once (AWS sinks).
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// AWS sinks: how long one call may take (`30s`, `500ms`). A call that times out after it
    /// was sent may have landed: its records, if no retry settles them, are counted as unknown
    /// and go to --dead-letter marked so, for `verify` to settle.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub request_timeout: String,
    /// `-` or a file: compress the stream (gzip or zstd; a FILE ending in .gz or .zst is by
    /// default). Kinesis, Firehose, Kafka: gzip each record, as KDG does.
    #[arg(long, value_enum, value_name = "CODEC")]
    pub compress: Option<Codec>,
    /// Kafka: the compression of the producer's batches.
    #[arg(long, value_enum, default_value_t = CompressionArg::None)]
    pub compression: CompressionArg,
    /// Kafka: a librdkafka setting (`security.protocol=SSL`, `sasl.mechanism=PLAIN`,
    /// `linger.ms=50`, …), passed through; repeatable, later ones win.
    #[arg(long, value_name = "KEY=VALUE")]
    pub kafka_option: Vec<String>,
}

/// Kafka's compression codecs, for `--compression`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompressionArg {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

/// Where a stream's records go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
    Kinesis(String),
    Firehose(String),
    /// `kafka://HOST:PORT[,HOST:PORT…]/TOPIC`.
    Kafka {
        brokers: String,
        topic: String,
    },
}

/// The settings of a stream, checked before anything runs.
pub struct Settings {
    /// The virtual clock is stamped by the rate's profile.
    pub stamps: bool,
    /// The end of a backfill.
    pub end: Option<i64>,
    pub duration: Option<Duration>,
    pub clock: fakeplate::Clock,
    pub destination: Destination,
    /// The codec of a stream into `-` or a file; records into a service are gzipped when
    /// this is `Gzip`.
    pub codec: Codec,
}

fn destination(to: &str) -> Result<Destination, Failure> {
    let usage = |m: String| Failure::Usage(m);
    let named = |scheme: &str, name: &str| stream_name("--to", to, scheme, name);
    match to.split_once("://") {
        None if to == "-" => Ok(Destination::Stdout),
        None if to.is_empty() => Err(usage(
            "--to '': expected -, a file, kinesis://STREAM, firehose://NAME or kafka://HOST:PORT/TOPIC".into(),
        )),
        None => Ok(Destination::File(PathBuf::from(to))),
        Some(("kinesis", name)) => named("Kinesis", name).map(Destination::Kinesis),
        Some(("firehose", name)) => named("Firehose", name).map(Destination::Firehose),
        Some(("kafka", rest)) => kafka_destination("--to", to, rest),
        Some(_) => Err(usage(format!(
            "--to {to}: expected -, a file, kinesis://STREAM, firehose://NAME or kafka://HOST:PORT/TOPIC"
        ))),
    }
}

/// `name`, the stream of `kinesis://` or `firehose://` in option `flag`'s value `to`, when it
/// is 1 to 128 of a-z, A-Z, 0-9, `_`, `.` and `-`.
pub fn stream_name(flag: &str, to: &str, scheme: &str, name: &str) -> Result<String, Failure> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(name.to_owned())
    } else {
        Err(Failure::Usage(format!(
            "{flag} {to}: the {scheme} stream name must be 1 to 128 characters of a-z, A-Z, 0-9, `_`, `.` and `-`"
        )))
    }
}

/// `--request-timeout`: a duration over zero.
pub fn request_timeout(text: &str) -> Result<Duration, Failure> {
    fakeplate::pace::parse_duration(text)
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--request-timeout {text:?}: expected a duration over zero such as 30s or 500ms"
            ))
        })
}

/// `HOST:PORT[,HOST:PORT…]/TOPIC` of `kafka://` in option `flag`'s value `to`: ports that are
/// numbers, and a topic name Kafka accepts (1 to 249 of a-z, A-Z, 0-9, `.`, `_`, `-`, neither
/// `.` nor `..`).
pub fn kafka_destination(flag: &str, to: &str, rest: &str) -> Result<Destination, Failure> {
    let usage = |why: &str| {
        Failure::Usage(format!(
            "{flag} {to}: {why} (expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC)"
        ))
    };
    let (brokers, topic) = rest.split_once('/').ok_or_else(|| usage("no topic"))?;
    for broker in brokers.split(',') {
        match broker.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0) => {}
            _ => return Err(usage(&format!("{broker:?} is not HOST:PORT"))),
        }
    }
    let legal = !topic.is_empty()
        && topic.len() <= 249
        && topic != "."
        && topic != ".."
        && topic
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !legal {
        return Err(usage(
            "the topic must be 1 to 249 characters of a-z, A-Z, 0-9, `.`, `_` and `-`",
        ));
    }
    Ok(Destination::Kafka {
        brokers: brokers.to_owned(),
        topic: topic.to_owned(),
    })
}

pub fn check(args: &StreamArgs) -> Result<Settings, Failure> {
    #[cfg(feature = "kafka")]
    super::kafka::settings(&args.kafka_option)?;
    if args.concurrency == 0 || args.concurrency > 64 {
        return Err(Failure::Usage(format!(
            "--concurrency {}: expected 1 to 64",
            args.concurrency
        )));
    }
    request_timeout(&args.request_timeout)?;
    let destination = destination(&args.to)?;
    let codec = match &destination {
        Destination::Stdout => Codec::for_file(args.compress, None),
        Destination::File(path) => Codec::for_file(args.compress, Some(path)),
        _ => match args.compress {
            Some(Codec::Zstd) => {
                return Err(Failure::Usage(format!(
                    "--compress zstd --to {}: records sent to a stream are compressed with gzip, as KDG does (--compress gzip)",
                    args.to
                )));
            }
            other => other.unwrap_or(Codec::None),
        },
    };
    let rate = args::rate_spec(&args.output_args)?;
    let clock = args::clock(args.clock, &args.output_args)?;
    let end = args::end_ms(&args.output_args, clock)?;
    if end.is_some() && args.duration.is_some() {
        return Err(Failure::Usage(
            "--end and --duration: a backfill ends at --end; give one".into(),
        ));
    }
    let stamps =
        args.clock == ClockArg::Virtual && args::stamps_by_rate(&args.output_args, rate.as_ref())?;
    args::check_traffic(&args.output_args)?;
    let duration = args::duration(args.duration.as_deref())?;
    args::check_shard(&args.output_args, args.count, clock, duration)?;
    args::check_times(
        &args.output_args,
        clock,
        args.count,
        duration,
        args::TIMES,
        args.seed,
    )?;
    Ok(Settings {
        stamps,
        end,
        duration,
        clock,
        destination,
        codec,
    })
}

pub fn run(args: StreamArgs, stop: &Stop) -> Result<(), Failure> {
    let settings = check(&args)?;
    let schedule = args::schedule(&args.output_args, args.seed)?
        .unwrap_or_else(|| fakeplate::pace::Schedule::constant(10.0));
    let (late, duplicates) = args::faults(&args.output_args)?;
    let stamps = args::Stamps {
        schedule: settings.stamps.then(|| schedule.clone()),
        late,
    };
    let template = load_mix(&args.template, &args.mix, settings.clock, stamps)?;
    // A backfill runs at full speed to the last record before --end.
    let (count, pace) = match settings.end {
        Some(end) => (Some(args::backfill(&template, end).end), None),
        None => (args.count, Some(args::pacing(schedule, settings.clock))),
    };
    // A part of the run (--shard): its records, then no duration.
    let part = args::shard_part(
        &args.output_args,
        &template,
        settings.clock,
        count,
        settings.duration,
    )?;
    let (first, count, duration) = match part {
        Some(part) => (part.start, Some(part.end - part.start), None),
        None => (0, count, settings.duration),
    };
    let keys = match &args.partition_key {
        Some(source) => {
            let key_args = TemplateArgs {
                template: PathBuf::from("--partition-key"),
                escape: args::EscapeArg::Text,
                keep_newlines: false,
                data: Vec::new(),
                tz: args.template.tz,
            };
            Keys::Template(Box::new(super::template::compile_key(
                &template,
                &key_args,
                source,
                settings.clock,
            )?))
        }
        None if matches!(settings.destination, Destination::Kinesis(_)) => Keys::RandomDecimal,
        None => Keys::None,
    };
    let plan = Plan {
        seed: args.seed,
        clock: settings.clock,
        pace,
        first,
        count,
        duplicates,
        duration,
        delimiter: args.output_args.delimiter.as_str(),
        keys,
        // Into a service, --compress gzip is per record (stdout and files compress the stream).
        gzip_records: settings.codec == Codec::Gzip
            && !matches!(
                settings.destination,
                Destination::Stdout | Destination::File(_)
            ),
    };
    let mut progress = Progress::new(
        args.output_args
            .progress_choice_beside(settings.destination == Destination::Stdout),
    )
    .total(plan.total());
    let encoder_error = |e: io::Error| Failure::Other(format!("compressing records: {e}"));
    match &settings.destination {
        Destination::Stdout => {
            let out = Encoder::new(settings.codec, io::stdout().lock()).map_err(encoder_error)?;
            let mut sink = WriteSink::new(out, "standard output");
            let result = drive(&template, &plan, &mut sink, stop, &mut progress, |_| {});
            if sink.closed() {
                // The reader closed the pipe: it wanted no more.
                return Ok(());
            }
            result.map_err(|e| Failure::Other(e.message))?;
            match sink.into_inner().finish() {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
                Err(e) => return Err(encoder_error(e)),
            }
            progress.finish(stop.requested());
            Ok(())
        }
        Destination::File(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| Failure::Other(format!("opening {}: {e}", path.display())))?;
            // Appending to a compressed file adds a gzip member or a zstd frame: still one
            // readable stream.
            let out =
                Encoder::new(settings.codec, io::BufWriter::new(file)).map_err(encoder_error)?;
            let mut sink = WriteSink::new(out, path.display().to_string());
            progress = progress.verb("wrote");
            let sent = send(&template, &plan, &mut sink, stop, &mut progress, None);
            let finished = sink.into_inner().finish().map_err(encoder_error);
            sent.and(finished.map(drop))
        }
        #[cfg(any(feature = "kinesis", feature = "firehose"))]
        Destination::Kinesis(_) | Destination::Firehose(_) => {
            let mut sink = super::aws::open(&settings.destination, &args)?;
            progress.sink = Some(progress::SinkState::default());
            let dead_letter = args.dead_letter.as_deref();
            send(
                &template,
                &plan,
                &mut sink,
                stop,
                &mut progress,
                dead_letter,
            )
        }
        #[cfg(not(any(feature = "kinesis", feature = "firehose")))]
        Destination::Kinesis(_) | Destination::Firehose(_) => Err(Failure::Usage(format!(
            "--to {}: this fakeplate was built without the `kinesis` and `firehose` features",
            args.to
        ))),
        #[cfg(feature = "kafka")]
        Destination::Kafka { brokers, topic } => {
            let mut sink = super::kafka::open(brokers, topic, &args)?;
            progress.sink = Some(progress::SinkState::default());
            send(
                &template,
                &plan,
                &mut sink,
                stop,
                &mut progress,
                args.dead_letter.as_deref(),
            )
        }
        #[cfg(not(feature = "kafka"))]
        Destination::Kafka { .. } => Err(Failure::Usage(format!(
            "--to {}: this fakeplate was built without the `kafka` feature",
            args.to
        ))),
    }
}

/// A sink that counts the run's records it took: the highest index taken, plus one (copies of
/// `--duplicates` carry the index of their record, which was taken before).
struct Taking<'a, S: Sink> {
    sink: &'a mut S,
    /// One past the highest record index the sink took.
    next: u64,
    /// Records (copies included) whose `send` succeeded.
    taken: u64,
}

impl<S: Sink> Sink for Taking<'_, S> {
    fn send(
        &mut self,
        record: fakeplate::sink::Record<'_>,
    ) -> Result<(), fakeplate::sink::SinkError> {
        let index = record.index;
        let sent = self.sink.send(record);
        // A `send` that failed may still have taken its record (into a batch, before the call
        // that failed): then the sink accounts for one record more than it took before.
        let took = sent.is_ok() || {
            let s = self.sink.summary();
            s.sent + s.failed + s.unknown + self.sink.pending() > self.taken
        };
        if took {
            self.taken += 1;
            self.next = self.next.max(index.saturating_add(1));
        }
        sent
    }

    fn tick(&mut self, now_ms: i64) -> Result<(), fakeplate::sink::SinkError> {
        self.sink.tick(now_ms)
    }

    fn flush(&mut self) -> Result<(), fakeplate::sink::SinkError> {
        self.sink.flush()
    }

    fn pending(&self) -> u64 {
        self.sink.pending()
    }

    fn summary(&self) -> Summary {
        self.sink.summary()
    }

    fn location(&self) -> String {
        self.sink.location()
    }
}

/// Runs the plan into a sink that reports: flushes whatever stopped the run, then prints the
/// summary. Records the sink gave up on, records whose outcome is unknown, and a run that
/// stopped at an error before taking all its records fail the run (exit 1), after they are
/// reported.
fn send<S: Sink>(
    template: &fakeplate::Template,
    plan: &Plan,
    sink: &mut S,
    stop: &Stop,
    progress: &mut Progress,
    dead_letter: Option<&std::path::Path>,
) -> Result<(), Failure> {
    let started = Instant::now();
    let mut taking = Taking {
        sink,
        next: plan.first,
        taken: 0,
    };
    let result = drive(template, plan, &mut taking, stop, progress, |_| {});
    let taken = taking.next - plan.first;
    let sink = taking.sink;
    let flushed = sink.flush();
    // The bar goes; the summary below says it all.
    progress.show = false;
    progress.finish(false);
    let summary = sink.summary();
    // Records of the run never taken: only a run that stopped at an error leaves any (one that
    // a signal stopped ended as asked).
    let never_taken = match (&result, plan.total()) {
        (Err(_), progress::Total::Records(total)) => total.saturating_sub(taken),
        _ => 0,
    };
    report(
        &sink.location(),
        summary,
        sink.pending(),
        never_taken,
        started,
        stop,
    );
    result.map_err(|e| Failure::Other(e.to_string()))?;
    flushed.map_err(|e| Failure::Other(e.to_string()))?;
    let kept = |n: u64, what: &str| match dead_letter {
        Some(path) => format!("{n} records {what}; they are in {}", path.display()),
        None => format!("{n} records {what} and not kept (give --dead-letter FILE to keep them)"),
    };
    match (summary.failed, summary.unknown) {
        (0, 0) => Ok(()),
        (failed, 0) => Err(Failure::Other(kept(failed, "were not delivered"))),
        (0, unknown) => Err(Failure::Other(format!(
            "{} (marked \"outcome\":\"unknown\"); check with verify whether they landed",
            kept(
                unknown,
                "may or may not have landed (a request timed out after it was sent)"
            )
        ))),
        (failed, unknown) => Err(Failure::Other(format!(
            "{} records were not delivered, and {unknown} may or may not have landed (a request timed out after it was sent, marked \"outcome\":\"unknown\"){}; check with verify whether they landed",
            failed,
            match dead_letter {
                Some(path) => format!("; they are in {}", path.display()),
                None => " and not kept (give --dead-letter FILE to keep them)".to_owned(),
            }
        ))),
    }
}

fn report(
    location: &str,
    s: Summary,
    pending: u64,
    never_taken: u64,
    started: Instant,
    stop: &Stop,
) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let location = fakeplate::escape_controls(location);
    say!(
        "sent {} records, {} bytes to {location} in {} requests ({} rec/s, {}/s); retried {}, failed {}, unknown {}{}",
        s.sent,
        s.bytes,
        s.requests,
        progress::count(s.sent as f64 / secs),
        progress::bytes(s.bytes as f64 / secs),
        s.retried,
        s.failed,
        s.unknown,
        if stop.requested() {
            " (interrupted)"
        } else {
            ""
        }
    );
    match (pending, never_taken) {
        (0, 0) => {}
        (pending, 0) => say!("not sent: {pending} records"),
        (0, never) => {
            say!(
                "not sent: {never} records of the run, never taken (the run stopped at the error below)"
            )
        }
        (pending, never) => say!(
            "not sent: {} records ({pending} taken and not delivered, {never} of the run never taken: the run stopped at the error below)",
            pending + never
        ),
    }
}
