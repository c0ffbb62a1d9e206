//! Reads and compiles the template of a command.

use std::io::{self, Read};

use fakeplate::{Clock, Limits, Options, Template};

use super::Failure;
use super::args::{Stamps, TemplateArgs};
use super::output::say;

/// Reads and compiles the template, printing warnings; prints the error and fails otherwise.
/// At most one byte more than the template size limit is read, so that `/dev/zero` or a huge
/// file is refused by the limit instead of filling memory.
pub fn load(args: &TemplateArgs, clock: Clock) -> Result<Template, Failure> {
    load_scheduled(args, clock, Stamps::default())
}

/// As [`load`], stamping records on the virtual clock by a schedule, and late, when given.
pub fn load_scheduled(
    args: &TemplateArgs,
    clock: Clock,
    stamps: Stamps,
) -> Result<Template, Failure> {
    let limit = Limits::default().template_bytes;
    let read = |name: &str, reader: &mut dyn Read| -> Result<Vec<u8>, Failure> {
        let mut bytes = Vec::new();
        reader
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Other(format!("reading {name}: {e}")))?;
        Ok(bytes)
    };
    let (name, bytes) = if args.template.as_os_str() == "-" {
        let name = "<stdin>".to_owned();
        let bytes = read("standard input", &mut io::stdin().lock())?;
        (name, bytes)
    } else {
        let name = args.template.display().to_string();
        let mut file = std::fs::File::open(&args.template)
            .map_err(|e| Failure::Other(format!("reading {name}: {e}")))?;
        let bytes = read(&name, &mut file)?;
        (name, bytes)
    };
    let mut options = Options::new()
        .name(name)
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .escape(args.escape.escape());
    if let Some(schedule) = stamps.schedule {
        options = options.schedule(schedule);
    }
    if let Some(late) = stamps.late {
        options = options.late(late);
    }
    match Template::compile_bytes(&bytes, &options) {
        Ok(t) => {
            for w in t.warnings() {
                say!("{w:#}");
            }
            Ok(t)
        }
        Err(e) => {
            say!("{e:#}");
            Err(Failure::Template)
        }
    }
}

/// Compiles a template given as text on the command line (such as `--partition-key`).
pub fn compile_text(args: &TemplateArgs, source: &str, clock: Clock) -> Result<Template, Failure> {
    let options = Options::new()
        .name(args.template.display().to_string())
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .escape(args.escape.escape());
    Template::compile_with(source, &options).map_err(|e| {
        say!("{e:#}");
        Failure::Template
    })
}
