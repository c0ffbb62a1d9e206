//! The syntax tree: what the parser found, with the byte span of every node.
//!
//! Nodes borrow from the source; literal text and strings are `Cow` so that text without
//! escapes or line breaks is never copied.

use std::borrow::Cow;

use crate::error::Span;

/// A parsed template: literal text and tags, in source order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ast<'s> {
    pub nodes: Vec<Node<'s>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'s> {
    /// Literal text, after escapes and the newline clean-up.
    Text { text: Cow<'s, str>, span: Span },
    /// A `{{ … }}` or `<< … >>` tag.
    Tag(Tag<'s>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag<'s> {
    pub expr: Expr<'s>,
    /// The whole tag, delimiters included.
    pub span: Span,
}

/// What a tag holds. Variables, filters and nested calls will be further variants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr<'s> {
    Call(Call<'s>),
    Literal(Arg<'s>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call<'s> {
    /// The dotted path, `faker.` prefix removed.
    pub path: Vec<Ident<'s>>,
    /// `None` for a bare reference (`{{address.state}}`), `Some` for `(…)`.
    pub args: Option<Args<'s>>,
    /// The dotted path's span.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ident<'s> {
    pub name: &'s str,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Args<'s> {
    pub items: Vec<Arg<'s>>,
    /// From `(` to `)` inclusive.
    pub span: Span,
    /// The text between the parentheses did not parse and was passed as one raw string.
    pub bare_word: bool,
}

/// A JSON value (plus single-quoted strings) in an argument list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg<'s> {
    pub kind: ArgKind<'s>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgKind<'s> {
    Null,
    Bool(bool),
    /// A JSON number, kept as written so that it can be read exactly.
    Number(&'s str),
    Str(Cow<'s, str>),
    Array(Vec<Arg<'s>>),
    Object(Vec<(Key<'s>, Arg<'s>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key<'s> {
    pub name: Cow<'s, str>,
    pub span: Span,
}

impl ArgKind<'_> {
    /// The kind of value, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ArgKind::Null => "null",
            ArgKind::Bool(_) => "a boolean",
            ArgKind::Number(_) => "a number",
            ArgKind::Str(_) => "a string",
            ArgKind::Array(_) => "an array",
            ArgKind::Object(_) => "an object",
        }
    }
}
