//! Options several commands share, and the checks that turn option text into settings. The
//! checks are pure (no file is read, nothing is created), so that they run before any work and
//! can be fuzzed.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use fakeplate::pace::{Duplicates, Late, PeriodicTable, Schedule, parse_duration};
use fakeplate::{Clock, Escape};

use super::Failure;

#[derive(Args, Clone, Debug)]
pub struct TemplateArgs {
    /// The template file, or `-` for standard input.
    pub template: PathBuf,
    /// How values are escaped: JSON when the template is JSON (auto), always JSON, or never.
    #[arg(long, value_enum, default_value_t = EscapeArg::Auto)]
    pub escape: EscapeArg,
    /// Keep the line breaks of the template's text (KDG removes them).
    #[arg(long)]
    pub keep_newlines: bool,
    /// A data set for `data.row` and `data.lookup`: CSV with a header (`.csv`), a JSON array of
    /// objects (`.json`) or JSON Lines (`.jsonl`, `.ndjson`). Repeatable.
    #[arg(long = "data", value_name = "NAME=PATH")]
    pub data: Vec<String>,
    /// The time zone of local times (date.now, date.simTime, date.format): an IANA name
    /// (America/New_York), UTC, or an offset (+05:30). Default: UTC on the virtual clock, the
    /// machine's zone (TZ, then /etc/localtime) on the system clock. Firehose prefixes stay UTC.
    #[arg(long, value_name = "ZONE", value_parser = super::zone::parse_tz)]
    pub tz: Option<fakeplate::TimeZone>,
}

/// More templates after the first, mixed with it by weight.
#[derive(Args, Debug, Default)]
pub struct MixArgs {
    /// More template files: each record is one of the templates, chosen by --weights from the
    /// seed and the record's index.
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
    /// The share of records each template renders, in order (`3,1`: three of the first for one
    /// of the second); default: equal shares.
    #[arg(long, value_name = "W1,W2,...")]
    pub weights: Option<String>,
}

/// The weights of `--weights` for `templates` templates (each 1 when not given), checked.
pub fn weights(mix: &MixArgs) -> Result<Vec<u32>, Failure> {
    let templates = 1 + mix.more.len();
    if let Some(p) = mix.more.iter().find(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(format!(
            "{}: only the first template may be standard input",
            p.display()
        )));
    }
    let Some(text) = mix.weights.as_deref() else {
        return Ok(vec![1; templates]);
    };
    let weights = text
        .split(',')
        .enumerate()
        .map(|(i, w)| match w.trim().parse::<u32>() {
            Ok(w) if w > 0 => Ok(w),
            _ => Err(Failure::Usage(format!(
                "--weights {text}: weight {} ({w:?}) is not a whole number from 1 to {}",
                i + 1,
                u32::MAX
            ))),
        })
        .collect::<Result<Vec<u32>, Failure>>()?;
    if weights.len() != templates {
        return Err(Failure::Usage(format!(
            "--weights {text}: {} weights for {templates} template{}; give one per template, in order",
            weights.len(),
            if templates == 1 { "" } else { "s" }
        )));
    }
    Ok(weights)
}

