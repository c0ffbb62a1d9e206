//! Language v2 in the compiler: the names `set` binds, the types known at compile time, and
//! expressions compiled to [`Code`].
//!
//! Every check that can fail happens here, so evaluation cannot: names are resolved to slots,
//! units and formats are parsed, constant dates are read, and arithmetic on a value known to
//! be a string, a date or a structure is refused with a hint.

use super::{CallSite, kdg_call};
use crate::error::{Error, ErrorKind, Span, Warning, shorten};
use crate::eval::{Code, MathFn, Printer, Unit, Val};
use crate::functions::date::Out;
use crate::functions::sample::{Bounds, Sampler, Zipf};
use crate::functions::{self, Func, Lookup, Shape};
use crate::json::{self, Context};
use crate::syntax::KEYWORDS;
use crate::syntax::ast::{Arg, ArgKind, BinOp, Ex, ExKind, Ident, UnOp};
use crate::time::parse::parse_date_time_in;
use crate::value::Decimal;

/// Longest text a number prints as (`-1.7976931348623157e+308`).
const NUM_LEN: usize = 24;

/// Namespaces a name may not take, besides the catalogue's.
const RESERVED: &[&str] = &[
    "record", "math", "data", "entity", "row", "faker", "current",
];

/// What is known about a value at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Null,
    Bool,
    Num,
    Str,
    Date,
    /// A JSON array or object.
    Json,
    /// A KDG function's text: a number or a string, known only when it prints.
    Text,
    /// One of several.
    Any,
    /// A row of data set `.0`.
    Row(u16),
    /// An entity of the kind whose hash is `.0`.
    Entity(u64),
}

impl Ty {
    fn describe(self) -> &'static str {
        match self {
            Ty::Null => "null",
            Ty::Bool => "a boolean",
            Ty::Num => "a number",
            Ty::Str => "a string",
            Ty::Date => "a date",
            Ty::Json => "an array or object",
            Ty::Text | Ty::Any => "a value",
            Ty::Row(_) => "a data row",
            Ty::Entity(_) => "an entity",
        }
    }

    fn join(self, other: Ty) -> Ty {
        if self == other { self } else { Ty::Any }
    }
}

/// A compiled expression, its type and a bound on its printed length.
pub(crate) struct Typed {
    pub code: Code,
    pub ty: Ty,
    pub max_len: usize,
}

struct Binding<'s> {
    name: &'s str,
    span: Span,
    slot: u32,
    ty: Ty,
    max_len: usize,
    deps: Deps,
}

/// What a value depends on besides the seed, for the arguments of an entity's calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deps {
    /// Literals only.
    Const,
    /// The entity bound to slot `.0` (its id, its attributes, data looked up by them).
    Entity(u32),
    /// The record: a record draw, `record.*`, another entity, or a record's name.
    Record,
}

impl Deps {
    fn and(self, other: Deps) -> Deps {
        match (self, other) {
            (Deps::Const, d) | (d, Deps::Const) => d,
            (Deps::Entity(a), Deps::Entity(b)) if a == b => self,
            _ => Deps::Record,
        }
    }
}

/// What `ex` depends on (see [`Deps`]).
fn deps(scope: &Scope<'_>, ex: &Ex<'_>) -> Deps {
    let all = |items: &mut dyn Iterator<Item = &Ex<'_>>| {
        items.fold(Deps::Const, |d, e| d.and(deps(scope, e)))
    };
    match &ex.kind {
        ExKind::Lit(_) => Deps::Const,
        ExKind::Array(items) => all(&mut items.iter()),
        ExKind::Object(members) => all(&mut members.iter().map(|(_, v)| v)),
        ExKind::Unary(_, e) => deps(scope, e),
        ExKind::Binary(_, a, b) => deps(scope, a).and(deps(scope, b)),
        ExKind::Cond {
            then,
            cond,
            otherwise,
        } => all(&mut [&**then, &**cond, &**otherwise].into_iter()),
        // A field or an entity's call on a value: the value's, and the call's arguments'.
        ExKind::Member { target, args, .. } => {
            deps(scope, target).and(all(&mut args.iter().flatten()))
        }
        ExKind::Path { path, args } => {
            let args = all(&mut args.iter().flatten());
            if let Some(b) = scope.lookup(path[0].name) {
                let own = match b.ty {
                    Ty::Entity(_) => Deps::Entity(b.slot),
                    _ => b.deps,
                };
                return own.and(args);
            }
            let name = match path.as_slice() {
                [ns, method, ..] => format!("{}.{}", ns.name, method.name),
                _ => return Deps::Record,
            };
            let pure = name.starts_with("math.")
                || matches!(
                    name.as_str(),
                    "date.add"
                        | "date.diff"
                        | "date.format"
                        | "date.formatUtc"
                        | "date.parse"
                        | "data.lookup"
                        | "entity.get"
                );
            if pure { args } else { Deps::Record }
        }
    }
}

/// A name a record binds, as a key template sees it.
#[derive(Clone, Debug)]
pub(crate) struct Export {
    name: String,
    slot: u32,
    ty: Ty,
    max_len: usize,
}

/// What v2 compilation keeps across the tags of one template.
pub(crate) struct Scope<'s> {
    bound: Vec<Binding<'s>>,
    /// Every name a `set` binds, anywhere in the template (for "used before its `set`").
    sets: Vec<(&'s str, Span)>,
    pub printers: Vec<Printer>,
    unique_sites: u64,
    /// Names imported from a record, and the first slot of this template's own.
    imported: u32,
    first_slot: u32,
    /// The data sets, by name; a row's type is its set's index here.
    data: &'s [(String, std::sync::Arc<crate::DataSet>)],
}

impl<'s> Scope<'s> {
    pub(crate) fn new(
        data: &'s [(String, std::sync::Arc<crate::DataSet>)],
        sets: Vec<(&'s str, Span)>,
    ) -> Scope<'s> {
        Scope {
            data,
            bound: Vec::new(),
            sets,
            // Printer 0: how the dates of the v2 functions print.
            printers: vec![Printer {
                out: Out::iso_utc(),
                shape: Shape::Plain,
            }],
            unique_sites: 0,
            imported: 0,
            first_slot: 0,
        }
    }

    pub(crate) fn slots(&self) -> u32 {
        self.first_slot + self.bound.len() as u32 - self.imported
    }

