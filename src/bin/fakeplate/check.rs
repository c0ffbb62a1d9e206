//! `fakeplate check`: compile a template and report: one line per warning and a summary, or
//! with `--json` the diagnostics as a JSON document for editors and CI.

use std::io::{self, Write as _};

use clap::Args;
use fakeplate::{Clock, Template};
use serde_json::{Value, json};

use super::Failure;
use super::args::{Stamps, TemplateArgs};
use super::output::{diagnostic, say};
use super::template::{compile_source, options, read};

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    /// Print the diagnostics as JSON on stdout: file, line, column (1-based, in characters),
    /// byte span, severity, kind and message of each warning or error; an error also has
    /// `labels`, the secondary places it points at (such as an unclosed bracket's opener).
    #[arg(long)]
    pub json: bool,
    /// Also list every construct KDG's own page cannot run (later faker.js names, several
    /// arguments, language v2, `<< >>` tags, escapes, spaces inside tags, …) with its position;
    /// exit 1 when there is any.
    #[arg(long)]
    pub kdg: bool,
}

pub fn run(args: CheckArgs) -> Result<(), Failure> {
    let file = args.template.template.display().to_string();
    let (name, bytes) = read(&args.template)?;
    let compiled = compile_source(
        &args.template,
        Clock::default(),
        Stamps::default(),
        name.clone(),
        &bytes,
    )?;
    // What KDG cannot run, for a template fakeplate compiles.
    let not_kdg = match (&compiled, args.kdg) {
        (Ok(_), true) => {
            let options = options(&args.template, Clock::default(), name)?;
            let text = String::from_utf8_lossy(&bytes);
            fakeplate::kdg_check(&text, &options).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    if args.json {
        let mut doc = document(&file, &compiled);
        if let Some(list) = doc["diagnostics"].as_array_mut() {
            list.extend(not_kdg.iter().map(|w| {
                json!({
                    "file": file,
                    "line": w.line(),
                    "column": w.column(),
                    "span": [w.span().start, w.span().end],
                    "severity": "kdg",
                    "kind": snake(&w.kind()),
                    "message": w.message(),
                })
            }));
        }
        if args.kdg {
            doc["kdg_ok"] = json!(not_kdg.is_empty());
        }
        let text = serde_json::to_string_pretty(&doc).map_err(|e| Failure::Other(e.to_string()))?;
        let mut out = io::stdout().lock();
        match writeln!(out, "{text}").and_then(|()| out.flush()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                return Err(Failure::Other(format!("writing the report: {e}")));
            }
            _ => {}
        }
        return if compiled.is_err() {
            Err(Failure::Template)
        } else if !not_kdg.is_empty() {
            Err(Failure::Failed)
        } else {
            Ok(())
        };
    }
    let template = match compiled {
        Ok(t) => t,
        Err(e) => {
            diagnostic(&format!("{e:#}"));
            return Err(Failure::Template);
        }
    };
    for w in template.warnings() {
        diagnostic(&w.to_string());
    }
    let kind = if template.is_json() { "JSON" } else { "text" };
    let warnings = template.warnings().len();
    say!(
        "ok: a {kind} template, {warnings} warning{}, records of at most {} bytes",
        if warnings == 1 { "" } else { "s" },
        template.max_record_bytes()
    );
    if args.kdg {
        for w in &not_kdg {
            diagnostic(&format!("{w:#}"));
        }
        if !not_kdg.is_empty() {
            say!(
                "kdg: {} construct{} KDG's page cannot run",
                not_kdg.len(),
                if not_kdg.len() == 1 { "" } else { "s" }
            );
            return Err(Failure::Failed);
        }
        say!("kdg: KDG's page can run this template");
    }
    Ok(())
}

/// `UnclosedTag` → `unclosed_tag`: a kind's name as JSON tools spell it.
fn snake(kind: &dyn std::fmt::Debug) -> String {
    let mut out = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON report of a compilation.
fn document(file: &str, compiled: &Result<Template, fakeplate::Error>) -> Value {
    match compiled {
        Ok(t) => {
            let diagnostics: Vec<Value> = t
                .warnings()
                .iter()
                .map(|w| {
                    json!({
                        "file": file,
                        "line": w.line(),
                        "column": w.column(),
                        "span": [w.span().start, w.span().end],
                        "severity": "warning",
                        "kind": snake(&w.kind()),
                        "message": w.message(),
                    })
                })
                .collect();
            json!({
                "file": file,
                "ok": true,
                "template": if t.is_json() { "json" } else { "text" },
                "max_record_bytes": t.max_record_bytes(),
                "diagnostics": diagnostics,
            })
        }
        Err(e) => json!({
            "file": file,
            "ok": false,
            "diagnostics": [{
                "file": file,
                "line": e.line(),
                "column": e.column(),
                "span": e.range().map(|r| [r.start, r.end]),
                "severity": "error",
                "kind": snake(&e.kind()),
                "message": e.message(),
                "labels": e.labels().iter().map(|l| json!({
                    "line": l.line(),
                    "column": l.column(),
                    "span": [l.span().start, l.span().end],
                    "message": l.message(),
                })).collect::<Vec<_>>(),
            }],
        }),
    }
}
