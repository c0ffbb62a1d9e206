//! The function catalogue: one module per namespace, a registry that resolves `ns.method` at
//! compile time, and [`Func`], the compiled call the render loop dispatches on.

mod address;
mod commerce;
mod company;
pub(crate) mod custom;
mod data;
mod datatype;
pub(crate) mod date;
mod finance;
mod hacker;
mod helpers;
mod image;
mod internet;
mod lorem;
mod name;
mod phone;
mod random;
pub(crate) mod sample;
mod system;
mod user_agent;
pub(crate) mod v2;
mod words;

use crate::error::{Error, ErrorKind, Span};
use crate::json::{self, Context};
use crate::rng::{Rng, WeightTable};
use crate::syntax::ast::{Arg, ArgKind};
use crate::time::moment::MomentFormat;
use crate::value::Decimal;

/// A parameter of a catalogue function, for documentation and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name in faker.js.
    pub name: &'static str,
    /// Its type: `number`, `string`, `array`, `object`, `boolean`, `date`, `format`.
    pub ty: &'static str,
    /// Its default, as text (empty when it has none).
    pub default: &'static str,
}

/// What a catalogue function's value is, as language v2 sees it: arithmetic, comparisons and
/// calls that need another type are compile errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Returns {
    /// Text (`address.state`, `name.firstName`, `finance.account`'s digits).
    String,
    /// A number (`random.number`, `address.latitude`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An instant, printed in the call's format.
    Date,
    /// A JSON array in a value position (a list in text).
    Array,
    /// A JSON object.
    Object,
    /// A data row (`data.row`, `data.lookup`).
    Row,
    /// An entity (`entity.pick`, `entity.get`).
    Entity,
    /// Depends on the arguments (`random.arrayElement` of mixed data, `helpers.maybe`):
    /// derived from them where they are constant, see [`returns_for`].
    Varies,
}

impl Returns {
    /// Its name in the catalogue's listings.
    pub fn name(self) -> &'static str {
        match self {
            Returns::String => "string",
            Returns::Number => "number",
            Returns::Boolean => "boolean",
            Returns::Date => "date",
            Returns::Array => "array",
            Returns::Object => "object",
            Returns::Row => "row",
            Returns::Entity => "entity",
            Returns::Varies => "varies",
        }
    }
}

/// What a KDG call with these (literal) arguments returns: the catalogue's type, and for the
/// functions whose type varies, the type their arguments fix (`random.arrayElement(["a",
/// "b"])` is a string, `finance.amount(1, 9, 2)` a number).
pub(crate) fn returns_for(def: &FnDef, args: &[Arg<'_>]) -> Returns {
    if def.returns != Returns::Varies {
        return def.returns;
    }
    let kind = |a: &Arg<'_>| match &a.kind {
        ArgKind::Str(_) => Returns::String,
        ArgKind::Number(_) => Returns::Number,
        ArgKind::Bool(_) => Returns::Boolean,
        ArgKind::Array(_) => Returns::Array,
        ArgKind::Object(_) => Returns::Object,
        ArgKind::Null => Returns::Varies,
    };
    fn all(mut items: impl Iterator<Item = Returns>) -> Option<Returns> {
        let first = items.next()?;
        items.all(|r| r == first).then_some(first)
    }
    let given = |i: usize| args.get(i).filter(|a| a.kind != ArgKind::Null);
    let found = match def.name {
        // faker.js's default array is ["a", "b", "c"].
        "random.arrayElement" | "helpers.randomize" => match given(0).map(|a| &a.kind) {
            None => Some(Returns::String),
            Some(ArgKind::Array(items)) => all(items.iter().map(kind)),
            Some(_) => None,
        },
        "random.weightedArrayElement" => match given(0).map(|a| &a.kind) {
            None => Some(Returns::String),
            Some(ArgKind::Object(members)) => {
                match members.iter().find(|(k, _)| k.name == "data") {
                    Some((
                        _,
                        Arg {
                            kind: ArgKind::Array(items),
                            ..
                        },
                    )) => all(items.iter().map(kind)),
                    _ => None,
                }
            }
            Some(_) => None,
        },
        "random.objectElement" => match (given(0).map(|a| &a.kind), given(1)) {
            (Some(ArgKind::Object(members)), None) => all(members.iter().map(|(_, v)| kind(v))),
            _ => None,
        },
        // Without a symbol, the amount's digits are a number.
        "commerce.price" | "finance.amount" => match given(3).map(|a| &a.kind) {
            None => Some(Returns::Number),
            Some(ArgKind::Str(s)) if s.is_empty() => Some(Returns::Number),
            Some(_) => Some(Returns::String),
        },
        _ => None,
    };
    found
        .filter(|r| *r != Returns::Varies)
        .unwrap_or(Returns::Varies)
}