    /// Makes a record's names visible (to its key template): they keep their slots, this
    /// template's own names come after them, and the record's date printers come first.
    pub(crate) fn import(&mut self, names: &'s [Export], printers: &[Printer]) {
        for export in names {
            self.bound.push(Binding {
                name: &export.name,
                span: Span::default(),
                slot: export.slot,
                ty: export.ty,
                max_len: export.max_len,
                deps: Deps::Record,
            });
        }
        self.imported = names.len() as u32;
        self.first_slot = names.iter().map(|e| e.slot + 1).max().unwrap_or(0);
        // Printer indices in the record's values must mean the same here.
        self.printers = printers
            .iter()
            .map(|p| Printer {
                out: p.out.clone(),
                shape: p.shape,
            })
            .collect();
    }

    /// This template's names (the imported ones too).
    pub(crate) fn exports(&self) -> Vec<Export> {
        self.bound
            .iter()
            .map(|b| Export {
                name: b.name.to_owned(),
                slot: b.slot,
                ty: b.ty,
                max_len: b.max_len,
            })
            .collect()
    }

    /// How many `set` statements the template has.
    pub(crate) fn slots_planned(&self) -> usize {
        self.sets.len() + self.imported as usize
    }

    /// Whether `name` is bound by some `set` of the template.
    pub(crate) fn is_set_anywhere(&self, name: &str) -> bool {
        self.sets.iter().any(|(n, _)| *n == name) || self.lookup(name).is_some()
    }

    fn lookup(&self, name: &str) -> Option<&Binding<'s>> {
        self.bound.iter().find(|b| b.name == name)
    }
}

/// Compiles `set NAME = EXPR`: the slot the value goes to and its code.
pub(crate) fn compile_set<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    name: &Ident<'s>,
    value: &Ex<'s>,
    warnings: &mut Vec<Warning>,
) -> Result<(u32, Typed), Error> {
    let src = site.src;
    let bad = |message: String| Error::at(ErrorKind::BadName, message, src, name.span);
    if KEYWORDS.contains(&name.name) {
        return Err(bad(format!(
            "`{}` is a keyword and cannot be a name",
            name.name
        )));
    }
    let namespace = RESERVED.contains(&name.name)
        || functions::functions().any(|f| f.name.split('.').next() == Some(name.name));
    if namespace {
        return Err(bad(format!(
            "`{}` is a namespace and cannot be a name: choose another, such as `{}_value`",
            name.name, name.name
        )));
    }
    if let Some(earlier) = scope.lookup(name.name) {
        let (line, column) = line_column(src, earlier.span.start as usize);
        return Err(bad(format!(
            "`{}` is already set at {line}:{column}; a name is bound once per record",
            name.name
        )));
    }
    let typed = compile_ex(site, scope, value, warnings)?;
    let slot = scope.slots();
    let deps = deps(scope, value);
    scope.bound.push(Binding {
        name: name.name,
        span: name.span,
        slot,
        ty: typed.ty,
        max_len: typed.max_len,
        deps,
    });
    Ok((slot, typed))
}

fn line_column(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The bound on what a value of type `ty` prints in `ctx`: numbers, booleans, null and
/// entities print as they are everywhere; arrays, objects and rows are JSON already (inside a
/// string only their `"` and `\\` double); other text may be escaped (six bytes for a control
/// character) and quoted.
pub(crate) fn printed_len(ty: Ty, max_len: usize, ctx: Context) -> usize {
    match (ty, ctx) {
        (_, Context::Text) => max_len,
        (Ty::Num | Ty::Bool | Ty::Null | Ty::Entity(_), _) => max_len.max(4),
        (Ty::Json | Ty::Row(_), Context::Value) => max_len,
        (Ty::Json | Ty::Row(_), Context::InString) => max_len.saturating_mul(2),
        (_, Context::InString) => max_len.saturating_mul(6),
        (_, Context::Value) => max_len.saturating_mul(6).saturating_add(2),
    }
}

fn typed(code: Code, ty: Ty, max_len: usize) -> Typed {
    Typed { code, ty, max_len }
}

/// Compiles an expression.
pub(crate) fn compile_ex<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    ex: &Ex<'s>,
    warnings: &mut Vec<Warning>,
) -> Result<Typed, Error> {
    let src = site.src;
    let err = |kind, message: String, span: Span| Error::at(kind, message, src, span);
    Ok(match &ex.kind {
        ExKind::Lit(kind) => literal(site, kind, ex.span)?,
        ExKind::Array(items) => {
            let mut codes = Vec::with_capacity(items.len());
            let mut len = 2usize;
            for item in items {
                let t = compile_ex(site, scope, item, warnings)?;
                len = len
                    .saturating_add(printed_len(t.ty, t.max_len, Context::Value))
                    .saturating_add(1);
                codes.push(t.code);
            }
            typed(Code::Array(codes.into()), Ty::Json, len)
        }
        ExKind::Object(members) => {
            let mut codes = Vec::with_capacity(members.len());
            let mut len = 2usize;
            for (key, value) in members {
                let t = compile_ex(site, scope, value, warnings)?;
                let mut printed = String::new();
                json::quote_into(&mut printed, &key.name);
                printed.push(':');
                len = len
                    .saturating_add(printed.len())
                    .saturating_add(printed_len(t.ty, t.max_len, Context::Value))
                    .saturating_add(1);
                codes.push((printed.into_boxed_str(), t.code));
            }
            typed(Code::Object(codes.into()), Ty::Json, len)
        }
        ExKind::Path { path, args } => {
            path_ex(site, scope, path, args.as_deref(), ex.span, warnings)?
        }
        ExKind::Member { target, path, args } => {
            let t = compile_ex(site, scope, target, warnings)?;
            match (t.ty, path.as_slice(), args) {
                (Ty::Row(set), [field], None) => row_field(site, scope, t.code, set, field)?,
                (Ty::Entity(_), _, args) => entity_member(
                    site,
                    scope,
                    t.code,
                    None,
                    path,
                    args.as_deref(),
                    ex.span,
                    warnings,
                )?,
                _ => {
                    return Err(err(
                        ErrorKind::Type,
                        format!(
                            "this is {}, which has no members such as `.{}`: only data rows have fields",
                            t.ty.describe(),
                            shorten(path[0].name)
                        ),
                        path[0].span,
                    ));
                }
            }
        }
        ExKind::Unary(UnOp::Not, e) => {
            let t = compile_ex(site, scope, e, warnings)?;
            typed(Code::Not(Box::new(t.code)), Ty::Bool, 5)
        }
        ExKind::Unary(UnOp::Neg, e) => {
            let t = compile_ex(site, scope, e, warnings)?;
            numeric(site, "-", &t, e.span)?;
            typed(Code::Neg(Box::new(t.code)), Ty::Num, NUM_LEN)
        }
        ExKind::Binary(op, a, b) => {
            let l = compile_ex(site, scope, a, warnings)?;
            let r = compile_ex(site, scope, b, warnings)?;
            let (ty, len) = match op {
                BinOp::Concat => (Ty::Str, l.max_len.saturating_add(r.max_len)),
                BinOp::And | BinOp::Or => (l.ty.join(r.ty), l.max_len.max(r.max_len)),
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                    numeric(site, op.symbol(), &l, a.span)?;
                    numeric(site, op.symbol(), &r, b.span)?;
                    (Ty::Num, NUM_LEN)
                }
                _ => {
                    comparable(site, op.symbol(), &l, &r, ex.span)?;
                    (Ty::Bool, 5)
                }
            };
            typed(Code::Bin(*op, Box::new(l.code), Box::new(r.code)), ty, len)
        }
        ExKind::Cond {
            then,
            cond,
            otherwise,
        } => {
            let t = compile_ex(site, scope, then, warnings)?;
            let c = compile_ex(site, scope, cond, warnings)?;
            let o = compile_ex(site, scope, otherwise, warnings)?;
            if c.ty == Ty::Json {
                return Err(err(
                    ErrorKind::Type,
                    "a condition must be a value, not an array or object".into(),
                    cond.span,
                ));
            }
            typed(
                Code::Cond(Box::new([t.code, c.code, o.code])),
                t.ty.join(o.ty),
                t.max_len.max(o.max_len),
            )
        }
    })
}

