//! The parser: template text → [`ast::Ast`], with nom for everything inside a tag.
//!
//! The top level is a scan for the active opening delimiters (and their `\` escapes); literal
//! text between tags is kept as borrowed slices of the source, cleaned of line breaks unless
//! newlines are kept. Inside a tag the parser is committed: a malformed tag is an error at its
//! position, never silently literal text. nom's types stay inside this module.

pub(crate) mod args;
pub(crate) mod ast;
mod expr;

pub(crate) use expr::KEYWORDS;

use std::borrow::Cow;

use nom::error::{ErrorKind as NomKind, ParseError};
use nom::{Err, IResult};

use crate::error::{Error, ErrorKind, Span, WarningKind, shorten};
use ast::{Arg, ArgKind, Args, Ast, Call, Expr, Ident, Node, Tag};

/// Which tag delimiters a template uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delimiters {
    /// `{{ }}` when the template text contains `{{`, otherwise `<< >>`.
    #[default]
    Auto,
    /// Only `{{ }}`; `<<` is literal text.
    Braces,
    /// Only `<< >>`; `{{` is literal text.
    Angles,
    /// Both pairs; each opener closes with its own closer.
    Both,
}

#[derive(Clone, Copy, Debug)]
struct Pair {
    open: &'static str,
    close: &'static str,
}

const BRACES: Pair = Pair {
    open: "{{",
    close: "}}",
};
const ANGLES: Pair = Pair {
    open: "<<",
    close: ">>",
};

/// Parser settings taken from [`Options`](crate::Options).
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub delimiters: Delimiters,
    pub keep_newlines: bool,
    pub max_depth: usize,
    pub max_items: usize,
    pub max_string_bytes: usize,
    pub max_tags: usize,
}

/// A parse error inside nom: where (the rest of the input), how wide, and what.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PErr<'s> {
    rest: &'s str,
    len: usize,
    kind: ErrorKind,
    message: &'static str,
    /// The bracket this error happened inside, when the error expected its closer.
    opened: Option<&'s str>,
}

impl<'s> PErr<'s> {
    fn new(rest: &'s str, len: usize, kind: ErrorKind, message: &'static str) -> Self {
        PErr {
            rest,
            len,
            kind,
            message,
            opened: None,
        }
    }

    /// Records the opening bracket (the source from it on) whose closer was expected here.
    fn opened(mut self, open: &'s str) -> Self {
        self.opened = Some(open);
        self
    }

    /// The opener that was never closed: the expected closer's place holds another closer
    /// (`]`, `}}`, …) or the end, so the bracket is unbalanced rather than, say, missing a
    /// comma.
    fn unclosed(&self) -> Option<&'s str> {
        let wrong_closer = self.rest.is_empty()
            || self.rest.starts_with([')', ']', '}'])
            || self.rest.starts_with(">>");
        self.opened.filter(|_| wrong_closer)
    }
}

impl<'s> ParseError<&'s str> for PErr<'s> {
    fn from_error_kind(input: &'s str, _kind: NomKind) -> Self {
        PErr::new(input, 1, ErrorKind::Syntax, "unexpected character")
    }

    fn append(_: &'s str, _: NomKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, keep the one that got further.
    fn or(self, other: Self) -> Self {
        if other.rest.len() < self.rest.len() {
            other
        } else {
            self
        }
    }
}

/// What the parser produced: the tree and the quirks it accepted.
pub(crate) struct Parsed<'s> {
    pub ast: Ast<'s>,
    pub warnings: Vec<(WarningKind, String, Span)>,
}

pub(crate) struct Parser<'s> {
    src: &'s str,
    max_depth: usize,
    max_items: usize,
    max_string_bytes: usize,
    keep_newlines: bool,
}

