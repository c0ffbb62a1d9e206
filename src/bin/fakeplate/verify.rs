//! `fakeplate verify`: regenerate what a run must have produced and compare it, record by
//! record, with what arrived.

use std::io::{self, Read, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::Args;
use fakeplate::verify::{MAX_RECORDS, Report, Verifier, memory_for};

use super::Failure;
use super::args::{ClockArg, Delimiter, OutputArgs, TemplateArgs, virtual_clock};
use super::compress::decoded;
use super::progress::{Progress, Total};
use super::render::MAX_THREADS;
use super::stream::{Destination, kafka_destination, stream_name};
use super::template::load_mix;

/// The size of a read (one buffer, reused for every file).
const READ_BYTES: usize = 1 << 20;

pub const HELP: &str = "Examples:
  fakeplate deliver templates/sakila.tmpl --to bucket --count 36000 --seed 42
  fakeplate verify templates/sakila.tmpl --from bucket --count 36000 --seed 42
  fakeplate render templates/sakila.tmpl --count 1000 --seed 7 | fakeplate verify templates/sakila.tmpl --from - --count 1000 --seed 7
  fakeplate stream templates/sakila.tmpl --to kinesis://events --clock virtual --rate 1000 --count 5000 --seed 3
  fakeplate verify templates/sakila.tmpl --from kinesis://events --count 5000 --seed 3
  fakeplate stream templates/sakila.tmpl --to events.jsonl --count 5000 --seed 3
  fakeplate verify templates/sakila.tmpl --from events.jsonl --count 5000 --seed 3 \\
      --clock system --window 2026-12-03T14:00:00Z..2026-12-03T15:00:00Z

Give the template, --seed, --count, --start-index and the clock and escaping options of the run
that produced the records. --from is a file of newline-framed records, a directory (every
regular file under it, recursively; hidden files and directories, such as .fakeplate-*.tmp, are
skipped), - for standard input, s3://BUCKET[/PATH] (feature `s3`; the AWS environment
variables as for deliver), kinesis://STREAM (feature `kinesis`: every shard from its oldest
record until it is caught up; --region as for stream) or kafka://HOST:PORT[,HOST:PORT...]/TOPIC
(feature `kafka`: every partition from its first offset to its high watermark when the read
began; --kafka-option for TLS or SASL). Files and objects hold newline-framed records; a Kinesis
or Kafka record is one record, its --delimiter (a line break by default) removed. Files,
standard input and objects compressed with gzip (any number of members, as --compress gzip makes
them) or zstd are read decompressed, streamed. Zero-byte objects (folder markers) are skipped; a
file or object that cannot be read is reported as an error and the others are still read. The
records are compared as multisets, in memory of 17 to 18 bytes per expected record (a --count
whose bookkeeping exceeds the machine's memory is refused); order is checked within each file,
object, shard or partition. File names and keys are printed with control characters escaped.
The report goes to stdout (with --json: a JSON document, and the summary line to
stderr); its last line is `verify: E expected, F found, M missing, D duplicated, U unexpected`.

--clock system verifies a run on the system clock (the default of stream), whose time values
cannot be rendered again: each time value (date.now, date.utc, date.recent and the like, v2's
record.time and date.format or date.add of it, whatever the format) is found by the template
text before it and its format's shape, checked to be of an instant inside --window FROM..TO
(RFC 3339 instants, both included; either side may be left out; default any time; date.recent
and date.past are allowed their span before it), and the rest of the record is compared byte
for byte. A template that computes anything else from the record's time (a comparison,
date.diff, a condition) is refused. An unexpected record whose time value is in the wrong format
or outside the window says so.