/// One function of the catalogue.
#[derive(Clone, Copy)]
pub struct FnDef {
    /// The dotted name, `random.number`.
    pub name: &'static str,
    /// Positional parameters.
    pub params: &'static [Param],
    /// One line on what it returns.
    pub summary: &'static str,
    /// A tag that uses it.
    pub example: &'static str,
    /// What its value is, for the type checker of language v2.
    pub returns: Returns,
    pub(crate) compile: fn(&CallCx<'_, '_>) -> Result<Compiled, Error>,
}

impl std::fmt::Debug for FnDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnDef")
            .field("name", &self.name)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

/// Each namespace's functions; a namespace may be split over several modules.
const NAMESPACES: &[(&str, &[FnDef])] = &[
    ("address", address::FUNCTIONS),
    ("commerce", commerce::FUNCTIONS),
    ("company", company::FUNCTIONS),
    ("date", date::FUNCTIONS),
    ("date", v2::DATE),
    ("finance", finance::FUNCTIONS),
    ("hacker", hacker::FUNCTIONS),
    ("helpers", helpers::FUNCTIONS),
    ("helpers", v2::HELPERS),
    ("image", image::FUNCTIONS),
    ("internet", internet::FUNCTIONS),
    ("lorem", lorem::FUNCTIONS),
    ("name", name::FUNCTIONS),
    ("phone", phone::FUNCTIONS),
    ("random", random::FUNCTIONS),
    ("random", words::FUNCTIONS),
    ("random", v2::RANDOM),
    ("math", v2::MATH),
    ("record", v2::RECORD),
    ("data", v2::DATA),
    ("entity", v2::ENTITY),
    ("system", system::FUNCTIONS),
    ("datatype", datatype::FUNCTIONS),
];

/// Every built-in function, namespace by namespace.
///
/// ```
/// let names: Vec<&str> = fakeplate::functions().map(|f| f.name).collect();
/// assert!(names.contains(&"random.number"));
/// ```
pub fn functions() -> impl Iterator<Item = &'static FnDef> {
    NAMESPACES.iter().flat_map(|(_, fns)| fns.iter())
}

