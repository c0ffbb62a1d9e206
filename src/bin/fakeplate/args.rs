//! Options several commands share, and the checks that turn option text into settings. The
//! checks are pure (no file is read, nothing is created), so that they run before any work and
//! can be fuzzed.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use fakeplate::pace::parse_duration;
use fakeplate::{Clock, Escape};

use super::Failure;

#[derive(Args, Debug)]
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

/// `--rate`: a positive, finite number of records per second.
pub fn rate(rate: f64) -> Result<f64, Failure> {
    if rate.is_finite() && rate > 0.0 {
        Ok(rate)
    } else {
        Err(Failure::Usage(format!(
            "--rate {rate}: expected a positive number"
        )))
    }
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
