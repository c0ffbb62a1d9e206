//! Firehose S3 prefixes: parsing, the validation rules of the Firehose API, and evaluation.
//!
//! A prefix is literal text with expressions `!{namespace:value}`:
//! `!{timestamp:PATTERN}` (a Java `DateTimeFormatter` pattern), `!{firehose:random-string}`
//! and `!{firehose:error-output-type}`. The Java pattern language is implemented for the
//! letters whose output does not depend on a locale (`y u M d H m s D S`, quotes, literals);
//! any other letter is an error naming the supported ones.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::{DeliveryError, ErrorOutputType};

/// Which of the two Firehose settings a prefix is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrefixField {
    /// `Prefix`: where delivered objects go.
    Prefix,
    /// `ErrorOutputPrefix`: where failed records go.
    ErrorOutputPrefix,
}

impl std::fmt::Display for PrefixField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PrefixField::Prefix => "Prefix",
            PrefixField::ErrorOutputPrefix => "ErrorOutputPrefix",
        })
    }
}

/// The longest prefix the Firehose API accepts, in characters.
pub const MAX_PREFIX_CHARS: usize = 1024;
/// The longest a prefix may be once evaluated, in characters.
pub const MAX_EVALUATED_CHARS: usize = 512;
/// The layout Firehose uses when no expression is given: `yyyy/MM/dd/HH/`.
pub const DEFAULT_LAYOUT: &str = "yyyy/MM/dd/HH/";

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Timestamp(Vec<TimePart>),
    RandomString,
    ErrorOutputType,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum TimePart {
    Literal(String),
    /// A pattern letter and how many times it is repeated.
    Field(char, usize),
}

/// One parsed prefix, with the Firehose defaults already applied, ready to evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefix {
    source: String,
    pieces: Vec<Piece>,
}

/// The two prefixes of a delivery stream, validated together as Firehose does.
///
/// ```
/// use fakeplate::delivery::{ErrorOutputType, Prefixes};
///
/// let p = Prefixes::new(
///     Some("streaming/!{timestamp:yyyy/MM/}"),
///     Some("!{firehose:error-output-type}/!{timestamp:yyyy/MM/}"),
/// )?;
/// let at = 1_767_225_600_000; // 2026-01-01T00:00:00Z
/// let mut random = || unreachable!("no random-string in these prefixes");
/// assert_eq!(p.prefix().evaluate(at, None, &mut random)?, "streaming/2026/01/");
/// assert_eq!(
///     p.error_prefix().evaluate(at, Some(ErrorOutputType::FormatConversionFailed), &mut random)?,
///     "format-conversion-failed/2026/01/"
/// );
///
/// // The rules of the Firehose API are enforced, with its own message where it has one.
/// let err = Prefixes::new(Some("!{timestamp:yyyy/MM/dd}"), None).unwrap_err();
/// assert_eq!(err.to_string(), "Invalid input: ErrorOutputPrefix can't be null when Prefix contains expressions");
/// # Ok::<(), fakeplate::delivery::DeliveryError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefixes {
    prefix: Prefix,
    error_prefix: Prefix,
    warnings: Vec<String>,
}