pub(crate) enum Lookup {
    Found(&'static FnDef),
    UnknownNamespace,
    UnknownFunction,
}

pub(crate) fn lookup(ns: &str, method: &str) -> Lookup {
    let mut modules = NAMESPACES.iter().filter(|(n, _)| *n == ns).peekable();
    if modules.peek().is_none() {
        return Lookup::UnknownNamespace;
    }
    modules
        .flat_map(|(_, fns)| fns.iter())
        .find(|f| f.name.split_once('.').is_some_and(|(_, m)| m == method))
        .map_or(Lookup::UnknownFunction, Lookup::Found)
}

/// The known name nearest to `name` (`adress.state` → `address.state`), if any is close.
///
/// A name longer than every known name by more than the distance allowed cannot be close to
/// any: it is not compared (an edit distance costs the product of the two lengths).
pub(crate) fn suggest(name: &str) -> Option<&'static str> {
    let allowed = 3.max(name.len() / 4);
    let longest = functions().map(|f| f.name.len()).max().unwrap_or(0);
    // Bytes bound characters from above, and the distance is at least the difference in
    // characters: names longer than this are farther than `allowed` from every known name.
    if name.chars().count() > longest + allowed {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    functions()
        .map(|f| (edit_distance(&lower, &f.name.to_ascii_lowercase()), f.name))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Levenshtein distance by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// What a compiled call needs from the record being rendered.
pub(crate) struct Cx<'a> {
    pub rng: &'a mut Rng,
    /// The record's index and the run's seed (`record.index`, `random.unique`).
    pub index: u64,
    pub seed: u64,
    /// The record's time, Unix milliseconds.
    pub now_ms: i64,
    /// The configured time zone for local times (`date.now`).
    pub zone: crate::TimeZone,
    /// Per-generator caches of formatted text, one per slot handed out at compile time.
    pub caches: &'a mut [TextCache],
}

/// The per-generator state of a `date.now`-like call: the text of the last second it formatted
/// (`date.now` formats once per distinct second and reuses the text for the other records of
/// that second, writing only their milliseconds).
pub(crate) use crate::time::moment::FormatCache as TextCache;

/// What the printed output of a call can look like, so that JSON contexts are decided once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Already printed for its context at compile time.
    Printed,
    /// Always a JSON number or boolean (and never needs escaping).
    Number,
    /// A string that never needs escaping and is never a JSON value on its own.
    Plain,
    /// Never needs escaping, but may be a JSON value on its own (`7`, `2026`): checked in
    /// value positions.
    Unescaped,
    /// Any text: escaped inside strings, checked in value positions.
    Text,
}

/// The shape of every item of a table, computed once.
pub(crate) fn table_shape(items: &[&str]) -> Shape {
    if items
        .iter()
        .any(|s| json::needs_escape(s) || json::is_json_value(s))
    {
        Shape::Text
    } else {
        Shape::Plain
    }
}

/// A compiled call and the shape of its output.
pub(crate) struct Compiled {
    pub func: Func,
    pub shape: Shape,
}

impl Compiled {
    pub(crate) fn new(func: Func, shape: Shape) -> Compiled {
        Compiled { func, shape }
    }
    fn table(items: &'static [&'static str]) -> Compiled {
        Compiled::new(Func::Table(items), table_shape(items))
    }
}

/// A call resolved to its implementation with its arguments decoded.
#[derive(Debug)]
pub(crate) enum Func {
    /// A constant, printed for its context.
    Const(Box<str>),
    /// A uniform pick from a static table.
    Table(&'static [&'static str]),
    /// A uniform pick from constant data, printed for its context.
    Choice(Box<[Box<str>]>),
    /// A weighted pick from constant data, printed for its context.
    Weighted(WeightTable, Box<[Box<str>]>),
    Random(random::Op),
    Date(date::Op),
    Address(address::Op),
    Commerce(commerce::Op),
    Company(company::Op),
    Datatype(datatype::Op),
    Finance(finance::Op),
    Hacker(hacker::Op),
    Helpers(helpers::Op),
    Image(image::Op),
    Internet(internet::Op),
    Lorem(lorem::Op),
    Name(name::Op),
    Phone(phone::Op),
    System(system::Op),
    Words(words::Op),
    /// A user's function, with the bound on its output it declared.
    Custom(std::sync::Arc<dyn custom::Render>, usize),
}

impl std::fmt::Debug for dyn custom::Render {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<custom function>")
    }
}

/// The longest entry of a table, in bytes.
pub(crate) fn longest<S: AsRef<str>>(items: &[S]) -> usize {
    items.iter().map(|s| s.as_ref().len()).max().unwrap_or(0)
}

/// The runtime form of a call whose string arguments are computed per record (the functions
/// of [`DYNAMIC`], in `eval::Code::KdgDyn`): it renders from the arguments'
/// texts, borrowed, what the call compiled from those texts would render, without compiling
/// anything (so without allocating).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DynCall {
    UserName,
    Email,
    ExampleEmail,
    /// `name.findName` and `name.fullName`.
    FindName,
    Slugify,
    ReplaceSymbols,
}