fn literal(site: &CallSite<'_>, kind: &ArgKind<'_>, span: Span) -> Result<Typed, Error> {
    Ok(match kind {
        ArgKind::Null => typed(Code::Const(Val::Null), Ty::Null, 4),
        ArgKind::Bool(b) => typed(Code::Const(Val::Bool(*b)), Ty::Bool, 5),
        ArgKind::Number(lexeme) => match lexeme.parse::<f64>() {
            Ok(x) if x.is_finite() => typed(Code::Const(Val::Num(x)), Ty::Num, NUM_LEN),
            _ => {
                return Err(Error::at(
                    ErrorKind::BadArgument,
                    "number out of range",
                    site.src,
                    span,
                ));
            }
        },
        ArgKind::Str(s) => typed(Code::Str(s.as_ref().into()), Ty::Str, s.len()),
        ArgKind::Array(_) | ArgKind::Object(_) => {
            unreachable!("the parser gives arrays and objects as expressions")
        }
    })
}

/// Refuses arithmetic on a value known not to be a number.
fn numeric(site: &CallSite<'_>, op: &str, t: &Typed, span: Span) -> Result<(), Error> {
    let hint = match t.ty {
        Ty::Str => " (join text with `~`)",
        Ty::Date => " (use date.add and date.diff)",
        Ty::Json | Ty::Bool => "",
        _ => return Ok(()),
    };
    Err(Error::at(
        ErrorKind::Type,
        format!(
            "`{op}` needs numbers, and this is {}{hint}",
            t.ty.describe()
        ),
        site.src,
        span,
    ))
}

/// Refuses a comparison whose sides are known to be of kinds that never compare: a string
/// with a number, a boolean or a date, a number with a boolean, a date with a boolean.
fn comparable(
    site: &CallSite<'_>,
    op: &str,
    l: &Typed,
    r: &Typed,
    span: Span,
) -> Result<(), Error> {
    let hint = match (l.ty, r.ty) {
        (Ty::Str, Ty::Num) | (Ty::Num, Ty::Str) => {
            "compare text with text (`~` makes a number text: `\"\" ~ n`)"
        }
        (Ty::Str, Ty::Date) | (Ty::Date, Ty::Str) => "read the text with date.parse",
        (Ty::Bool, Ty::Str | Ty::Num | Ty::Date) | (Ty::Str | Ty::Num | Ty::Date, Ty::Bool) => {
            "compare a boolean with true or false"
        }
        _ => return Ok(()),
    };
    Err(Error::at(
        ErrorKind::Type,
        format!(
            "`{op}` compares {} with {}: {hint}",
            l.ty.describe(),
            r.ty.describe()
        ),
        site.src,
        span,
    ))
}