/// Parses a whole template.
pub(crate) fn parse<'s>(src: &'s str, config: &Config) -> Result<Parsed<'s>, Error> {
    let pairs: &[Pair] = match config.delimiters {
        Delimiters::Braces => &[BRACES],
        Delimiters::Angles => &[ANGLES],
        Delimiters::Both => &[BRACES, ANGLES],
        Delimiters::Auto if src.contains("{{") => &[BRACES],
        Delimiters::Auto => &[ANGLES],
    };
    let p = Parser {
        src,
        max_depth: config.max_depth,
        max_items: config.max_items,
        max_string_bytes: config.max_string_bytes,
        keep_newlines: config.keep_newlines,
    };
    // KDG trims the template (JavaScript's `trim`, which includes the BOM).
    let is_trim = |c: char| c.is_whitespace() || c == '\u{feff}';
    let lo = src.len() - src.trim_start_matches(is_trim).len();
    let hi = src.trim_end_matches(is_trim).len().max(lo);

    let mut nodes = Vec::new();
    let mut warnings = Vec::new();
    let mut text = TextBuilder::new(lo);
    let mut tags = 0usize;
    // `run` is where pending literal text starts; `i` is where the scan goes on.
    let (mut run, mut i) = (lo, lo);
    while i < hi {
        let rest = &src[i..hi];
        let Some(k) = rest.find(|c| c == '\\' || pairs.iter().any(|p| p.open.starts_with(c)))
        else {
            break;
        };
        let at = i + k;
        let here = &src[at..hi];
        // `\{{` escapes the opener; in `\\{{` the backslash is itself escaped (as in a JSON
        // string holding a backslash before a tag), so an odd run of backslashes escapes.
        let escaping = || {
            let run = src[..=at].bytes().rev().take_while(|&b| b == b'\\').count();
            run % 2 == 1
        };
        if let Some(pair) = here
            .strip_prefix('\\')
            .and_then(|r| pairs.iter().find(|p| r.starts_with(p.open)))
            .filter(|_| escaping())
        {
            // `\{{` is a literal `{{`.
            text.push(src, run, at);
            i = at + 1 + pair.open.len();
            text.push_str(pair.open, i);
            run = i;
            continue;
        }
        let Some(pair) = pairs.iter().find(|p| here.starts_with(p.open)) else {
            i = at + 1;
            continue;
        };
        // In `{{{name}}}` the first `{` is text and the tag is `{{name}}` (a tag holding a
        // literal object, `{{{"a":1}}}`, starts at the first `{{`).
        let brace = pair.open.as_bytes()[0];
        let braces = here.bytes().take_while(|&b| b == brace).count();
        if braces > 2
            && here[braces..]
                .trim_start_matches(args::is_ws)
                .starts_with(is_ident_start)
        {
            i = at + braces - 2;
            continue;
        }
        text.push(src, run, at);
        text.finish(p.keep_newlines, &mut nodes);
        tags += 1;
        if tags > config.max_tags {
            return Err(Error::at(
                ErrorKind::Limit,
                format!("more than {} tags", config.max_tags),
                src,
                Span::new(at, at + 2),
            ));
        }
        let (end, tag) = p.tag(at, hi, *pair, &mut warnings)?;
        nodes.push(Node::Tag(tag));
        (run, i) = (end, end);
        text = TextBuilder::new(end);
    }
    text.push(src, run, hi);
    text.finish(p.keep_newlines, &mut nodes);
    Ok(Parsed {
        ast: Ast { nodes },
        warnings,
    })
}

/// Accumulates one run of literal text: borrowed while it is one slice.
struct TextBuilder<'s> {
    start: usize,
    end: usize,
    text: Cow<'s, str>,
}

impl<'s> TextBuilder<'s> {
    fn new(start: usize) -> Self {
        TextBuilder {
            start,
            end: start,
            text: Cow::Borrowed(""),
        }
    }

    fn push(&mut self, src: &'s str, from: usize, to: usize) {
        if from >= to {
            return;
        }
        if self.text.is_empty() {
            self.text = Cow::Borrowed(&src[from..to]);
        } else {
            self.text.to_mut().push_str(&src[from..to]);
        }
        self.end = to;
    }

    fn push_str(&mut self, s: &str, end: usize) {
        self.text.to_mut().push_str(s);
        self.end = end;
    }

