//! `fakeplate render`: records as fast as possible, deterministically.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use fakeplate::pace::Duplicates;

use super::Failure;
use super::args::{self, OutputArgs, TemplateArgs, virtual_clock};
use super::compress::{Codec, Encoder};
use super::progress::{Progress, Total, count_newlines};
use super::signals::Stop;
use super::template::load_mix;

/// The most threads `--threads` takes: far more than rendering can use on any machine, and few
/// enough that starting them cannot fail.
pub const MAX_THREADS: usize = 1024;

#[derive(Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    #[command(flatten)]
    pub mix: args::MixArgs,
    #[command(flatten)]
    pub output_args: OutputArgs,
    /// The seed: the same seed gives the same records.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// How many records.
    #[arg(long, default_value_t = 10)]
    pub count: u64,
    /// The index of the first record.
    #[arg(long, default_value_t = 0)]
    pub start_index: u64,
    /// Threads to render on, at most 1024; 0 means one per core (the output is the same for any
    /// number).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Write to this file instead of standard output (`.gz` and `.zst` names are compressed).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Compress what is written as one gzip or zstd stream (default: by --output's extension,
    /// `.gz` or `.zst`; none for standard output). `none` writes plain bytes whatever the name.
    #[arg(long, value_enum, value_name = "CODEC")]
    pub compress: Option<Codec>,
}

/// The range of record indexes and the thread count, checked.
pub fn check(args: &RenderArgs) -> Result<(std::ops::Range<u64>, usize), Failure> {
    let end = args.start_index.checked_add(args.count).ok_or_else(|| {
        Failure::Usage(format!(
            "--start-index {} --count {}: the last record's index would pass {}",
            args.start_index,
            args.count,
            u64::MAX
        ))
    })?;
    if args.threads > MAX_THREADS {
        return Err(Failure::Usage(format!(
            "--threads {}: at most {MAX_THREADS}",
            args.threads
        )));
    }
    let clock = virtual_clock(&args.output_args)?;
    let rate = args::rate_spec(&args.output_args)?;
    args::faults(&args.output_args)?;
    if let (Some(_), Some(step)) = (&rate, &args.output_args.step) {
        return Err(Failure::Usage(format!(
            "--step {step} with --rate: render stamps records at their arrival under the rate; give one"
        )));
    }
    if args::end_ms(&args.output_args, clock)?.is_some() && args.start_index != 0 {
        return Err(Failure::Usage(
            "--end with --start-index: a backfill starts at --start; give one".into(),
        ));
    }
    args::shard(&args.output_args)?;
    args::check_times(
        &args.output_args,
        clock,
        Some(end),
        None,
        args::TIMES,
        args.seed,
    )?;
    Ok((args.start_index..end, args.threads))
}

pub fn run(args: RenderArgs, stop: &Stop) -> Result<(), Failure> {
    let (range, threads) = check(&args)?;
    let clock = virtual_clock(&args.output_args)?;
    let stamps = args::Stamps {
        schedule: args::schedule(&args.output_args, args.seed)?,
        late: args::faults(&args.output_args)?.0,
    };
    let template = load_mix(&args.template, &args.mix, clock, stamps)?;
    let codec = Codec::for_file(args.compress, args.output.as_deref());
    let run = match args::end_ms(&args.output_args, clock)? {
        Some(end) => args::backfill(&template, end),
        None => range,
    };
    let range = match args::shard(&args.output_args)? {
        Some(shard) => shard.part(run.clone()),
        None => run.clone(),
    };
    let count = range.end - range.start;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(path)
                .map_err(|e| Failure::Other(format!("creating {}: {e}", path.display())))?,
        )),
        None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    // Compressed on the writing thread; the other threads keep rendering.
    let out = Encoder::new(codec, out)
        .map_err(|e| Failure::Other(format!("starting the {codec:?} stream: {e}")))?;
    let delim = args.output_args.delimiter.as_str();
    let lines = delim == "\n";
    let mut progress = Progress::new(
        args.output_args
            .progress_choice_beside(args.output.is_none()),
    )
    .total(Total::Records(count))
    .verb("wrote");
    progress.records_known = lines;
    let mut sink = Counted {
        inner: out,
        progress,
        stop: stop.clone(),
        lines,
    };
    // The library renders whole chunks of records on the threads and writes them in order, so
    // stopping between writes never leaves a partial line.
    let result = match args::faults(&args.output_args)?.1 {
        // Copies need the records before them: one thread (the bytes would be the same on any).
        Some(d) => {
            write_with_duplicates(&template, args.seed, run.start, range, delim, d, &mut sink)
        }
        None => template.write_range(args.seed, range, threads, delim, &mut sink),
    };
    let interrupted = stop.requested();
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(_) if interrupted => {}
        Err(e) => return Err(Failure::Other(format!("writing records: {e}"))),
    }
    let Counted {
        inner,
        mut progress,
        lines,
        ..
    } = sink;
    // Ends the compressed stream (after an interruption too: the file stays readable).
    match inner.finish() {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(Failure::Other(format!("writing records: {e}"))),
    }
    if !lines && !interrupted {
        progress.records = count;
        progress.records_known = true;
    }
    progress.finish(interrupted);
    Ok(())
}

/// Writes records `range` of a run starting at record `run_start`, each followed by the
/// copies of `--duplicates` due after it (copies of records of the run only, so a part of a
/// run (`--shard`) sends the copies of the records before it that fall in it).
fn write_with_duplicates(
    template: &fakeplate::Template,
    seed: u64,
    run_start: u64,
    range: std::ops::Range<u64>,
    delim: &str,
    d: Duplicates,
    w: &mut dyn Write,
) -> io::Result<()> {
    const RING: u64 = Duplicates::MAX_LAG + 1;
    let dup_seed = args::duplicates_seed(seed);
    let mut g = template.generator(seed);
    let mut ring = vec![String::new(); RING as usize];
    // The records before the range whose copies may fall in it.
    let from = range
        .start
        .saturating_sub(Duplicates::MAX_LAG)
        .max(run_start);
    g.seek(from);
    for i in from..range.start {
        let slot = &mut ring[(i % RING) as usize];
        slot.clear();
        g.next_into(slot);
        slot.push_str(delim);
    }
    let mut piece = String::new();
    for j in range.clone() {
        let slot = &mut ring[(j % RING) as usize];
        slot.clear();
        g.next_into(slot);
        slot.push_str(delim);
        piece.push_str(slot);
        for i in d.sent_after(dup_seed, run_start, j) {
            piece.push_str(&ring[(i % RING) as usize]);
        }
        if piece.len() >= 1 << 16 {
            w.write_all(piece.as_bytes())?;
            piece.clear();
        }
    }
    w.write_all(piece.as_bytes())
}

/// The output of `render`: counts what passes, shows progress, and refuses to go on after a
/// signal (the library then stops its threads).
struct Counted {
    inner: Encoder<Box<dyn Write>>,
    progress: Progress,
    stop: Stop,
    /// Records are newline-terminated, so they can be counted.
    lines: bool,
}

impl Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.stop.requested() {
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