Exit status: 0 when every expected record arrived and nothing else did (duplicates only with
--allow-duplicates; records out of order within a file, object, shard or partition only fail with
--require-order), 1 when something is missing, duplicated, unexpected or out of order, or on a
template or read error (a stream or topic that does not exist), 2 for a usage error.";

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    #[command(flatten)]
    pub mix: super::args::MixArgs,
    #[command(flatten)]
    pub output_args: OutputArgs,
    /// Where the records are: a file, a directory, `-` (standard input), s3://BUCKET[/PATH],
    /// kinesis://STREAM or kafka://HOST:PORT[,HOST:PORT...]/TOPIC.
    #[arg(
        long,
        value_name = "FILE|DIR|-|s3://BUCKET|kinesis://STREAM|kafka://HOST:PORT/TOPIC"
    )]
    pub from: String,
    /// The seed of the run.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// How many records the run produced.
    #[arg(long)]
    pub count: u64,
    /// The index of the run's first record.
    #[arg(long, default_value_t = 0)]
    pub start_index: u64,
    /// The clock the run read: the virtual clock (reproducible, the default) or the system
    /// clock (time values checked for their format and --window, the rest byte for byte).
    #[arg(long, value_enum, default_value_t = ClockArg::Virtual)]
    pub clock: ClockArg,
    /// With --clock system: the run's window, FROM..TO (RFC 3339 instants, both included;
    /// either may be left out); every time value must be of an instant inside it.
    #[arg(long, value_name = "FROM..TO")]
    pub window: Option<String>,
    /// Records that arrived more than once do not fail the verification.
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Records out of order within a file, object, shard or partition fail the verification.
    #[arg(long)]
    pub require_order: bool,
    /// Print the report as JSON (the summary line then goes to stderr).
    #[arg(long)]
    pub json: bool,
    /// Threads to render the expected records on, at most 1024; 0 means one per core.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// kinesis://: the AWS region (default: from the AWS environment or profile).
    #[arg(long)]
    pub region: Option<String>,
    /// kafka://: a librdkafka setting for the consumer (`security.protocol=SSL`, …);
    /// repeatable, later ones win.
    #[arg(long, value_name = "KEY=VALUE")]
    pub kafka_option: Vec<String>,
}

/// Where the records are.
#[derive(Debug, PartialEq)]
pub enum Source {
    Path(PathBuf),
    Stdin,
    S3(String),
    /// A Kinesis data stream: one record per Kinesis record.
    Kinesis(String),
    /// A Kafka topic: one record per message.
    Kafka {
        brokers: String,
        topic: String,
    },
}

impl Source {
    /// Whether each record arrives on its own (a Kinesis record, a Kafka message) rather than
    /// framed by line breaks.
    fn is_messages(&self) -> bool {
        matches!(self, Source::Kinesis(_) | Source::Kafka { .. })
    }

    /// What the records were read from, for the report.
    fn unit(&self) -> &'static str {
        match self {
            Source::Path(_) => "file",
            Source::Stdin => "stream",
            Source::S3(_) => "object",
            Source::Kinesis(_) => "shard",
            Source::Kafka { .. } => "partition",
        }
    }
}

