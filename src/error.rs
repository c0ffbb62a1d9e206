//! The crate's one error type, its kinds, and warnings.
//!
//! Errors store the byte span of the fault and the line, column and source line computed when
//! the error is made (errors are rare, so this costs nothing on the hot path). `{}` prints one
//! line, `{:#}` adds the source line with a caret under the span and, under it, each secondary
//! [`Label`] (such as the opener of an unclosed bracket) marked with `-`.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// What went wrong, for callers that need to react to a kind of fault.
///
/// Match on kinds, never on message text: messages may be reworded between releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The template text is malformed (a bad character inside a tag, a stray delimiter, …).
    Syntax,
    /// A tag was opened and never closed.
    UnclosedTag,
    /// An argument list does not parse (missing comma, unterminated string, bad escape, …).
    BadArgumentSyntax,
    /// The namespace of a call (`adress` in `adress.state`) does not exist.
    UnknownNamespace,
    /// The namespace exists but the function does not.
    UnknownFunction,
    /// An argument has the wrong type or value (`min > max`, empty array, negative weight, …).
    BadArgument,
    /// The template is not JSON although JSON escaping was asked for.
    NotJson,
    /// A configured limit (template size, tag count, nesting depth, …) was exceeded.
    Limit,
    /// The [`Options`](crate::Options) themselves are invalid.
    BadOptions,
    /// The template bytes are not UTF-8.
    Encoding,
    /// A name that no `set` binds before it is used (language v2).
    UnknownName,
    /// A name `set` cannot bind: bound twice, a namespace or a keyword (language v2).
    BadName,
    /// A value of the wrong type where the type is known at compile time, such as arithmetic on
    /// a string (language v2).
    Type,
}

impl ErrorKind {
    /// A short, fixed description of the kind.
    pub fn description(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::UnclosedTag => "unclosed tag",
            ErrorKind::BadArgumentSyntax => "malformed arguments",
            ErrorKind::UnknownNamespace => "unknown namespace",
            ErrorKind::UnknownFunction => "unknown function",
            ErrorKind::BadArgument => "bad argument",
            ErrorKind::NotJson => "template is not JSON",
            ErrorKind::Limit => "limit exceeded",
            ErrorKind::BadOptions => "invalid options",
            ErrorKind::Encoding => "invalid UTF-8",
            ErrorKind::UnknownName => "unknown name",
            ErrorKind::BadName => "bad name",
            ErrorKind::Type => "type mismatch",
        }
    }
}

/// A byte range in the template source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets (saturating at `u32::MAX`; templates are far smaller).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The span as a `Range<usize>`, to slice the source with.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where a span sits in its source, for display.
///
/// Only a window of the source line around the fault is kept ([`EXCERPT_WIDTH`] characters),
/// so that an error in a template with a megabyte-long line stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Location {
    line: usize,
    column: usize,
    /// The shown part of the span's first line, without its line break.
    excerpt: String,
    /// Characters of the line before `excerpt` (shown as `…` when not 0).
    skipped: usize,
    /// Whether the line goes on after `excerpt` (shown as `…`).
    cut: bool,
    /// Width of the caret in characters (at least 1).
    caret: usize,
}