    fn finish(&mut self, keep_newlines: bool, nodes: &mut Vec<Node<'s>>) {
        let mut text = std::mem::take(&mut self.text);
        if !keep_newlines && text.contains(['\n', '\r']) {
            text = Cow::Owned(text.replace(['\n', '\r'], ""));
        }
        if !text.is_empty() {
            nodes.push(Node::Text {
                text,
                span: Span::new(self.start, self.end),
            });
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

type Res<'s, T> = IResult<&'s str, T, PErr<'s>>;

/// The message of a tag whose expression ended before its closer (rewritten with what was
/// found there).
const CLOSE: &str = "expected the tag's closer";

impl<'s> Parser<'s> {
    fn offset(&self, rest: &str) -> usize {
        rest.as_ptr() as usize - self.src.as_ptr() as usize
    }

    fn error(&self, e: PErr<'s>) -> Error {
        let at = self.offset(e.rest);
        let error = Error::at(e.kind, e.message, self.src, Span::new(at, at + e.len));
        match e
            .unclosed()
            .and_then(|open| Some((open, open.chars().next()?)))
        {
            Some((open, c)) => {
                let at = self.offset(open);
                error.label(
                    self.src,
                    Span::new(at, at + c.len_utf8()),
                    format!("unclosed `{c}` opened here"),
                )
            }
            None => error,
        }
    }

    /// The opener just before `after` (lists are parsed from the byte after their opener).
    fn opener(&self, after: &'s str) -> &'s str {
        let at = self.offset(after).saturating_sub(1);
        self.src.get(at..).unwrap_or(after)
    }

    /// One tag starting at byte `at`; returns the byte after its closer.
    ///
    /// A tag is read as KDG reads it first, so every KDG template keeps its meaning; only
    /// what does not read that way (or starts with `set`) is read as a v2 expression. Of two
    /// failed readings, the error that got further is reported (the KDG one on a tie).
    fn tag(
        &self,
        at: usize,
        hi: usize,
        pair: Pair,
        warnings: &mut Vec<(WarningKind, String, Span)>,
    ) -> Result<(usize, Tag<'s>), Error> {
        let body = &self.src[at + pair.open.len()..hi];
        let trimmed = body.trim_start_matches(args::is_ws);
        let is_set = trimmed.strip_prefix("set").is_some_and(|after| {
            after.starts_with(args::is_ws)
                && after
                    .trim_start_matches(args::is_ws)
                    .starts_with(is_ident_start)
        });
        if is_set {
            let parsed = self
                .set_statement(trimmed)
                .and_then(|(rest, (name, value))| Ok((self.close(rest, pair)?, (name, value))));
            return match parsed {
                Ok((end, (name, value))) => Ok((
                    end,
                    Tag {
                        expr: Expr::Set { name, value },
                        span: Span::new(at, end),
                    },
                )),
                Err(e) => Err(self.tag_error(e, at, body, pair)),
            };
        }
        let mut quirks = Vec::new();
        let kdg = self
            .expr(body, pair, &mut quirks)
            .and_then(|(rest, expr)| Ok((self.close(rest, pair)?, expr)));
        let kdg_error = match kdg {
            Ok((end, expr)) => {
                warnings.append(&mut quirks);
                return Ok((
                    end,
                    Tag {
                        expr,
                        span: Span::new(at, end),
                    },
                ));
            }
            Err(e) => e,
        };
        // `{{-` is whitespace control in other engines, never a negation here.
        let whitespace_control =
            body.starts_with('-') && !body[1..].starts_with(|c: char| c.is_ascii_digit());
        if !whitespace_control {
            let v2 = self
                .v2_expr(trimmed, 0)
                .and_then(|(rest, ex)| Ok((self.close(rest, pair)?, ex)));
            match v2 {
                Ok((end, ex)) => {
                    return Ok((
                        end,
                        Tag {
                            expr: Expr::V2(ex),
                            span: Span::new(at, end),
                        },
                    ));
                }
                Err(Err::Error(e) | Err::Failure(e)) => {
                    // The v2 reading explains the tag better only when it read an operand
                    // past where the KDG reading stopped (`(a + 1 }}`), not just an operator
                    // (`{{random.number(-)}}`, `{{name.firstName -}}`).
                    let further = match &kdg_error {
                        Err::Error(k) | Err::Failure(k) if e.rest.len() < k.rest.len() => {
                            let read = &k.rest[..k.rest.len() - e.rest.len()];
                            let operand = read.chars().any(|c| {
                                c.is_alphanumeric() || matches!(c, '"' | '\'' | '(' | '[' | '{')
                            });
                            // `{{ a + }}`: KDG's reading stops at an operator it never has.
                            let operator = k.message == CLOSE
                                && k.rest
                                    .starts_with(['+', '*', '/', '%', '~', '<', '>', '=', '!']);
                            operand
                                || operator
                                || e.kind == ErrorKind::Limit
                                || e.unclosed().is_some()
                        }
                        _ => false,
                    };
                    // Nesting past the limit explains a failed KDG reading wherever that
                    // reading stopped (`random.number(((…(5)…)))` thousands deep).
                    let kdg_limit = match &kdg_error {
                        Err::Error(k) | Err::Failure(k) => k.kind == ErrorKind::Limit,
                        Err::Incomplete(_) => false,
                    };
                    let further = further || (e.kind == ErrorKind::Limit && !kdg_limit);
                    if further && body.contains(pair.close) {
                        return Err(self.tag_error(Err::Failure(e), at, body, pair));
                    }
                }
                Err(Err::Incomplete(_)) => {}
            }
        }
        Err(self.tag_error(kdg_error, at, body, pair))
    }

    /// The opening quote of the first string literal in `text` (a slice of the source) that
    /// holds the tag's closer.
    fn string_past_closer(&self, text: &'s str, pair: Pair) -> Option<Span> {
        let mut chars = text.char_indices();
        while let Some((start, q)) = chars.next() {
            if q != '"' && q != '\'' {
                continue;
            }
            let mut end = text.len();
            while let Some((k, c)) = chars.next() {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    end = k;
                    break;
                }
            }
            if text[start + 1..end].contains(pair.close) {
                let at = self.offset(&text[start..]);
                return Some(Span::new(at, at + 1));
            }
        }
        None
    }

    /// The closer after optional blanks; the byte after it.
    fn close(&self, rest: &'s str, pair: Pair) -> Result<usize, Err<PErr<'s>>> {
        let (rest, _) = args::ws(rest)?;
        match rest.strip_prefix(pair.close) {
            Some(after) => Ok(self.offset(after)),
            None => Err(Err::Failure(PErr::new(
                rest,
                rest.chars().next().map_or(0, char::len_utf8),
                ErrorKind::Syntax,
                CLOSE,
            ))),
        }
    }

    /// The error for a tag that did not parse.
    fn tag_error(&self, e: Err<PErr<'s>>, at: usize, body: &'s str, pair: Pair) -> Error {
        let unclosed = || {
            Error::at(
                ErrorKind::UnclosedTag,
                format!("tag is never closed: expected `{}`", pair.close),
                self.src,
                Span::new(at, at + pair.open.len()),
            )
        };
        let e = match e {
            Err::Error(e) | Err::Failure(e) => e,
            Err::Incomplete(_) => return unclosed(),
        };
        if e.message != CLOSE {
            if !body.contains(pair.close) || e.rest.is_empty() {
                return unclosed();
            }
            let error = self.error(e);
            // `{"a": "{{date.now("x)}}"}`: the argument's string swallowed the tag's closer
            // and ended at a quote of the text around the tag.
            let (from, to) = (self.offset(body), self.offset(e.rest));
            let before = self.src.get(from..to).unwrap_or("");
            return match self.string_past_closer(before, pair) {
                Some(quote) => error.label(
                    self.src,
                    quote,
                    format!(
                        "this string runs past `{}`: is its closing quote missing?",
                        pair.close
                    ),
                ),
                None => error,
            };
        }
        let rest = e.rest;
        if !rest.contains(pair.close) {
            return unclosed();
        }
        let found = rest.chars().next().unwrap_or(' ');
        let hint = match found {
            '|' => " (filters are not supported: a tag holds one call)",
            '-' => " (whitespace control such as `-}}` is not supported)",
            _ => "",
        };
        Error::at(
            ErrorKind::Syntax,
            format!(
                "expected `{}` to close the tag, found `{found}`{hint}",
                pair.close
            ),
            self.src,
            Span::new(self.offset(rest), self.offset(rest) + found.len_utf8()),
        )
    }

    fn expr(
        &self,
        i: &'s str,
        pair: Pair,
        warnings: &mut Vec<(WarningKind, String, Span)>,
    ) -> Res<'s, Expr<'s>> {
        let (i, _) = args::ws(i)?;
        match i.chars().next() {
            Some('-') if !i[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                return Err(Err::Failure(PErr::new(
                    i,
                    1,
                    ErrorKind::Syntax,
                    "whitespace control such as `{{-` is not supported: remove the `-`",
                )));
            }
            Some('"' | '\'' | '[' | '{' | '-' | '0'..='9') => {
                let (rest, arg) = self.value(i, 0)?;
                return Ok((rest, Expr::Literal(arg)));
            }
            Some(c) if is_ident_start(c) => {}
            _ if i.starts_with(pair.close) => {
                return Err(Err::Failure(PErr::new(
                    i,
                    pair.close.len(),
                    ErrorKind::Syntax,
                    "empty tag: expected a function such as `random.number`",
                )));
            }
            _ => {
                return Err(Err::Failure(PErr::new(
                    i,
                    1,
                    ErrorKind::Syntax,
                    "expected a function name such as `random.number`",
                )));
            }
        }
        let start = i;
        let (mut rest, first) = self.ident(i)?;
        let mut path = vec![first];
        loop {
            let (r, _) = args::ws(rest)?;
            let Some(r) = r.strip_prefix('.') else { break };
            let (r, _) = args::ws(r)?;
            if !r.starts_with(is_ident_start) {
                return Err(Err::Failure(PErr::new(
                    r,
                    1,
                    ErrorKind::Syntax,
                    "expected a name after `.`",
                )));
            }
            let (r, seg) = self.ident(r)?;
            path.push(seg);
            rest = r;
        }
        let path_span = Span::new(self.offset(start), self.offset(rest));
        if path.len() >= 3 && path[0].name == "faker" {
            path.remove(0);
        }
        let (r, _) = args::ws(rest)?;
        let args = if let Some(after_paren) = r.strip_prefix('(') {
            let open = r;
            let (r, args) = self.call_args(open, after_paren, warnings)?;
            rest = r;
            Some(args)
        } else {
            None
        };
        if path.len() == 1 && args.is_none() {
            let literal = match path[0].name {
                "true" => Some(ArgKind::Bool(true)),
                "false" => Some(ArgKind::Bool(false)),
                "null" => Some(ArgKind::Null),
                _ => None,
            };
            if let Some(kind) = literal {
                return Ok((
                    rest,
                    Expr::Literal(Arg {
                        kind,
                        span: path_span,
                    }),
                ));
            }
        }
        Ok((
            rest,
            Expr::Call(Call {
                path,
                args,
                span: path_span,
            }),
        ))
    }

    fn ident(&self, i: &'s str) -> Res<'s, Ident<'s>> {
        let len = i.find(|c| !is_ident_char(c)).unwrap_or(i.len());
        let (name, rest) = i.split_at(len);
        Ok((
            rest,
            Ident {
                name,
                span: Span::new(self.offset(name), self.offset(rest)),
            },
        ))
    }

    /// The argument list after `(`; falls back to one raw string for a bare word.
    fn call_args(
        &self,
        open: &'s str,
        after_paren: &'s str,
        warnings: &mut Vec<(WarningKind, String, Span)>,
    ) -> Res<'s, Args<'s>> {
        match self.arg_list(after_paren) {
            Ok((rest, items)) => Ok((
                rest,
                Args {
                    items,
                    span: Span::new(self.offset(open), self.offset(rest)),
                    bare_word: false,
                    v2: None,
                },
            )),
            Err(Err::Error(e) | Err::Failure(e)) => {
                let Some(close) = after_paren.find(')') else {
                    return Err(Err::Failure(e));
                };
                let raw = &after_paren[..close];
                // Only text that is not an argument list from its first character is a bare
                // word: `(YYYY-MM-DD)` is, `(1 2)` is a missing comma.
                let first = after_paren.trim_start_matches(args::is_ws);
                let at_start = e.rest.len() == first.len()
                    && !first.starts_with(|c: char| c == '-' || c.is_ascii_digit());
                if !at_start
                    || raw.contains(['"', '\'', '[', ']', '{', '}', '\\'])
                    || e.kind == ErrorKind::Limit
                {
                    return Err(Err::Failure(e));
                }
                let word = raw.trim_matches(args::is_ws);
                let word_start = self.offset(word);
                let span = Span::new(word_start, word_start + word.len());
                let text = if self.keep_newlines || !word.contains(['\n', '\r']) {
                    Cow::Borrowed(word)
                } else {
                    Cow::Owned(word.replace(['\n', '\r'], ""))
                };
                warnings.push((
                    WarningKind::BareWordArgument,
                    format!(
                        "`{}` is not a valid argument, so it is passed as one string, as KDG does; quote it: (\"{}\")",
                        shorten(word),
                        shorten(word)
                    ),
                    span,
                ));
                let rest = &after_paren[close + 1..];
                let v2 = match self.list(after_paren, ')', 0) {
                    Ok((r, items)) if r.len() == rest.len() => Some(items),
                    _ => None,
                };
                Ok((
                    rest,
                    Args {
                        items: vec![Arg {
                            kind: ArgKind::Str(text),
                            span,
                        }],
                        span: Span::new(self.offset(open), self.offset(rest)),
                        bare_word: true,
                        v2,
                    },
                ))
            }
            Err(e) => Err(e),
        }
    }
}