/// A name, a field or a call.
fn path_ex<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    path: &[Ident<'s>],
    args: Option<&[Ex<'s>]>,
    span: Span,
    warnings: &mut Vec<Warning>,
) -> Result<Typed, Error> {
    let src = site.src;
    let first = &path[0];
    if let Some(b) = scope.lookup(first.name) {
        if let (Ty::Entity(_), Some(_)) = (b.ty, path.get(1)) {
            let (code, owner) = (Code::Slot(b.slot), Some(b.slot));
            return entity_member(site, scope, code, owner, &path[1..], args, span, warnings);
        }
        if let (Ty::Row(set), Some(field)) = (b.ty, path.get(1)) {
            let (code, ty, max_len) = (Code::Slot(b.slot), b.ty, b.max_len);
            let _ = (ty, max_len);
            if args.is_some() || path.len() > 2 {
                return Err(Error::at(
                    ErrorKind::Type,
                    format!(
                        "`{}.{}` is a field, not something with fields or a function",
                        first.name, field.name
                    ),
                    src,
                    span,
                ));
            }
            return row_field(site, scope, code, set, field);
        }
        if let Some(field) = path.get(1) {
            return Err(Error::at(
                ErrorKind::Type,
                format!(
                    "`{}` is {}, which has no fields such as `.{}`",
                    first.name,
                    b.ty.describe(),
                    shorten(field.name)
                ),
                src,
                Span::new(first.span.start as usize, field.span.end as usize),
            ));
        }
        if args.is_some() {
            return Err(Error::at(
                ErrorKind::Type,
                format!("`{}` is a value, not a function", first.name),
                src,
                span,
            ));
        }
        return Ok(typed(Code::Slot(b.slot), b.ty, b.max_len));
    }
    if let Some((_, at)) = scope.sets.iter().find(|(n, _)| *n == first.name) {
        let (line, column) = line_column(src, at.start as usize);
        return Err(Error::at(
            ErrorKind::UnknownName,
            format!(
                "`{}` is used before its `set` at {line}:{column}: a name holds a value from its `set` on",
                first.name
            ),
            src,
            first.span,
        ));
    }
    if path.len() == 1 {
        let near = nearest(first.name, scope.bound.iter().map(|b| b.name));
        let message = match near {
            Some(n) => format!(
                "unknown name `{}` (did you mean `{n}`?)",
                shorten(first.name)
            ),
            None => format!(
                "unknown name `{}`: bind it first with `{{{{ set {} = … }}}}`, or call a function such as `random.number`",
                shorten(first.name),
                shorten(first.name)
            ),
        };
        return Err(Error::at(ErrorKind::UnknownName, message, src, first.span));
    }
    let name = format!("{}.{}", path[0].name, path[1].name);
    if functions::v2::is_v2(&name) {
        if let Some(extra) = path.get(2) {
            return Err(Error::at(
                ErrorKind::UnknownFunction,
                format!("`{name}` has no `.{}`", shorten(extra.name)),
                src,
                extra.span,
            ));
        }
        return builtin(site, scope, &name, args.unwrap_or(&[]), span, warnings);
    }
    // A KDG function: its arguments are literals, which it checks and decodes once, or for
    // the functions of functions::DYNAMIC, computed strings.
    let args = args.unwrap_or(&[]);
    let mut literal_args = Vec::with_capacity(args.len());
    for a in args {
        match a.to_arg() {
            Some(arg) => literal_args.push(arg),
            None if functions::DynCall::of(&name).is_some() && path.len() == 2 => {
                return dynamic_call(site, scope, &name, args, span, warnings);
            }
            None => {
                return Err(Error::at(
                    ErrorKind::BadArgument,
                    format!(
                        "`{name}` takes literal arguments only; computed values go to math.*, date.*, helpers.maybe and `~`, computed strings to {}",
                        functions::DYNAMIC
                            .iter()
                            .map(|(name, _)| *name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    src,
                    a.span,
                ));
            }
        }
    }
    let path_span = Span::new(
        first.span.start as usize,
        path.last().map_or(first.span.end, |p| p.span.end) as usize,
    );
    let text_site = CallSite {
        ctx: Context::Text,
        ..*site
    };
    let (func, shape) = kdg_call(&text_site, path, path_span, &literal_args, span, warnings)?;
    let returns = match functions::lookup(first.name, path[1].name) {
        Lookup::Found(def) => functions::returns_for(def, &literal_args),
        _ => functions::Returns::Varies,
    };
    let max_len = func.max_len();
    // What the text is known to be; numbers and structures from text that is checked when it
    // prints may be quoted, so their bound keeps room for that.
    let known = |ty: Ty| match (ty, shape) {
        (Ty::Str | Ty::Text, _) | (_, Shape::Number) => (ty, max_len),
        (Ty::Num | Ty::Bool, _) => (ty, max_len.saturating_add(2)),
        _ => (ty, max_len.saturating_mul(6).saturating_add(2)),
    };
    let (ty, max_len) = known(match returns {
        functions::Returns::String => Ty::Str,
        functions::Returns::Number => Ty::Num,
        functions::Returns::Boolean => Ty::Bool,
        // Compiled for text, a KDG array is its comma-joined list.
        functions::Returns::Array => Ty::Str,
        functions::Returns::Object => Ty::Json,
        _ => Ty::Text,
    });
    Ok(match func {
        Func::Date(op) => match op.into_instant() {
            Ok((source, out)) => {
                let len = out.max_len();
                scope.printers.push(Printer { out, shape });
                let printer = (scope.printers.len() - 1) as u32;
                typed(Code::Instant(source, printer), Ty::Date, len)
            }
            Err(op) => typed(Code::Kdg(Func::Date(op), shape), ty, max_len),
        },
        func if shape == Shape::Number => match func.hot() {
            // Exact in an f64: KDG's bounds are at most 2^53 in size.
            Ok(functions::Hot::Int(lo, hi)) if lo.abs() < 1 << 53 && hi.abs() < 1 << 53 => {
                typed(Code::Int(lo, hi), Ty::Num, max_len)
            }
            Ok(hot) => typed(Code::KdgNumber(hot.into_func()), ty_number(ty), max_len),
            Err(func) => typed(Code::KdgNumber(func), ty_number(ty), max_len),
        },
        func => typed(Code::Kdg(func, shape), ty, max_len),
    })
}

/// The type of a call whose text is always a number or a boolean.
fn ty_number(ty: Ty) -> Ty {
    match ty {
        Ty::Bool => Ty::Bool,
        _ => Ty::Num,
    }
}

/// A call of a [`functions::DYNAMIC`] function with computed arguments: each a string (or null for its
/// default). The call is checked now with placeholders as long as the arguments can be, which
/// also bounds its output.
fn dynamic_call<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    name: &str,
    args: &[Ex<'s>],
    span: Span,
    warnings: &mut Vec<Warning>,
) -> Result<Typed, Error> {
    let (ns, method) = name.split_once('.').unwrap_or((name, ""));
    let Lookup::Found(def) = functions::lookup(ns, method) else {
        unreachable!("functions::DYNAMIC names catalogue functions")
    };
    if let Some(extra) = args.get(def.params.len().min(crate::eval::DYN_ARGS)) {
        return Err(Error::at(
            ErrorKind::BadArgument,
            format!("`{name}` takes at most {} arguments", def.params.len()),
            site.src,
            extra.span,
        ));
    }
    let mut codes = Vec::with_capacity(args.len());
    let mut longest = Vec::with_capacity(args.len());
    for a in args {
        let t = compile_ex(site, scope, a, warnings)?;
        match t.ty {
            Ty::Json | Ty::Row(_) | Ty::Entity(_) => {
                return Err(Error::at(
                    ErrorKind::Type,
                    format!("`{name}` takes strings here, not {}", t.ty.describe()),
                    site.src,
                    a.span,
                ));
            }
            _ => {}
        }
        if let ExKind::Lit(kind) = &a.kind {
            if !matches!(kind, ArgKind::Str(_) | ArgKind::Null) {
                return Err(Error::at(
                    ErrorKind::BadArgument,
                    format!("`{name}` expects a string here, not {}", kind.type_name()),
                    site.src,
                    a.span,
                ));
            }
        }
        longest.push(t.max_len);
        codes.push(t.code);
    }
    let text_site = CallSite {
        ctx: Context::Text,
        ..*site
    };
    // The longest output: of the call given the longest texts, or given none (it draws).
    let bound = |given: &[Option<String>], warnings: &mut Vec<Warning>| {
        let placeholders: Vec<Arg<'_>> = given
            .iter()
            .map(|g| Arg {
                kind: g
                    .as_ref()
                    .map_or(ArgKind::Null, |t| ArgKind::Str(t.as_str().into())),
                span,
            })
            .collect();
        text_site.with_call(def, &placeholders, span, warnings, |cx| {
            (def.compile)(cx).map(|c| c.func.max_len())
        })
    };
    let longest_texts: Vec<Option<String>> = longest
        .iter()
        .map(|&n| Some("x".repeat(n.min(site.options.limits.record_bytes))))
        .collect();
    let max_len =
        bound(&longest_texts, warnings)?.max(bound(&vec![None; longest.len()], warnings)?);
    let Some(call) = functions::DynCall::of(def.name) else {
        unreachable!("only functions of functions::DYNAMIC come here")
    };
    Ok(typed(
        Code::KdgDyn(Box::new(crate::eval::KdgDyn {
            call,
            args: codes.into(),
        })),
        Ty::Str,
        max_len,
    ))
}

/// `row.COLUMN` for a row of data set `set`: a compile error naming the columns when there is
/// no such column.
fn row_field(
    site: &CallSite<'_>,
    scope: &Scope<'_>,
    row: Code,
    set: u16,
    field: &Ident<'_>,
) -> Result<Typed, Error> {
    let (name, data) = &scope.data[usize::from(set)];
    let Some(column) = data.column(field.name) else {
        let columns: Vec<&str> = data.columns().collect();
        let hint = nearest(field.name, columns.iter().copied())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        return Err(Error::at(
            ErrorKind::UnknownName,
            format!(
                "data set `{}` has no column `{}`{hint}; its columns are {}",
                shorten(name),
                shorten(field.name),
                shorten(&columns.join(", "))
            ),
            site.src,
            field.span,
        ));
    };
    let (ty, max_len) = match data.kinds()[column] {
        crate::ColumnKind::Number => (Ty::Num, NUM_LEN),
        crate::ColumnKind::Boolean => (Ty::Bool, 5),
        _ => (Ty::Str, data.longest(column).max(4)),
    };
    Ok(typed(
        Code::Field(Box::new(row), column as u16),
        ty,
        max_len,
    ))
}

/// FNV-1a, for the keys of entity streams: stable across platforms and releases.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `e.id`, or `e.ns.method(args)` evaluated on the entity's own stream.
#[allow(clippy::too_many_arguments)]
fn entity_member<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    entity: Code,
    owner: Option<u32>,
    path: &[Ident<'s>],
    args: Option<&[Ex<'s>]>,
    span: Span,
    warnings: &mut Vec<Warning>,
) -> Result<Typed, Error> {
    if args.is_none() && matches!(path, [id] if id.name == "id") {
        return Ok(typed(Code::EntityId(Box::new(entity)), Ty::Num, NUM_LEN));
    }
    let [ns, method] = path else {
        return Err(Error::at(
            ErrorKind::Type,
            "an entity has `.id` and catalogue calls such as `.name.findName` or `.commerce.productName`".to_string(),
            site.src,
            path[0].span,
        ));
    };
    let name = format!("{}.{}", ns.name, method.name);
    if functions::v2::is_v2(&name) {
        return Err(Error::at(
            ErrorKind::Type,
            format!("`{name}` is not a catalogue call an entity can make"),
            site.src,
            ns.span,
        ));
    }
    // The key of the entity's stream for this call: its name and its arguments as JSON.
    let mut key_text = name.clone();
    for a in args.unwrap_or(&[]) {
        match a.to_arg() {
            Some(arg) => {
                key_text.push('\u{1f}');
                key_text.push_str(&crate::value::to_json(&arg.kind).to_string());
            }
            // Computed: the call is keyed by the argument's value when it renders, so the
            // value must be the entity's own.
            None => match (deps(scope, a), owner) {
                (Deps::Const, _) => key_text.push_str("\u{1f}?"),
                (Deps::Entity(of), Some(slot)) if of == slot => key_text.push_str("\u{1f}?"),
                (d, _) => {
                    let why = match d {
                        Deps::Entity(_) => "another entity",
                        _ => "the record (a record draw, `record.*` or a name bound to one)",
                    };
                    return Err(Error::at(
                        ErrorKind::BadArgument,
                        format!(
                            "`{name}` on an entity takes arguments that are the entity's own (literals, its attributes, data looked up by them), and this depends on {why}: the entity's value would change from record to record"
                        ),
                        site.src,
                        a.span,
                    ));
                }
            },
        }
    }
    let call_path = vec![ns.clone(), method.clone()];
    let t = path_ex(site, scope, &call_path, args, span, warnings)?;
    Ok(typed(
        Code::EntityCall {
            entity: Box::new(entity),
            call: fnv1a(&key_text),
            code: Box::new(t.code),
        },
        t.ty,
        t.max_len,
    ))
}

/// The nearest of `names` to `name`, if any is close.
fn nearest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = 2.max(name.len() / 3);
    names
        .map(|n| (functions::edit_distance(name, n), n))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Arguments of a v2 function, checked by position.
struct Call<'a, 's> {
    site: &'a CallSite<'a>,
    name: &'a str,
    args: &'a [Ex<'s>],
    span: Span,
}

impl<'s> Call<'_, 's> {
    fn error(&self, span: Span, message: String) -> Error {
        Error::at(ErrorKind::BadArgument, message, self.site.src, span)
    }

    fn count(&self, min: usize, max: usize) -> Result<(), Error> {
        if let Some(extra) = self.args.get(max) {
            return Err(self.error(
                extra.span,
                match max {
                    0 => format!("`{}` takes no arguments", self.name),
                    1 => format!("`{}` takes at most 1 argument", self.name),
                    n => format!("`{}` takes at most {n} arguments", self.name),
                },
            ));
        }
        if self.args.len() < min {
            return Err(self.error(
                self.span,
                format!(
                    "`{}` needs {min} argument{}",
                    self.name,
                    if min == 1 { "" } else { "s" }
                ),
            ));
        }
        Ok(())
    }

    /// A literal argument (`None` when absent or `null`).
    fn literal(&self, i: usize) -> Result<Option<Arg<'s>>, Error> {
        let Some(ex) = self.args.get(i) else {
            return Ok(None);
        };
        match ex.to_arg() {
            Some(arg) if arg.kind == ArgKind::Null => Ok(None),
            Some(arg) => Ok(Some(arg)),
            None => Err(self.error(
                ex.span,
                format!("`{}` needs a literal here, not a computed value", self.name),
            )),
        }
    }

    fn literal_str(&self, i: usize) -> Result<Option<(String, Span)>, Error> {
        match self.literal(i)? {
            None => Ok(None),
            Some(Arg {
                kind: ArgKind::Str(s),
                span,
            }) => Ok(Some((s.into_owned(), span))),
            Some(arg) => Err(self.error(
                arg.span,
                format!(
                    "`{}` expects a string here, not {}",
                    self.name,
                    arg.kind.type_name()
                ),
            )),
        }
    }

    fn unit(&self, i: usize, default: Option<Unit>) -> Result<Unit, Error> {
        match self.literal_str(i)? {
            Some((text, span)) => Unit::parse(&text).ok_or_else(|| {
                self.error(
                    span,
                    format!(
                        "unknown unit `{}`: use milliseconds, seconds, minutes, hours, days, weeks, months, quarters or years",
                        shorten(&text)
                    ),
                )
            }),
            None => default.ok_or_else(|| {
                self.error(self.span, format!("`{}` needs a unit such as \"days\"", self.name))
            }),
        }
    }

    /// The members of an options object, each a literal number, with their names checked.
    fn options(&self, i: usize, known: &[&str]) -> Result<Vec<(String, f64, Span)>, Error> {
        let Some(arg) = self.literal(i)? else {
            return Ok(Vec::new());
        };
        let ArgKind::Object(members) = arg.kind else {
            return Err(self.error(
                arg.span,
                format!(
                    "`{}` expects an options object such as {{\"{}\": …}}",
                    self.name, known[0]
                ),
            ));
        };
        let mut out = Vec::new();
        for (key, value) in members {
            if !known.contains(&key.name.as_ref()) {
                return Err(self.error(
                    key.span,
                    format!(
                        "`{}` has no option `{}`; its options are {}",
                        self.name,
                        shorten(&key.name),
                        known.join(", ")
                    ),
                ));
            }
            let x = match &value.kind {
                ArgKind::Number(n) => n.parse::<f64>().ok().filter(|x| x.is_finite()),
                _ => None,
            }
            .ok_or_else(|| {
                self.error(
                    value.span,
                    format!("`{}` expects a number for `{}`", self.name, key.name),
                )
            })?;
            out.push((key.name.into_owned(), x, value.span));
        }
        Ok(out)
    }
}

fn option(opts: &[(String, f64, Span)], name: &str) -> Option<(f64, Span)> {
    opts.iter()
        .find(|(n, ..)| n == name)
        .map(|(_, x, span)| (*x, *span))
}

/// Compiles a v2 function.
fn builtin<'s>(
    site: &CallSite<'_>,
    scope: &mut Scope<'s>,
    name: &str,
    args: &[Ex<'s>],
    span: Span,
    warnings: &mut Vec<Warning>,
) -> Result<Typed, Error> {
    let call = Call {
        site,
        name,
        args,
        span,
    };
    Ok(match name {
        "record.index" => {
            call.count(0, 0)?;
            typed(Code::Index, Ty::Num, 20)
        }
        "record.time" => {
            call.count(0, 0)?;
            typed(Code::Time, Ty::Date, 24)
        }
        "math.round" => {
            call.count(1, 2)?;
            let x = compile_ex(site, scope, &args[0], warnings)?;
            numeric(site, name, &x, args[0].span)?;
            let digits = match call.literal(1)? {
                None => 0,
                Some(a) => match &a.kind {
                    ArgKind::Number(n) => match Decimal::parse(n).and_then(Decimal::to_i64) {
                        Some(d) if (0..=15).contains(&d) => d as i32,
                        _ => {
                            return Err(call.error(
                                a.span,
                                "digits must be a whole number from 0 to 15".into(),
                            ));
                        }
                    },
                    _ => {
                        return Err(call.error(a.span, "digits must be a number".into()));
                    }
                },
            };
            typed(Code::Round(Box::new(x.code), digits), Ty::Num, NUM_LEN)
        }
        "math.floor" | "math.ceil" | "math.abs" | "math.min" | "math.max" => {
            let (f, max) = match name {
                "math.floor" => (MathFn::Floor, 1),
                "math.ceil" => (MathFn::Ceil, 1),
                "math.abs" => (MathFn::Abs, 1),
                "math.min" => (MathFn::Min, usize::MAX),
                _ => (MathFn::Max, usize::MAX),
            };
            call.count(1, max)?;
            let mut codes = Vec::with_capacity(args.len());
            for (i, a) in args.iter().enumerate() {
                let t = compile_ex(site, scope, &args[i], warnings)?;
                numeric(site, name, &t, a.span)?;
                codes.push(t.code);
            }
            typed(Code::Math(f, codes.into()), Ty::Num, NUM_LEN)
        }
        "date.add" => {
            call.count(3, 3)?;
            let d = date_arg(&call, scope, 0, warnings)?;
            let amount = compile_ex(site, scope, &args[1], warnings)?;
            numeric(site, name, &amount, args[1].span)?;
            let unit = call.unit(2, None)?;
            typed(
                Code::DateAdd(Box::new(d), Box::new(amount.code), unit),
                Ty::Date,
                24,
            )
        }
        "date.diff" => {
            call.count(2, 3)?;
            let a = date_arg(&call, scope, 0, warnings)?;
            let b = date_arg(&call, scope, 1, warnings)?;
            let unit = call.unit(2, Some(Unit::Ms))?;
            typed(
                Code::DateDiff(Box::new(a), Box::new(b), unit),
                Ty::Num,
                NUM_LEN,
            )
        }
        "date.format" | "date.formatUtc" => {
            call.count(1, 2)?;
            let utc = name == "date.formatUtc";
            let d = date_arg(&call, scope, 0, warnings)?;
            let (out, shape) = match call.literal(1)? {
                Some(fmt_arg) => {
                    let ArgKind::Str(text) = &fmt_arg.kind else {
                        return Err(call.error(
                            fmt_arg.span,
                            format!("`{name}` expects a format string here"),
                        ));
                    };
                    let fmt = moment_format(site, name, &fmt_arg, warnings)?;
                    (Out::new(fmt, text, utc), Shape::Text)
                }
                None => {
                    let text = if utc {
                        "YYYY-MM-DDTHH:mm:ss[Z]"
                    } else {
                        "YYYY-MM-DDTHH:mm:ssZ"
                    };
                    let fmt = crate::time::moment::MomentFormat::parse(text)
                        .map(|(f, _)| f)
                        .map_err(|e| call.error(span, e.message))?;
                    (Out::new(fmt, text, utc), Shape::Plain)
                }
            };
            let len = out.max_len();
            scope.printers.push(Printer { out, shape });
            let printer = (scope.printers.len() - 1) as u32;
            typed(Code::DateFormat(Box::new(d), printer), Ty::Str, len)
        }
        "date.parse" => {
            call.count(1, 1)?;
            let d = date_arg(&call, scope, 0, warnings)?;
            typed(d, Ty::Date, 24)
        }
        "random.unique" => {
            call.count(0, 1)?;
            let opts = call.options(0, &["min", "max"])?;
            let whole = |key: &str, default: i64| -> Result<i64, Error> {
                match option(&opts, key) {
                    None => Ok(default),
                    Some((x, _)) if x.fract() == 0.0 && x.abs() <= 9.007e15 => Ok(x as i64),
                    Some((_, at)) => Err(call.error(
                        at,
                        format!("`{key}` must be a whole number from -9007000000000000 to 9007000000000000"),
                    )),
                }
            };
            let lo = whole("min", 0)?;
            let hi = whole("max", 99_999)?;
            if hi < lo {
                return Err(call.error(span, "`max` must not be less than `min`".into()));
            }
            scope.unique_sites += 1;
            typed(
                Code::Unique {
                    lo,
                    n: (hi - lo) as u64 + 1,
                    key: scope.unique_sites,
                },
                Ty::Num,
                NUM_LEN,
            )
        }
        "helpers.maybe" => {
            call.count(1, 2)?;
            let value = compile_ex(site, scope, &args[0], warnings)?;
            let opts = call.options(1, &["probability"])?;
            let p = match option(&opts, "probability") {
                None => 0.5,
                Some((p, _)) if (0.0..=1.0).contains(&p) => p,
                Some((_, at)) => {
                    return Err(call.error(at, "`probability` must be from 0 to 1".into()));
                }
            };
            let ty = if value.ty == Ty::Null {
                Ty::Null
            } else {
                Ty::Any
            };
            typed(
                Code::Maybe(Box::new(value.code), p),
                ty,
                value.max_len.max(4),
            )
        }
        "random.normal" | "random.exponential" => {
            call.count(0, 1)?;
            let normal = name == "random.normal";
            let known: &[&str] = if normal {
                &["mean", "sd", "min", "max", "precision"]
            } else {
                &["mean", "min", "max", "precision"]
            };
            let opts = call.options(0, known)?;
            let get = |k: &str, d: f64| option(&opts, k).map_or(d, |(x, _)| x);
            let mean = get("mean", if normal { 0.0 } else { 1.0 });
            let min = get("min", if normal { f64::MIN } else { 0.0 });
            let max = get("max", f64::MAX);
            if max < min {
                return Err(call.error(span, "`max` must not be less than `min`".into()));
            }
            let (precision, digits) = match option(&opts, "precision") {
                None => (None, None),
                Some((p, at)) => {
                    let digits = precision_digits(p).ok_or_else(|| {
                        call.error(
                            at,
                            "`precision` must be a positive power of ten such as 0.01 or 1".into(),
                        )
                    })?;
                    (Some(p), Some(digits))
                }
            };
            let bounds = Bounds {
                min,
                max,
                digits,
                precision,
            };
            let sampler = if normal {
                let sd = get("sd", 1.0);
                if sd < 0.0 {
                    return Err(call.error(span, "`sd` must not be negative".into()));
                }
                Sampler::Normal { mean, sd, bounds }
            } else {
                if mean <= 0.0 {
                    return Err(call.error(span, "`mean` must be positive".into()));
                }
                Sampler::Exponential { mean, bounds }
            };
            typed(Code::Sample(sampler), Ty::Num, NUM_LEN)
        }
        "random.poisson" => {
            call.count(0, 1)?;
            let opts = call.options(0, &["mean"])?;
            let mean = match option(&opts, "mean") {
                None => 1.0,
                Some((m, _)) if (0.0..=1e9).contains(&m) => m,
                Some((_, at)) => {
                    return Err(call.error(at, "`mean` must be from 0 to 1e9".into()));
                }
            };
            typed(Code::Sample(Sampler::Poisson { mean }), Ty::Num, NUM_LEN)
        }
        "random.zipf" => {
            call.count(0, 1)?;
            let opts = call.options(0, &["n", "s"])?;
            let n = match option(&opts, "n") {
                None => 100,
                Some((n, _)) if n.fract() == 0.0 && (1.0..=9.007e15).contains(&n) => n as u64,
                Some((_, at)) => {
                    return Err(call.error(
                        at,
                        "`n` must be a whole number from 1 to 9007000000000000".into(),
                    ));
                }
            };
            let s = match option(&opts, "s") {
                None => 1.0,
                Some((s, _)) if s > 0.0 && s <= 100.0 => s,
                Some((_, at)) => {
                    return Err(call.error(at, "`s` must be above 0 (and at most 100)".into()));
                }
            };
            typed(
                Code::Sample(Sampler::Zipf(Zipf::new(n, s))),
                Ty::Num,
                NUM_LEN,
            )
        }
        "data.row" => {
            call.count(1, 2)?;
            let (set, data) = data_set(&call, scope, 0)?;
            let opts = match call.literal(1)? {
                None => None,
                Some(arg) => {
                    let ArgKind::Object(members) = &arg.kind else {
                        return Err(call.error(
                            arg.span,
                            "`data.row` expects options such as {\"weights\": \"COLUMN\"}".into(),
                        ));
                    };
                    match members.as_slice() {
                        [] => None,
                        [(key, value)] if key.name == "weights" => match &value.kind {
                            ArgKind::Str(column) => Some((column.to_string(), value.span)),
                            _ => {
                                return Err(call
                                    .error(value.span, "`weights` names a number column".into()));
                            }
                        },
                        [(key, _), ..] => {
                            return Err(call.error(
                                key.span,
                                format!(
                                    "`data.row` has no option `{}`; its option is weights",
                                    shorten(&key.name)
                                ),
                            ));
                        }
                    }
                }
            };
            let weights = match opts {
                None => None,
                Some((column, at)) => {
                    let c = column_of(&call, data, &column, at)?;
                    if data.kinds()[c] != crate::ColumnKind::Number {
                        return Err(call
                            .error(at, format!("`{}` is not a number column", shorten(&column))));
                    }
                    let w: Vec<f64> = (0..data.len())
                        .map(|r| data.number(r, c).unwrap_or(0.0))
                        .collect();
                    Some(crate::rng::WeightTable::new(&w).ok_or_else(|| {
                        call.error(
                            at,
                            "weights must be non-negative with a positive sum".into(),
                        )
                    })?)
                }
            };
            typed(
                Code::PickRow {
                    set,
                    rows: data.len() as u32,
                    weights,
                },
                Ty::Row(set),
                data.json_len(),
            )
        }
        "data.lookup" => {
            call.count(3, 3)?;
            let (set, data) = data_set(&call, scope, 0)?;
            let Some((column, at)) = call.literal_str(1)? else {
                return Err(call.error(span, "`data.lookup` needs a column name".into()));
            };
            let c = column_of(&call, data, &column, at)?;
            let key = compile_ex(site, scope, &args[2], warnings)?;
            let index = data.index(c);
            typed(
                Code::Lookup(set, Box::new(key.code), Box::new(index)),
                Ty::Row(set),
                data.json_len(),
            )
        }
        "entity.pick" | "entity.get" => {
            let pick = name == "entity.pick";
            call.count(if pick { 1 } else { 2 }, 2)?;
            let Some((kind_name, at)) = call.literal_str(0)? else {
                return Err(call.error(span, format!("`{name}` needs a kind such as \"customer\"")));
            };
            if kind_name.is_empty() {
                return Err(call.error(at, "the kind must not be empty".into()));
            }
            let kind = fnv1a(&kind_name);
            let code = if pick {
                let members = match call.literal(1)? {
                    None => Vec::new(),
                    Some(Arg {
                        kind: ArgKind::Object(members),
                        ..
                    }) => members,
                    Some(arg) => {
                        return Err(call.error(
                            arg.span,
                            "`entity.pick` expects options such as {\"count\": 1000}".into(),
                        ));
                    }
                };
                let mut count = 1000u64;
                let mut zipf = false;
                let mut s_exp = 1.0;
                for (key, value) in &members {
                    match (key.name.as_ref(), &value.kind) {
                        ("count", ArgKind::Number(n)) => match n.parse::<f64>() {
                            Ok(c) if c.fract() == 0.0 && (1.0..=9.007e15).contains(&c) => {
                                count = c as u64
                            }
                            _ => {
                                return Err(call.error(
                                    value.span,
                                    "`count` must be a whole number of at least 1".into(),
                                ));
                            }
                        },
                        ("distribution", ArgKind::Str(d)) => match d.as_ref() {
                            "uniform" => zipf = false,
                            "zipf" => zipf = true,
                            _ => {
                                return Err(call.error(
                                    value.span,
                                    "`distribution` is \"uniform\" or \"zipf\"".into(),
                                ));
                            }
                        },
                        ("s", ArgKind::Number(n)) => match n.parse::<f64>() {
                            Ok(x) if x > 0.0 && x <= 100.0 => s_exp = x,
                            _ => {
                                return Err(call.error(
                                    value.span,
                                    "`s` must be above 0 (and at most 100)".into(),
                                ));
                            }
                        },
                        (k @ ("count" | "distribution" | "s"), _) => {
                            return Err(call.error(value.span, format!("`{k}` has the wrong type")));
                        }
                        (k, _) => {
                            return Err(call.error(key.span, format!("`entity.pick` has no option `{}`; its options are count, distribution, s", shorten(k))));
                        }
                    }
                }
                Code::PickEntity {
                    kind,
                    count,
                    zipf: zipf.then(|| Zipf::new(count, s_exp)),
                }
            } else {
                let id = compile_ex(site, scope, &args[1], warnings)?;
                numeric(site, name, &id, args[1].span)?;
                Code::GetEntity(kind, Box::new(id.code))
            };
            typed(code, Ty::Entity(kind), 20)
        }
        _ => unreachable!("functions::v2 lists exactly the names above"),
    })
}

/// The column of `data` named by a literal argument at `at`.
fn column_of(
    call: &Call<'_, '_>,
    data: &crate::DataSet,
    column: &str,
    at: Span,
) -> Result<usize, Error> {
    data.column(column).ok_or_else(|| {
        call.error(
            at,
            format!(
                "no column `{}`; the columns are {}",
                shorten(column),
                data.columns().collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

/// The data set named by literal argument `i`.
fn data_set<'d>(
    call: &Call<'_, '_>,
    scope: &Scope<'d>,
    i: usize,
) -> Result<(u16, &'d crate::DataSet), Error> {
    let Some((name, at)) = call.literal_str(i)? else {
        return Err(call.error(
            call.span,
            format!("`{}` needs the name of a data set", call.name),
        ));
    };
    match scope.data.iter().position(|(n, _)| *n == name) {
        Some(k) if scope.data[k].1.is_empty() => {
            Err(call.error(at, format!("data set `{}` has no rows", shorten(&name))))
        }
        Some(k) => Ok((k as u16, &scope.data[k].1)),
        None => {
            let known: Vec<&str> = scope.data.iter().map(|(n, _)| n.as_str()).collect();
            Err(Error::at(
                ErrorKind::UnknownName,
                if known.is_empty() {
                    format!(
                        "no data set `{}`: load one with --data {}=PATH (Options::data)",
                        shorten(&name),
                        shorten(&name)
                    )
                } else {
                    format!(
                        "no data set `{}`; the data sets are {}",
                        shorten(&name),
                        known.join(", ")
                    )
                },
                call.site.src,
                at,
            ))
        }
    }
}

/// The decimals of a precision that is a power of ten (`0.01` → 2, `1` → 0).
fn precision_digits(p: f64) -> Option<i32> {
    (0..=15).find(|&d| {
        let candidate = 10f64.powi(-d);
        (p - candidate).abs() <= candidate * 1e-9
    })
}

/// A date argument: a literal string is read now (an error if it is not a date), anything
/// else when the record renders.
fn date_arg<'s>(
    call: &Call<'_, 's>,
    scope: &mut Scope<'s>,
    i: usize,
    warnings: &mut Vec<Warning>,
) -> Result<Code, Error> {
    let ex = &call.args[i];
    if let ExKind::Lit(ArgKind::Str(text)) = &ex.kind {
        return match parse_date_time_in(text.trim(), call.site.options.time_zone) {
            Some(ms) => Ok(Code::Const(Val::Date(ms, 0))),
            None => Err(call.error(
                ex.span,
                format!(
                    "`{}` is not a date: write ISO 8601, such as \"2026-01-31\" or \"2026-01-31T09:30:00Z\"",
                    shorten(text)
                ),
            )),
        };
    }
    let t = compile_ex(call.site, scope, ex, warnings)?;
    match t.ty {
        Ty::Date => Ok(t.code),
        Ty::Str if call.name != "date.parse" => Err(Error::at(
            ErrorKind::Type,
            format!(
                "`{}` needs a date here, not a string: read text dates with date.parse(…)",
                call.name
            ),
            call.site.src,
            ex.span,
        )),
        Ty::Bool | Ty::Null | Ty::Json => Err(Error::at(
            ErrorKind::Type,
            format!("`{}` needs a date here, not {}", call.name, t.ty.describe()),
            call.site.src,
            ex.span,
        )),
        _ => Ok(Code::ToDate(Box::new(t.code))),
    }
}

/// Parses a literal moment.js format with the catalogue's checks and warnings.
fn moment_format(
    site: &CallSite<'_>,
    name: &str,
    arg: &Arg<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<crate::time::moment::MomentFormat, Error> {
    let Lookup::Found(def) = functions::lookup("date", name.trim_start_matches("date.")) else {
        unreachable!("date.format and date.formatUtc are in the catalogue")
    };
    let text_site = CallSite {
        ctx: Context::Text,
        ..*site
    };
    let fmt = text_site.with_call(def, std::slice::from_ref(arg), arg.span, warnings, |cx| {
        cx.format(arg)
    })?;
    Ok(fmt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamic_function_is_in_the_catalogue() {
        for (name, _) in functions::DYNAMIC {
            let (ns, method) = name.split_once('.').unwrap();
            assert!(
                matches!(functions::lookup(ns, method), Lookup::Found(_)),
                "{name} is not in the catalogue"
            );
        }
    }
}
