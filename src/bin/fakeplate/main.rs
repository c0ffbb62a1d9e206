//! `fakeplate`: render KDG record templates from the command line (feature `cli`).
//!
//! ```sh
//! fakeplate stream templates/sakila.tmpl --rate 10 --count 50
//! fakeplate render templates/sakila.tmpl --count 1000000 --threads 2 --output records.jsonl
//! fakeplate check templates/sakila.tmpl
//! fakeplate functions random
//! fakeplate deliver templates/sakila.tmpl --to bucket --duration 1h
//! fakeplate verify templates/sakila.tmpl --from bucket --count 36000
//! fakeplate completions bash > ~/.local/share/bash-completion/completions/fakeplate
//! fakeplate man > ~/.local/share/man/man1/fakeplate.1
//! ```
//!
//! One module per command; `args` holds the options they share and their checks. Modules
//! name each other through `super::`, so that the fuzz target `cli_args` can include this
//! file as a module and check generated command lines with [`check_options`].

mod args;
#[cfg(any(feature = "kinesis", feature = "firehose"))]
mod aws;
mod check;
mod compress;
mod deliver;
mod drive;
mod functions;
mod help;
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
mod zone;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use output::{ColorArg, diagnostic};
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
    /// Colour errors and warnings on stderr: when it is a terminal and NO_COLOR is unset
    /// (auto), always, or never. The text is the same either way.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
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
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), of fakeplate or of one of its commands.
    #[command(after_help = help::MAN)]
    Man {
        /// A command (`render`, `stream`, …): its own page, fakeplate-COMMAND(1).
        command: Option<String>,
    },
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
        Command::Check(_)
        | Command::Functions { .. }
        | Command::Completions { .. }
        | Command::Man { .. } => Ok(()),
    }
}

/// `--color` as the command line gives it, before parsing: clap's own usage errors follow it
/// too.
fn color_before_parsing(args: &[std::ffi::OsString]) -> Option<ColorArg> {
    let mut choice = None;
    let mut next_is_value = false;
    for arg in args.iter().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let value = if next_is_value {
            next_is_value = false;
            Some(arg)
        } else if arg == "--color" {
            next_is_value = true;
            None
        } else {
            arg.strip_prefix("--color=")
        };
        if let Some(value) = value {
            choice = ColorArg::from_str(value, false).ok().or(choice);
        }
    }
    choice
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let early = color_before_parsing(&args).unwrap_or_default();
    output::set_color(early);
    let clap_color = if output::color() {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    let parsed = Cli::command()
        .color(clap_color)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout, errors to stderr; neither may panic.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    output::set_color(cli.color);
    let stop = match cli.command {
        Command::Render(_) | Command::Stream(_) | Command::Deliver(_) => Some(Stop::install()),
        Command::Check(_)
        | Command::Functions { .. }
        | Command::Verify(_)
        | Command::Completions { .. }
        | Command::Man { .. } => None,
    };
    let result = match cli.command {
        Command::Render(args) => render::run(args, stop.as_ref().expect("installed")),
        Command::Stream(args) => stream::run(args, stop.as_ref().expect("installed")),
        Command::Deliver(args) => deliver::run(args, stop.as_ref().expect("installed")),
        Command::Check(args) => check::run(args),
        Command::Functions { namespace } => functions::run(namespace.as_deref()),
        Command::Verify(args) => verify::run(args),
        Command::Completions { shell } => help::completions(shell),
        Command::Man { command } => help::man(command.as_deref()),
    };
    match result {
        Ok(()) => match stop.and_then(|s| s.exit_status()) {
            Some(status) => ExitCode::from(status),
            None => ExitCode::SUCCESS,
        },
        Err(Failure::Template | Failure::Failed) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            diagnostic(&format!("error: {message}"));
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            diagnostic(&format!("error: {message}"));
            ExitCode::from(1)
        }
    }
}