/// The functions whose string arguments may be computed per record, each with its runtime
/// form: every parameter a string that any text fits, and the output no longer than its
/// arguments or the call without them.
pub(crate) const DYNAMIC: &[(&str, DynCall)] = &[
    ("internet.email", DynCall::Email),
    ("internet.exampleEmail", DynCall::ExampleEmail),
    ("internet.userName", DynCall::UserName),
    ("name.findName", DynCall::FindName),
    ("name.fullName", DynCall::FindName),
    ("helpers.slugify", DynCall::Slugify),
    ("helpers.replaceSymbols", DynCall::ReplaceSymbols),
];

impl DynCall {
    /// The runtime form of the function `name` (`internet.email`), if it has one.
    pub(crate) fn of(name: &str) -> Option<DynCall> {
        DYNAMIC
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, call)| call)
    }

    /// Appends the value for the arguments' texts (`None` for null) to `out`, as the call
    /// compiled with them as string literals renders it; nothing where that compilation
    /// fails (more arguments than the function takes, a gender that is none).
    pub(crate) fn render(self, cx: &mut Cx<'_>, args: &[Option<&str>], out: &mut String) {
        let arg = |i: usize| args.get(i).copied().flatten();
        let takes = match self {
            DynCall::Email | DynCall::FindName => 3,
            DynCall::UserName | DynCall::ExampleEmail => 2,
            DynCall::Slugify | DynCall::ReplaceSymbols => 1,
        };
        if args.len() > takes {
            return;
        }
        match self {
            DynCall::UserName => internet::push_user_name(
                cx,
                [internet::given_user(arg(0)), internet::given_user(arg(1))],
                out,
            ),
            DynCall::Email | DynCall::ExampleEmail => {
                let domain = match self {
                    DynCall::Email => internet::domain_of(arg(2)),
                    _ => internet::Domain::Example,
                };
                let names = [internet::given_email(arg(0)), internet::given_email(arg(1))];
                internet::push_email(cx, names, domain, out);
            }
            DynCall::FindName => {
                if arg(2).is_some_and(|g| !name::is_gender_text(g)) {
                    return;
                }
                name::push_find_name(cx, arg(0), arg(1), out);
            }
            DynCall::Slugify => helpers::push_slug(arg(0).unwrap_or(""), out),
            DynCall::ReplaceSymbols => address::replace_symbols(cx, arg(0).unwrap_or(""), out),
        }
    }
}

/// The calls most templates are made of, dispatched in the render loop itself rather than
/// through [`Func::render`], whose size costs every call a heavy prologue.
#[derive(Debug)]
pub(crate) enum Hot {
    Table(&'static [&'static str]),
    Choice(Box<[Box<str>]>),
    Weighted(WeightTable, Box<[Box<str>]>),
    /// A whole number in `lo..=hi` (`random.number` with whole bounds).
    Int(i64, i64),
    /// The record's time (`date.now`, `date.utc`) and its cache slot.
    Now(Box<date::Out>, u32),
}

impl Hot {
    #[inline(always)]
    pub(crate) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Hot::Table(items) => out.push_str(cx.rng.pick_str(items)),
            Hot::Choice(items) => out.push_str(cx.rng.pick_str(items)),
            Hot::Weighted(table, items) => out.push_str(&items[table.sample(cx.rng)]),
            Hot::Int(lo, hi) => {
                crate::time::moment::push_decimal(out, cx.rng.range_i64(*lo, *hi));
            }
            Hot::Now(how, cache) => how.write_now(*cache, cx, out),
        }
    }
}

impl Hot {
    /// Back to the general form (for a caller that wants the text, not the fast path).
    pub(crate) fn into_func(self) -> Func {
        match self {
            Hot::Table(items) => Func::Table(items),
            Hot::Choice(items) => Func::Choice(items),
            Hot::Weighted(table, items) => Func::Weighted(table, items),
            Hot::Int(lo, hi) => Func::Random(random::Op::Int { lo, hi }),
            Hot::Now(out, cache) => Func::Date(date::Op::Now { out: *out, cache }),
        }
    }
}