/// Checks every option; reads nothing.
pub fn check(args: &VerifyArgs) -> Result<(Range<u64>, Source), Failure> {
    let usage = Failure::Usage;
    let end = args.start_index.checked_add(args.count).ok_or_else(|| {
        usage(format!(
            "--start-index {} --count {}: the last record's index would pass {}",
            args.start_index,
            args.count,
            u64::MAX
        ))
    })?;
    if args.count > MAX_RECORDS {
        return Err(usage(format!(
            "--count {}: verify takes at most {MAX_RECORDS} records at a time (split the range with --start-index)",
            args.count
        )));
    }
    if args.threads > MAX_THREADS {
        return Err(usage(format!(
            "--threads {}: at most {MAX_THREADS}",
            args.threads
        )));
    }
    virtual_clock(&args.output_args)?;
    window(args)?;
    super::args::check_traffic(&args.output_args)?;
    let clock = super::args::clock(args.clock, &args.output_args)?;
    super::args::check_times(
        &args.output_args,
        clock,
        Some(end),
        None,
        super::args::TIMES,
        args.seed,
    )?;
    let from = args.from.as_str();
    let source = if from.is_empty() {
        return Err(usage(format!("--from '': expected {SOURCES}")));
    } else if from == "-" {
        if args.template.template.as_os_str() == "-" {
            return Err(usage(
                "the template and --from cannot both be standard input".into(),
            ));
        }
        Source::Stdin
    } else if from.starts_with("s3://") {
        if cfg!(feature = "s3") {
            Source::S3(from.to_owned())
        } else {
            return Err(usage(format!(
                "--from {from}: this fakeplate was built without S3 support (cargo feature `s3`)"
            )));
        }
    } else if let Some(name) = from.strip_prefix("kinesis://") {
        let name = stream_name("--from", from, "Kinesis", name)?;
        if !cfg!(feature = "kinesis") {
            return Err(usage(format!(
                "--from {from}: this fakeplate was built without Kinesis support (cargo feature `kinesis`)"
            )));
        }
        Source::Kinesis(name)
    } else if let Some(rest) = from.strip_prefix("kafka://") {
        let Destination::Kafka { brokers, topic } = kafka_destination("--from", from, rest)? else {
            return Err(usage(format!(
                "--from {from}: expected kafka://HOST:PORT/TOPIC"
            )));
        };
        if !cfg!(feature = "kafka") {
            return Err(usage(format!(
                "--from {from}: this fakeplate was built without Kafka support (cargo feature `kafka`)"
            )));
        }
        #[cfg(feature = "kafka")]
        super::kafka::settings(&args.kafka_option)?;
        Source::Kafka { brokers, topic }
    } else if from.starts_with("firehose://") {
        return Err(usage(format!(
            "--from {from}: a Firehose stream cannot be read back; verify where it delivers (s3://BUCKET/PREFIX)"
        )));
    } else if from.contains("://") {
        return Err(usage(format!("--from {from}: expected {SOURCES}")));
    } else {
        Source::Path(PathBuf::from(from))
    };
    if !source.is_messages() {
        if let Delimiter::None = args.output_args.delimiter {
            return Err(usage(
                "--delimiter none: files and objects hold newline-framed records, and records without a delimiter cannot be told apart (Kinesis and Kafka records can)".into(),
            ));
        }
    }
    // A part of a run (--shard K/N): its records only. With --duplicates a part holds copies
    // of the part before it and misses some of its own, which go to the next: verify the parts
    // together then.
    let range = match super::args::shard(&args.output_args)? {
        Some(_) if args.output_args.duplicates.is_some() => {
            return Err(usage(
                "--shard with --duplicates: copies cross from one part into the next; verify all the parts together, without --shard".into(),
            ));
        }
        Some(shard) => shard.part(args.start_index..end),
        None => args.start_index..end,
    };
    // The expected records' bookkeeping is allocated whole before anything is read: a range
    // whose bookkeeping cannot fit in this machine's memory is refused here, not aborted on.
    let need = memory_for(range.end - range.start);
    if let Some(total) = physical_memory().filter(|&total| need > total) {
        return Err(usage(too_large(args, need, Some(total))));
    }
    Ok((range, source))
}

/// Why `--count` is too large for memory: the limit and what to do.
fn too_large(args: &VerifyArgs, need: u64, total: Option<u64>) -> String {
    let gib = |b: u64| format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30));
    format!(
        "--count {}: verify keeps 16 to 18 bytes for each expected record before it reads anything, {} for this range, {}; verify the range in parts (--start-index and --count)",
        args.count,
        gib(need),
        match total {
            Some(total) => format!("more than this machine's {} of memory", gib(total)),
            None => "which could not be allocated".to_owned(),
        }
    )
}

