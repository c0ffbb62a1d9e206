//! Writing to standard output and standard error without panicking: a closed pipe is the
//! reader's wish to stop, and a full or closed stderr never stops a run.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

use super::Failure;

/// `eprintln!` that ignores a failing stderr (`eprintln!` panics there), with the user info
/// of URLs and endpoints redacted ([`fakeplate::sink::redact`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = fakeplate::sink::redact(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{line}");
    }};
}
pub(crate) use say;

/// Writes, treating a closed pipe as the reader's wish to stop: `Ok(false)` then.
pub fn write_out(w: &mut dyn Write, bytes: &[u8]) -> Result<bool, Failure> {
    match w.write_all(bytes) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}

/// Flushes, treating a closed pipe as [`write_out`] does.
pub fn flush_out(w: &mut dyn Write) -> Result<bool, Failure> {
    match w.flush() {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}

/// Whether diagnostics on stderr are coloured: set once by [`set_color`] from `--color`.
static COLOR: AtomicBool = AtomicBool::new(false);

/// `--color`: when errors and warnings on stderr get coloured labels and carets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stderr is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always, also where stderr is not a terminal or `NO_COLOR` is set.
    Always,
    /// Never.
    Never,
}

impl ColorArg {
    /// Whether to colour, for this choice, terminal and `NO_COLOR` value.
    pub fn decide(self, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// Decides colour for the run from `--color`, stderr and `NO_COLOR`.
pub fn set_color(choice: ColorArg) {
    let no_color = std::env::var_os("NO_COLOR");
    let on = choice.decide(io::stderr().is_terminal(), no_color.as_deref());
    COLOR.store(on, Ordering::Relaxed);
}

/// True when diagnostics are coloured.
pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// Prints a diagnostic (`error: …`, `warning: …`, a template error with its excerpt) on
/// stderr, coloured when [`color`] says so.
pub fn diagnostic(text: &str) {
    say!("{}", paint(&fakeplate::sink::redact(text), color()));
}

const RESET: &str = "\x1b[0m";

/// `text` with ANSI colours when `on`: the `error:`, `warning:` and `note:` labels, the
/// gutter of a source excerpt and the carets under the fault. Without colour it is `text`
/// unchanged, and with colour it is `text` once the escape sequences are removed.
pub fn paint(text: &str, on: bool) -> String {
    if !on {
        return text.to_owned();
    }
    let first = text.lines().next().unwrap_or("");
    let labels = [
        ("error: ", "\x1b[1;31m"),
        ("warning: ", "\x1b[1;33m"),
        ("note: ", "\x1b[1;36m"),
    ];
    // The label, at the start or after a `file:line:col: ` location.
    let label = labels.iter().find_map(|&(label, colour)| {
        let at = first.find(label)?;
        (at == 0 || first[..at].ends_with(": ")).then_some((at, label, colour))
    });
    let accent = label.map_or("\x1b[1;31m", |(_, _, colour)| colour);
    let mut out = String::with_capacity(text.len() + 32);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n > 0 {
            out.push_str(&paint_excerpt(line, accent));
            continue;
        }
        match label {
            Some((at, label, colour)) => {
                let (location, rest) = line.split_at(at);
                let rest = &rest[label.len()..];
                if !location.is_empty() {
                    out.push_str(&format!("\x1b[1m{location}{RESET}"));
                }
                out.push_str(&format!("{colour}{}{RESET} {rest}", label.trim_end()));
            }
            // A template error: `file:line:col: message`, in bold.
            None => {
                let body = line.trim_end_matches('\n');
                out.push_str(&format!("\x1b[1m{body}{RESET}"));
                out.push_str(&line[body.len()..]);
            }
        }
    }
    out
}

/// A line of a source excerpt (`  |`, `3 | text`, `  | ^^^`, `  | - label`): the gutter and
/// secondary labels in blue, carets in the diagnostic's colour.
fn paint_excerpt(line: &str, accent: &str) -> String {
    let Some(bar) = line.find('|') else {
        return line.to_owned();
    };
    let (gutter, rest) = line.split_at(bar + 1);
    if !gutter[..bar]
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_digit())
    {
        return line.to_owned();
    }
    let rest = if rest.contains('^') && rest.trim().bytes().all(|b| b == b'^') {
        let start = rest.find('^').unwrap_or(0);
        let end = rest.rfind('^').map_or(rest.len(), |e| e + 1);
        format!(
            "{}{accent}{}{RESET}{}",
            &rest[..start],
            &rest[start..end],
            &rest[end..]
        )
    } else if gutter[..bar].trim().is_empty() && rest.trim_start().starts_with('-') {
        // A secondary label (`  |    --- unclosed `(` opened here`), in the gutter's blue.
        let body = rest.trim_end_matches('\n');
        format!("\x1b[1;34m{body}{RESET}{}", &rest[body.len()..])
    } else {
        rest.to_owned()
    };
    format!("\x1b[1;34m{gutter}{RESET}{rest}")
}

#[cfg(test)]
mod tests {
    use super::{ColorArg, paint};

    /// Removes `ESC [ … m` sequences.
    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn colour_adds_escapes_and_nothing_else() {
        for text in [
            "error: --rate 0: expected a positive number",
            "t.tmpl:1:9: unknown function `random.numbr`\n  |\n1 | {\"a\":{{random.numbr}}}\n  |        ^^^^^^^^^^^^",
            "t.tmpl:2:3: warning: `YYYY-MM-DD` is not a valid argument\n  |\n2 | \t{{date.now(YYYY-MM-DD)}}\n  | \t          ^^^^^^^^^^",
            "note: a | b ^ c",
            "",
        ] {
            assert_eq!(paint(text, false), text);
            let coloured = paint(text, true);
            assert_eq!(plain(&coloured), text);
            if !text.is_empty() {
                assert!(coloured.contains('\x1b'), "{coloured:?}");
            }
        }
        let warning = paint("a:1:1: warning: w\n  |\n1 | x\n  | ^", true);
        assert!(warning.contains("\x1b[1;33mwarning:"), "{warning:?}");
        assert!(warning.contains("\x1b[1;33m^"), "{warning:?}");
        let label = "a:1:4: e\n  |\n1 | (1 }}\n  |    ^\n  | - unclosed `(` opened here";
        let coloured = paint(label, true);
        assert_eq!(plain(&coloured), label);
        assert!(
            coloured.ends_with("\x1b[1;34m - unclosed `(` opened here\x1b[0m"),
            "{coloured:?}"
        );
    }

    #[test]
    fn no_color_and_never_turn_it_off() {
        use std::ffi::OsStr;
        assert!(ColorArg::Auto.decide(true, None));
        assert!(ColorArg::Auto.decide(true, Some(OsStr::new(""))));
        assert!(!ColorArg::Auto.decide(true, Some(OsStr::new("1"))));
        assert!(!ColorArg::Auto.decide(false, None));
        assert!(!ColorArg::Never.decide(true, None));
        assert!(ColorArg::Always.decide(false, Some(OsStr::new("1"))));
    }
}