impl Prefixes {
    /// Parses and validates `Prefix` and `ErrorOutputPrefix` (`None` or `""` when not set),
    /// applying Firehose's defaults: no prefix gives `yyyy/MM/dd/HH/`; a literal prefix gets
    /// a `/` if it lacks one, then `yyyy/MM/dd/HH/`; with no error prefix (allowed only when
    /// the prefix is literal), errors go to `<prefix><error-output-type>/yyyy/MM/dd/HH/`; a
    /// literal error prefix is treated the same way.
    pub fn new(
        prefix: Option<&str>,
        error_prefix: Option<&str>,
    ) -> Result<Prefixes, DeliveryError> {
        let prefix = prefix.filter(|p| !p.is_empty());
        let error_prefix = error_prefix.filter(|p| !p.is_empty());
        let mut warnings = Vec::new();

        let data = match prefix {
            Some(text) => parse(text, PrefixField::Prefix, &mut warnings)?,
            None => Vec::new(),
        };
        let data_has_expr = data.iter().any(|p| !matches!(p, Piece::Text(_)));
        let error = match error_prefix {
            Some(text) => Some(parse(text, PrefixField::ErrorOutputPrefix, &mut warnings)?),
            None => None,
        };

        // Rule 2: the error prefix may be left out only when the prefix is literal.
        if data_has_expr && error.is_none() {
            return Err(DeliveryError::Config(
                "ErrorOutputPrefix can't be null when Prefix contains expressions".into(),
            ));
        }
        // Rule 3: an error prefix with expressions must say where the error type goes.
        if let Some(pieces) = &error {
            let has_expr = pieces.iter().any(|p| !matches!(p, Piece::Text(_)));
            if has_expr && !pieces.contains(&Piece::ErrorOutputType) {
                return Err(DeliveryError::Config(
                    "ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions".into(),
                ));
            }
        }

        let data_prefix = Prefix {
            source: prefix.unwrap_or_default().to_owned(),
            pieces: if data_has_expr {
                data
            } else {
                literal_with_default(prefix.unwrap_or_default(), false)
            },
        };
        let error_prefix = match (&error, error_prefix) {
            (Some(pieces), Some(text)) if pieces.iter().any(|p| !matches!(p, Piece::Text(_))) => {
                Prefix {
                    source: text.to_owned(),
                    pieces: pieces.clone(),
                }
            }
            // A literal error prefix, or none (then the literal prefix stands in for it).
            (_, text) => {
                let base = text.or(prefix).unwrap_or_default();
                Prefix {
                    source: text.unwrap_or_default().to_owned(),
                    pieces: literal_with_default(base, true),
                }
            }
        };
        for (p, field) in [
            (&data_prefix, PrefixField::Prefix),
            (&error_prefix, PrefixField::ErrorOutputPrefix),
        ] {
            let max = p.max_evaluated_chars();
            if max > MAX_EVALUATED_CHARS {
                return Err(DeliveryError::Config(format!(
                    "{field} can evaluate to {max} characters; Firehose allows at most {MAX_EVALUATED_CHARS}"
                )));
            }
        }
        for (p, field) in [
            (&data_prefix, PrefixField::Prefix),
            (&error_prefix, PrefixField::ErrorOutputPrefix),
        ] {
            let sample = p.evaluate(0, Some(ErrorOutputType::ProcessingFailed), &mut || {
                "x".repeat(11)
            })?;
            if !sample.ends_with('/') {
                warnings.push(format!(
                    "{field} {:?} does not end with `/`: object names are appended to its last segment",
                    p.source
                ));
            }
        }
        Ok(Prefixes {
            prefix: data_prefix,
            error_prefix,
            warnings,
        })
    }

    /// Where delivered objects go.
    pub fn prefix(&self) -> &Prefix {
        &self.prefix
    }

    /// Where failed records go.
    pub fn error_prefix(&self) -> &Prefix {
        &self.error_prefix
    }

