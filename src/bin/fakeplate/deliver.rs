//! `fakeplate deliver`: Firehose-like objects in a local directory or S3.

use std::time::Duration;

use clap::{Args, ValueEnum};
use fakeplate::Clock;
use fakeplate::delivery::{Config, Delivery, LocalStore, Naming, Store, arrival_ms, random_run_id};
use fakeplate::pace::parse_duration;
use fakeplate::sink::{BucketSink, Sink};

use super::Failure;
use super::args::{self, ClockArg, OutputArgs, TemplateArgs, parse_size};
use super::drive::{Keys, Plan, drive};
use super::keys::KeyLister;
use super::output::{diagnostic, say};
use super::progress::{Progress, SinkState};
use super::signals::Stop;
use super::template::load_mix;

pub const HELP: &str = "Examples:
  fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h \\
      --prefix 'streaming/!{timestamp:yyyy/MM/}' \\
      --error-prefix '!{firehose:error-output-type}/!{timestamp:yyyy/MM/}'
  fakeplate deliver templates/sakila.tmpl --to s3://my-bucket --rate 10 --clock system

Each object is `<prefix><stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>`, the prefix evaluated at
the arrival time of its first record (UTC). The virtual clock (the default) is reproducible and
does not wait unless --rate paces it: record i arrives at --start + i x --step, or under the
--rate profile (N, poisson(N), ramp, sine, steps, periodic(FILE)), the time its date.* functions
read (earlier for --late records). --start T --end T backfills every record arriving in
[start, end) at full speed.
The records depend on --seed alone; the object UUIDs on --run-id, a new random one for each run
unless given (it is printed in the summary), so that no run's objects replace another's: an
object is never overwritten, and a key that is taken stops the run with an error.
S3: the endpoint, region and credentials come from the AWS environment variables
(AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).";

#[derive(Args, Debug)]
pub struct DeliverArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    #[command(flatten)]
    pub mix: args::MixArgs,
    #[command(flatten)]
    pub output_args: OutputArgs,
    /// The bucket: a local directory, or s3://BUCKET[/PATH] (feature `s3`).
    #[arg(long, value_name = "DIR|s3://BUCKET")]
    pub to: String,
    /// The delivery stream's name, the start of every object name.
    #[arg(long, default_value = "etl3-delivery")]
    pub stream_name: String,
    /// The delivery stream's version, in every object name.
    #[arg(long, default_value_t = 1)]
    pub stream_version: u32,
    /// Firehose's Prefix (default: yyyy/MM/dd/HH/).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Firehose's ErrorOutputPrefix (required when --prefix has expressions).
    #[arg(long, value_name = "PREFIX")]
    pub error_prefix: Option<String>,
    /// Deliver an object when it holds this much (`1MiB`, `512KiB`, `5MiB`, bytes).
    #[arg(long, default_value = "1MiB", value_name = "SIZE")]
    pub buffer_size: String,
    /// ... or when its oldest record has waited this long (`60s`, `5m`, `0s`).
    #[arg(long, default_value = "60s", value_name = "DURATION")]
    pub buffer_interval: String,
    /// Stop after this many records.
    #[arg(long, conflicts_with = "duration")]
    pub count: Option<u64>,
    /// Stop after this long (on the virtual clock: records arriving before --start + DURATION).
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
    /// The seed of the records.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The seed of the object UUIDs on the virtual clock (default: a new random one each run).
    /// Give the run id of an earlier run to repeat its keys, into an empty bucket.
    #[arg(long, value_name = "N")]
    pub run_id: Option<u64>,
    /// Arrival times: the virtual clock (reproducible, no waiting) or the system clock.
    #[arg(long, value_enum, default_value_t = ClockArg::Virtual)]
    pub clock: ClockArg,
    /// Send records that fail this check to the error prefix (format-conversion-failed).
    #[arg(long, value_enum)]
    pub validate: Option<ValidateArg>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ValidateArg {
    Json,
}

/// A delivery's settings, checked before any record is taken.
pub struct Settings {
    pub config: Config,
    pub clock: Clock,
    /// `--rate`: paces the run in real time, on either clock.
    pub rate: Option<args::RateSpec>,
    /// The virtual clock is stamped by the rate's profile.
    pub stamps: bool,
    /// The end of a backfill.
    pub end: Option<i64>,
    pub duration: Option<Duration>,
    pub run_id: u64,
}

