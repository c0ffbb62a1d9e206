//! Reads and compiles the template of a command.

use std::io::{self, Read};

use fakeplate::{Clock, Limits, Options, Template};

use super::Failure;
use super::args::TemplateArgs;
use super::output::diagnostic;

/// Reads and compiles the template, printing warnings; prints the error and fails otherwise.
pub fn load(args: &TemplateArgs, clock: Clock) -> Result<Template, Failure> {
    match compile(args, clock)? {
        Ok(t) => {
            for w in t.warnings() {
                diagnostic(&format!("{w:#}"));
            }
            Ok(t)
        }
        Err(e) => {
            diagnostic(&format!("{e:#}"));
            Err(Failure::Template)
        }
    }
}

/// Reads the template and compiles it, printing nothing: the outer error is a read failure,
/// the inner one the template's. At most one byte more than the template size limit is read,
/// so that `/dev/zero` or a huge file is refused by the limit instead of filling memory.
pub fn compile(
    args: &TemplateArgs,
    clock: Clock,
) -> Result<Result<Template, fakeplate::Error>, Failure> {
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
    let options = Options::new()
        .name(name)
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .escape(args.escape.escape());
    Ok(Template::compile_bytes(&bytes, &options))
}

/// Compiles a template given as text on the command line (such as `--partition-key`).
pub fn compile_text(args: &TemplateArgs, source: &str, clock: Clock) -> Result<Template, Failure> {
    let options = Options::new()
        .name(args.template.display().to_string())
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .escape(args.escape.escape());
    Template::compile_with(source, &options).map_err(|e| {
        diagnostic(&format!("{e:#}"));
        Failure::Template
    })
}
