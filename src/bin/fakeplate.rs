//! `fakeplate`: render KDG record templates from the command line (feature `cli`).
//!
//! ```sh
//! fakeplate stream templates/sakila.tmpl --rate 10 --count 50
//! fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output records.jsonl
//! fakeplate check templates/sakila.tmpl
//! fakeplate functions random
//! fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h
//! ```

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use fakeplate::delivery::{Config, Delivery, LocalStore, Naming, Store, arrival_ms};
use fakeplate::pace::{Pace, Pacer, parse_duration};
use fakeplate::{Clock, Escape, Options, Template};

#[derive(Parser)]
#[command(
    name = "fakeplate",
    version,
    about = "Render Kinesis Data Generator (KDG) record templates: reproducible, strict, fast",
    after_help = "Examples:\n  fakeplate stream templates/sakila.tmpl --rate 10 --count 50\n  fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h\n  fakeplate render templates/sakila.tmpl --count 1000 --seed 7\n  fakeplate check templates/sakila.tmpl\n  fakeplate functions date"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render records as fast as possible, deterministically, one per line.
    #[command(
        after_help = "Example:\n  fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output sakila.jsonl"
    )]
    Render(RenderArgs),
    /// Stream records at a rate, for a count, a duration, or until interrupted.
    #[command(
        after_help = "Example:\n  fakeplate stream templates/sakila.tmpl --rate 10 --duration 1m"
    )]
    Stream(StreamArgs),
    /// Deliver records like Kinesis Data Firehose: buffered objects under evaluated prefixes,
    /// in a local directory or S3-compatible storage.
    #[command(after_help = DELIVER_HELP)]
    Deliver(DeliverArgs),
    /// Compile a template: print its warnings, or its error with the source line.
    #[command(after_help = "Example:\n  fakeplate check templates/sakila.tmpl")]
    Check(CheckArgs),
    /// List the functions a template can call.
    #[command(after_help = "Example:\n  fakeplate functions random")]
    Functions {
        /// Only this namespace (`random`, `date`, …).
        namespace: Option<String>,
    },
}

#[derive(Args)]
struct TemplateArgs {
    /// The template file, or `-` for standard input.
    template: PathBuf,
    /// How values are escaped: JSON when the template is JSON (auto), always JSON, or never.
    #[arg(long, value_enum, default_value_t = EscapeArg::Auto)]
    escape: EscapeArg,
    /// Keep the line breaks of the template's text (KDG removes them).
    #[arg(long)]
    keep_newlines: bool,
}

#[derive(Args)]
struct OutputArgs {
    /// What follows each record.
    #[arg(long, value_enum, default_value_t = Delimiter::Newline)]
    delimiter: Delimiter,
    /// The virtual clock's first time, ISO 8601 (default 2026-01-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    start: Option<String>,
    /// The virtual clock's step between records (default 100ms).
    #[arg(long, value_name = "DURATION")]
    step: Option<String>,
    /// Show records, records/s, bytes and elapsed time on stderr (default: when it is a terminal).
    #[arg(long)]
    progress: bool,
}

#[derive(Args)]
struct RenderArgs {
    #[command(flatten)]
    template: TemplateArgs,
    #[command(flatten)]
    output_args: OutputArgs,
    /// The seed: the same seed gives the same records.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many records.
    #[arg(long, default_value_t = 10)]
    count: u64,
    /// The index of the first record.
    #[arg(long, default_value_t = 0)]
    start_index: u64,
    /// Threads to render on (the output is the same for any number).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct StreamArgs {
    #[command(flatten)]
    template: TemplateArgs,
    #[command(flatten)]
    output_args: OutputArgs,
    /// Records per second.
    #[arg(long, default_value_t = 10.0)]
    rate: f64,
    /// Stop after this many records.
    #[arg(long, conflicts_with = "duration")]
    count: Option<u64>,
    /// Stop after this long (`90s`, `5m`, `1h`).
    #[arg(long, value_name = "DURATION")]
    duration: Option<String>,
    /// The seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where `date.*` read the time: the system clock, or the virtual clock.
    #[arg(long, value_enum, default_value_t = ClockArg::System)]
    clock: ClockArg,
}

const DELIVER_HELP: &str = "Examples:
  fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h \\
      --prefix 'streaming/!{timestamp:yyyy/MM/}' \\
      --error-prefix '!{firehose:error-output-type}/!{timestamp:yyyy/MM/}'
  fakeplate deliver templates/sakila.tmpl --to s3://my-bucket --rate 10 --clock system