#[derive(Args, Debug)]
pub struct OutputArgs {
    /// What follows each record.
    #[arg(long, value_enum, default_value_t = Delimiter::Newline)]
    pub delimiter: Delimiter,
    /// The virtual clock's first time, ISO 8601 (default 2026-01-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// The virtual clock's step between records (default 100ms).
    #[arg(long, value_name = "DURATION")]
    pub step: Option<String>,
    /// Show progress on stderr: a bar with percent, rate and time left when the total is
    /// known, a spinner otherwise, and a summary line at the end (default: when stderr is a
    /// terminal).
    #[arg(long, overrides_with = "no_progress")]
    pub progress: bool,
    /// Show no progress, even on a terminal (nor the summary line of render, of stream into
    /// `-` or a file, and of verify; those of the other destinations and of deliver remain).
    #[arg(long, overrides_with = "progress")]
    pub no_progress: bool,
    /// Records per second, or a traffic profile: N, poisson(N), ramp(A,B,DURATION),
    /// sine(MEAN,AMPLITUDE,PERIOD), steps(R1@D1,R2@D2,...) or periodic(FILE). On the virtual
    /// clock records are stamped at their arrival under it (instead of --step).
    #[arg(long, value_name = "PROFILE")]
    pub rate: Option<String>,
    /// With --rate 'periodic(FILE)': move toward the next hour's values minute by minute.
    #[arg(long)]
    pub smooth: bool,
    /// Backfill on the virtual clock: every record arriving in [--start, --end), at full speed
    /// (instead of --count or --duration).
    #[arg(long, value_name = "TIME", conflicts_with = "count")]
    pub end: Option<String>,
    /// Late events: this fraction of records read an event time moved back by up to MAX
    /// (uniformly), in the same place in the stream (`0.05:10m`, `5%:30s`).
    #[arg(long, value_name = "FRACTION:MAX")]
    pub late: Option<String>,
    /// Send this fraction of records a second time, 1 to 16 records later, as an at-least-once
    /// producer would (`0.01`, `1%`).
    #[arg(long, value_name = "FRACTION")]
    pub duplicates: Option<String>,
    /// Part K of N of the run, K counted from 0 (as a Kubernetes Indexed Job's
    /// JOB_COMPLETION_INDEX): its K-th N-th of the run's records, in order, so that the N parts
    /// concatenated are the whole run. Needs a known number of records: --count, or --end or
    /// --duration on the virtual clock.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

impl OutputArgs {
    /// `--progress` (on), `--no-progress` (off) or neither (`None`: when stderr is a terminal).
    pub fn progress_choice(&self) -> Option<bool> {
        match (self.progress, self.no_progress) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }

