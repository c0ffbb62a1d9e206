//! Language v2 inside a tag: `set NAME = EXPR` and expressions, by precedence climbing.
//!
//! Loosest first: `A if C else B`; `or`; `and`; `not`; comparisons; `~`; `+ -`; `* / %`;
//! unary `-`; then literals, names, paths, calls and parentheses. Every nested expression
//! counts toward `Limits::depth`, so that no input can exhaust the stack of the parser, the
//! compiler or the evaluator, which all recurse over the tree.

use nom::Err;

use super::args::ws;
use super::ast::{ArgKind, BinOp, Ex, ExKind, Ident, Key, UnOp};
use super::{PErr, Parser, is_ident_char, is_ident_start};
use crate::error::{ErrorKind, Span};

type Res<'s, T> = nom::IResult<&'s str, T, PErr<'s>>;

/// Words that end an expression or start a statement; never names.
pub(crate) const KEYWORDS: &[&str] = &[
    "set", "if", "else", "and", "or", "not", "true", "false", "null",
];

fn fail<'s, T>(at: &'s str, len: usize, message: &'static str) -> Res<'s, T> {
    Err(Err::Failure(PErr::new(at, len, ErrorKind::Syntax, message)))
}

/// `i` starts with the word `w` (not a longer name).
fn word<'s>(i: &'s str, w: &str) -> Option<&'s str> {
    i.strip_prefix(w)
        .filter(|rest| !rest.starts_with(is_ident_char) && !rest.starts_with('.'))
}