    /// Things Firehose accepts that are probably mistakes (a leading `/`, `DD` for day of
    /// year, a prefix not ending in `/`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// A literal prefix with Firehose's defaults: a `/` added if missing (unless empty), then, for
/// an error prefix, the error type and a `/`, then `yyyy/MM/dd/HH/`.
fn literal_with_default(text: &str, error: bool) -> Vec<Piece> {
    let mut pieces = Vec::new();
    if !text.is_empty() {
        let mut t = text.to_owned();
        if !t.ends_with('/') {
            t.push('/');
        }
        pieces.push(Piece::Text(t));
    }
    if error {
        pieces.push(Piece::ErrorOutputType);
        pieces.push(Piece::Text("/".into()));
    }
    let layout = parse_pattern(DEFAULT_LAYOUT).expect("the default layout parses");
    pieces.push(Piece::Timestamp(layout));
    pieces
}

fn prefix_error(
    field: PrefixField,
    text: &str,
    at: usize,
    message: impl Into<String>,
) -> DeliveryError {
    DeliveryError::Prefix {
        field,
        text: text.to_owned(),
        column: text[..at].chars().count() + 1,
        message: message.into(),
    }
}

/// Parses one prefix as written, checking the rules that concern it alone.
fn parse(
    text: &str,
    field: PrefixField,
    warnings: &mut Vec<String>,
) -> Result<Vec<Piece>, DeliveryError> {
    let chars = text.chars().count();
    if chars > MAX_PREFIX_CHARS {
        return Err(prefix_error(
            field,
            text,
            0,
            format!("{chars} characters; the Firehose API accepts at most {MAX_PREFIX_CHARS}"),
        ));
    }
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("!{") {
        let start = rest + found;
        literal.push_str(&text[rest..start]);
        let body_start = start + 2;
        let Some(len) = text[body_start..].find('}') else {
            return Err(prefix_error(
                field,
                text,
                start,
                "`!{` starts an expression `!{namespace:value}` but is never closed by `}`",
            ));
        };
        let body = &text[body_start..body_start + len];
        let Some((namespace, value)) = body.split_once(':') else {
            return Err(prefix_error(
                field,
                text,
                start,
                format!("`!{{{body}}}` is not an expression: expected `!{{namespace:value}}`"),
            ));
        };
        let value_at = body_start + namespace.len() + 1;
        let piece = match namespace {
            "timestamp" => {
                let parts = parse_pattern(value).map_err(|(offset, message)| {
                    prefix_error(field, text, value_at + offset, message)
                })?;
                if parts.contains(&TimePart::Field('D', 2)) {
                    warnings.push(format!(
                        "{field}: `DD` in !{{timestamp:{value}}} is the day of the year; `dd` is the day of the month"
                    ));
                }
                Piece::Timestamp(parts)
            }
            "firehose" => match value {
                "random-string" => Piece::RandomString,
                "error-output-type" if field == PrefixField::Prefix => {
                    // Rule 4.
                    return Err(prefix_error(
                        field,
                        text,
                        start,
                        "!{firehose:error-output-type} is allowed only in ErrorOutputPrefix",
                    ));
                }
                "error-output-type" => Piece::ErrorOutputType,
                other => {
                    return Err(prefix_error(
                        field,
                        text,
                        value_at,
                        format!(
                            "unknown firehose value `{other}`: expected `random-string` or `error-output-type`"
                        ),
                    ));
                }
            },
            "partitionKeyFromQuery" | "partitionKeyFromLambda" => {
                let message = match field {
                    // Rule 5.
                    PrefixField::ErrorOutputPrefix => {
                        format!("!{{{namespace}:…}} is not allowed in ErrorOutputPrefix")
                    }
                    PrefixField::Prefix => format!(
                        "!{{{namespace}:…}} needs dynamic partitioning, which fakeplate does not emulate"
                    ),
                };
                return Err(prefix_error(field, text, start, message));
            }
            other => {
                return Err(prefix_error(
                    field,
                    text,
                    start + 2,
                    format!(
                        "unknown namespace `{other}`: expected `timestamp` or `firehose` \
                         (as in !{{timestamp:yyyy/MM/}} or !{{firehose:random-string}})"
                    ),
                ));
            }
        };
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
        }
        pieces.push(piece);
        rest = body_start + len + 1;
    }
    literal.push_str(&text[rest..]);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }

    if text.starts_with('/') {
        warnings.push(format!(
            "{field} {text:?} starts with `/`: every key's first path segment is empty"
        ));
    }
    if text.contains("//") {
        warnings.push(format!(
            "{field} {text:?} contains `//`: keys get an empty path segment"
        ));
    }
    Ok(pieces)
}

