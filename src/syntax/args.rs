//! Argument lists: JSON values plus single-quoted strings, with spans and a depth limit.
//!
//! Numbers keep their lexeme so the compiler can read them exactly; strings are borrowed when
//! they hold no escape. Every fault reports the position where it was found: after an opening
//! bracket, quote or comma the parser is committed (`cut`), so errors point at the real
//! problem, not at the start of the list.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit0, digit1, one_of};
use nom::combinator::{cut, opt, recognize};
use nom::{Err, IResult, Parser};

use super::ast::{Arg, ArgKind, Key};
use super::{PErr, Parser as Cx};
use crate::error::ErrorKind;

type Res<'s, T> = IResult<&'s str, T, PErr<'s>>;

const TOO_MANY_ITEMS: &str =
    "more items in this array or object than Limits::argument_items allows";
const TOO_LONG_STRING: &str = "string longer than Limits::argument_bytes allows";

const BACKSLASH: &str =
    "backslash outside a string: arguments are plain JSON, write `\"` rather than `\\\"`";

pub(super) fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{feff}')
}

pub(super) fn ws(i: &str) -> Res<'_, &str> {
    take_while(is_ws).parse(i)
}

fn fail<'s, T>(at: &'s str, len: usize, kind: ErrorKind, msg: &'static str) -> Res<'s, T> {
    Err(Err::Failure(PErr::new(at, len, kind, msg)))
}

impl<'s> Cx<'s> {
    /// `(` already consumed up to and including it: items separated by commas, then `)`.
    pub(super) fn arg_list(&self, i: &'s str) -> Res<'s, Vec<Arg<'s>>> {
        let open = self.opener(i);
        let (mut i, _) = ws(i)?;
        let mut items = Vec::new();
        if let Ok((rest, _)) = char::<_, PErr>(')').parse(i) {
            return Ok((rest, items));
        }
        loop {
            let (rest, arg) = self.value(i, 0)?;
            items.push(arg);
            let (rest, _) = ws(rest)?;
            if let Some(rest) = rest.strip_prefix(',') {
                i = ws(rest)?.0;
                if i.starts_with(')') {
                    return fail(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "trailing comma before `)`",
                    );
                }
                continue;
            }
            if let Some(rest) = rest.strip_prefix(')') {
                return Ok((rest, items));
            }
            return Err(Err::Error(
                PErr::new(
                    rest,
                    1,
                    ErrorKind::BadArgumentSyntax,
                    "expected `,` or `)` after an argument",
                )
                .opened(open),
            ));
        }
    }

