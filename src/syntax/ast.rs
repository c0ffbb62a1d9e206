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

/// What a tag holds: a KDG call or literal, or a language v2 statement or expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr<'s> {
    Call(Call<'s>),
    Literal(Arg<'s>),
    /// `set NAME = EXPR`: binds NAME for the rest of the record and prints nothing.
    Set {
        name: Ident<'s>,
        value: Ex<'s>,
    },
    /// An expression that is not a KDG call or literal.
    V2(Ex<'s>),
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

impl Call<'_> {
    /// `ns.method`: the first two segments of the path (a third is ignored, as KDG does).
    pub fn name(&self) -> String {
        self.path
            .iter()
            .take(2)
            .map(|i| i.name)
            .collect::<Vec<_>>()
            .join(".")
    }
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
    /// For a bare word, the same text read as v2 expressions, when it reads as such
    /// (`math.max(a, b)`): the compiler picks one of the two once it knows the names.
    pub v2: Option<Vec<Ex<'s>>>,
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

/// A language v2 expression (`qty * price`, `"R-" ~ id`, `a if c else b`, calls whose
/// arguments are expressions).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ex<'s> {
    pub kind: ExKind<'s>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExKind<'s> {
    /// `null`, `true`, a number or a string.
    Lit(ArgKind<'s>),
    Array(Vec<Ex<'s>>),
    Object(Vec<(Key<'s>, Ex<'s>)>),
    /// A name (`qty`), a field (`row.city`), or a call (`random.number`, `math.round(x, 2)`);
    /// which one is decided by the compiler, which knows the names `set` binds.
    Path {
        path: Vec<Ident<'s>>,
        args: Option<Vec<Ex<'s>>>,
    },
    /// A member of a call's value: `data.lookup(…).title`, `entity.get(…).name.findName`.
    Member {
        target: Box<Ex<'s>>,
        path: Vec<Ident<'s>>,
        args: Option<Vec<Ex<'s>>>,
    },
    Unary(UnOp, Box<Ex<'s>>),
    Binary(BinOp, Box<Ex<'s>>, Box<Ex<'s>>),
    /// `then if cond else otherwise`.
    Cond {
        then: Box<Ex<'s>>,
        cond: Box<Ex<'s>>,
        otherwise: Box<Ex<'s>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Concat => "~",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

impl<'s> Ex<'s> {
    /// The expression form of a KDG argument.
    pub fn from_arg(arg: &Arg<'s>) -> Ex<'s> {
        let kind = match &arg.kind {
            ArgKind::Array(items) => ExKind::Array(items.iter().map(Ex::from_arg).collect()),
            ArgKind::Object(members) => ExKind::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), Ex::from_arg(v)))
                    .collect(),
            ),
            scalar => ExKind::Lit(scalar.clone()),
        };
        Ex {
            kind,
            span: arg.span,
        }
    }

    /// The KDG argument this expression is, when it is made of literals only.
    pub fn to_arg(&self) -> Option<Arg<'s>> {
        let kind = match &self.kind {
            ExKind::Lit(kind) => kind.clone(),
            ExKind::Array(items) => {
                ArgKind::Array(items.iter().map(Ex::to_arg).collect::<Option<_>>()?)
            }
            ExKind::Object(members) => ArgKind::Object(
                members
                    .iter()
                    .map(|(k, v)| Some((k.clone(), v.to_arg()?)))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        };
        Some(Arg {
            kind,
            span: self.span,
        })
    }

    /// Calls `f` on this expression and every one inside it.
    pub fn walk(&self, f: &mut dyn FnMut(&Ex<'s>)) {
        f(self);
        match &self.kind {
            ExKind::Lit(_) => {}
            ExKind::Array(items) => items.iter().for_each(|e| e.walk(f)),
            ExKind::Object(members) => members.iter().for_each(|(_, e)| e.walk(f)),
            ExKind::Path { args, .. } => args.iter().flatten().for_each(|e| e.walk(f)),
            ExKind::Member { target, args, .. } => {
                target.walk(f);
                args.iter().flatten().for_each(|e| e.walk(f));
            }
            ExKind::Unary(_, e) => e.walk(f),
            ExKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExKind::Cond {
                then,
                cond,
                otherwise,
            } => {
                then.walk(f);
                cond.walk(f);
                otherwise.walk(f);
            }
        }
    }
}