impl Func {
    /// The call as a [`Hot`] one, when it is one of those.
    pub(crate) fn hot(self) -> Result<Hot, Func> {
        match self {
            Func::Table(items) => Ok(Hot::Table(items)),
            Func::Choice(items) => Ok(Hot::Choice(items)),
            Func::Weighted(table, items) => Ok(Hot::Weighted(table, items)),
            Func::Random(op) => op
                .int_range()
                .map(|(lo, hi)| Hot::Int(lo, hi))
                .ok_or(Func::Random(op)),
            Func::Date(date::Op::Now { out, cache }) => Ok(Hot::Now(Box::new(out), cache)),
            other => Err(other),
        }
    }

    /// An upper bound on the bytes one call appends, so that the size of a record is bounded
    /// at compile time.
    pub(crate) fn max_len(&self) -> usize {
        match self {
            Func::Const(s) => s.len(),
            Func::Table(items) => longest(items),
            Func::Choice(items) | Func::Weighted(_, items) => longest(items),
            Func::Random(op) => op.max_len(),
            Func::Date(op) => op.max_len(),
            Func::Address(op) => op.max_len(),
            Func::Commerce(op) => op.max_len(),
            Func::Company(op) => op.max_len(),
            Func::Datatype(op) => op.max_len(),
            Func::Finance(op) => op.max_len(),
            Func::Hacker(op) => op.max_len(),
            Func::Helpers(op) => op.max_len(),
            Func::Image(op) => op.max_len(),
            Func::Internet(op) => op.max_len(),
            Func::Lorem(op) => op.max_len(),
            Func::Name(op) => op.max_len(),
            Func::Phone(op) => op.max_len(),
            Func::System(op) => op.max_len(),
            Func::Words(op) => op.max_len(),
            Func::Custom(_, max_len) => *max_len,
        }
    }

    /// Appends one value to `out`.
    #[inline]
    pub(crate) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Func::Const(s) => out.push_str(s),
            Func::Table(items) => out.push_str(cx.rng.pick_str(items)),
            Func::Choice(items) => out.push_str(cx.rng.pick_str(items)),
            Func::Weighted(table, items) => out.push_str(&items[table.sample(cx.rng)]),
            Func::Random(op) => op.render(cx, out),
            Func::Date(op) => op.render(cx, out),
            Func::Address(op) => op.render(cx, out),
            Func::Commerce(op) => op.render(cx, out),
            Func::Company(op) => op.render(cx, out),
            Func::Datatype(op) => op.render(cx, out),
            Func::Finance(op) => op.render(cx, out),
            Func::Hacker(op) => op.render(cx, out),
            Func::Helpers(op) => op.render(cx, out),
            Func::Image(op) => op.render(cx, out),
            Func::Internet(op) => op.render(cx, out),
            Func::Lorem(op) => op.render(cx, out),
            Func::Name(op) => op.render(cx, out),
            Func::Phone(op) => op.render(cx, out),
            Func::System(op) => op.render(cx, out),
            Func::Words(op) => op.render(cx, out),
            Func::Custom(r, max_len) => custom::render(&**r, *max_len, cx, out),
        }
    }
}

/// Limits that argument decoding enforces.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArgLimits {
    /// Largest count a function may be asked for (`random.alphaNumeric(n)`).
    pub max_count: u64,
    /// Largest record, in bytes: no constant a call computes at compile time may be longer.
    pub record_bytes: usize,
}