    /// One value: a literal, a string, a number, an array or an object.
    pub(super) fn value(&self, i: &'s str, depth: usize) -> Res<'s, Arg<'s>> {
        let start = i;
        let (rest, kind) = match i.chars().next() {
            Some('"') => {
                let (r, s) = self.string(i, '"')?;
                (r, ArgKind::Str(s))
            }
            Some('\'') => {
                let (r, s) = self.string(i, '\'')?;
                (r, ArgKind::Str(s))
            }
            Some('[') => self.array(i, depth)?,
            Some('{') => self.object(i, depth)?,
            Some('-' | '0'..='9') => {
                let (r, n) = number(i)?;
                (r, ArgKind::Number(n))
            }
            Some('\\') => {
                return Err(Err::Error(PErr::new(
                    i,
                    2,
                    ErrorKind::BadArgumentSyntax,
                    BACKSLASH,
                )));
            }
            _ => {
                let word: IResult<&str, &str, nom::error::Error<&str>> =
                    alt((tag("true"), tag("false"), tag("null"))).parse(i);
                let (r, word) = word.map_err(|_| {
                    Err::Error(PErr::new(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "expected a value",
                    ))
                })?;
                // `nullable` is a word, not `null` followed by junk.
                if r.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                    return Err(Err::Error(PErr::new(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "expected a value",
                    )));
                }
                let kind = match word {
                    "true" => ArgKind::Bool(true),
                    "false" => ArgKind::Bool(false),
                    _ => ArgKind::Null,
                };
                (r, kind)
            }
        };
        Ok((
            rest,
            Arg {
                kind,
                span: self.span(start, rest),
            },
        ))
    }

    fn enter(&self, i: &'s str, depth: usize) -> Result<(), Err<PErr<'s>>> {
        if depth >= self.max_depth {
            return Err(Err::Failure(PErr::new(
                i,
                1,
                ErrorKind::Limit,
                "arguments nested too deeply",
            )));
        }
        Ok(())
    }

    fn array(&self, i: &'s str, depth: usize) -> Res<'s, ArgKind<'s>> {
        self.enter(i, depth)?;
        let open = i;
        let (mut i, _) = ws(&i[1..])?;
        let mut items = Vec::new();
        if let Some(rest) = i.strip_prefix(']') {
            return Ok((rest, ArgKind::Array(items)));
        }
        loop {
            if items.len() == self.max_items {
                return fail(i, 1, ErrorKind::Limit, TOO_MANY_ITEMS);
            }
            let (rest, item) = cut(|i| self.value(i, depth + 1)).parse(i)?;
            items.push(item);
            let (rest, _) = ws(rest)?;
            if let Some(rest) = rest.strip_prefix(',') {
                i = ws(rest)?.0;
                if i.starts_with(']') {
                    return fail(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "trailing comma before `]`",
                    );
                }
                continue;
            }
            if let Some(rest) = rest.strip_prefix(']') {
                return Ok((rest, ArgKind::Array(items)));
            }
            if rest.is_empty() {
                return fail(open, 1, ErrorKind::BadArgumentSyntax, "unclosed `[`");
            }
            return Err(Err::Failure(
                PErr::new(
                    rest,
                    1,
                    ErrorKind::BadArgumentSyntax,
                    "expected `,` or `]` in an array",
                )
                .opened(open),
            ));
        }
    }

    fn object(&self, i: &'s str, depth: usize) -> Res<'s, ArgKind<'s>> {
        self.enter(i, depth)?;
        let open = i;
        let (mut i, _) = ws(&i[1..])?;
        let mut members = Vec::new();
        if let Some(rest) = i.strip_prefix('}') {
            return Ok((rest, ArgKind::Object(members)));
        }
        loop {
            let key_start = i;
            let (rest, name) = match i.chars().next() {
                Some(q @ ('"' | '\'')) => self.string(i, q)?,
                Some(c) if c.is_alphabetic() || c == '_' => {
                    let len = i
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(i.len());
                    return fail(
                        i,
                        len,
                        ErrorKind::BadArgumentSyntax,
                        "object keys must be quoted: write `\"key\"`",
                    );
                }
                Some('\\') => {
                    return fail(i, 2, ErrorKind::BadArgumentSyntax, BACKSLASH);
                }
                _ => {
                    return fail(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "expected a quoted key in an object",
                    );
                }
            };
            let key = Key {
                name,
                span: self.span(key_start, rest),
            };
            let (rest, _) = ws(rest)?;
            let Some(rest) = rest.strip_prefix(':') else {
                return fail(
                    rest,
                    1,
                    ErrorKind::BadArgumentSyntax,
                    "expected `:` after a key",
                );
            };
            let (rest, _) = ws(rest)?;
            if members.len() == self.max_items {
                return fail(key_start, 1, ErrorKind::Limit, TOO_MANY_ITEMS);
            }
            let (rest, value) = cut(|i| self.value(i, depth + 1)).parse(rest)?;
            members.push((key, value));
            let (rest, _) = ws(rest)?;
            if let Some(rest) = rest.strip_prefix(',') {
                i = ws(rest)?.0;
                if i.starts_with('}') {
                    return fail(
                        i,
                        1,
                        ErrorKind::BadArgumentSyntax,
                        "trailing comma before `}`",
                    );
                }
                continue;
            }
            if let Some(rest) = rest.strip_prefix('}') {
                return Ok((rest, ArgKind::Object(members)));
            }
            if rest.is_empty() {
                return fail(open, 1, ErrorKind::BadArgumentSyntax, "unclosed `{`");
            }
            return Err(Err::Failure(
                PErr::new(
                    rest,
                    1,
                    ErrorKind::BadArgumentSyntax,
                    "expected `,` or `}` in an object",
                )
                .opened(open),
            ));
        }
    }

    /// A string in `quote`s with JSON escapes (`\'` too in single quotes). Raw line breaks are
    /// removed, as KDG removes every line break before parsing, unless newlines are kept.
    pub(super) fn string(&self, i: &'s str, quote: char) -> Res<'s, Cow<'s, str>> {
        let (rest, text) = self.string_body(i, quote)?;
        if text.len() > self.max_string_bytes {
            return fail(i, 1, ErrorKind::Limit, TOO_LONG_STRING);
        }
        Ok((rest, text))
    }

    fn string_body(&self, i: &'s str, quote: char) -> Res<'s, Cow<'s, str>> {
        let body = &i[1..];
        let plain_len = body.find([quote, '\\', '\n', '\r']).unwrap_or(body.len());
        if body[plain_len..].starts_with(quote) {
            return Ok((&body[plain_len + 1..], Cow::Borrowed(&body[..plain_len])));
        }
        let mut out = String::from(&body[..plain_len]);
        let mut chars = body[plain_len..].char_indices();
        while let Some((k, c)) = chars.next() {
            let here = &body[plain_len + k..];
            match c {
                c if c == quote => return Ok((&here[1..], Cow::Owned(out))),
                '\n' | '\r' if !self.keep_newlines => {}
                '\\' => {
                    let Some((_, e)) = chars.next() else { break };
                    let decoded = match e {
                        '"' => '"',
                        '\'' if quote == '\'' => '\'',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let (c, used) = unicode_escape(&here[2..])
                                .ok_or_else(|| Err::Failure(bad_escape(here)))?;
                            for _ in 0..used {
                                chars.next();
                            }
                            c
                        }
                        _ => return Err(Err::Failure(bad_escape(here))),
                    };
                    out.push(decoded);
                }
                c => out.push(c),
            }
        }
        fail(i, 1, ErrorKind::BadArgumentSyntax, "unterminated string")
    }

    fn span(&self, start: &str, rest: &str) -> crate::error::Span {
        crate::error::Span::new(self.offset(start), self.offset(rest))
    }
}