    /// [`OutputArgs::progress_choice`], but off by default when the records themselves go to
    /// a terminal on stdout: a bar redrawn on the same screen would be torn by them.
    pub fn progress_choice_beside(&self, records_on_stdout: bool) -> Option<bool> {
        use std::io::IsTerminal as _;
        self.progress_choice()
            .or((records_on_stdout && std::io::stdout().is_terminal()).then_some(false))
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EscapeArg {
    Auto,
    Json,
    Text,
}

impl EscapeArg {
    pub fn escape(self) -> Escape {
        match self {
            EscapeArg::Auto => Escape::Auto,
            EscapeArg::Json => Escape::Json,
            EscapeArg::Text => Escape::Text,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Delimiter {
    Newline,
    None,
}

impl Delimiter {
    pub fn as_str(self) -> &'static str {
        match self {
            Delimiter::Newline => "\n",
            Delimiter::None => "",
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum ClockArg {
    System,
    Virtual,
}

/// `--rate` as read, before any file is: a profile, or the table file of `periodic(FILE)`.
#[derive(Debug)]
pub enum RateSpec {
    Profile(Schedule),
    Periodic(PathBuf),
}

impl RateSpec {
    /// A constant rate with no randomness (`--rate N`).
    pub fn constant(&self) -> Option<f64> {
        match self {
            RateSpec::Profile(s) => s.constant_rate(),
            RateSpec::Periodic(_) => None,
        }
    }
}

/// `--rate`, read and checked (a periodic table's file is not read here), with `--smooth`.
pub fn rate_spec(args: &OutputArgs) -> Result<Option<RateSpec>, Failure> {
    let Some(text) = args.rate.as_deref() else {
        if args.smooth {
            return Err(Failure::Usage(
                "--smooth: only with --rate 'periodic(FILE)'".into(),
            ));
        }
        return Ok(None);
    };
    let trimmed = text.trim();
    if let Some(file) = trimmed
        .strip_prefix("periodic(")
        .and_then(|r| r.strip_suffix(')'))
    {
        if file.trim().is_empty() {
            return Err(Failure::Usage(format!(
                "--rate {text:?}: periodic(FILE) needs the file of its table"
            )));
        }
        return Ok(Some(RateSpec::Periodic(PathBuf::from(file.trim()))));
    }
    if args.smooth {
        return Err(Failure::Usage(format!(
            "--smooth: only with --rate 'periodic(FILE)', not --rate {text:?}"
        )));
    }
    // A bare number keeps the message it always had.
    if let Ok(n) = trimmed.parse::<f64>()
        && !(n.is_finite() && n > 0.0)
    {
        return Err(Failure::Usage(format!(
            "--rate {text}: expected a positive number"
        )));
    }
    Schedule::parse(text)
        .map(|s| Some(RateSpec::Profile(s)))
        .map_err(|e| Failure::Usage(format!("--rate {text:?}: {e}")))
}

/// The schedule of `--rate` for `seed`: reads the table of `periodic(FILE)`.
pub fn schedule(args: &OutputArgs, seed: u64) -> Result<Option<Schedule>, Failure> {
    let schedule = match rate_spec(args)? {
        None => return Ok(None),
        Some(RateSpec::Profile(s)) => s,
        Some(RateSpec::Periodic(path)) => {
            let name = path.display().to_string();
            let text = read_table(&path)
                .map_err(|e| Failure::Usage(format!("--rate periodic({name}): {e}")))?;
            let table = PeriodicTable::parse_csv(&text, &name)
                .map_err(|e| Failure::Usage(format!("--rate periodic({name}): {e}")))?;
            Schedule::periodic(table, args.smooth)
        }
    };
    // The profile's randomness: the run's seed, mixed, so that it is not the records'.
    Ok(Some(
        schedule.seed(super::drive::key_seed(seed ^ 0x7261_7465)),
    ))
}

/// The text of a periodic table's file: at most one byte more than
/// [`fakeplate::pace::MAX_TABLE_BYTES`] is read, so that a huge file or `/dev/zero`
/// is refused by the limit.
fn read_table(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let limit = fakeplate::pace::MAX_TABLE_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() > limit {
        return Err(format!(
            "more than {limit} bytes, the limit for a periodic table (7 x 24 rows)"
        ));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())
}

/// Whether the virtual clock is stamped by the `--rate` profile: when --rate is given, unless
/// --step is too with a constant rate (then --step stamps and the rate paces, as before
/// profiles existed). A profile with --step is a usage error.
pub fn stamps_by_rate(args: &OutputArgs, spec: Option<&RateSpec>) -> Result<bool, Failure> {
    match (spec, &args.step) {
        (None, _) => Ok(false),
        (Some(spec), Some(step)) if spec.constant().is_none() => Err(Failure::Usage(format!(
            "--step {step} with --rate {}: a profile sets the virtual times itself; drop --step",
            args.rate.as_deref().unwrap_or_default()
        ))),
        (Some(_), Some(_)) => Ok(false),
        (Some(_), None) => Ok(true),
    }
}

/// How records are stamped for `seed`: by the `--rate` schedule when [`stamps_by_rate`] says
/// so (reading a periodic table), and `--late`.
pub fn stamps(args: &OutputArgs, seed: u64) -> Result<Stamps, Failure> {
    let schedule = if stamps_by_rate(args, rate_spec(args)?.as_ref())? {
        schedule(args, seed)?
    } else {
        None
    };
    Ok(Stamps {
        schedule,
        late: faults(args)?.0,
    })
}

/// Every check of the traffic options that reads nothing: `--rate`, `--smooth`, `--step` with
/// a profile, `--late`, `--duplicates`.
pub fn check_traffic(args: &OutputArgs) -> Result<(), Failure> {
    stamps_by_rate(args, rate_spec(args)?.as_ref())?;
    faults(args)?;
    Ok(())
}

/// The times a record can have: JavaScript's `Date` range, ±8.64e15 ms from 1970, from
/// -271821-04-20T00:00:00Z to +275760-09-13T00:00:00Z. Past it, times would stop moving.
pub const TIMES: TimeRange = TimeRange {
    first_ms: -8_640_000_000_000_000,
    last_ms: 8_640_000_000_000_000,
    first: "-271821-04-20T00:00:00Z",
    last: "+275760-09-13T00:00:00Z",
    why: "the range of a JavaScript Date",
};

/// The times an object key can hold: years 1 to 9999. A key's year is `yyyy`; a year of five
/// digits would sort before 9999, and a `+` before every digit, so keys would no longer sort in
/// time order.
pub const KEY_TIMES: TimeRange = TimeRange {
    first_ms: -62_135_596_800_000,
    last_ms: 253_402_300_799_999,
    first: "0001-01-01T00:00:00Z",
    last: "9999-12-31T23:59:59.999Z",
    why: "four-digit years, so that object keys sort in time order",
};

/// A range of record times: Unix milliseconds, as printed, and why it is the limit.
#[derive(Clone, Copy, Debug)]
pub struct TimeRange {
    pub first_ms: i64,
    pub last_ms: i64,
    pub first: &'static str,
    pub last: &'static str,
    pub why: &'static str,
}

/// Refuses, before anything runs, a virtual-clock run whose record times leave `range`: the
/// last of `records` records (stamped by --step, or by a constant --rate), the end of a
/// virtual --duration, and the first record moved back by --late's most. A run without a
/// count, a duration or an end is not bounded, and is not checked here.
pub fn check_times(
    args: &OutputArgs,
    clock: Clock,
    records: Option<u64>,
    duration: Option<Duration>,
    range: TimeRange,
    seed: u64,
) -> Result<(), Failure> {
    let Clock::Virtual { start_ms, step_ms } = clock else {
        return Ok(());
    };
    let start = args.start.as_deref().unwrap_or("2026-01-01T00:00:00Z");
    let check = |what: String, at: i128| {
        if at > i128::from(range.last_ms) {
            Err(Failure::Usage(format!(
                "{what}: after {}, the last time a record can have ({})",
                range.last, range.why
            )))
        } else if at < i128::from(range.first_ms) {
            Err(Failure::Usage(format!(
                "{what}: before {}, the first time a record can have ({})",
                range.first, range.why
            )))
        } else {
            Ok(())
        }
    };
    check(format!("--start {start}"), i128::from(start_ms))?;
    if let (Some(late), Some(text)) = (faults(args)?.0, args.late.as_deref()) {
        check(
            format!("--late {text} from --start {start}: a record moved back the most would be"),
            i128::from(start_ms) - i128::from(late.max_ms()),
        )?;
    }
    if let Some(n) = records.filter(|&n| n > 0) {
        let last = n - 1;
        let rate = rate_spec(args)?;
        let by_rate = stamps_by_rate(args, rate.as_ref())?;
        let offset = if by_rate {
            let by = format!("--rate {}", args.rate.as_deref().unwrap_or_default());
            match rate.as_ref().and_then(RateSpec::constant) {
                Some(r) => Some(((last as f64 / r * 1000.0).min(1e30) as i128, by)),
                // Any other profile: the last record's own arrival, by the schedule's random
                // access (about 60 draws). A time the schedule cannot hold saturates at
                // `i64::MAX / 2` µs (a repeated, wrong time): that is past the range too.
                None => schedule(args, seed)?.map(|s| {
                    let us = s.start_ms(start_ms).arrival_us(last);
                    let ms = if us >= i64::MAX / 2 {
                        i128::MAX / 2
                    } else {
                        i128::from(us.div_euclid(1000))
                    };
                    (ms, by)
                }),
            }
        } else {
            let step = args.step.as_deref().unwrap_or("100ms");
            Some((
                i128::from(step_ms) * i128::from(last),
                format!("--step {step}"),
            ))
        };
        if let Some((offset, by)) = offset {
            check(
                format!("record {last} of {n} from --start {start} by {by} would be"),
                i128::from(start_ms) + offset,
            )?;
        }
    }
    if let (Some(text), Some(end)) = (args.end.as_deref(), end_ms(args, clock)?) {
        check(format!("--end {text}"), i128::from(end))?;
    }
    if let Some(d) = duration {
        check(
            format!(
                "--duration {}ms from --start {start} would end",
                d.as_millis()
            ),
            i128::from(start_ms) + i128::try_from(d.as_millis()).unwrap_or(i128::MAX / 2),
        )?;
    }
    Ok(())
}

/// `--end`: the end of a backfill, Unix milliseconds, after the virtual clock's start.
pub fn end_ms(args: &OutputArgs, clock: Clock) -> Result<Option<i64>, Failure> {
    let Some(text) = args.end.as_deref() else {
        return Ok(None);
    };
    let Clock::Virtual { start_ms, step_ms } = clock else {
        return Err(Failure::Usage(format!(
            "--end {text}: a backfill runs on the virtual clock (--clock virtual)"
        )));
    };
    let end = fakeplate::Clock::parse_virtual(text, "0ms")
        .and_then(|c| match c {
            Clock::Virtual { start_ms, .. } => Some(start_ms),
            _ => None,
        })
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--end {text:?}: expected an ISO 8601 time such as 2026-01-02T00:00:00Z"
            ))
        })?;
    if end < start_ms {
        return Err(Failure::Usage(format!(
            "--end {text}: before --start {}",
            args.start.as_deref().unwrap_or("2026-01-01T00:00:00Z")
        )));
    }
    if args.rate.is_none() && step_ms <= 0 {
        return Err(Failure::Usage(format!(
            "--end {text} with --step {step_ms}ms: virtual time would never reach the end"
        )));
    }
    Ok(Some(end))
}

/// The records of a backfill: those whose time under `template`'s schedule (or its clock's
/// step) falls in `[start, end)`.
pub fn backfill(template: &fakeplate::Template, end_ms: i64) -> std::ops::Range<u64> {
    if let Some(s) = template.schedule() {
        return 0..s.first_at(end_ms);
    }
    let start = template.arrival_ms(0);
    let step = template.arrival_ms(1) - start;
    // The first i with start + i × step >= end, for step > 0 (checked by `end_ms`).
    let n = (i128::from(end_ms) - i128::from(start)).max(0);
    let step = i128::from(step.max(1));
    0..u64::try_from((n + step - 1) / step).unwrap_or(u64::MAX)
}

/// `--late` and `--duplicates`, checked.
pub fn faults(args: &OutputArgs) -> Result<(Option<Late>, Option<Duplicates>), Failure> {
    let late = args
        .late
        .as_deref()
        .map(|t| Late::parse(t).map_err(|e| Failure::Usage(format!("--late {t:?}: {e}"))))
        .transpose()?;
    let duplicates = args
        .duplicates
        .as_deref()
        .map(|t| {
            Duplicates::parse(t).map_err(|e| Failure::Usage(format!("--duplicates {t:?}: {e}")))
        })
        .transpose()?;
    Ok((late, duplicates))
}

/// The seed of `--duplicates`' choices for a run's seed: not the records' stream.
pub fn duplicates_seed(seed: u64) -> u64 {
    super::drive::key_seed(seed ^ 0x6475_7073)
}

/// How records are stamped: the schedule of the virtual clock and late events.
#[derive(Default)]
pub struct Stamps {
    pub schedule: Option<Schedule>,
    pub late: Option<Late>,
}

/// A schedule to pace by in real time: on the system clock started now (so that a periodic
/// table reads today's weekday and hour), on the virtual clock at its start.
pub fn pacing(schedule: Schedule, clock: Clock) -> Schedule {
    match clock {
        Clock::Virtual { start_ms, .. } => schedule.start_ms(start_ms),
        _ => schedule.start_ms(super::drive::system_ms()),
    }
}

/// The virtual clock of `--start` and `--step`.
pub fn virtual_clock(args: &OutputArgs) -> Result<Clock, Failure> {
    let start = args.start.as_deref().unwrap_or("2026-01-01T00:00:00Z");
    let step = args.step.as_deref().unwrap_or("100ms");
    Clock::parse_virtual(start, step).ok_or_else(|| {
        Failure::Usage(format!(
            "--start {start:?} --step {step:?}: expected an ISO 8601 time and a duration such as 100ms"
        ))
    })
}

/// The clock `--clock` names.
pub fn clock(choice: ClockArg, args: &OutputArgs) -> Result<Clock, Failure> {
    match choice {
        ClockArg::System => Ok(Clock::System),
        ClockArg::Virtual => virtual_clock(args),
    }
}

/// One part of a run split over N processes (`--shard K/N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// K, from 0.
    pub index: u64,
    /// N, at least 1.
    pub of: u64,
}

impl Shard {
    /// Reads `K/N`, with `0 <= K < N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| "expected K/N, such as 0/4 (K counts from 0)".to_owned())?;
        let number = |t: &str, what: &str| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| format!("{what} {t:?} is not a whole number"))
        };
        let (index, of) = (number(k, "K")?, number(n, "N")?);
        if of == 0 {
            return Err("N must be at least 1".into());
        }
        if index >= of {
            return Err(format!(
                "K must be below N (K counts from 0: the parts of {of} are 0/{of} to {}/{of})",
                of - 1
            ));
        }
        Ok(Shard { index, of })
    }