/// Everything a function's compile step sees.
pub(crate) struct CallCx<'a, 's> {
    pub src: &'s str,
    pub def: &'static FnDef,
    pub args: &'a [Arg<'s>],
    /// The call, from the name to the closing parenthesis.
    pub span: Span,
    pub ctx: Context,
    pub limits: ArgLimits,
    /// How many cache slots the program has handed out so far.
    pub caches: &'a std::cell::Cell<u32>,
    /// Warnings about the arguments (where, what), for the compiler to report.
    pub notes: &'a std::cell::RefCell<Vec<(Span, String)>>,
}

impl<'s> CallCx<'_, 's> {
    /// A new [`TextCache`] slot for this call.
    pub(crate) fn cache_slot(&self) -> u32 {
        let slot = self.caches.get();
        self.caches.set(slot + 1);
        slot
    }

    pub(crate) fn error(&self, span: Span, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::BadArgument, message.into(), self.src, span)
    }

    /// Fails when more than `max` arguments were given.
    pub(crate) fn at_most(&self, max: usize) -> Result<(), Error> {
        match self.args.get(max) {
            None => Ok(()),
            Some(extra) => Err(self.error(
                extra.span,
                match max {
                    0 => format!("`{}` takes no arguments", self.def.name),
                    1 => format!("`{}` takes at most 1 argument", self.def.name),
                    n => format!("`{}` takes at most {n} arguments", self.def.name),
                },
            )),
        }
    }

    /// Argument `i`, treating `null` as not given (faker.js falls back to defaults for both).
    pub(crate) fn arg(&self, i: usize) -> Option<&Arg<'s>> {
        self.args.get(i).filter(|a| a.kind != ArgKind::Null)
    }

    pub(crate) fn type_error(&self, arg: &Arg<'_>, expected: &str) -> Error {
        self.error(
            arg.span,
            format!(
                "`{}` expects {expected} here, not {}",
                self.def.name,
                arg.kind.type_name()
            ),
        )
    }

    pub(crate) fn number(&self, arg: &Arg<'_>) -> Result<Decimal, Error> {
        match &arg.kind {
            ArgKind::Number(n) => Decimal::parse(n).ok_or_else(|| {
                self.error(
                    arg.span,
                    "number out of range: at most 30 significant digits and 30 decimal places",
                )
            }),
            _ => Err(self.type_error(arg, "a number")),
        }
    }

    /// A whole number in `lo..=hi`.
    pub(crate) fn int_in(&self, arg: &Arg<'_>, lo: i64, hi: i64) -> Result<i64, Error> {
        let d = self.number(arg)?;
        match d.to_i64() {
            Some(v) if (lo..=hi).contains(&v) => Ok(v),
            _ if d.scale == 0 => Err(self.error(
                arg.span,
                format!("expected a whole number from {lo} to {hi}"),
            )),
            _ => Err(self.error(arg.span, "expected a whole number")),
        }
    }

    /// A count in `0..=max_count`; past the limit, a [`ErrorKind::Limit`] error.
    pub(crate) fn count(&self, arg: &Arg<'_>) -> Result<u64, Error> {
        let d = self.number(arg)?;
        match d.to_i64() {
            Some(n) if n < 0 => Err(self.error(arg.span, "a count must not be negative")),
            Some(n) if n as u64 <= self.limits.max_count => Ok(n as u64),
            Some(_) => Err(Error::at(
                ErrorKind::Limit,
                format!(
                    "count over the limit of {} (raise it with Options::limits)",
                    self.limits.max_count
                ),
                self.src,
                arg.span,
            )),
            None if d.scale == 0 => Err(Error::at(
                ErrorKind::Limit,
                format!("count over the limit of {}", self.limits.max_count),
                self.src,
                arg.span,
            )),
            None => Err(self.error(arg.span, "a count must be a whole number")),
        }
    }

    pub(crate) fn string<'a>(&self, arg: &'a Arg<'_>) -> Result<&'a str, Error> {
        match &arg.kind {
            ArgKind::Str(s) => Ok(s),
            _ => Err(self.type_error(arg, "a string")),
        }
    }

    /// A moment.js format; its notes (letters that print as themselves, …) become warnings,
    /// and its errors, pointing into the string argument, errors.
    pub(crate) fn format(&self, arg: &Arg<'_>) -> Result<MomentFormat, Error> {
        let text = self.string(arg)?;
        // Points inside the literal when it was written without escapes, else at it all.
        let raw = &self.src[arg.span.range()];
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let lead = if raw == text {
            Some(0)
        } else {
            (inner == text).then_some(1)
        };
        let span_of = |offset: usize, len: usize| match lead {
            Some(lead) => {
                let start = arg.span.start as usize + lead + offset;
                Span::new(start, start + len.max(1))
            }
            None => arg.span,
        };
        let (format, notes) = MomentFormat::parse(text)
            .map_err(|e| self.error(span_of(e.offset, e.len), e.message))?;
        self.notes.borrow_mut().extend(
            notes
                .into_iter()
                .map(|n| (span_of(n.offset, n.len), n.message)),
        );
        Ok(format)
    }
}