/// Parses a Java `DateTimeFormatter` pattern; on error, the byte offset and message.
fn parse_pattern(pattern: &str) -> Result<Vec<TimePart>, (usize, String)> {
    if pattern.is_empty() {
        return Err((
            0,
            "empty timestamp pattern: write one such as `yyyy/MM/dd/`".into(),
        ));
    }
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut it = pattern.char_indices().peekable();
    while let Some((at, c)) = it.next() {
        match c {
            '\'' => {
                // '' is one quote; otherwise text up to the closing quote is literal.
                if it.peek().map(|&(_, n)| n) == Some('\'') {
                    it.next();
                    literal.push('\'');
                    continue;
                }
                let mut closed = false;
                while let Some((_, q)) = it.next() {
                    if q == '\'' {
                        if it.peek().map(|&(_, n)| n) == Some('\'') {
                            it.next();
                            literal.push('\'');
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        literal.push(q);
                    }
                }
                if !closed {
                    return Err((at, "unterminated quote `'` in the timestamp pattern".into()));
                }
            }
            '[' | ']' | '{' | '}' | '#' => {
                return Err((
                    at,
                    format!("`{c}` is reserved in Java date patterns: quote it as '{c}'"),
                ));
            }
            c if c.is_ascii_alphabetic() => {
                let mut count = 1;
                while it.peek().map(|&(_, n)| n) == Some(c) {
                    it.next();
                    count += 1;
                }
                check_letter(c, count).map_err(|m| (at, m))?;
                if !literal.is_empty() {
                    parts.push(TimePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TimePart::Field(c, count));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(TimePart::Literal(literal));
    }
    Ok(parts)
}

const SUPPORTED: &str = "y u M d H m s D S (and quoted 'text')";

fn check_letter(c: char, count: usize) -> Result<(), String> {
    let max = match c {
        'y' | 'u' => 19,
        'M' if count >= 3 => {
            return Err(format!(
                "`{}` prints the month's name, which depends on the locale: use `MM`",
                "M".repeat(count)
            ));
        }
        'M' | 'd' | 'H' | 'm' | 's' => 2,
        'D' => 3,
        'S' => 9,
        'Y' => {
            return Err(
                "`Y` is the week-based year in Java patterns, which differs from the calendar year around New Year: use `yyyy`".into(),
            );
        }
        'h' | 'K' | 'k' | 'a' => {
            return Err(format!(
                "`{c}` (12-hour clocks and AM/PM) is not supported: use `HH`; supported letters: {SUPPORTED}"
            ));
        }
        _ => {
            return Err(format!(
                "pattern letter `{c}` is not supported (letters are fields in Java patterns; quote text as 'text'); supported letters: {SUPPORTED}"
            ));
        }
    };
    if count > max {
        return Err(format!(
            "too many pattern letters: `{}`",
            c.to_string().repeat(count)
        ));
    }
    Ok(())
}

impl Prefix {
    /// The prefix as configured (empty when not set).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the prefix contains `!{firehose:random-string}`, which makes keys sort in no
    /// particular order.
    pub fn has_random_string(&self) -> bool {
        self.pieces.contains(&Piece::RandomString)
    }

    /// An upper bound on the evaluated length, in characters.
    fn max_evaluated_chars(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.chars().count(),
                Piece::RandomString => 11,
                Piece::ErrorOutputType => ErrorOutputType::ALL
                    .iter()
                    .map(|t| t.as_str().len())
                    .max()
                    .unwrap_or(0),
                Piece::Timestamp(parts) => parts
                    .iter()
                    .map(|part| match part {
                        TimePart::Literal(l) => l.chars().count(),
                        // Years past 9999 are beyond any clock fakeplate runs on.
                        TimePart::Field('y' | 'u', n) => (*n).max(4),
                        // The day of the year reaches 366.
                        TimePart::Field('D', n) => (*n).max(3),
                        TimePart::Field(_, n) => (*n).max(2),
                    })
                    .sum(),
            })
            .sum()
    }

    /// Evaluates the prefix for an object whose oldest record arrived at `at_ms` (Unix
    /// milliseconds, evaluated in UTC): every `timestamp` expression reads that one instant,
    /// every `random-string` calls `random_string` (which must return 11 characters), and
    /// `error-output-type` prints `error_type` (`None` is allowed only for `Prefix`).
    pub fn evaluate(
        &self,
        at_ms: i64,
        error_type: Option<ErrorOutputType>,
        random_string: &mut dyn FnMut() -> String,
    ) -> Result<String, DeliveryError> {
        let time = utc(at_ms)?;
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Timestamp(parts) => format_time(&time, parts, &mut out),
                Piece::RandomString => out.push_str(&random_string()),
                Piece::ErrorOutputType => match error_type {
                    Some(t) => out.push_str(t.as_str()),
                    None => {
                        return Err(DeliveryError::Config(
                            "!{firehose:error-output-type} evaluated without an error type".into(),
                        ));
                    }
                },
            }
        }
        let chars = out.chars().count();
        if chars > MAX_EVALUATED_CHARS {
            return Err(DeliveryError::Config(format!(
                "the prefix {:?} evaluated to {chars} characters; Firehose allows at most {MAX_EVALUATED_CHARS}",
                self.source
            )));
        }
        Ok(out)
    }
}