    /// This part of the run's records `run`: from K×T/N to (K+1)×T/N of its T records, so
    /// that the parts are disjoint, in order, and cover the run.
    pub fn part(self, run: Range<u64>) -> Range<u64> {
        let len = u128::from(run.end.saturating_sub(run.start));
        // len × (K + 1) / N <= len, so the cast back cannot truncate.
        let at = |k: u64| run.start + (len * u128::from(k) / u128::from(self.of)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

/// `--shard`, checked.
pub fn shard(args: &OutputArgs) -> Result<Option<Shard>, Failure> {
    args.shard
        .as_deref()
        .map(|t| Shard::parse(t).map_err(|e| Failure::Usage(format!("--shard {t:?}: {e}"))))
        .transpose()
}

/// Refuses `--shard` where the run's records are not known in advance (a run on the system
/// clock ended by --duration, or by nothing but a signal): there is no range to split.
pub fn check_shard(
    args: &OutputArgs,
    count: Option<u64>,
    clock: Clock,
    duration: Option<Duration>,
) -> Result<(), Failure> {
    let Some(text) = args.shard.as_deref() else {
        return Ok(());
    };
    shard(args)?;
    let known = count.is_some()
        || args.end.is_some()
        || (matches!(clock, Clock::Virtual { .. }) && duration.is_some());
    if known {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "--shard {text}: the parts split a known number of records; give --count (or, on the virtual clock, --end or --duration)"
        )))
    }
}