impl Location {
    fn find(src: &str, span: Span) -> Location {
        let start = floor_char_boundary(src, span.start as usize);
        let end = floor_char_boundary(src, (span.end as usize).max(start));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line = src[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = src[line_start..start].chars().count() + 1;
        let text = src[line_start..line_end].trim_end_matches('\r');
        // In printed columns: a control character shows as its escape.
        let caret = src[start..end.min(line_end)]
            .chars()
            .map(escaped_width)
            .sum::<usize>()
            .max(1);
        // The whole line when it is short, else a window from half a width before the fault.
        let chars = text.chars().count();
        let (from, to) = if chars <= EXCERPT_WIDTH {
            (0, chars)
        } else {
            let from = (column - 1).saturating_sub(EXCERPT_WIDTH / 2);
            (from, (from + EXCERPT_WIDTH).min(chars))
        };
        let from_byte = byte_len(text, from);
        let to_byte = from_byte + byte_len(&text[from_byte..], to - from);
        Location {
            line,
            column,
            excerpt: text[from_byte..to_byte].to_owned(),
            skipped: from,
            cut: to < chars,
            caret,
        }
    }
}

/// Bytes of the first `n` characters of `s` (all of `s` if it has fewer).
fn byte_len(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Longest name or quoted text a message shows whole, in characters.
const QUOTE_WIDTH: usize = 64;

/// `s` for a message: whole when short, else its first [`QUOTE_WIDTH`] characters and `…`, so
/// that a megabyte-long name does not make a megabyte-long message.
pub(crate) fn shorten(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(QUOTE_WIDTH) {
        None => Cow::Borrowed(s),
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug)]
struct Repr {
    kind: ErrorKind,
    message: Cow<'static, str>,
    span: Option<Span>,
    location: Option<Location>,
    labels: Vec<Label>,
    name: Option<String>,
}

/// A secondary place an [`Error`] points at, as rustc does: the opener of a bracket or string
/// that was never closed, while the error itself points where the closer was expected.
///
/// ```
/// let err = fakeplate::Template::compile(r#"{{random.arrayElement(["a", "b"]}}"#).unwrap_err();
/// let label = &err.labels()[0];
/// assert_eq!(label.message(), "unclosed `(` opened here");
/// assert_eq!((label.line(), label.column()), (1, 22));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    message: Cow<'static, str>,
    span: Span,
    location: Location,
}

impl Label {
    /// What this place has to do with the error.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte span of this place in the template source.
    pub fn span(&self) -> Span {
        self.span
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.location.line
    }

    /// 1-based column, counted in characters.
    pub fn column(&self) -> usize {
        self.location.column
    }
}

/// A compile error: kind, message, span, 1-based line and column, and the template's name.
///
/// Lines are 1-based; columns are 1-based and count characters (a tab is one column).
///
/// ```
/// let err = fakeplate::Template::compile("{\"s\": \"{{adress.state}}\"}").unwrap_err();
/// assert_eq!(err.kind(), fakeplate::ErrorKind::UnknownNamespace);
/// assert_eq!((err.line(), err.column()), (Some(1), Some(10)));
/// assert_eq!(
///     err.to_string(),
///     "1:10: unknown namespace `adress` (did you mean `address.state`?)"
/// );
/// ```
pub struct Error {
    repr: Box<Repr>,
}

impl Error {
    /// An error with no location yet.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Error {
        Error {
            repr: Box::new(Repr {
                kind,
                message: message.into(),
                span: None,
                location: None,
                labels: Vec::new(),
                name: None,
            }),
        }
    }

    /// An error at `span` of `src`.
    pub(crate) fn at(
        kind: ErrorKind,
        message: impl Into<Cow<'static, str>>,
        src: &str,
        span: Span,
    ) -> Error {
        Error::new(kind, message).locate(src, span)
    }

    /// Sets the location unless one is already set (deep code makes errors without one).
    pub(crate) fn locate(mut self, src: &str, span: Span) -> Error {
        if self.repr.span.is_none() {
            self.repr.span = Some(span);
            self.repr.location = Some(Location::find(src, span));
        }
        self
    }

    /// Adds a secondary label at `span` of `src`.
    pub(crate) fn label(
        mut self,
        src: &str,
        span: Span,
        message: impl Into<Cow<'static, str>>,
    ) -> Error {
        self.repr.labels.push(Label {
            message: message.into(),
            span,
            location: Location::find(src, span),
        });
        self
    }

    pub(crate) fn with_name(mut self, name: Option<&str>) -> Error {
        if let Some(name) = name {
            self.repr.name = Some(name.to_owned());
        }
        self
    }