/// This machine's memory in bytes, when the system says (Linux: `MemTotal` of
/// `/proc/meminfo`).
fn physical_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line
        .trim_start_matches("MemTotal:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

/// `--window FROM..TO` as Unix milliseconds, both ends included (`None`: any time); only with
/// `--clock system`.
pub fn window(args: &VerifyArgs) -> Result<Option<std::ops::RangeInclusive<i64>>, Failure> {
    let Some(text) = args.window.as_deref() else {
        return Ok(None);
    };
    if args.clock != ClockArg::System {
        return Err(Failure::Usage(format!(
            "--window {text}: only with --clock system (on the virtual clock every time is known)"
        )));
    }
    let usage = |why: &str| {
        Failure::Usage(format!(
            "--window {text}: {why}; expected FROM..TO, RFC 3339 instants such as 2026-12-03T14:00:00Z..2026-12-03T15:00:00Z"
        ))
    };
    let (from, to) = text.split_once("..").ok_or_else(|| usage("no `..`"))?;
    let instant = |side: &str, default: i64| -> Result<i64, Failure> {
        if side.is_empty() {
            return Ok(default);
        }
        chrono::DateTime::parse_from_rfc3339(side)
            .map(|t| t.timestamp_millis())
            .map_err(|e| usage(&format!("`{side}` is not an RFC 3339 instant ({e})")))
    };
    let (from, to) = (instant(from, i64::MIN)?, instant(to, i64::MAX)?);
    if from > to {
        return Err(usage("FROM is after TO"));
    }
    Ok(Some(from..=to))
}

/// What `--from` takes, for messages.
const SOURCES: &str =
    "a file, a directory, -, s3://BUCKET, kinesis://STREAM or kafka://HOST:PORT/TOPIC";

pub fn run(args: VerifyArgs) -> Result<(), Failure> {
    let (range, source) = check(&args)?;
    let clock = super::args::clock(args.clock, &args.output_args)?;
    let stamps = super::args::stamps(&args.output_args, args.seed)?;
    let template = load_mix(&args.template, &args.mix, clock, stamps)?;
    // Records longer than any expected one are cut here: they are unexpected whatever follows.
    // Longer lines are unexpected records, kept whole only up to here; an error document of
    // Firehose's error output holds a record in base64 (4/3 of it) and some metadata.
    let limit = template
        .max_record_bytes()
        .saturating_mul(2)
        .saturating_add(4096);
    let mut verifier = match args.clock {
        ClockArg::Virtual => {
            Verifier::try_with_threads(&template, args.seed, range.clone(), args.threads)
                .map_err(|e| Failure::Usage(too_large(&args, e.bytes, None)))?
        }
        ClockArg::System => Verifier::system_clock(
            &template,
            args.seed,
            range.clone(),
            window(&args)?,
            args.threads,
        )
        .map_err(|e| Failure::Other(format!("{}: {e}", args.template.template.display())))?,
    };
    if let (_, Some(d)) = super::args::faults(&args.output_args)? {
        let seed = super::args::duplicates_seed(args.seed);
        verifier.expect_again(d.in_run(seed, range.clone()));
    }
    let broken = verifier.expected_with_line_breaks();
    if broken > 0 && !source.is_messages() {
        return Err(Failure::Usage(format!(
            "{broken} of the expected records contain a line break (--keep-newlines?), and verify reads newline-framed records"
        )));
    }
    let mut progress = Progress::new(args.output_args.progress_choice())
        .total(Total::Records(args.count))
        .verb("read");
    // Files or objects of a directory or bucket that could not be read (a corrupt gzip member,
    // a read that failed): each is reported and the others are still read.
    let mut unreadable: Vec<String> = Vec::new();
    let from = match &source {
        Source::Stdin => {
            let mut stdin = decoded(Box::new(io::stdin().lock()))
                .map_err(|e| Failure::Other(format!("reading standard input: {e}")))?;
            feed_reader(
                &mut verifier,
                "<stdin>",
                &mut stdin,
                limit,
                &mut progress,
                &mut vec![0; READ_BYTES],
            )
            .map_err(|e| Failure::Other(format!("reading standard input: {e}")))?;
            "standard input".to_owned()
        }
        Source::Path(path) => {
            unreadable = feed_path(&mut verifier, path, limit, &mut progress)?;
            path.display().to_string()
        }
        Source::S3(url) => {
            unreadable = feed_s3(&mut verifier, url, limit, &mut progress)?;
            url.clone()
        }
        Source::Kinesis(name) => {
            let delimiter = args.output_args.delimiter.as_str().as_bytes();
            feed_kinesis(&mut verifier, name, &args, delimiter, &mut progress)?;
            format!("kinesis://{name}")
        }
        Source::Kafka { brokers, topic } => {
            let delimiter = args.output_args.delimiter.as_str().as_bytes();
            feed_kafka(
                &mut verifier,
                brokers,
                topic,
                &args,
                delimiter,
                &mut progress,
            )?;
            format!("kafka://{brokers}/{topic}")
        }
    };
    if progress.show {
        progress.finish(false);
    }
    let report = verifier.report();
    let ok = report.is_ok(args.allow_duplicates)
        && !(args.require_order && report.out_of_order > 0)
        && unreadable.is_empty();
    for e in &unreadable {
        super::output::diagnostic(&format!("error: {e}"));
    }
    let mut out = io::stdout().lock();
    let written = if args.json {
        let mut doc = report.to_json();
        doc["ok"] = ok.into();
        doc["seed"] = args.seed.into();
        doc["start_index"] = range.start.into();
        doc["from"] = from.into();
        doc["time_values"] = verifier.time_values().into();
        doc["unreadable"] = unreadable.clone().into();
        let text = serde_json::to_string_pretty(&doc).expect("a JSON value prints");
        super::output::say!("{}", report.summary());
        writeln!(out, "{text}")
    } else {
        let mut text = human(
            &args,
            &range,
            &from,
            source.unit(),
            &report,
            verifier.time_values(),
        );
        if !unreadable.is_empty() {
            // Before the summary line, which stays last.
            let at = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
            text.insert_str(
                at,
                &format!(
                    "unreadable: {} {}{} (read up to the fault; see the errors above)\n",
                    unreadable.len(),
                    source.unit(),
                    if unreadable.len() == 1 { "" } else { "s" }
                ),
            );
        }
        out.write_all(text.as_bytes())
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Failure::Other(format!("writing the report: {e}"))),
    }
    if ok { Ok(()) } else { Err(Failure::Failed) }
}