/// The records of this process: all of `count` records (or of those arriving before --end or
/// before the end of a virtual --duration), or `--shard`'s part of them. `None` when the run is
/// not split (then the count, the duration or a signal ends it as usual).
pub fn shard_part(
    args: &OutputArgs,
    template: &fakeplate::Template,
    clock: Clock,
    count: Option<u64>,
    duration: Option<Duration>,
) -> Result<Option<Range<u64>>, Failure> {
    let Some(shard) = shard(args)? else {
        return Ok(None);
    };
    let total = match (count, clock, duration) {
        (Some(n), _, _) => n,
        (None, Clock::Virtual { start_ms, .. }, Some(d)) => {
            let end = start_ms.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            backfill(template, end).end
        }
        _ => {
            check_shard(args, count, clock, duration)?;
            0
        }
    };
    Ok(Some(shard.part(0..total)))
}

/// `--duration`, when given.
pub fn duration(text: Option<&str>) -> Result<Option<Duration>, Failure> {
    text.map(|text| {
        parse_duration(text).ok_or_else(|| {
            Failure::Usage(format!(
                "--duration {text:?}: expected a duration such as 90s or 5m"
            ))
        })
    })
    .transpose()
}

/// Parses `1MiB`, `512KiB`, `1GiB`, `100B` or a bare number of bytes.
pub fn parse_size(text: &str) -> Option<usize> {
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