    /// The kind of fault.
    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.repr.message
    }

    /// The byte range of the fault in the template source, if known.
    pub fn range(&self) -> Option<Range<usize>> {
        self.repr.span.map(Span::range)
    }

    /// The span of the fault in the template source, if known.
    pub fn span(&self) -> Option<Span> {
        self.repr.span
    }

    /// 1-based line of the fault.
    pub fn line(&self) -> Option<usize> {
        self.repr.location.as_ref().map(|l| l.line)
    }

    /// 1-based column of the fault, counted in characters.
    pub fn column(&self) -> Option<usize> {
        self.repr.location.as_ref().map(|l| l.column)
    }

    /// Secondary places the error points at (such as the opener of a bracket that was never
    /// closed), in the order they were added; `{:#}` shows them under the source line.
    pub fn labels(&self) -> &[Label] {
        &self.repr.labels
    }

    /// The template name given in [`Options::name`](crate::Options::name), if any.
    pub fn name(&self) -> Option<&str> {
        self.repr.name.as_deref()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.repr.kind)
            .field("message", &self.repr.message)
            .field("span", &self.repr.span)
            .field("line", &self.line())
            .field("column", &self.column())
            .field("labels", &self.repr.labels)
            .field("name", &self.repr.name)
            .finish()
    }
}

fn write_prefix(
    f: &mut fmt::Formatter<'_>,
    name: Option<&str>,
    location: Option<(usize, usize)>,
) -> fmt::Result {
    match (name, location) {
        (Some(n), Some((l, c))) => write!(f, "{n}:{l}:{c}: "),
        (Some(n), None) => write!(f, "{n}: "),
        (None, Some((l, c))) => write!(f, "{l}:{c}: "),
        (None, None) => Ok(()),
    }
}

/// Longest source line shown whole; longer lines show a window around the fault.
const EXCERPT_WIDTH: usize = 100;

fn write_excerpt(f: &mut fmt::Formatter<'_>, loc: &Location) -> fmt::Result {
    write_excerpt_with_labels(f, loc, &[])
}

/// The primary excerpt, then each label: a `-` under its place with its message, under the
/// primary's source line when the label is in the shown part of it, else under its own line.
fn write_excerpt_with_labels(
    f: &mut fmt::Formatter<'_>,
    loc: &Location,
    labels: &[Label],
) -> fmt::Result {
    let widest = labels
        .iter()
        .map(|l| l.location.line)
        .chain([loc.line])
        .max()
        .unwrap_or(loc.line);
    let pad = " ".repeat(widest.to_string().len());
    write_source_line(f, loc, &pad)?;
    write!(f, "\n{pad} | {}{}", lead(loc), "^".repeat(caret_width(loc)))?;
    for label in labels {
        let at = &label.location;
        let shown = loc.line == at.line
            && at.column > loc.skipped
            && at.column - loc.skipped <= loc.excerpt.chars().count();
        let at = if shown {
            // Measure the label's place in the primary's window.
            &Location {
                skipped: loc.skipped,
                excerpt: loc.excerpt.clone(),
                cut: loc.cut,
                ..at.clone()
            }
        } else {
            write_source_line(f, at, &pad)?;
            at
        };
        write!(
            f,
            "\n{pad} | {}{} {}",
            lead(at),
            "-".repeat(caret_width(at)),
            label.message
        )?;
    }
    Ok(())
}

/// `  |` and `N | source` (with `…` where the line is cut).
fn write_source_line(f: &mut fmt::Formatter<'_>, loc: &Location, pad: &str) -> fmt::Result {
    let gutter = format!("{:>width$}", loc.line, width = pad.len());
    let ellipsis = |cond: bool| if cond { "…" } else { "" };
    write!(
        f,
        "\n{pad} |\n{gutter} | {}{}{}",
        ellipsis(loc.skipped > 0),
        escape_controls(&loc.excerpt),
        ellipsis(loc.cut)
    )
}

/// The fault's position in the excerpt (at most one past its end).
fn excerpt_column(loc: &Location) -> usize {
    (loc.column - 1)
        .saturating_sub(loc.skipped)
        .min(loc.excerpt.chars().count())
}

/// Blanks up to the fault. Tabs in the source line are kept and mirrored so the mark lines up;
/// a control character, shown as its escape ([`escape_controls`]), is as many blanks wide.
fn lead(loc: &Location) -> String {
    let mut out = String::from(if loc.skipped > 0 { " " } else { "" });
    for c in loc.excerpt.chars().take(excerpt_column(loc)) {
        match c {
            '\t' => out.push('\t'),
            c => out.extend(std::iter::repeat_n(' ', escaped_width(c))),
        }
    }
    out
}