fn bad_escape(at: &str) -> PErr<'_> {
    let len = at.chars().take(2).map(char::len_utf8).sum();
    PErr::new(
        at,
        len,
        ErrorKind::BadArgumentSyntax,
        "invalid escape sequence in a string",
    )
}

/// Reads `XXXX` (and a following `\uXXXX` low surrogate); returns the char and the number of
/// chars consumed after `\u`.
fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let hex = |s: &str| -> Option<u32> {
        let h = s.get(..4)?;
        h.bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| u32::from_str_radix(h, 16).ok())?
    };
    let hi = hex(s)?;
    if (0xD800..0xDC00).contains(&hi) {
        let lo = s
            .get(4..6)
            .filter(|p| *p == "\\u")
            .and_then(|_| hex(&s[6..]))?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
        return Some((c, 10));
    }
    char::from_u32(hi).map(|c| (c, 4))
}

/// A JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn number(i: &str) -> Res<'_, &str> {
    let int = alt((tag("0"), recognize((one_of("123456789"), digit0))));
    let frac = opt((char('.'), cut(digit1)));
    let exp = opt((one_of("eE"), opt(one_of("+-")), cut(digit1)));
    let lexeme: IResult<&str, &str, nom::error::Error<&str>> =
        recognize((opt(char('-')), int, frac, exp)).parse(i);
    let (rest, lexeme) = lexeme.map_err(|e| {
        e.map(|_| PErr::new(i, 1, ErrorKind::BadArgumentSyntax, "malformed number"))
    })?;
    if rest.starts_with(|c: char| c.is_ascii_digit() || c.is_alphabetic() || c == '.') {
        let len = take_while1::<_, _, PErr>(|c: char| c.is_alphanumeric() || c == '.')
            .parse(i)
            .map_or(1, |(_, w)| w.len());
        return fail(i, len, ErrorKind::BadArgumentSyntax, "malformed number");
    }
    Ok((rest, lexeme))
}