/// Checks every option and the prefixes against a local bucket's rules (an S3 bucket's keys are
/// checked when it is opened). Reads and creates nothing.
pub fn check(args: &DeliverArgs) -> Result<Settings, Failure> {
    let usage = Failure::Usage;
    let rate = args::rate_spec(&args.output_args)?;
    let duration = args::duration(args.duration.as_deref())?;
    if args.count.is_none()
        && duration.is_none()
        && rate.is_none()
        && args.output_args.end.is_none()
    {
        return Err(usage(
            "give --count, --duration, --end, or --rate (then the run goes on until interrupted)"
                .into(),
        ));
    }
    if args.to.is_empty() {
        return Err(usage(
            "--to '': expected a directory or s3://BUCKET (use --to . for the current directory)"
                .into(),
        ));
    }
    if !args.to.contains("://") {
        // A file where the bucket's directory (or one of its parents) should be.
        let to = std::path::Path::new(&args.to);
        if let Some(file) = to.ancestors().find(|p| p.is_file()) {
            let what = if file == to {
                "is a file".to_owned()
            } else {
                format!("{} is a file", file.display())
            };
            return Err(usage(format!(
                "--to {}: {what}; deliver needs a directory (made when missing) or s3://BUCKET",
                args.to
            )));
        }
    }
    let buffer_bytes = parse_size(&args.buffer_size)
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            usage(format!(
                "--buffer-size {:?}: expected a size such as 1MiB, 512KiB or 65536",
                args.buffer_size
            ))
        })?;
    let buffer_interval = parse_duration(&args.buffer_interval).ok_or_else(|| {
        usage(format!(
            "--buffer-interval {:?}: expected a duration such as 60s or 5m",
            args.buffer_interval
        ))
    })?;
    let clock = args::clock(args.clock, &args.output_args)?;
    let end = args::end_ms(&args.output_args, clock)?;
    if end.is_some() && duration.is_some() {
        return Err(usage(
            "--end and --duration: a backfill ends at --end; give one".into(),
        ));
    }
    let stamps =
        args.clock == ClockArg::Virtual && args::stamps_by_rate(&args.output_args, rate.as_ref())?;
    args::check_traffic(&args.output_args)?;
    if let (Clock::Virtual { step_ms: 0, .. }, Some(_), false) = (clock, duration, stamps) {
        return Err(usage(format!(
            "--step 0ms with --duration {}: virtual time would never reach the end; give --count",
            args.duration.as_deref().unwrap_or_default()
        )));
    }
    args::check_shard(&args.output_args, args.count, clock, duration)?;
    args::check_times(
        &args.output_args,
        clock,
        args.count,
        duration,
        args::KEY_TIMES,
        args.seed,
    )?;
    // Each part names its objects from a run id of its own, so that parts delivering into
    // one bucket never write the same key (part 0 keeps the run's).
    let run_id = args.run_id.unwrap_or_else(random_run_id);
    let names_id = match args::shard(&args.output_args)? {
        Some(shard) if shard.index > 0 => super::drive::key_seed(run_id ^ shard.index),
        _ => run_id,
    };
    let mut config = Config::new(&args.stream_name)
        .stream_version(args.stream_version)
        .buffering(buffer_bytes, buffer_interval)
        .validate_json(matches!(args.validate, Some(ValidateArg::Json)))
        .naming(match args.clock {
            ClockArg::Virtual => Naming::Seeded(names_id),
            ClockArg::System => Naming::Random,
        });
    if let Some(p) = &args.prefix {
        config = config.prefix(p);
    }
    if let Some(p) = &args.error_prefix {
        config = config.error_prefix(p);
    }
    if !args.to.contains("://") {
        // Refuses a prefix a directory cannot hold now, not at the first object.
        let start = arrival_ms(clock, 0);
        let probe = Delivery::new(config.clone(), LocalStore::new(&args.to))
            .map_err(|e| usage(e.to_string()))?;
        probe.check_keys(start).map_err(|e| usage(e.to_string()))?;
    }
    Ok(Settings {
        config,
        clock,
        rate,
        stamps,
        end,
        duration,
        run_id,
    })
}