/// Width of the mark in printed columns: the span, cut at the end of the excerpt, at least 1.
fn caret_width(loc: &Location) -> usize {
    let rest: usize = loc
        .excerpt
        .chars()
        .skip(excerpt_column(loc))
        .map(escaped_width)
        .sum();
    loc.caret.min(rest).max(1)
}

/// Whether `c` is written as an escape by [`escape_controls`].
fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How many characters `c` takes once escaped: 1 unless [`escape_controls`] escapes it.
fn escaped_width(c: char) -> usize {
    match c {
        '\n' | '\r' => 2,
        c if is_escaped(c) => c.escape_unicode().count(),
        _ => 1,
    }
}

/// `text` made safe to print to a terminal: every control character but the tab (C0, DEL and
/// C1: `ESC`, `BEL`, the line breaks, …) and the bidirectional formatting characters (U+202A to
/// U+202E, U+2066 to U+2069) are written as visible escapes, `\n`, `\r` and `\u{1b}` and the
/// like, so that a file name, an object key or a template line cannot move the cursor, retitle
/// the window or reorder what is shown. Tabs are kept, so that a source line keeps its
/// indentation and a caret under it still lines up. Everything else, `\` included, is
/// unchanged, and text with nothing to escape is returned as it is.
///
/// ```
/// assert_eq!(fakeplate::escape_controls("a\x1b]0;title\x07b"), "a\\u{1b}]0;title\\u{7}b");
/// assert_eq!(fakeplate::escape_controls("tab\there\n"), "tab\there\\n");
/// assert_eq!(fakeplate::escape_controls("plain é"), "plain é");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_escaped(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.repr.location.as_ref();
        write_prefix(f, self.name(), loc.map(|l| (l.line, l.column)))?;
        f.write_str(&self.repr.message)?;
        if let (true, Some(loc)) = (f.alternate(), loc) {
            write_excerpt_with_labels(f, loc, &self.repr.labels)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// `random.number.float`: KDG ignores path segments after the second; so does fakeplate.
    ExtraPathSegments,
    /// `date.now(YYYY-MM-DD)`: the arguments were not valid, so the raw text was passed as one
    /// string, as KDG does.
    BareWordArgument,
    /// The template looks like JSON but is not; it is rendered as text.
    NotJson,
    /// Part of an argument prints as is where it was probably meant otherwise, as KDG prints
    /// it: letters in a moment.js format that are not tokens (`date.now("iso")`), `w|`, an
    /// unclosed `[`.
    PrintedAsIs,
    /// A construct KDG's own page cannot run (from [`kdg_check`](crate::kdg_check)): later
    /// faker.js names, several arguments, language v2, `<< >>` tags, escapes, spaces in tags.
    NotKdg,
}

/// A KDG quirk that fakeplate accepted, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    kind: WarningKind,
    message: String,
    span: Span,
    location: Location,
    name: Option<String>,
}

impl Warning {
    pub(crate) fn new(
        kind: WarningKind,
        message: String,
        src: &str,
        span: Span,
        name: Option<&str>,
    ) -> Warning {
        Warning {
            kind,
            message,
            span,
            location: Location::find(src, span),
            name: name.map(str::to_owned),
        }
    }

    /// The kind of warning.
    pub fn kind(&self) -> WarningKind {
        self.kind
    }
    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The span the warning points at.
    pub fn span(&self) -> Span {
        self.span
    }
    /// 1-based line.
    pub fn line(&self) -> usize {
        self.location.line
    }
    /// 1-based column, counted in characters.
    pub fn column(&self) -> usize {
        self.location.column
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        write_prefix(f, self.name.as_deref(), Some((loc.line, loc.column)))?;
        write!(f, "warning: {}", self.message)?;
        if f.alternate() {
            write_excerpt(f, loc)?;
        }
        Ok(())
    }
}