Each object is `<prefix><stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>`, the prefix evaluated at
the arrival time of its first record (UTC). The virtual clock (the default) is reproducible and
does not wait: record i arrives at --start + i x --step, the time its date.* functions read.
S3: the endpoint, region and credentials come from the AWS environment variables
(AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).";

#[derive(Args)]
struct DeliverArgs {
    #[command(flatten)]
    template: TemplateArgs,
    #[command(flatten)]
    output_args: OutputArgs,
    /// The bucket: a local directory, or s3://BUCKET[/PATH] (feature `s3`).
    #[arg(long, value_name = "DIR|s3://BUCKET")]
    to: String,
    /// The delivery stream's name, the start of every object name.
    #[arg(long, default_value = "etl3-delivery")]
    stream_name: String,
    /// The delivery stream's version, in every object name.
    #[arg(long, default_value_t = 1)]
    stream_version: u32,
    /// Firehose's Prefix (default: yyyy/MM/dd/HH/).
    #[arg(long, value_name = "PREFIX")]
    prefix: Option<String>,
    /// Firehose's ErrorOutputPrefix (required when --prefix has expressions).
    #[arg(long, value_name = "PREFIX")]
    error_prefix: Option<String>,
    /// Deliver an object when it holds this much (`1MiB`, `512KiB`, `5MiB`, bytes).
    #[arg(long, default_value = "1MiB", value_name = "SIZE")]
    buffer_size: String,
    /// ... or when its oldest record has waited this long (`60s`, `5m`, `0s`).
    #[arg(long, default_value = "60s", value_name = "DURATION")]
    buffer_interval: String,
    /// Records per second (paces the run in real time, on either clock).
    #[arg(long)]
    rate: Option<f64>,
    /// Stop after this many records.
    #[arg(long, conflicts_with = "duration")]
    count: Option<u64>,
    /// Stop after this long (on the virtual clock: records arriving before --start + DURATION).
    #[arg(long, value_name = "DURATION")]
    duration: Option<String>,
    /// The seed of the records, and (virtual clock) of the object names.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Arrival times: the virtual clock (reproducible, no waiting) or the system clock.
    #[arg(long, value_enum, default_value_t = ClockArg::Virtual)]
    clock: ClockArg,
    /// Send records that fail this check to the error prefix (format-conversion-failed).
    #[arg(long, value_enum)]
    validate: Option<ValidateArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ValidateArg {
    Json,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    template: TemplateArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum EscapeArg {
    Auto,
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum Delimiter {
    Newline,
    None,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum ClockArg {
    System,
    Virtual,
}

/// Why the program stopped early.
enum Failure {
    /// A template error, already printed: exit 1.
    Template,
    /// A bad option value: exit 2.
    Usage(String),
    /// An I/O or other error: exit 1.
    Other(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::Stream(args) => stream(args),
        Command::Deliver(args) => deliver(args),
        Command::Check(args) => check(args),
        Command::Functions { namespace } => functions(namespace.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Template) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Reads and compiles the template, printing warnings; prints the error and fails otherwise.
fn load(args: &TemplateArgs, clock: Clock) -> Result<Template, Failure> {
    let (name, bytes) = if args.template.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Other(format!("reading standard input: {e}")))?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let name = args.template.display().to_string();
        let bytes = std::fs::read(&args.template)
            .map_err(|e| Failure::Other(format!("reading {name}: {e}")))?;
        (name, bytes)
    };
    let options = Options::new()
        .name(name)
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .escape(match args.escape {
            EscapeArg::Auto => Escape::Auto,
            EscapeArg::Json => Escape::Json,
            EscapeArg::Text => Escape::Text,
        });
    match Template::compile_bytes(&bytes, &options) {
        Ok(t) => {
            for w in t.warnings() {
                eprintln!("{w:#}");
            }
            Ok(t)
        }
        Err(e) => {
            eprintln!("{e:#}");
            Err(Failure::Template)
        }
    }
}

fn virtual_clock(args: &OutputArgs) -> Result<Clock, Failure> {
    let start = args.start.as_deref().unwrap_or("2026-01-01T00:00:00Z");
    let step = args.step.as_deref().unwrap_or("100ms");
    Clock::parse_virtual(start, step).ok_or_else(|| {
        Failure::Usage(format!(
            "--start {start:?} --step {step:?}: expected an ISO 8601 time and a duration such as 100ms"
        ))
    })
}

/// Set by Ctrl-C: stop after the current record.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    // If a handler cannot be installed, Ctrl-C simply ends the process as usual.
    let _ = ctrlc::set_handler(move || f.store(true, Ordering::SeqCst));
    flag
}

/// Counts what was written and shows it on stderr now and then.
struct Progress {
    show: bool,
    started: Instant,
    last_shown: Instant,
    records: u64,
    /// False while records cannot be counted (no delimiter between them).
    records_known: bool,
    bytes: u64,
}

impl Progress {
    fn new(forced: bool) -> Progress {
        let now = Instant::now();
        Progress {
            show: forced || io::stderr().is_terminal(),
            started: now,
            last_shown: now,
            records: 0,
            records_known: true,
            bytes: 0,
        }
    }

    fn add(&mut self, records: u64, bytes: usize) {
        self.records += records;
        self.bytes += bytes as u64;
        if self.show && self.last_shown.elapsed() >= Duration::from_millis(500) {
            self.last_shown = Instant::now();
            eprint!("\r{}", self.line());
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        if !self.records_known {
            return format!("{} bytes, {:.1}s", self.bytes, secs);
        }
        format!(
            "{} records, {:.0} records/s, {} bytes, {:.1}s",
            self.records,
            self.records as f64 / secs.max(1e-9),
            self.bytes,
            secs
        )
    }

    fn finish(&self, interrupted: bool) {
        if self.show || interrupted {
            let why = if interrupted { " (interrupted)" } else { "" };
            eprintln!("\r{}{why}", self.line());
        }
    }
}

/// Writes, treating a closed pipe as the reader's wish to stop.
fn write_out(w: &mut dyn Write, bytes: &[u8]) -> Result<bool, Failure> {
    match w.write_all(bytes) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}

fn flush_out(w: &mut dyn Write) -> Result<bool, Failure> {
    match w.flush() {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}

fn delimiter(d: Delimiter) -> &'static str {
    match d {
        Delimiter::Newline => "\n",
        Delimiter::None => "",
    }
}

fn render(args: RenderArgs) -> Result<(), Failure> {
    let clock = virtual_clock(&args.output_args)?;
    let template = load(&args.template, clock)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(path)
                .map_err(|e| Failure::Other(format!("creating {}: {e}", path.display())))?,
        )),
        None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    let stop = interrupt_flag();
    let delim = delimiter(args.output_args.delimiter);
    let lines = delim == "\n";
    let mut progress = Progress::new(args.output_args.progress);
    progress.records_known = lines;
    let mut sink = Counted {
        inner: out,
        progress,
        stop: stop.clone(),
        lines,
    };
    let end = args.start_index.saturating_add(args.count);
    // The library renders whole chunks of records on the threads and writes them in order, so
    // stopping between writes never leaves a partial line.
    let result = template.write_range(
        args.seed,
        args.start_index..end,
        args.threads,
        delim,
        &mut sink,
    );
    let interrupted = stop.load(Ordering::SeqCst);
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(_) if interrupted => {}
        Err(e) => return Err(Failure::Other(format!("writing records: {e}"))),
    }
    if !flush_out(&mut sink.inner)? {
        return Ok(());
    }
    if !sink.lines && !interrupted {
        sink.progress.records = args.count;
        sink.progress.records_known = true;
    }
    sink.progress.finish(interrupted);
    Ok(())
}

/// The output of `render`: counts what passes, shows progress, and refuses to go on after
/// Ctrl-C (the library then stops its threads).
struct Counted {
    inner: Box<dyn Write>,
    progress: Progress,
    stop: Arc<AtomicBool>,
    /// Records are newline-terminated, so they can be counted.
    lines: bool,
}

/// Counts `\n` bytes eight at a time (a byte-by-byte count cost as much as rendering).
fn count_newlines(bytes: &[u8]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder().iter().filter(|&&b| b == b'\n').count() as u64;
    chunks.fold(tail, |n, chunk| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Zero bytes of `x` are the newlines; the high bit of each byte of `zeros` marks one.
        let x = u64::from_ne_bytes(word) ^ NEWLINES;
        let zeros = !(((x & LOW7) + LOW7) | x | LOW7);
        n + u64::from(zeros.count_ones())
    })
}

