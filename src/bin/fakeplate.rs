//! `fakeplate`: render KDG record templates from the command line (feature `cli`).
//!
//! ```sh
//! fakeplate stream templates/sakila.tmpl --rate 10 --count 50
//! fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output records.jsonl
//! fakeplate check templates/sakila.tmpl
//! fakeplate functions random
//! ```

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use fakeplate::pace::{Pace, Pacer, parse_duration};
use fakeplate::{Clock, Escape, Options, Template};

#[derive(Parser)]
#[command(
    name = "fakeplate",
    version,
    about = "Render Kinesis Data Generator (KDG) record templates: reproducible, strict, fast",
    after_help = "Examples:\n  fakeplate stream templates/sakila.tmpl --rate 10 --count 50\n  fakeplate render templates/sakila.tmpl --count 1000 --seed 7\n  fakeplate check templates/sakila.tmpl\n  fakeplate functions date"
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
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(path)
                .map_err(|e| Failure::Other(format!("creating {}: {e}", path.display())))?,
        )),
        None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    let stop = interrupt_flag();
    let mut progress = Progress::new(args.output_args.progress);
    let delim = delimiter(args.output_args.delimiter);
    let end = args.start_index.saturating_add(args.count);
    // Chunks of whole blocks keep memory bounded and let Ctrl-C stop between them.
    let chunk = 64 * fakeplate::BLOCK_LEN * args.threads.max(1) as u64;
    let mut buf = String::new();
    let mut at = args.start_index;
    while at < end && !stop.load(Ordering::SeqCst) {
        let next = (at + chunk).min(end);
        buf.clear();
        template.render_range(args.seed, at..next, args.threads, delim, &mut buf);
        if !write_out(&mut out, buf.as_bytes())? {
            return Ok(());
        }
        progress.add(next - at, buf.len());
        at = next;
    }
    flush_out(&mut out)?;
    progress.finish(stop.load(Ordering::SeqCst));
    Ok(())
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