/// Feeds a file, or every regular file under a directory (in name order, hidden files and
/// directories skipped,
/// symbolic links not followed), each labelled by its path under the directory. A file of a
/// directory that cannot be read (a corrupt gzip member, a failed read) is read up to the
/// fault and the next is read; the faults are returned, one message each.
fn feed_path(
    verifier: &mut Verifier,
    root: &Path,
    limit: usize,
    progress: &mut Progress,
) -> Result<Vec<String>, Failure> {
    let meta = std::fs::metadata(root)
        .map_err(|e| Failure::Usage(format!("--from {}: {e}", root.display())))?;
    let message = |path: &Path, e: io::Error| format!("reading {}: {e}", path.display());
    let read_error = |path: &Path, e: io::Error| Failure::Other(message(path, e));
    let mut buf = vec![0; READ_BYTES];
    if !meta.is_dir() {
        let mut file = open(root).map_err(|e| read_error(root, e))?;
        let label = root.display().to_string();
        feed_reader(verifier, &label, &mut file, limit, progress, &mut buf)
            .map_err(|e| read_error(root, e))?;
        return Ok(Vec::new());
    }
    let mut stack = vec![root.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| read_error(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| read_error(&dir, e))?;
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| read_error(&entry.path(), e))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    let mut unreadable = Vec::new();
    for path in files {
        let label = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let fed = open(&path).and_then(|mut file| {
            feed_reader(verifier, &label, &mut file, limit, progress, &mut buf)
        });
        if let Err(e) = fed {
            unreadable.push(message(&path, e));
        }
    }
    Ok(unreadable)
}

/// A file, decompressed when it is gzip or zstd (whatever its name).
fn open(path: &Path) -> io::Result<Box<dyn Read>> {
    decoded(Box::new(std::fs::File::open(path)?))
}

/// Feeds every object of an S3 bucket (or of the path under it), in key order, each streamed
/// (and decompressed) as a local file is, so that memory does not follow an object's size.
/// Zero-byte objects (folder markers such as `streaming/`) hold nothing and are skipped. An
/// object that cannot be read (a corrupt gzip member, a failed request) is read up to the
/// fault and the next is read; the faults are returned, one message each.
#[cfg(feature = "s3")]
fn feed_s3(
    verifier: &mut Verifier,
    url: &str,
    limit: usize,
    progress: &mut Progress,
) -> Result<Vec<String>, Failure> {
    use fakeplate::delivery::Store as _;
    let store =
        fakeplate::delivery::S3Store::from_url(url).map_err(|e| Failure::Usage(e.to_string()))?;
    let objects = store
        .list_sizes("")
        .map_err(|e| Failure::Other(format!("listing {url}: {}", store_message(e))))?;
    let mut buf = vec![0; READ_BYTES];
    let mut unreadable = Vec::new();
    for (key, size) in objects {
        if size == 0 {
            continue;
        }
        let fed = store
            .open(&key)
            .map_err(|e| format!("reading {e}"))
            .and_then(|object| {
                let location = format!("{}{key}", store.location());
                let why = |e: io::Error| format!("reading {location}: {e}");
                let mut r = decoded(Box::new(object)).map_err(why)?;
                feed_reader(verifier, &key, &mut r, limit, progress, &mut buf).map_err(why)
            });
        if let Err(e) = fed {
            unreadable.push(e);
        }
    }
    Ok(unreadable)
}

/// A store's error without the "writing" of a put.
#[cfg(feature = "s3")]
fn store_message(e: fakeplate::delivery::DeliveryError) -> String {
    match e {
        fakeplate::delivery::DeliveryError::Store { message, .. } => message,
        e => e.to_string(),
    }
}

#[cfg(not(feature = "s3"))]
fn feed_s3(
    _: &mut Verifier,
    url: &str,
    _: usize,
    _: &mut Progress,
) -> Result<Vec<String>, Failure> {
    Err(Failure::Usage(format!(
        "--from {url}: this fakeplate was built without S3 support (cargo feature `s3`)"
    )))
}