impl Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::SeqCst) {
            return Err(io::Error::other("interrupted"));
        }
        let n = self.inner.write(bytes)?;
        let records = if self.lines {
            count_newlines(&bytes[..n])
        } else {
            0
        };
        self.progress.add(records, n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn stream(args: StreamArgs) -> Result<(), Failure> {
    if !(args.rate.is_finite() && args.rate > 0.0) {
        return Err(Failure::Usage(format!(
            "--rate {}: expected a positive number",
            args.rate
        )));
    }
    let duration = match &args.duration {
        Some(text) => Some(parse_duration(text).ok_or_else(|| {
            Failure::Usage(format!(
                "--duration {text:?}: expected a duration such as 90s or 5m"
            ))
        })?),
        None => None,
    };
    let clock = match args.clock {
        ClockArg::System => Clock::System,
        ClockArg::Virtual => virtual_clock(&args.output_args)?,
    };
    let template = load(&args.template, clock)?;
    let stop = interrupt_flag();
    let mut out = io::stdout().lock();
    let mut progress = Progress::new(args.output_args.progress);
    let delim = delimiter(args.output_args.delimiter);
    let started = Instant::now();
    let elapsed_ns = || u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let mut pacer = Pacer::new(args.rate, elapsed_ns());
    let mut records = template.generator(args.seed);
    let mut buf = String::new();
    let mut sent = 0u64;
    loop {
        if stop.load(Ordering::SeqCst)
            || args.count.is_some_and(|n| sent >= n)
            || duration.is_some_and(|d| started.elapsed() >= d)
        {
            break;
        }
        match pacer.poll(elapsed_ns()) {
            // Short sleeps, so that Ctrl-C and the duration are noticed promptly.
            Pace::Wait(ns) => std::thread::sleep(Duration::from_nanos(ns.min(50_000_000))),
            Pace::Send => {
                buf.clear();
                records.next_into(&mut buf);
                buf.push_str(delim);
                // Each record is flushed whole: a blocked reader blocks us (and slows the
                // pacer) instead of records piling up in memory.
                if !write_out(&mut out, buf.as_bytes())? || !flush_out(&mut out)? {
                    return Ok(());
                }
                pacer.sent();
                sent += 1;
                progress.add(1, buf.len());
            }
        }
    }
    progress.finish(stop.load(Ordering::SeqCst));
    Ok(())
}

/// Parses `1MiB`, `512KiB`, `1GiB`, `100B` or a bare number of bytes.
fn parse_size(text: &str) -> Option<usize> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: usize = number.parse().ok()?;
    let scale = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(scale)
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

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn deliver(args: DeliverArgs) -> Result<(), Failure> {
    let usage = |m: String| Failure::Usage(m);
    if let Some(rate) = args.rate.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return Err(usage(format!("--rate {rate}: expected a positive number")));
    }
    let duration = match &args.duration {
        Some(text) => Some(parse_duration(text).ok_or_else(|| {
            usage(format!(
                "--duration {text:?}: expected a duration such as 90s or 5m"
            ))
        })?),
        None => None,
    };
    if args.count.is_none() && duration.is_none() && args.rate.is_none() {
        return Err(usage(
            "give --count, --duration, or --rate (then the run goes on until Ctrl-C)".into(),
        ));
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
    let clock = match args.clock {
        ClockArg::System => Clock::System,
        ClockArg::Virtual => virtual_clock(&args.output_args)?,
    };
    let mut config = Config::new(&args.stream_name)
        .stream_version(args.stream_version)
        .buffering(buffer_bytes, buffer_interval)
        .validate_json(matches!(args.validate, Some(ValidateArg::Json)))
        .naming(match args.clock {
            ClockArg::Virtual => Naming::Seeded(args.seed),
            ClockArg::System => Naming::Random,
        });
    if let Some(p) = &args.prefix {
        config = config.prefix(p);
    }
    if let Some(p) = &args.error_prefix {
        config = config.error_prefix(p);
    }
    for w in config.firehose_warnings() {
        eprintln!("note: {w}; fakeplate delivers with it anyway");
    }
    let template = load(&args.template, clock)?;
    let store = open_store(&args.to)?;
    let mut delivery = Delivery::new(config, store).map_err(|e| usage(e.to_string()))?;
    for w in delivery.prefixes().warnings() {
        eprintln!("warning: {w}");
    }

    let stop = interrupt_flag();
    let mut out = io::stdout().lock();
    let delim = delimiter(args.output_args.delimiter);
    // Keys go to stdout, so the progress line is shown only when asked for.
    let mut progress = Progress::new(false);
    progress.show = args.output_args.progress;
    let started = Instant::now();
    let elapsed_ns = || u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let mut pacer = args.rate.map(|r| Pacer::new(r, elapsed_ns()));
    // The virtual run ends at the first record arriving at or after this time.
    let virtual_end = match (clock, duration) {
        (Clock::Virtual { start_ms, .. }, Some(d)) => {
            Some(start_ms.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
        }
        _ => None,
    };
    let mut records = template.generator(args.seed);
    let mut buf = String::new();
    let mut index = 0u64;
    let result = (|| -> Result<(), Failure> {
        let store_error = |e: fakeplate::delivery::DeliveryError| Failure::Other(e.to_string());
        loop {
            if stop.load(Ordering::SeqCst)
                || args.count.is_some_and(|n| index >= n)
                || virtual_end.is_some_and(|end| arrival_ms(clock, index) >= end)
                || (virtual_end.is_none() && duration.is_some_and(|d| started.elapsed() >= d))
            {
                return Ok(());
            }
            let wait = match &mut pacer {
                Some(pacer) => pacer.poll(elapsed_ns()),
                None => Pace::Send,
            };
            if let Pace::Wait(ns) = wait {
                // Short sleeps, so that Ctrl-C, the duration and due buffers are noticed.
                std::thread::sleep(Duration::from_nanos(ns.min(50_000_000)));
                if clock == Clock::System {
                    delivery.tick(system_ms()).map_err(store_error)?;
                }
                print_delivered(&mut delivery, &mut out)?;
                continue;
            }
            buf.clear();
            records.next_into(&mut buf);
            buf.push_str(delim);
            delivery
                .push(buf.as_bytes(), arrival_ms(clock, index))
                .map_err(store_error)?;
            index += 1;
            progress.add(1, buf.len());
            if let Some(pacer) = &mut pacer {
                pacer.sent();
            }
            print_delivered(&mut delivery, &mut out)?;
        }
    })();
    // Whatever stopped the run (the end, Ctrl-C or a failed write), deliver what is open.
    let flushed = delivery.flush();
    print_delivered(&mut delivery, &mut out)?;
    if progress.show {
        progress.finish(false);
    }
    let s = delivery.summary();
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "delivered {}, {}, {} bytes to {}; failed {} ({} bytes) in {}{}",
        plural(s.objects, "object"),
        plural(s.records, "record"),
        s.bytes,
        delivery.store().location(),
        plural(s.failed_records, "record"),
        s.failed_bytes,
        plural(s.error_objects, "error object"),
        if stop.load(Ordering::SeqCst) {
            " (interrupted)"
        } else {
            ""
        }
    );
    let pending = delivery.pending_records();
    if pending > 0 {
        eprintln!("not delivered: {}", plural(pending, "record"));
    }
    result?;
    flushed.map_err(|e| Failure::Other(e.to_string()))
}

/// Prints the key of each object delivered since the last call, one per line.
fn print_delivered<S: Store>(
    delivery: &mut Delivery<S>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let objects = delivery.take_delivered();
    if objects.is_empty() {
        return Ok(());
    }
    let mut text = String::new();
    for o in objects {
        text.push_str(&o.key);
        text.push('\n');
    }
    // A closed pipe only stops the listing, never the delivery.
    if write_out(out, text.as_bytes())? {
        flush_out(out)?;
    }
    Ok(())
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let template = load(&args.template, Clock::default())?;
    let kind = if template.is_json() { "JSON" } else { "text" };
    let warnings = template.warnings().len();
    eprintln!(
        "ok: a {kind} template, {warnings} warning{}, records of at most {} bytes",
        if warnings == 1 { "" } else { "s" },
        template.max_record_bytes()
    );
    Ok(())
}

fn functions(namespace: Option<&str>) -> Result<(), Failure> {
    let selected: Vec<_> = fakeplate::functions()
        .filter(|f| namespace.is_none_or(|ns| f.name.split('.').next() == Some(ns)))
        .collect();
    if selected.is_empty() {
        return Err(Failure::Usage(format!(
            "no namespace {:?}; try `fakeplate functions`",
            namespace.unwrap_or("")
        )));
    }
    let mut out = io::stdout().lock();
    let mut text = String::new();
    for f in selected {
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| match p.default {
                "" => format!("{}: {}", p.name, p.ty),
                d => format!("{}: {} = {d}", p.name, p.ty),
            })
            .collect();
        text.push_str(&format!(
            "{}({})\n    {}\n    e.g. {}\n",
            f.name,
            params.join(", "),
            f.summary,
            f.example
        ));
    }
    write_out(&mut out, text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn newlines_are_counted_exactly() {
        for text in [
            "",
            "\n",
            "abc",
            "a\nb\n\n",
            "\n\n\n\n\n\n\n\n\n",
            "x\u{a0a}\n\u{10a0a}é\n",
        ] {
            let want = text.bytes().filter(|&b| b == b'\n').count() as u64;
            assert_eq!(super::count_newlines(text.as_bytes()), want, "{text:?}");
        }
        let all: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let want = all.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(super::count_newlines(&all), want);
    }
}
