//! `fakeplate stream`: records paced at a rate, to standard output.

use std::io;
use std::time::{Duration, Instant};

use clap::Args;
use fakeplate::pace::{Pace, Pacer};

use super::Failure;
use super::args::{self, ClockArg, OutputArgs, TemplateArgs};
use super::output::{flush_out, write_out};
use super::progress::Progress;
use super::signals::Stop;
use super::template::load;

#[derive(Args, Debug)]
pub struct StreamArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    #[command(flatten)]
    pub output_args: OutputArgs,
    /// Records per second.
    #[arg(long, default_value_t = 10.0)]
    pub rate: f64,
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
}

/// The settings of a stream, checked before anything runs.
pub struct Settings {
    pub rate: f64,
    pub duration: Option<Duration>,
    pub clock: fakeplate::Clock,
}

pub fn check(args: &StreamArgs) -> Result<Settings, Failure> {
    Ok(Settings {
        rate: args::rate(args.rate)?,
        duration: args::duration(args.duration.as_deref())?,
        clock: args::clock(args.clock, &args.output_args)?,
    })
}

pub fn run(args: StreamArgs, stop: &Stop) -> Result<(), Failure> {
    let settings = check(&args)?;
    let template = load(&args.template, settings.clock)?;
    let mut out = io::stdout().lock();
    let mut progress = Progress::new(args.output_args.progress);
    let delim = args.output_args.delimiter.as_str();
    let started = Instant::now();
    let elapsed_ns = || u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let mut pacer = Pacer::new(settings.rate, elapsed_ns());
    let mut records = template.generator(args.seed);
    let mut buf = String::new();
    let mut sent = 0u64;
    loop {
        if stop.requested()
            || args.count.is_some_and(|n| sent >= n)
            || settings.duration.is_some_and(|d| started.elapsed() >= d)
        {
            break;
        }
        match pacer.poll(elapsed_ns()) {
            // Short sleeps, so that signals and the duration are noticed promptly.
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
    progress.finish(stop.requested());
    Ok(())
}
