//! `fakeplate`: render KDG record templates from the command line (feature `cli`).
//!
//! ```sh
//! fakeplate stream templates/sakila.tmpl --rate 10 --count 50
//! fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output records.jsonl
//! fakeplate check templates/sakila.tmpl
//! fakeplate functions random
//! fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h
//! fakeplate verify templates/sakila.tmpl --from bucket --count 36000
//! ```
//!
//! One module per command; `args` holds the options they share and their checks. Modules
//! name each other through `super::`, so that the fuzz target `cli_args` can include this
//! file as a module and check generated command lines with [`check_options`].

mod args;
#[cfg(any(feature = "kinesis", feature = "firehose"))]
mod aws;
mod check;
mod deliver;
mod drive;
mod functions;
#[cfg(feature = "kafka")]
mod kafka;
mod keys;
mod output;
mod progress;
mod render;
mod signals;
mod stream;
mod template;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::say;
use signals::Stop;

#[derive(Parser, Debug)]
#[command(
    name = "fakeplate",
    version,
    about = "Render Kinesis Data Generator (KDG) record templates: reproducible, strict, fast",
    after_help = "Examples:\n  fakeplate stream templates/sakila.tmpl --rate 10 --count 50\n  fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h\n  fakeplate render templates/sakila.tmpl --count 1000 --seed 7\n  fakeplate check templates/sakila.tmpl\n  fakeplate functions date\n  fakeplate verify templates/sakila.tmpl --from bucket --count 36000\n\nExit status: 0 done (also when the reader closes the pipe), 1 template or I/O error, 2 usage\nerror, 128 + the signal's number when SIGINT (130), SIGTERM (143) or SIGHUP (129) stopped the\nrun after it flushed what it had taken."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Render records as fast as possible, deterministically, one per line.
    #[command(
        after_help = "Example:\n  fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output sakila.jsonl"
    )]
    Render(render::RenderArgs),
    /// Stream records at a rate, for a count, a duration, or until interrupted.
    #[command(after_help = stream::HELP)]
    Stream(stream::StreamArgs),
    /// Deliver records like Kinesis Data Firehose: buffered objects under evaluated prefixes,
    /// in a local directory or S3-compatible storage.
    #[command(after_help = deliver::HELP)]
    Deliver(deliver::DeliverArgs),
    /// Compile a template: print its warnings, or its error with the source line.
    #[command(after_help = "Example:\n  fakeplate check templates/sakila.tmpl")]
    Check(check::CheckArgs),
    /// List the functions a template can call.
    #[command(after_help = "Example:\n  fakeplate functions random")]
    Functions {
        /// Only this namespace (`random`, `date`, …).
        namespace: Option<String>,
    },
    /// Regenerate what a run produced and compare it with what arrived: missing, duplicated,
    /// unexpected and out-of-order records.
    #[command(after_help = verify::HELP)]
    Verify(verify::VerifyArgs),
}

/// Why the program stopped early.
pub enum Failure {
    /// A template error, already printed: exit 1.
    Template,
    /// A bad option value: exit 2.
    Usage(String),
    /// An I/O or other error: exit 1.
    Other(String),
    /// A verification that found faults, already reported: exit 1.
    Failed,
}

/// Checks a command's options as its run would, without running it: for tests and fuzzing.
pub fn check_options(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Render(args) => render::check(args).map(drop),
        Command::Stream(args) => stream::check(args).map(drop),
        Command::Deliver(args) => deliver::check(args).map(drop),
        Command::Verify(args) => verify::check(args).map(drop),
        Command::Check(_) | Command::Functions { .. } => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout, errors to stderr; neither may panic.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stop = match cli.command {
        Command::Render(_) | Command::Stream(_) | Command::Deliver(_) => Some(Stop::install()),
        Command::Check(_) | Command::Functions { .. } | Command::Verify(_) => None,
    };
    let result = match cli.command {
        Command::Render(args) => render::run(args, stop.as_ref().expect("installed")),
        Command::Stream(args) => stream::run(args, stop.as_ref().expect("installed")),
        Command::Deliver(args) => deliver::run(args, stop.as_ref().expect("installed")),
        Command::Check(args) => check::run(args),
        Command::Functions { namespace } => functions::run(namespace.as_deref()),
        Command::Verify(args) => verify::run(args),
    };
    match result {
        Ok(()) => match stop.and_then(|s| s.exit_status()) {
            Some(status) => ExitCode::from(status),
            None => ExitCode::SUCCESS,
        },
        Err(Failure::Template | Failure::Failed) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            say!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            say!("error: {message}");
            ExitCode::from(1)
        }
    }
}
