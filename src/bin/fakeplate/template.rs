//! Reads and compiles the template of a command.

use std::io::{self, Read};

use fakeplate::{Clock, DataSet, Limits, Options, Template};

use super::Failure;
use super::args::{MixArgs, Stamps, TemplateArgs};
use super::output::diagnostic;

/// Reads and compiles the template, printing warnings (prints the error and fails otherwise),
/// stamping records on the virtual clock by a schedule, and late, when given.
pub fn load_scheduled(
    args: &TemplateArgs,
    clock: Clock,
    stamps: Stamps,
) -> Result<Template, Failure> {
    match compile_scheduled(args, clock, stamps)? {
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

/// [`load_scheduled`] for the first template and each of `mix.more`, mixed by `--weights`
/// ([`Template::mix`]); the first template alone when there are no more.
pub fn load_mix(
    args: &TemplateArgs,
    mix: &MixArgs,
    clock: Clock,
    stamps: Stamps,
) -> Result<Template, Failure> {
    let weights = super::args::weights(mix)?;
    if mix.more.is_empty() {
        return load_scheduled(args, clock, stamps);
    }
    let mut members = Vec::with_capacity(weights.len());
    for (path, weight) in std::iter::once(&args.template)
        .chain(&mix.more)
        .zip(weights)
    {
        let member = TemplateArgs {
            template: path.clone(),
            ..args.clone()
        };
        let stamps = Stamps {
            schedule: stamps.schedule.clone(),
            late: stamps.late,
        };
        members.push((load_scheduled(&member, clock, stamps)?, weight));
    }
    Template::mix(&members).map_err(|e| Failure::Usage(e.to_string()))
}

/// Reads the template and compiles it, with a schedule and late events, printing nothing: the
/// outer error is a read failure, the inner one the template's.
fn compile_scheduled(
    args: &TemplateArgs,
    clock: Clock,
    stamps: Stamps,
) -> Result<Result<Template, fakeplate::Error>, Failure> {
    let (name, bytes) = read(args)?;
    compile_source(args, clock, stamps, name, &bytes)
}

/// The template's name and bytes. At most one byte more than the template size limit is read,
/// so that `/dev/zero` or a huge file is refused by the limit instead of filling memory.
pub fn read(args: &TemplateArgs) -> Result<(String, Vec<u8>), Failure> {
    let limit = Limits::default().template_bytes;
    let read = |name: &str, reader: &mut dyn Read| -> Result<Vec<u8>, Failure> {
        let mut bytes = Vec::new();
        reader
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Other(format!("reading {name}: {e}")))?;
        Ok(bytes)
    };
    if args.template.as_os_str() == "-" {
        let name = "<stdin>".to_owned();
        let bytes = read("standard input", &mut io::stdin().lock())?;
        Ok((name, bytes))
    } else {
        let name = args.template.display().to_string();
        let mut file = std::fs::File::open(&args.template)
            .map_err(|e| Failure::Other(format!("reading {name}: {e}")))?;
        let bytes = read(&name, &mut file)?;
        Ok((name, bytes))
    }
}

/// The options the template's flags give (its data sets loaded), for compiling `name`.
pub fn options(args: &TemplateArgs, clock: Clock, name: String) -> Result<Options, Failure> {
    let mut options = Options::new()
        .name(name)
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .time_zone(super::zone::zone_for(args.tz, clock))
        .escape(args.escape.escape());
    for spec in &args.data {
        let (name, set) = load_data(spec)?;
        options = options.data(name, set);
    }
    Ok(options)
}

/// Compiles template bytes already read.
pub fn compile_source(
    args: &TemplateArgs,
    clock: Clock,
    stamps: Stamps,
    name: String,
    bytes: &[u8],
) -> Result<Result<Template, fakeplate::Error>, Failure> {
    let mut options = options(args, clock, name)?;
    if let Some(schedule) = stamps.schedule {
        options = options.schedule(schedule);
    }
    if let Some(late) = stamps.late {
        options = options.late(late);
    }
    Ok(Template::compile_bytes(bytes, &options))
}

/// Reads one `--data NAME=PATH`, by the file's extension; a file over the data size limit is
/// refused before it is read.
fn load_data(spec: &str) -> Result<(String, DataSet), Failure> {
    let usage = |message: String| Failure::Usage(format!("--data {spec}: {message}"));
    let Some((name, path)) = spec
        .split_once('=')
        .filter(|(n, p)| !n.is_empty() && !p.is_empty())
    else {
        return Err(usage("expected NAME=PATH".into()));
    };
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_name {
        return Err(usage(format!(
            "`{name}` is not a data set name (letters, digits, _ and -)"
        )));
    }
    let read: fn(&[u8]) -> Result<DataSet, fakeplate::DataError> = match std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
    {
        Some("csv") => DataSet::from_csv,
        Some("json") => DataSet::from_json,
        Some("jsonl" | "ndjson") => DataSet::from_json_lines,
        _ => {
            return Err(usage(
                "the file must end in .csv, .json, .jsonl or .ndjson".into(),
            ));
        }
    };
    let limit = Limits::default().data_bytes;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Failure::Other(format!("reading {path}: {e}")))?;
    if bytes.len() > limit {
        return Err(Failure::Other(format!(
            "{path}: more than {limit} bytes, the limit for a data set"
        )));
    }
    let set = read(&bytes).map_err(|e| match e.line() {
        Some(line) => Failure::Other(format!("{path}:{line}: {}", e.message())),
        None => Failure::Other(format!("{path}: {}", e.message())),
    })?;
    Ok((name.to_owned(), set))
}

/// Compiles the key template given on the command line (`--partition-key`, `--key`) for the
/// records of `records`: it may name the values their `set` statements bind.
pub fn compile_key(
    records: &Template,
    args: &TemplateArgs,
    source: &str,
    clock: Clock,
) -> Result<Template, Failure> {
    records
        .key_template(source, &text_options(args, clock))
        .map_err(|e| {
            diagnostic(&format!("{e:#}"));
            Failure::Template
        })
}

fn text_options(args: &TemplateArgs, clock: Clock) -> Options {
    Options::new()
        .name(args.template.display().to_string())
        .keep_newlines(args.keep_newlines)
        .clock(clock)
        .time_zone(super::zone::zone_for(args.tz, clock))
        .escape(args.escape.escape())
}