impl<'s> Parser<'s> {
    /// `set NAME = EXPR`, `set` already seen at `i`.
    pub(super) fn set_statement(&self, i: &'s str) -> Res<'s, (Ident<'s>, Ex<'s>)> {
        let (i, _) = ws(&i[3..])?;
        if !i.starts_with(is_ident_start) {
            return fail(i, 1, "expected a name after `set`");
        }
        let (rest, name) = self.ident(i)?;
        if rest.starts_with('.') {
            return fail(rest, 1, "`set` binds a plain name, without `.`");
        }
        let (rest, _) = ws(rest)?;
        let Some(rest) = rest.strip_prefix('=').filter(|r| !r.starts_with('=')) else {
            return fail(rest, 1, "expected `=` after the name in `set NAME = EXPR`");
        };
        let (rest, _) = ws(rest)?;
        let (rest, value) = self.v2_expr(rest, 0)?;
        Ok((rest, (name, value)))
    }

    fn deeper(&self, i: &'s str, depth: usize) -> Result<usize, Err<PErr<'s>>> {
        if depth >= self.max_depth {
            return Err(Err::Failure(PErr::new(
                i,
                1,
                ErrorKind::Limit,
                "expression nested too deeply (Limits::depth)",
            )));
        }
        Ok(depth + 1)
    }

    fn ex(&self, start: &'s str, rest: &'s str, kind: ExKind<'s>) -> Ex<'s> {
        Ex {
            kind,
            span: Span::new(self.offset(start), self.offset(rest)),
        }
    }

    /// A whole expression: `A if C else B` or anything tighter.
    pub(super) fn v2_expr(&self, i: &'s str, depth: usize) -> Res<'s, Ex<'s>> {
        let depth = self.deeper(i, depth)?;
        let start = i;
        let (rest, then) = self.binary(i, 0, depth)?;
        let (r, _) = ws(rest)?;
        let Some(r) = word(r, "if") else {
            return Ok((rest, then));
        };
        let (r, _) = ws(r)?;
        let (r, cond) = self.binary(r, 0, depth)?;
        let (r, _) = ws(r)?;
        let Some(r) = word(r, "else") else {
            return fail(r, 1, "expected `else` in `A if CONDITION else B`");
        };
        let (r, _) = ws(r)?;
        let (r, otherwise) = self.v2_expr(r, depth)?;
        let kind = ExKind::Cond {
            then: Box::new(then),
            cond: Box::new(cond),
            otherwise: Box::new(otherwise),
        };
        Ok((r, self.ex(start, r, kind)))
    }

    /// Binary operators of precedence `min_level` and tighter (0: `or` … 6: `* / %`),
    /// left-associative, by precedence climbing: one loop per call rather than one call per
    /// level, so that parentheses cost few stack frames.
    fn binary(&self, i: &'s str, min_level: usize, depth: usize) -> Res<'s, Ex<'s>> {
        let start = i;
        let (r, _) = ws(i)?;
        let (mut rest, mut left) = match word(r, "not").filter(|_| min_level <= NOT_LEVEL) {
            // `not` binds looser than comparisons: `not a == b` is `not (a == b)`.
            Some(after) => {
                let depth = self.deeper(r, depth)?;
                let (after, _) = ws(after)?;
                let (rest, operand) = self.binary(after, NOT_LEVEL, depth)?;
                let kind = ExKind::Unary(UnOp::Not, Box::new(operand));
                (rest, self.ex(r, rest, kind))
            }
            None => self.unary(i, depth)?,
        };
        let mut depth = depth;
        loop {
            let (r, _) = ws(rest)?;
            let Some((op, level, after)) = operator(r).filter(|&(_, l, _)| l >= min_level) else {
                return Ok((rest, left));
            };
            depth = self.deeper(r, depth)?;
            let (after, _) = ws(after)?;
            let (r, right) = self.binary(after, level + 1, depth)?;
            left = self.ex(
                start,
                r,
                ExKind::Binary(op, Box::new(left), Box::new(right)),
            );
            rest = r;
        }
    }

    fn unary(&self, i: &'s str, depth: usize) -> Res<'s, Ex<'s>> {
        let (i, _) = ws(i)?;
        if let Some(after) = i.strip_prefix('-') {
            let depth = self.deeper(i, depth)?;
            // `-5` stays one number literal, as in a KDG argument.
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                let (rest, arg) = self.value(i, 0)?;
                return Ok((rest, Ex::from_arg(&arg)));
            }
            let (rest, operand) = self.unary(after, depth)?;
            return Ok((
                rest,
                self.ex(i, rest, ExKind::Unary(UnOp::Neg, Box::new(operand))),
            ));
        }
        self.primary(i, depth)
    }

    fn primary(&self, i: &'s str, depth: usize) -> Res<'s, Ex<'s>> {
        match i.chars().next() {
            Some('"' | '\'' | '0'..='9') => {
                let (rest, arg) = self.value(i, 0)?;
                Ok((rest, Ex::from_arg(&arg)))
            }
            Some('(') => {
                // Checked here so that the error points at the first `(` past the limit.
                if depth >= self.max_depth {
                    return Err(Err::Failure(PErr::new(
                        i,
                        1,
                        ErrorKind::Limit,
                        "parentheses nested too deeply (Limits::depth)",
                    )));
                }
                let (r, inner) = self.v2_expr(&i[1..], depth)?;
                let (r, _) = ws(r)?;
                match r.strip_prefix(')') {
                    Some(rest) => Ok((rest, inner)),
                    None => Err(Err::Failure(
                        PErr::new(r, 1, ErrorKind::Syntax, "expected `)` to close `(`").opened(i),
                    )),
                }
            }
            Some('[') => {
                let (rest, items) = self.list(&i[1..], ']', depth)?;
                Ok((rest, self.ex(i, rest, ExKind::Array(items))))
            }
            Some('{') => self.object_ex(i, depth),
            Some(c) if is_ident_start(c) => self.path(i, depth),
            Some('\\') => fail(
                i,
                1,
                "backslash outside a string: write `\"` rather than `\\\"`",
            ),
            _ => fail(i, 1, "expected a value, a name or a call"),
        }
    }

    /// A name, dotted path or call; `true`, `false` and `null` are literals.
    fn path(&self, i: &'s str, depth: usize) -> Res<'s, Ex<'s>> {
        let (mut rest, first) = self.ident(i)?;
        let literal = match first.name {
            "true" => Some(ArgKind::Bool(true)),
            "false" => Some(ArgKind::Bool(false)),
            "null" => Some(ArgKind::Null),
            _ => None,
        };
        if let Some(kind) = literal {
            return Ok((rest, self.ex(i, rest, ExKind::Lit(kind))));
        }
        if KEYWORDS.contains(&first.name) {
            return fail(
                i,
                first.name.len(),
                "a keyword cannot start a value here: expected a value, a name or a call",
            );
        }
        let mut path = vec![first];
        while let Some(r) = rest.strip_prefix('.') {
            if !r.starts_with(is_ident_start) {
                return fail(r, 1, "expected a name after `.`");
            }
            let (r, seg) = self.ident(r)?;
            path.push(seg);
            rest = r;
        }
        if path.len() >= 3 && path[0].name == "faker" {
            path.remove(0);
        }
        let args = match rest.strip_prefix('(') {
            Some(after) => {
                let depth = self.deeper(rest, depth)?;
                let (r, items) = self.list(after, ')', depth)?;
                rest = r;
                Some(items)
            }
            None => None,
        };
        let called = args.is_some();
        let mut ex = self.ex(i, rest, ExKind::Path { path, args });
        if !called {
            return Ok((rest, ex));
        }
        // Members of a call's value, each with its own arguments.
        let mut depth = depth;
        while let Some(r) = rest.strip_prefix('.') {
            depth = self.deeper(rest, depth)?;
            let mut path = Vec::new();
            let mut r = r;
            loop {
                if !r.starts_with(is_ident_start) {
                    return fail(r, 1, "expected a name after `.`");
                }
                let (after, seg) = self.ident(r)?;
                path.push(seg);
                r = after;
                match r.strip_prefix('.') {
                    Some(next) => r = next,
                    None => break,
                }
            }
            let args = match r.strip_prefix('(') {
                Some(after) => {
                    let (after, items) = self.list(after, ')', depth)?;
                    r = after;
                    Some(items)
                }
                None => None,
            };
            rest = r;
            let kind = ExKind::Member {
                target: Box::new(ex),
                path,
                args,
            };
            ex = self.ex(i, rest, kind);
            if !matches!(&ex.kind, ExKind::Member { args: Some(_), .. }) {
                break;
            }
        }
        Ok((rest, ex))
    }

    /// Expressions separated by commas up to `close` (the opener already consumed).
    pub(super) fn list(&self, i: &'s str, close: char, depth: usize) -> Res<'s, Vec<Ex<'s>>> {
        let open = self.opener(i);
        let (mut i, _) = ws(i)?;
        let mut items = Vec::new();
        if let Some(rest) = i.strip_prefix(close) {
            return Ok((rest, items));
        }
        loop {
            if items.len() == self.max_items {
                return Err(Err::Failure(PErr::new(
                    i,
                    1,
                    ErrorKind::Limit,
                    "more items than Limits::argument_items allows",
                )));
            }
            let (rest, item) = self.v2_expr(i, depth)?;
            items.push(item);
            let (rest, _) = ws(rest)?;
            if let Some(rest) = rest.strip_prefix(',') {
                i = ws(rest)?.0;
                if i.starts_with(close) {
                    return fail(i, 1, "trailing comma before the closing bracket");
                }
                continue;
            }
            if let Some(rest) = rest.strip_prefix(close) {
                return Ok((rest, items));
            }
            return Err(Err::Error(
                PErr::new(
                    rest,
                    1,
                    ErrorKind::BadArgumentSyntax,
                    if close == ')' {
                        "expected `,` or `)` after an argument"
                    } else {
                        "expected `,` or `]` in an array"
                    },
                )
                .opened(open),
            ));
        }
    }

    fn object_ex(&self, i: &'s str, depth: usize) -> Res<'s, Ex<'s>> {
        let depth = self.deeper(i, depth)?;
        let (mut r, _) = ws(&i[1..])?;
        let mut members = Vec::new();
        if let Some(rest) = r.strip_prefix('}') {
            return Ok((rest, self.ex(i, rest, ExKind::Object(members))));
        }
        loop {
            let key_start = r;
            let Some(q @ ('"' | '\'')) = r.chars().next() else {
                return fail(r, 1, "expected a quoted key in an object");
            };
            let (rest, name) = self.string(r, q)?;
            let key = Key {
                name,
                span: Span::new(self.offset(key_start), self.offset(rest)),
            };
            let (rest, _) = ws(rest)?;
            let Some(rest) = rest.strip_prefix(':') else {
                return fail(rest, 1, "expected `:` after a key");
            };
            if members.len() == self.max_items {
                return Err(Err::Failure(PErr::new(
                    key_start,
                    1,
                    ErrorKind::Limit,
                    "more items than Limits::argument_items allows",
                )));
            }
            let (rest, value) = self.v2_expr(rest, depth)?;
            members.push((key, value));
            let (rest, _) = ws(rest)?;
            if let Some(rest) = rest.strip_prefix(',') {
                r = ws(rest)?.0;
                continue;
            }
            if let Some(rest) = rest.strip_prefix('}') {
                return Ok((rest, self.ex(i, rest, ExKind::Object(members))));
            }
            return Err(Err::Failure(
                PErr::new(
                    rest,
                    1,
                    ErrorKind::Syntax,
                    "expected `,` or `}` in an object",
                )
                .opened(i),
            ));
        }
    }
}

/// The precedence of `not`, between `and` and the comparisons.
const NOT_LEVEL: usize = 2;

/// The binary operator at the start of `i`: the operator, its precedence (0: `or` … 6:
/// `* / %`) and what follows it.
fn operator(i: &str) -> Option<(BinOp, usize, &str)> {
    const OPERATORS: &[(&str, BinOp, usize)] = &[
        ("or", BinOp::Or, 0),
        ("and", BinOp::And, 1),
        ("==", BinOp::Eq, 3),
        ("!=", BinOp::Ne, 3),
        ("<=", BinOp::Le, 3),
        (">=", BinOp::Ge, 3),
        ("<", BinOp::Lt, 3),
        (">", BinOp::Gt, 3),
        ("~", BinOp::Concat, 4),
        ("+", BinOp::Add, 5),
        ("-", BinOp::Sub, 5),
        ("*", BinOp::Mul, 6),
        ("/", BinOp::Div, 6),
        ("%", BinOp::Rem, 6),
    ];
    OPERATORS.iter().find_map(|&(s, op, level)| {
        let rest = if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
            word(i, s)?
        } else {
            let rest = i.strip_prefix(s)?;
            // `>>` closes a `<< >>` tag, and `<<` opens one.
            if (s == ">" && rest.starts_with('>')) || (s == "<" && rest.starts_with('<')) {
                return None;
            }
            rest
        };
        Some((op, level, rest))
    })
}