/// Feeds one Kinesis record or Kafka message from `source`: the record, its delimiter removed.
#[cfg(any(feature = "kinesis", feature = "kafka"))]
fn feed_message(
    verifier: &mut Verifier,
    source: &str,
    data: &[u8],
    delimiter: &[u8],
    progress: &mut Progress,
) {
    verifier.feed_from(source, data.strip_suffix(delimiter).unwrap_or(data));
    progress.add(1, data.len());
}

/// Feeds every record of a Kinesis data stream, shard by shard.
#[cfg(feature = "kinesis")]
fn feed_kinesis(
    verifier: &mut Verifier,
    stream: &str,
    args: &VerifyArgs,
    delimiter: &[u8],
    progress: &mut Progress,
) -> Result<(), Failure> {
    fakeplate::verify::kinesis::read(stream, args.region.clone(), |shard, data| {
        feed_message(verifier, shard, data, delimiter, progress);
    })
    .map(drop)
    .map_err(|e| Failure::Other(e.to_string()))
}

#[cfg(not(feature = "kinesis"))]
fn feed_kinesis(
    _: &mut Verifier,
    stream: &str,
    _: &VerifyArgs,
    _: &[u8],
    _: &mut Progress,
) -> Result<(), Failure> {
    Err(Failure::Usage(format!(
        "--from kinesis://{stream}: this fakeplate was built without Kinesis support (cargo feature `kinesis`)"
    )))
}

/// Feeds every message of a Kafka topic, partition by partition.
#[cfg(feature = "kafka")]
fn feed_kafka(
    verifier: &mut Verifier,
    brokers: &str,
    topic: &str,
    args: &VerifyArgs,
    delimiter: &[u8],
    progress: &mut Progress,
) -> Result<(), Failure> {
    let settings = super::kafka::settings(&args.kafka_option)?;
    // One label per partition, made once.
    let mut labels: Vec<String> = Vec::new();
    fakeplate::verify::kafka::read(brokers, topic, &settings, |partition, data| {
        let p = usize::try_from(partition).unwrap_or(0);
        while labels.len() <= p {
            labels.push(format!("partition {}", labels.len()));
        }
        feed_message(verifier, &labels[p], data, delimiter, progress);
    })
    .map(drop)
    .map_err(|e| Failure::Other(e.to_string()))
}

#[cfg(not(feature = "kafka"))]
fn feed_kafka(
    _: &mut Verifier,
    brokers: &str,
    topic: &str,
    _: &VerifyArgs,
    _: &[u8],
    _: &mut Progress,
) -> Result<(), Failure> {
    Err(Failure::Usage(format!(
        "--from kafka://{brokers}/{topic}: this fakeplate was built without Kafka support (cargo feature `kafka`)"
    )))
}

/// Feeds the newline-framed records of `r`, read into `buf`, keeping at most `limit` bytes of a
/// record that spans reads (longer than any expected record, it is unexpected whatever
/// follows); it is reported with its whole length, as a record within one read is.
fn feed_reader(
    verifier: &mut Verifier,
    label: &str,
    r: &mut dyn Read,
    limit: usize,
    progress: &mut Progress,
    buf: &mut [u8],
) -> io::Result<()> {
    // The start of a record that continues in the next read.
    let mut carry: Vec<u8> = Vec::new();
    // The carried record's whole length so far (`carry` keeps at most `limit` bytes of it).
    let mut carry_len = 0usize;
    let mut carried = false;
    loop {
        let n = match r.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let before = verifier.records();
        let mut chunk = &buf[..n];
        if carried {
            let end = chunk.iter().position(|&b| b == b'\n');
            let part = &chunk[..end.unwrap_or(chunk.len())];
            let room = limit.saturating_sub(carry.len());
            carry.extend_from_slice(&part[..part.len().min(room)]);
            carry_len = carry_len.saturating_add(part.len());
            let Some(end) = end else {
                progress.add(0, n);
                continue;
            };
            verifier.feed_cut(label, &carry, carry_len);
            carry.clear();
            carried = false;
            chunk = &chunk[end + 1..];
        }
        // Whole records up to the last line break; the rest continues in the next read.
        let whole = chunk.iter().rposition(|&b| b == b'\n').map_or(0, |e| e + 1);
        verifier.feed_lines(label, &chunk[..whole]);
        let rest = &chunk[whole..];
        if !rest.is_empty() {
            carry.extend_from_slice(&rest[..rest.len().min(limit)]);
            carry_len = rest.len();
            carried = true;
        }
        progress.add(verifier.records() - before, n);
    }
    if carried {
        verifier.feed_cut(label, &carry, carry_len);
        progress.add(1, 0);
    }
    Ok(())
}