#[cfg(test)]
mod dyn_call_tests {
    use super::*;

    /// What the call compiled with these texts as string literals renders (nothing if it does
    /// not compile), and what its runtime form renders, on the same stream.
    fn both(def: &'static FnDef, texts: &[Option<&str>], seed: u64) -> (String, String) {
        let args: Vec<Arg<'_>> = texts
            .iter()
            .map(|t| Arg {
                kind: t.map_or(ArgKind::Null, |t| ArgKind::Str(t.into())),
                span: Span::default(),
            })
            .collect();
        let caches = std::cell::Cell::new(0);
        let notes = std::cell::RefCell::new(Vec::new());
        let call = CallCx {
            src: "",
            def,
            args: &args,
            span: Span::default(),
            ctx: Context::Text,
            limits: ArgLimits {
                max_count: 1000,
                record_bytes: 1 << 20,
            },
            caches: &caches,
            notes: &notes,
        };
        let render = |f: &mut dyn FnMut(&mut Cx<'_>, &mut String)| {
            let mut rng = Rng::for_block(seed, 3);
            let mut cx = Cx {
                rng: &mut rng,
                index: 0,
                seed,
                now_ms: 0,
                zone: crate::TimeZone::UTC,
                caches: &mut [],
            };
            let mut out = String::new();
            for _ in 0..4 {
                f(&mut cx, &mut out);
                out.push('|');
            }
            out
        };
        let compiled = (def.compile)(&call).ok();
        let expected = render(&mut |cx, out| {
            if let Some(c) = &compiled {
                c.func.render(cx, out);
            }
        });
        let dynamic = DynCall::of(def.name).expect("a runtime form");
        let got = render(&mut |cx, out| dynamic.render(cx, texts, out));
        (expected, got)
    }

    #[test]
    fn runtime_forms_render_what_the_compiled_calls_render() {
        let texts = [
            None,
            Some(""),
            Some("a"),
            Some("O'Brien Smith"),
            Some("\"{{x}}\\\u{1}\u{7f}é😀#?*"),
            Some("12"),
            Some("'"),
            Some("a b-c_d.e!"),
            Some("male"),
            Some("FEMALE"),
        ];
        for &(name, _) in DYNAMIC {
            let (ns, method) = name.split_once('.').unwrap();
            let Lookup::Found(def) = lookup(ns, method) else {
                panic!("{name} is in the catalogue")
            };
            let mut compiled_some = 0;
            for n in 0..=4 {
                // Every combination of the texts for n arguments (n = 4 is one too many).
                let combos = texts.len().pow(n as u32);
                for mut k in 0..combos {
                    let seed = (n * 100_000 + k) as u64;
                    let mut given = Vec::new();
                    for _ in 0..n {
                        given.push(texts[k % texts.len()]);
                        k /= texts.len();
                    }
                    let (expected, got) = both(def, &given, seed);
                    assert_eq!(got, expected, "{name}({given:?})");
                    compiled_some += usize::from(expected.len() > 4);
                }
            }
            assert!(compiled_some > 0, "{name}");
        }
    }
}