/// Opens the bucket `--to` names.
fn open_store(to: &str) -> Result<Box<dyn Store>, Failure> {
    if to.starts_with("s3://") {
        #[cfg(feature = "s3")]
        {
            return fakeplate::delivery::S3Store::from_url(to)
                .map(|s| Box::new(s) as Box<dyn Store>)
                .map_err(|e| Failure::Usage(e.to_string()));
        }
        #[cfg(not(feature = "s3"))]
        return Err(Failure::Usage(format!(
            "--to {to}: this fakeplate was built without S3 support (cargo feature `s3`)"
        )));
    }
    if to.contains("://") {
        return Err(Failure::Usage(format!(
            "--to {to}: expected a directory or s3://BUCKET"
        )));
    }
    Ok(Box::new(LocalStore::new(to)))
}

pub fn run(args: DeliverArgs, stop: &Stop) -> Result<(), Failure> {
    let settings = check(&args)?;
    let Settings {
        config,
        clock,
        rate,
        stamps,
        end,
        duration,
        run_id,
    } = settings;
    for w in config.firehose_warnings() {
        diagnostic(&format!("note: {w}; fakeplate delivers with it anyway"));
    }
    let schedule = match rate {
        Some(_) => args::schedule(&args.output_args, args.seed)?,
        None => None,
    };
    let (late, duplicates) = args::faults(&args.output_args)?;
    let stamps = args::Stamps {
        schedule: schedule.clone().filter(|_| stamps),
        late,
    };
    let template = load_mix(&args.template, &args.mix, clock, stamps)?;
    // A backfill runs at full speed to the last record before --end.
    let (count, pace) = match end {
        Some(end) => (Some(args::backfill(&template, end).end), None),
        None => (args.count, schedule.map(|s| args::pacing(s, clock))),
    };
    // A part of the run (--shard): its records, then no duration.
    let part = args::shard_part(&args.output_args, &template, clock, count, duration)?;
    let (first, count, duration) = match part {
        Some(part) => (part.start, Some(part.end - part.start), None),
        None => (0, count, duration),
    };
    let store = open_store(&args.to)?;
    let delivery = Delivery::new(config, store).map_err(|e| Failure::Usage(e.to_string()))?;
    delivery
        .check_keys(arrival_ms(clock, 0))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    for w in delivery.prefixes().warnings() {
        diagnostic(&format!("warning: {w}"));
    }

    let mut lister = KeyLister::start();
    let plan = Plan {
        seed: args.seed,
        clock,
        pace,
        first,
        count,
        duplicates,
        duration,
        delimiter: args.output_args.delimiter.as_str(),
        keys: Keys::None,
        gzip_records: false,
    };
    // Keys go to stdout: when that is the terminal too, a bar would be drawn over them.
    let choice = args.output_args.progress_choice_beside(true);
    let mut progress = Progress::new(choice).total(plan.total());
    progress.sink = Some(SinkState::default());
    let mut sink = BucketSink::new(delivery);
    let result = drive(&template, &plan, &mut sink, stop, &mut progress, |sink| {
        list_delivered(sink, &mut lister)
    });
    // Whatever stopped the run (the end, a signal or a failed write), deliver what is open.
    let flushed = sink.flush();
    list_delivered(&mut sink, &mut lister);
    // The bar goes; the summary below says it all.
    progress.show = false;
    progress.finish(false);
    let delivery = sink.delivery();
    let s = delivery.summary();
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let names = match args.clock {
        ClockArg::Virtual => format!("; run id {run_id}"),
        ClockArg::System => String::new(),
    };
    say!(
        "delivered {}, {}, {} bytes to {}; failed {} ({} bytes) in {}{names}{}",
        plural(s.objects, "object"),
        plural(s.records, "record"),
        s.bytes,
        fakeplate::escape_controls(&delivery.store().location()),
        plural(s.failed_records, "record"),
        s.failed_bytes,
        plural(s.error_objects, "error object"),
        if stop.requested() {
            " (interrupted)"
        } else {
            ""
        }
    );
    let pending = delivery.pending_records();
    if pending > 0 {
        say!("not delivered: {}", plural(pending, "record"));
    }
    // Delivery is over and reported; the listing may still wait for a slow reader.
    lister.finish(stop);
    result.map_err(|e| Failure::Other(e.message))?;
    flushed.map_err(|e| Failure::Other(e.message))
}

/// Lists the key of each object delivered since the last call.
fn list_delivered<S: Store>(sink: &mut BucketSink<S>, lister: &mut KeyLister) {
    for o in sink.take_delivered() {
        lister.list(&o.key);
    }
}