/// The human report.
fn human(
    args: &VerifyArgs,
    range: &Range<u64>,
    from: &str,
    unit: &str,
    r: &Report,
    time_values: usize,
) -> String {
    use std::fmt::Write as _;
    // File names, keys and labels are printed escaped: none may drive the terminal.
    let esc = |text: &str| fakeplate::escape_controls(text).into_owned();
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: seed {}, records {}..{}; read {} from {} in {}",
        esc(&args.template.template.display().to_string()),
        args.seed,
        range.start,
        range.end,
        plural(r.records, "record"),
        plural(r.sources, unit),
        esc(from),
    );
    if args.clock == ClockArg::System {
        let _ = writeln!(
            s,
            "system clock: {} per record checked for format{}, the rest byte for byte",
            plural(time_values as u64, "time value"),
            match args.window.as_deref() {
                Some(w) => format!(" and window {w}"),
                None => String::new(),
            }
        );
    }
    if r.missing > 0 {
        let first: Vec<String> = r
            .missing_sample
            .iter()
            .map(|m| {
                if m.end - m.start == 1 {
                    m.start.to_string()
                } else {
                    format!("{}-{}", m.start, m.end - 1)
                }
            })
            .collect();
        let _ = writeln!(
            s,
            "missing: {}, first {}",
            plural(r.missing, "record"),
            first.join(", ")
        );
    }
    if r.failed > 0 {
        let first: Vec<String> = r
            .failed_sample
            .iter()
            .map(|f| match f.error_code.as_str() {
                "" => format!("{} in {}", f.index, esc(&f.source)),
                code => format!("{} in {} ({})", f.index, esc(&f.source), esc(code)),
            })
            .collect();
        let _ = writeln!(
            s,
            "failed: {} of the missing in the error output (delivery failed them), first {}",
            plural(r.failed, "record"),
            first.join(", ")
        );
    }
    if r.duplicated > 0 {
        let first: Vec<String> = r
            .duplicated_sample
            .iter()
            .map(|d| format!("{} ({} copies)", d.index, d.copies))
            .collect();
        let _ = writeln!(
            s,
            "duplicated: {}{}, first {}",
            plural(r.duplicated, "extra copy").replace("copys", "copies"),
            if args.allow_duplicates {
                " (allowed)"
            } else {
                ""
            },
            first.join(", ")
        );
    }
    if r.unexpected > 0 {
        let _ = writeln!(
            s,
            "unexpected: {} matching no expected record; the first:",
            plural(r.unexpected, "record")
        );
        for u in &r.unexpected_sample {
            let _ = write!(
                s,
                "  {} record {} ({} bytes)",
                esc(&u.source),
                u.position,
                u.len
            );
            if let Some(reason) = &u.reason {
                let _ = write!(s, ": {}", esc(reason));
            }
            match &u.closest {
                Some(c) => {
                    let _ = writeln!(
                        s,
                        ": closest expected record {}, first difference at byte {}",
                        c.index, c.first_difference
                    );
                    let _ = writeln!(
                        s,
                        "    expected: {}",
                        excerpt(c.record.as_bytes(), c.first_difference)
                    );
                    let _ = writeln!(
                        s,
                        "    found:    {}",
                        excerpt(&u.record, c.first_difference)
                    );
                }
                None => {
                    let _ = writeln!(s, ": {}", excerpt(&u.record, 0));
                }
            }
        }
    }
    if r.out_of_order > 0 {
        let first: Vec<String> = r
            .out_of_order_sample
            .iter()
            .map(|o| format!("{} ({})", esc(&o.source), o.records))
            .collect();
        let _ = writeln!(
            s,
            "out of order: {} within their {unit}{}, in {}",
            plural(r.out_of_order, "record"),
            if args.require_order {
                ""
            } else {
                " (information; --require-order fails on it)"
            },
            first.join(", ")
        );
    }
    let _ = writeln!(s, "{}", r.summary());
    s
}