/// Unix milliseconds as a UTC time, or an error for times chrono cannot represent.
pub(crate) fn utc(ms: i64) -> Result<DateTime<Utc>, DeliveryError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| {
        DeliveryError::Config(format!("the time {ms} ms since 1970 is out of range"))
    })
}

fn format_time(t: &DateTime<Utc>, parts: &[TimePart], out: &mut String) {
    for part in parts {
        match *part {
            TimePart::Literal(ref l) => out.push_str(l),
            TimePart::Field(c, n) => {
                let value = match c {
                    'y' => i64::from(if t.year() > 0 { t.year() } else { 1 - t.year() }),
                    'u' => i64::from(t.year()),
                    'M' => i64::from(t.month()),
                    'd' => i64::from(t.day()),
                    'H' => i64::from(t.hour()),
                    'm' => i64::from(t.minute()),
                    's' => i64::from(t.second()),
                    'D' => i64::from(t.ordinal()),
                    'S' => {
                        // Fraction of second: the first n digits of the nanoseconds.
                        let nanos = format!("{:09}", t.nanosecond() % 1_000_000_000);
                        out.push_str(&nanos[..n]);
                        continue;
                    }
                    _ => unreachable!("letters are checked when parsed"),
                };
                if matches!(c, 'y' | 'u') && n == 2 {
                    // Java's reduced two-digit year.
                    let _ = write!(out, "{:02}", value.rem_euclid(100));
                } else if value < 0 {
                    let _ = write!(out, "-{:0n$}", -value);
                } else {
                    let _ = write!(out, "{value:0n$}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(p: &Prefix, ms: i64) -> String {
        let mut n = 0;
        p.evaluate(ms, Some(ErrorOutputType::ProcessingFailed), &mut || {
            n += 1;
            format!("{n:0>11}")
        })
        .unwrap()
    }

    #[test]
    fn patterns() {
        // 2024-02-29T05:06:07.089Z, a leap day.
        let at = 1_709_183_167_089;
        let one = |pattern: &str| {
            let p = Prefixes::new(
                Some(&format!("!{{timestamp:{pattern}}}")),
                Some("!{firehose:error-output-type}"),
            )
            .unwrap();
            eval(p.prefix(), at)
        };
        assert_eq!(one("yyyy/MM/dd/HH/mm/ss"), "2024/02/29/05/06/07");
        assert_eq!(one("y-M-d-H-m-s"), "2024-2-29-5-6-7");
        assert_eq!(one("yy"), "24");
        assert_eq!(one("uuuu"), "2024");
        assert_eq!(one("yyyyy"), "02024");
        assert_eq!(one("D DD DDD"), "60 60 060");
        assert_eq!(one("S SSS SSSSSS"), "0 089 089000");
        assert_eq!(one("'year='yyyy'/month='MM"), "year=2024/month=02");
        assert_eq!(one("yyyy''MM"), "2024'02");
        assert_eq!(one("'it''s' yyyy"), "it's 2024");
        assert_eq!(one("yyyy'-'MM'-'dd"), "2024-02-29");
    }

    #[test]
    fn bad_patterns() {
        let err = |pattern: &str| {
            Prefixes::new(
                Some(&format!("x/!{{timestamp:{pattern}}}/")),
                Some("!{firehose:error-output-type}/"),
            )
            .unwrap_err()
            .to_string()
        };
        assert!(err("YYYY").contains("week-based year"), "{}", err("YYYY"));
        assert!(err("MMM").contains("depends on the locale"));
        assert!(err("ddd").contains("too many pattern letters: `ddd`"));
        assert!(err("hh").contains("use `HH`"));
        assert!(err("yyyy'").contains("unterminated quote"));
        assert!(err("[yyyy]").contains("reserved"));
        assert!(err("").contains("empty timestamp pattern"));
        assert!(err("EEE").contains("pattern letter `E` is not supported"));
    }
}