/// About 40 bytes either side of `at`, escaped as a Rust string would be.
fn excerpt(bytes: &[u8], at: usize) -> String {
    const SIDE: usize = 40;
    let start = at.saturating_sub(SIDE).min(bytes.len());
    let end = at.saturating_add(SIDE).min(bytes.len());
    let text = String::from_utf8_lossy(&bytes[start..end]);
    format!(
        "{}\"{}\"{}",
        if start > 0 { "…" } else { "" },
        text.escape_debug(),
        if end < bytes.len() { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use fakeplate::Template;
    use fakeplate::verify::Verifier;

    use super::super::progress::Progress;

    /// The checked source of `verify SAKILA --count 5 ARGS…`, or the usage error's message.
    fn source(args: &[&str]) -> Result<super::Source, String> {
        use clap::Parser as _;
        let argv = ["fakeplate", "verify", "sakila.tmpl", "--count", "5"];
        let cli = super::super::Cli::try_parse_from(argv.iter().chain(args)).unwrap();
        let super::super::Command::Verify(verify) = cli.command else {
            unreachable!("a verify command line");
        };
        match super::check(&verify) {
            Ok((_, source)) => Ok(source),
            Err(super::Failure::Usage(m)) => Err(m),
            Err(_) => Err("not a usage error".into()),
        }
    }

    #[test]
    fn streams_are_sources_and_take_records_without_a_delimiter() {
        use super::Source;
        assert_eq!(source(&["--from", "dir"]), Ok(Source::Path("dir".into())));
        let none = ["--delimiter", "none"];
        assert!(
            source(&["--from", "dir", none[0], none[1]])
                .is_err_and(|m| m.contains("newline-framed"))
        );
        let kinesis = source(&["--from", "kinesis://events", none[0], none[1]]);
        let kafka = source(&[
            "--from",
            "kafka://127.0.0.1:9092,localhost:9093/t.1",
            none[0],
            none[1],
        ]);
        if cfg!(feature = "kinesis") {
            assert_eq!(kinesis, Ok(Source::Kinesis("events".into())));
        } else {
            assert!(kinesis.is_err_and(|m| m.contains("feature `kinesis`")));
        }
        if cfg!(feature = "kafka") {
            let want = Source::Kafka {
                brokers: "127.0.0.1:9092,localhost:9093".into(),
                topic: "t.1".into(),
            };
            assert_eq!(kafka, Ok(want));
            let bad = source(&["--from", "kafka://h:1/t", "--kafka-option", "x"]);
            assert!(bad.is_err_and(|m| m.contains("KEY=VALUE")));
        } else {
            assert!(kafka.is_err_and(|m| m.contains("feature `kafka`")));
        }
        for (from, needle) in [
            ("kinesis://", "stream name"),
            ("kinesis://a b", "stream name"),
            ("kafka://h:1", "no topic"),
            ("kafka://h:0/t", "is not HOST:PORT"),
            ("kafka://h:1/..", "topic must be"),
            ("firehose://etl3-delivery", "s3://BUCKET/PREFIX"),
            ("ftp://host/x", "expected a file"),
        ] {
            let got = source(&["--from", from]);
            assert!(
                got.as_ref().is_err_and(|m| m.contains(needle)),
                "{from}: {got:?}"
            );
        }
    }

    /// Hands out at most `step` bytes per read.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_split_across_reads_are_framed_and_long_ones_cut() {
        let t = Template::compile("{{random.uuid}}").unwrap();
        let mut body = String::new();
        t.render_range(9, 0..200, 1, "\n", &mut body);
        let long = "z".repeat(500);
        let text = format!("{body}{long}\n\nlast without a line break");
        for step in [1, 7, 36, 37, 64, 1 << 20] {
            let mut v = Verifier::new(&t, 9, 0..200);
            let mut r = Trickle {
                bytes: text.as_bytes(),
                step,
            };
            let limit = t.max_record_bytes() + 1;
            let mut progress = Progress::new(Some(false));
            super::feed_reader(&mut v, "f", &mut r, limit, &mut progress, &mut [0; 1 << 20])
                .unwrap();
            let report = v.report();
            assert_eq!(
                (report.found, report.unexpected, report.records),
                (200, 3, 203),
                "{step}"
            );
            let u = &report.unexpected_sample;
            // The long record is kept cut when it spans reads, and reported at its length.
            assert_eq!(u[0].len, 500, "{step}");
            assert!(u[0].record.len() <= 500, "{step}");
            assert_eq!((u[1].len, u[2].len), (0, 25), "{step}");
        }
    }
}
