//! Language v2 at render time: values, compiled expressions, evaluation and printing.
//!
//! A record's values live in [`State`]: one slot per `set` name and one arena string for the
//! text of string values, both cleared (not freed) per record, so that evaluation allocates
//! nothing once their capacity has grown. A value refers to its text by a range of the arena.
//!
//! Every operation has a defined result, so a program that compiled renders: arithmetic that
//! has no finite result (division by zero, a non-number operand, overflow to infinity) gives
//! `null`, and a text that is not a date gives `null` where a date is needed.

use crate::TimeZone;
use crate::data::{Cell, DataSet};
use crate::functions::date::{Out, Source};
use crate::functions::sample::{self, Sampler};
use crate::functions::{Cx, Func, Shape};
use crate::json::{self, Context};
use crate::render::take_tail;
use crate::syntax::ast::BinOp;
use crate::value;

/// A value during one record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    /// Always finite.
    Num(f64),
    /// A number as a KDG function printed it (`arena[a..b]`); it prints as that text.
    NumText(f64, u32, u32),
    /// A string in `arena[a..b]`.
    Str(u32, u32),
    /// A KDG function's output in `arena[a..b]`, which prints in JSON by its shape.
    Text(u32, u32, Shape),
    /// An instant (Unix milliseconds) and the index of its printer.
    Date(i64, u32),
    /// A JSON array or object, printed, in `arena[a..b]`.
    Json(u32, u32),
    /// Row `.1` of data set `.0` ([`MISSING_ROW`] for a lookup that found none).
    Row(u16, u32),
    /// A string cell of a data set: set, row, column. Printed from the table, never copied.
    Cell(u16, u32, u16),
    /// An entity: the hash of its kind, and its id. Prints as its id.
    Entity(u64, u64),
}

/// The row of a `data.lookup` that found nothing: every field is null.
pub(crate) const MISSING_ROW: u32 = u32::MAX;

/// Per-generator storage for the values of one record.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    pub slots: Vec<Val>,
    pub arena: String,
    /// Values of arrays and objects being built, as a stack (they nest).
    vals: Vec<Val>,
    /// Text being escaped or quoted.
    tmp: String,
    /// The template's data sets, for the text of their cells.
    pub data: Vec<std::sync::Arc<crate::DataSet>>,
    /// Format caches of the date printers, by printer.
    dates: Vec<DateCache>,
    /// The arguments' texts of a KDG call with computed arguments.
    dyn_text: String,
}

/// Ways of a printer's [`DateCache`]: a date and the same date plus up to seven days (a
/// rental and its return) each keep their own.
const DATE_WAYS: usize = 8;
/// Writes of a printer between two looks at how often its cache misses.
const DATE_WINDOW: u32 = 1024;
/// Writes without the cache before it is tried again.
const DATE_RETRY: u32 = 1 << 16;

/// The format caches of one date printer ([`MomentFormat::write_cached`]): a date is formatted
/// once per second, like a KDG `date.now`, in one of [`DATE_WAYS`] caches picked by its day; a
/// format of the date alone once per local day.
/// Dates that rarely share a minute with the one before of the same way (`date.between` over a
/// month) would pay for filling the cache at every write: when more than half the writes of a
/// window compute the calendar, the printer formats without the cache for [`DATE_RETRY`]
/// writes, then tries again. The bytes are the same either way.
///
/// [`MomentFormat::write_cached`]: crate::time::moment::MomentFormat::write_cached
#[derive(Debug, Default, Clone)]
struct DateCache {
    ways: [crate::time::moment::FormatCache; DATE_WAYS],
    writes: u32,
    misses: u32,
    off: bool,
    /// For a format of the date alone (`YYYY-MM-DD`): the text of [`DATE_DAYS`] local days, by
    /// day number modulo that, with their capacity reserved on first use; empty otherwise.
    days: Vec<(i64, String)>,
    /// Whether `days` has been set up (or found not to apply).
    kind_known: bool,
}

/// Days a [`DateCache`] of a date-only format keeps: two months of `date.between`.
const DATE_DAYS: usize = 64;

/// Appends instant `ms` as printer `p` prints it, through its cache in `dates`.
#[inline]
fn write_date(
    dates: &mut Vec<DateCache>,
    printers: &[Printer],
    p: u32,
    ms: i64,
    zone: TimeZone,
    out: &mut String,
) {
    let printer = &printers[p as usize].out;
    let p = p as usize;
    if dates.len() <= p {
        dates.resize_with(p + 1, DateCache::default);
    }
    let c = &mut dates[p];
    if !c.kind_known {
        c.kind_known = true;
        if printer.prints_the_day_only() {
            let len = printer.max_len();
            c.days = (0..DATE_DAYS)
                .map(|_| (i64::MIN, String::with_capacity(len)))
                .collect();
        }
    }
    if !c.days.is_empty() {
        // Day numbers of clamped instants are far from i64::MIN, the empty slot's.
        let day = printer.local_day(ms, zone);
        let (held, text) = &mut c.days[day.rem_euclid(DATE_DAYS as i64) as usize];
        if *held != day {
            *held = day;
            text.clear();
            printer.write(ms, zone, text);
        }
        out.push_str(text);
        return;
    }
    c.writes += 1;
    if c.off {
        if c.writes >= DATE_RETRY {
            (c.off, c.writes, c.misses) = (false, 0, 0);
        }
        printer.write(ms, zone, out);
        return;
    }
    let day = crate::time::moment::clamp_ms(ms).div_euclid(86_400_000);
    let way = &mut c.ways[day.rem_euclid(DATE_WAYS as i64) as usize];
    if printer.write_cached(way, ms, zone, out) {
        c.misses += 1;
    }
    if c.writes >= DATE_WINDOW {
        (c.off, c.writes, c.misses) = (c.misses > DATE_WINDOW / 2, 0, 0);
    }
}

impl State {
    pub(crate) fn new(slots: u32, data: &[(String, std::sync::Arc<DataSet>)]) -> State {
        State {
            slots: vec![Val::Null; slots as usize],
            data: data.iter().map(|(_, set)| set.clone()).collect(),
            ..State::default()
        }
    }

    /// Room for `slots` slots (a key template's own names come after the record's).
    pub(crate) fn reserve_slots(&mut self, slots: u32) {
        if self.slots.len() < slots as usize {
            self.slots.resize(slots as usize, Val::Null);
        }
    }

    fn text(&self, a: u32, b: u32) -> &str {
        &self.arena[a as usize..b as usize]
    }

    /// The text of a value that is text.
    fn text_of(&self, v: Val) -> Option<&str> {
        match v {
            Val::Str(a, b) | Val::Text(a, b, _) | Val::Json(a, b) | Val::NumText(_, a, b) => {
                Some(self.text(a, b))
            }
            Val::Cell(set, row, column) => {
                match self.data[usize::from(set)].cell(row as usize, usize::from(column)) {
                    Cell::Str(s) => Some(s),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn mark(&self) -> u32 {
        // Records are bounded by Limits::record_bytes, far below 4 GiB.
        self.arena.len() as u32
    }
}

/// The functions of `math.*` that take numbers and give a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MathFn {
    Floor,
    Ceil,
    Abs,
    Min,
    Max,
}

/// A moment.js unit of `date.add` and `date.diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Ms,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Unit {
    /// moment.js's names and abbreviations.
    pub(crate) fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "ms" | "millisecond" | "milliseconds" => Unit::Ms,
            "s" | "second" | "seconds" => Unit::Second,
            "m" | "minute" | "minutes" => Unit::Minute,
            "h" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "week" | "weeks" => Unit::Week,
            "M" | "month" | "months" => Unit::Month,
            "Q" | "quarter" | "quarters" => Unit::Quarter,
            "y" | "year" | "years" => Unit::Year,
            _ => return None,
        })
    }

    /// Milliseconds per unit, for the units of fixed length.
    fn fixed_ms(self) -> Option<f64> {
        Some(match self {
            Unit::Ms => 1.0,
            Unit::Second => 1e3,
            Unit::Minute => 6e4,
            Unit::Hour => 3.6e6,
            Unit::Day => 8.64e7,
            Unit::Week => 6.048e8,
            _ => return None,
        })
    }

    /// Months per unit, for the calendar units.
    fn months(self) -> f64 {
        match self {
            Unit::Quarter => 3.0,
            Unit::Year => 12.0,
            _ => 1.0,
        }
    }
}

/// A compiled expression.
#[derive(Debug)]
pub(crate) enum Code {
    /// `null`, a boolean or a number.
    Const(Val),
    Str(Box<str>),
    Slot(u32),
    /// A KDG call whose output is text of this shape.
    Kdg(Func, Shape),
    /// A KDG call whose output is always a number or a boolean.
    KdgNumber(Func),
    /// `random.number` with whole bounds: the same draw as its KDG form, kept as a number.
    Int(i64, i64),
    /// A KDG date call kept as an instant, with its printer.
    Instant(Source, u32),
    Index,
    Time,
    Neg(Box<Code>),
    Not(Box<Code>),
    Bin(BinOp, Box<Code>, Box<Code>),
    Cond(Box<[Code; 3]>),
    Array(Box<[Code]>),
    /// Members with their keys printed as `"key":`.
    Object(Box<[(Box<str>, Code)]>),
    Math(MathFn, Box<[Code]>),
    Round(Box<Code>, i32),
    DateAdd(Box<Code>, Box<Code>, Unit),
    DateDiff(Box<Code>, Box<Code>, Unit),
    /// `date.format`/`date.formatUtc`: the printer of the format.
    DateFormat(Box<Code>, u32),
    /// A value read as an instant (`date.parse`, and date arguments given as text).
    ToDate(Box<Code>),
    /// `random.unique`: `lo + permutation(index mod n)`.
    Unique {
        lo: i64,
        n: u64,
        key: u64,
    },
    /// `helpers.maybe`: the value with probability `p`, else null.
    Maybe(Box<Code>, f64),
    /// `data.row`: a uniform (or weighted) row of a data set with `rows` rows.
    PickRow {
        set: u16,
        rows: u32,
        weights: Option<crate::rng::WeightTable>,
    },
    /// `data.lookup`: the first row whose column equals the key.
    Lookup(u16, Box<Code>, Box<LookupIndex>),
    /// `row.COLUMN`.
    Field(Box<Code>, u16),
    /// `entity.pick`: an id in `1..=count`, uniform or by rank.
    PickEntity {
        kind: u64,
        count: u64,
        zipf: Option<crate::functions::sample::Zipf>,
    },
    /// `entity.get`: the entity with this id.
    GetEntity(u64, Box<Code>),
    /// `e.id`.
    EntityId(Box<Code>),
    /// `e.ns.method(…)`: a KDG call on the entity's own stream, keyed by `call` (the hash of
    /// the call's name and arguments); the value is as `Kdg`, `KdgNumber` or `Instant` gives.
    EntityCall {
        entity: Box<Code>,
        call: u64,
        code: Box<Code>,
    },
    Sample(Sampler),
    /// A KDG call whose arguments are computed (strings, or null for the default).
    KdgDyn(Box<KdgDyn>),
}

/// A KDG call with computed arguments, rendered from their texts by its runtime form. Only
/// functions whose parameters are strings any text fits come here
/// (`functions::DYNAMIC`).
#[derive(Debug)]
pub(crate) struct KdgDyn {
    pub call: crate::functions::DynCall,
    pub args: Box<[Code]>,
}

/// At most this many arguments (the functions of `functions::DYNAMIC` take three).
pub(crate) const DYN_ARGS: usize = 3;

/// The texts of a [`KdgDyn`]'s arguments in one buffer, `None` for null.
struct DynArgs {
    text: String,
    ranges: [Option<(u32, u32)>; DYN_ARGS],
}

impl DynArgs {
    /// FNV-1a of the texts, a null and an empty text told apart: the key of the values.
    fn hash(&self, n: usize) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        let mut eat = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        for r in &self.ranges[..n] {
            match r {
                None => eat(0xfe),
                Some((a, b)) => {
                    self.text.as_bytes()[*a as usize..*b as usize]
                        .iter()
                        .for_each(|&c| eat(c));
                    eat(0xff);
                }
            }
        }
        h
    }
}

/// Evaluates a [`KdgDyn`]'s arguments (in the caller's context: they draw nothing from an
/// entity's stream).
fn dyn_args(d: &KdgDyn, cx: &mut Cx<'_>, env: &Env<'_>, st: &mut State) -> DynArgs {
    let base = st.vals.len();
    for code in d.args.iter() {
        let v = eval(code, cx, env, st);
        st.vals.push(v);
    }
    let mut out = DynArgs {
        text: std::mem::take(&mut st.dyn_text),
        ranges: [None; DYN_ARGS],
    };
    out.text.clear();
    for i in 0..d.args.len().min(DYN_ARGS) {
        let v = st.vals[base + i];
        if v == Val::Null {
            continue;
        }
        let a = st.mark();
        text_into_arena(v, env, cx.zone, st);
        let start = out.text.len() as u32;
        out.text.push_str(&st.arena[a as usize..]);
        st.arena.truncate(a as usize);
        out.ranges[i] = Some((start, out.text.len() as u32));
    }
    st.vals.truncate(base);
    out
}

/// Renders a [`KdgDyn`] with its arguments' texts, borrowed from `args` (no allocation).
fn dyn_render(d: &KdgDyn, args: DynArgs, cx: &mut Cx<'_>, st: &mut State) -> Val {
    let n = d.args.len().min(DYN_ARGS);
    let mut given: [Option<&str>; DYN_ARGS] = [None; DYN_ARGS];
    for (slot, range) in given.iter_mut().zip(&args.ranges[..n]) {
        *slot = range.map(|(a, b)| &args.text[a as usize..b as usize]);
    }
    let a = st.mark();
    d.call.render(cx, &given[..n], &mut st.arena);
    st.dyn_text = args.text;
    Val::Text(a, st.mark(), Shape::Text)
}

/// How a date value prints: its format, and the JSON shape of that format's output.
#[derive(Debug)]
pub(crate) struct Printer {
    pub out: Out,
    pub shape: Shape,
}

/// The index of `data.lookup`, built at compile time: the first row of each value of the
/// column (numbers by value, so `7` finds `7.0`).
#[derive(Debug, Default)]
pub(crate) struct LookupIndex {
    pub numbers: std::collections::HashMap<u64, u32>,
    pub strings: std::collections::HashMap<Box<str>, u32>,
    pub booleans: [Option<u32>; 2],
}

impl LookupIndex {
    /// The key for a number: its bits, with `-0` as `0`.
    pub(crate) fn number_key(x: f64) -> u64 {
        if x == 0.0 { 0 } else { x.to_bits() }
    }

    fn find(&self, key: Val, st: &State) -> Option<u32> {
        match key {
            Val::Bool(b) => self.booleans[usize::from(b)],
            Val::Num(x) | Val::NumText(x, ..) => self
                .numbers
                .get(&Self::number_key(x))
                .copied()
                .or_else(|| self.strings.get(st.text_of(key)?).copied()),
            _ => {
                let text = st.text_of(key)?;
                self.strings.get(text).copied().or_else(|| {
                    let x = text.trim().parse::<f64>().ok()?;
                    self.numbers.get(&Self::number_key(x)).copied()
                })
            }
        }
    }
}

/// Everything evaluation reads besides the record's state.
pub(crate) struct Env<'a> {
    pub printers: &'a [Printer],
    pub index: u64,
    pub seed: u64,
}

/// Evaluates `code` for the current record.
pub(crate) fn eval(code: &Code, cx: &mut Cx<'_>, env: &Env<'_>, st: &mut State) -> Val {
    match code {
        Code::Const(v) => *v,
        Code::Str(s) => {
            let a = st.mark();
            st.arena.push_str(s);
            Val::Str(a, st.mark())
        }
        Code::Slot(i) => st.slots[*i as usize],
        Code::Kdg(func, shape) => {
            let a = st.mark();
            func.render(cx, &mut st.arena);
            Val::Text(a, st.mark(), *shape)
        }
        Code::KdgNumber(func) => {
            let a = st.mark();
            func.render(cx, &mut st.arena);
            let b = st.mark();
            match st.text(a, b) {
                "true" => Val::Bool(true),
                "false" => Val::Bool(false),
                t => match t.parse::<f64>() {
                    Ok(v) if v.is_finite() => Val::NumText(v, a, b),
                    _ => Val::Text(a, b, Shape::Number),
                },
            }
        }
        Code::Int(lo, hi) => Val::Num(cx.rng.range_i64(*lo, *hi) as f64),
        Code::Instant(source, printer) => Val::Date(source.draw(cx), *printer),
        Code::Index => num(env.index as f64),
        Code::Time => Val::Date(cx.now_ms, 0),
        Code::Neg(e) => {
            let v = eval(e, cx, env, st);
            to_num(v, st).map_or(Val::Null, |x| num(-x))
        }
        Code::Not(e) => Val::Bool(!truthy(eval(e, cx, env, st))),
        Code::Bin(BinOp::And, a, b) => {
            let left = eval(a, cx, env, st);
            if truthy(left) {
                eval(b, cx, env, st)
            } else {
                left
            }
        }
        Code::Bin(BinOp::Or, a, b) => {
            let left = eval(a, cx, env, st);
            if truthy(left) {
                left
            } else {
                eval(b, cx, env, st)
            }
        }
        Code::Bin(op, a, b) => {
            let left = eval(a, cx, env, st);
            let right = eval(b, cx, env, st);
            binary(*op, left, right, env, cx.zone, st)
        }
        Code::Cond(parts) => {
            let [then, cond, otherwise] = &**parts;
            if truthy(eval(cond, cx, env, st)) {
                eval(then, cx, env, st)
            } else {
                eval(otherwise, cx, env, st)
            }
        }
        Code::Array(items) => {
            // Items first (their text goes to the arena), then the printed array after them.
            let base = st.vals.len();
            for code in items.iter() {
                let v = eval(code, cx, env, st);
                st.vals.push(v);
            }
            let a = st.mark();
            st.arena.push('[');
            for i in 0..items.len() {
                if i > 0 {
                    st.arena.push(',');
                }
                json_into_arena(st.vals[base + i], env, cx.zone, st);
            }
            st.arena.push(']');
            st.vals.truncate(base);
            Val::Json(a, st.mark())
        }
        Code::Object(members) => {
            let base = st.vals.len();
            for (_, code) in members.iter() {
                let v = eval(code, cx, env, st);
                st.vals.push(v);
            }
            let a = st.mark();
            st.arena.push('{');
            for (i, (key, _)) in members.iter().enumerate() {
                if i > 0 {
                    st.arena.push(',');
                }
                st.arena.push_str(key);
                json_into_arena(st.vals[base + i], env, cx.zone, st);
            }
            st.arena.push('}');
            st.vals.truncate(base);
            Val::Json(a, st.mark())
        }
        Code::Math(f, args) => {
            let mut acc: Option<f64> = None;
            for (i, arg) in args.iter().enumerate() {
                let v = eval(arg, cx, env, st);
                let Some(x) = to_num(v, st) else {
                    return Val::Null;
                };
                acc = Some(match (f, acc) {
                    (MathFn::Floor, _) => x.floor(),
                    (MathFn::Ceil, _) => x.ceil(),
                    (MathFn::Abs, _) => x.abs(),
                    (MathFn::Min, Some(m)) if i > 0 => m.min(x),
                    (MathFn::Max, Some(m)) if i > 0 => m.max(x),
                    (MathFn::Min | MathFn::Max, _) => x,
                });
            }
            acc.map_or(Val::Null, num)
        }
        Code::Round(e, digits) => {
            let v = eval(e, cx, env, st);
            to_num(v, st).map_or(Val::Null, |x| num(round_half_up(x, *digits)))
        }
        Code::DateAdd(d, amount, unit) => {
            let d = eval(d, cx, env, st);
            let amount = eval(amount, cx, env, st);
            match (to_ms(d, st, cx.zone), to_num(amount, st)) {
                (Some(ms), Some(n)) => {
                    add(ms, n, *unit, cx.zone).map_or(Val::Null, |ms| Val::Date(ms, 0))
                }
                _ => Val::Null,
            }
        }
        Code::DateDiff(a, b, unit) => {
            let a = eval(a, cx, env, st);
            let b = eval(b, cx, env, st);
            match (to_ms(a, st, cx.zone), to_ms(b, st, cx.zone)) {
                (Some(a), Some(b)) => num(diff(a, b, *unit, cx.zone)),
                _ => Val::Null,
            }
        }
        Code::DateFormat(d, printer) => {
            let v = eval(d, cx, env, st);
            let Some(ms) = to_ms(v, st, cx.zone) else {
                return Val::Null;
            };
            let a = st.mark();
            write_date(
                &mut st.dates,
                env.printers,
                *printer,
                ms,
                cx.zone,
                &mut st.arena,
            );
            Val::Str(a, st.mark())
        }
        Code::ToDate(e) => {
            let v = eval(e, cx, env, st);
            to_ms(v, st, cx.zone).map_or(Val::Null, |ms| Val::Date(ms, 0))
        }
        Code::Unique { lo, n, key } => {
            let i = sample::permute(env.index % n, *n, env.seed ^ key.rotate_left(32));
            num((*lo as f64) + i as f64)
        }
        Code::Maybe(e, p) => {
            if cx.rng.unit_f64() < *p {
                eval(e, cx, env, st)
            } else {
                Val::Null
            }
        }
        Code::Sample(s) => num(s.sample(cx.rng)),
        Code::PickRow { set, rows, weights } => {
            let row = match weights {
                Some(table) => table.sample(cx.rng) as u32,
                None => cx.rng.below(u64::from(*rows)) as u32,
            };
            Val::Row(*set, row)
        }
        Code::Lookup(set, key, index) => {
            let key = eval(key, cx, env, st);
            Val::Row(*set, index.find(key, st).unwrap_or(MISSING_ROW))
        }
        Code::Field(row, column) => {
            let row = eval(row, cx, env, st);
            field(row, *column, st)
        }
        Code::PickEntity { kind, count, zipf } => {
            let id = match zipf {
                Some(z) => z.sample_rank(cx.rng),
                None => 1 + cx.rng.below(*count),
            };
            Val::Entity(*kind, id)
        }
        Code::GetEntity(kind, id) => {
            let id = eval(id, cx, env, st);
            match to_num(id, st) {
                Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 9.007e15 => {
                    Val::Entity(*kind, x as u64)
                }
                _ => Val::Null,
            }
        }
        Code::EntityId(e) => match eval(e, cx, env, st) {
            Val::Entity(_, id) => num(id as f64),
            _ => Val::Null,
        },
        Code::KdgDyn(d) => {
            let args = dyn_args(d, cx, env, st);
            dyn_render(d, args, cx, st)
        }
        Code::EntityCall { entity, call, code } => {
            let Val::Entity(kind, id) = eval(entity, cx, env, st) else {
                return Val::Null;
            };
            // Computed arguments are the entity's own values: the key holds them.
            let (call, args) = match &**code {
                Code::KdgDyn(d) => {
                    let args = dyn_args(d, cx, env, st);
                    (call ^ args.hash(d.args.len().min(DYN_ARGS)), Some(args))
                }
                _ => (*call, None),
            };
            // Its own stream: a ChaCha stream of the run's key no record block uses.
            let stream =
                crate::rng::splitmix64(kind ^ crate::rng::splitmix64(id ^ call.rotate_left(17)))
                    | 1 << 63;
            let mut rng = crate::rng::Rng::for_block(env.seed, stream);
            let mut own = Cx {
                rng: &mut rng,
                index: cx.index,
                seed: cx.seed,
                now_ms: cx.now_ms,
                zone: cx.zone,
                caches: &mut *cx.caches,
            };
            match (&**code, args) {
                (Code::KdgDyn(d), Some(args)) => dyn_render(d, args, &mut own, st),
                _ => eval(code, &mut own, env, st),
            }
        }
    }
}

/// A number value: non-finite results are null, and `-0` is `0` (as JSON prints it).
fn num(x: f64) -> Val {
    if x.is_finite() {
        Val::Num(if x == 0.0 { 0.0 } else { x })
    } else {
        Val::Null
    }
}

/// JavaScript's truthiness: null, false, 0 and the empty string are false.
pub(crate) fn truthy(v: Val) -> bool {
    match v {
        Val::Null => false,
        Val::Bool(b) => b,
        Val::Num(x) | Val::NumText(x, ..) => x != 0.0,
        Val::Str(a, b) | Val::Text(a, b, _) => a != b,
        // Cells of the empty string are null, so a string cell is never empty.
        Val::Date(..) | Val::Json(..) | Val::Cell(..) => true,
        Val::Row(_, row) => row != MISSING_ROW,
        Val::Entity(..) => true,
    }
}

/// The value as a number: text that reads as a finite number, a date's milliseconds.
fn to_num(v: Val, st: &State) -> Option<f64> {
    match v {
        Val::Num(x) | Val::NumText(x, ..) => Some(x),
        Val::Bool(b) => Some(f64::from(u8::from(b))),
        Val::Date(ms, _) => Some(ms as f64),
        Val::Str(..) | Val::Text(..) | Val::Cell(..) => {
            let t = st.text_of(v)?.trim();
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && !t.is_empty())
        }
        Val::Entity(_, id) => Some(id as f64),
        Val::Null | Val::Json(..) | Val::Row(..) => None,
    }
}

/// The value as an instant: a date, Unix milliseconds, or text in a form `date.parse` reads
/// (without an offset, local time in `zone`).
fn to_ms(v: Val, st: &State, zone: TimeZone) -> Option<i64> {
    match v {
        Val::Date(ms, _) => Some(ms),
        Val::Num(x) | Val::NumText(x, ..) => Some(x.round() as i64),
        Val::Str(..) | Val::Text(..) | Val::Cell(..) => {
            crate::time::parse::parse_date_time_in(st.text_of(v)?.trim(), zone)
        }
        Val::Null | Val::Bool(_) | Val::Json(..) | Val::Row(..) | Val::Entity(..) => None,
    }
}

fn binary(op: BinOp, left: Val, right: Val, env: &Env<'_>, zone: TimeZone, st: &mut State) -> Val {
    match op {
        BinOp::Concat => {
            let a = st.mark();
            text_into_arena(left, env, zone, st);
            text_into_arena(right, env, zone, st);
            Val::Str(a, st.mark())
        }
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
            let (Some(x), Some(y)) = (to_num(left, st), to_num(right, st)) else {
                return Val::Null;
            };
            num(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div if y == 0.0 => return Val::Null,
                BinOp::Div => x / y,
                BinOp::Rem if y == 0.0 => return Val::Null,
                _ => x % y,
            })
        }
        _ => {
            let order = compare(left, right, st);
            Val::Bool(match op {
                BinOp::Eq => order == Some(std::cmp::Ordering::Equal),
                BinOp::Ne => order != Some(std::cmp::Ordering::Equal),
                BinOp::Lt => order == Some(std::cmp::Ordering::Less),
                BinOp::Le => matches!(
                    order,
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                ),
                BinOp::Gt => order == Some(std::cmp::Ordering::Greater),
                _ => matches!(
                    order,
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                ),
            })
        }
    }
}

/// Numbers with numbers (and text that reads as one), dates with dates, text with text by
/// bytes, booleans with booleans, null with null; anything else is unordered and unequal.
fn compare(left: Val, right: Val, st: &State) -> Option<std::cmp::Ordering> {
    use Val::*;
    let numeric = |v: Val| matches!(v, Num(_) | NumText(..) | Entity(..));
    let textual = |v: Val| matches!(v, Str(..) | Text(..) | Json(..) | Cell(..));
    match (left, right) {
        (Null, Null) => Some(std::cmp::Ordering::Equal),
        (Bool(a), Bool(b)) => Some(a.cmp(&b)),
        (Date(a, _), Date(b, _)) => Some(a.cmp(&b)),
        (l, r) if numeric(l) || numeric(r) => {
            let (x, y) = (to_num(l, st)?, to_num(r, st)?);
            if (textual(l) || textual(r)) && !(numeric(l) || numeric(r)) {
                return None;
            }
            x.partial_cmp(&y)
        }
        (l, r) if textual(l) && textual(r) => Some(st.text_of(l)?.cmp(st.text_of(r)?)),
        _ => None,
    }
}

/// Appends the value's text (as it prints in a text template) to the arena.
fn text_into_arena(v: Val, env: &Env<'_>, zone: TimeZone, st: &mut State) {
    match v {
        Val::Null => {}
        Val::Bool(b) => st.arena.push_str(if b { "true" } else { "false" }),
        Val::Num(x) => write_num(&mut st.arena, x),
        Val::NumText(_, a, b) | Val::Str(a, b) | Val::Text(a, b, _) | Val::Json(a, b) => {
            // (`String::extend_from_within` is newer than the crate's MSRV.)
            st.tmp.clear();
            st.tmp.push_str(&st.arena[a as usize..b as usize]);
            st.arena.push_str(&st.tmp);
        }
        Val::Date(ms, p) => write_date(&mut st.dates, env.printers, p, ms, zone, &mut st.arena),
        Val::Cell(set, row, column) => {
            if let Cell::Str(s) = st.data[usize::from(set)].cell(row as usize, usize::from(column))
            {
                st.arena.push_str(s);
            }
        }
        Val::Row(set, row) => write_row(&mut st.arena, &st.data[usize::from(set)], row),
        Val::Entity(_, id) => st.arena.push_str(itoa::Buffer::new().format(id)),
    }
}

/// A row as a JSON object of its columns (all null for a missing row).
fn write_row(out: &mut String, set: &DataSet, row: u32) {
    out.push('{');
    for (c, name) in set.names().iter().enumerate() {
        if c > 0 {
            out.push(',');
        }
        json::quote_into(out, name);
        out.push(':');
        let cell = if row == MISSING_ROW {
            Cell::Null
        } else {
            set.cell(row as usize, c)
        };
        match cell {
            Cell::Null => out.push_str("null"),
            Cell::Num(x) => write_num(out, x),
            Cell::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Cell::Str(s) => json::quote_into(out, s),
        }
    }
    out.push('}');
}

/// Field `column` of a row value, as a value.
pub(crate) fn field(v: Val, column: u16, st: &State) -> Val {
    let Val::Row(set, row) = v else {
        return Val::Null;
    };
    if row == MISSING_ROW {
        return Val::Null;
    }
    match st.data[usize::from(set)].cell(row as usize, usize::from(column)) {
        Cell::Null => Val::Null,
        Cell::Num(x) => Val::Num(x),
        Cell::Bool(b) => Val::Bool(b),
        Cell::Str(_) => Val::Cell(set, row, column),
    }
}

/// Appends the value as a JSON value to the arena (an item of an array or object).
fn json_into_arena(v: Val, env: &Env<'_>, zone: TimeZone, st: &mut State) {
    if v == Val::Null {
        st.arena.push_str("null");
        return;
    }
    let a = st.mark();
    text_into_arena(v, env, zone, st);
    if !is_json(v, env, &st.arena[a as usize..]) {
        take_tail(&mut st.arena, a as usize, &mut st.tmp);
        json::quote_into(&mut st.arena, &st.tmp);
    }
}

/// Whether the text form `text` of `v` is already a JSON value (else it is quoted).
fn is_json(v: Val, env: &Env<'_>, text: &str) -> bool {
    let shape = match v {
        Val::Null
        | Val::Bool(_)
        | Val::Num(_)
        | Val::NumText(..)
        | Val::Json(..)
        | Val::Row(..)
        | Val::Entity(..) => {
            return true;
        }
        Val::Str(..) | Val::Cell(..) => return false,
        Val::Text(_, _, shape) => shape,
        Val::Date(_, p) => env.printers[p as usize].shape,
    };
    match shape {
        Shape::Number => true,
        Shape::Plain => false,
        Shape::Printed | Shape::Unescaped | Shape::Text => json::is_json_value(text),
    }
}

/// Appends a number as JavaScript prints it.
fn write_num(out: &mut String, x: f64) {
    // A cast, not `fract`: without SSE4.1, `trunc` and `round` are calls.
    let whole = x as i64;
    if whole as f64 == x && x.abs() < 9.007_199_254_740_992e15 {
        out.push_str(itoa::Buffer::new().format(whole));
    } else if !write_short_decimal(out, x) {
        value::write_js_number(out, x);
    }
}

/// Appends `x` as JavaScript prints it when that is one or two decimals (prices, rounded
/// totals: most numbers v2 prints), without the shortest-digits search; false, appending
/// nothing, otherwise. `x` is `q / 10^d` correctly rounded for a whole `q`, and below 1e13 its
/// neighbouring doubles are far closer than 0.01, so no decimal with fewer digits reads back
/// as `x`: the shortest form is `q`'s digits with the point `d` places in.
#[inline]
fn write_short_decimal(out: &mut String, x: f64) -> bool {
    if x.is_nan() || x.abs() >= 1e13 {
        return false;
    }
    for (k, d) in [(10.0, 1u32), (100.0, 2)] {
        // The nearest whole number to x × k (halves away from zero), by casts.
        let y = x * k;
        let q = (y + 0.5f64.copysign(y)) as i64;
        if q as f64 / k != x {
            continue;
        }
        let m = q.unsigned_abs();
        let scale = 10u64.pow(d);
        if x < 0.0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(m / scale));
        out.push('.');
        // `x` is no whole number (nor, for two decimals, a one-decimal one), so the last digit
        // is not 0.
        let frac = m % scale;
        if d == 2 {
            out.push(char::from(b'0' + (frac / 10) as u8));
        }
        out.push(char::from(b'0' + (frac % 10) as u8));
        return true;
    }
    false
}

/// Prints `v` where a tag stands: as text, inside a JSON string, or as a JSON value.
pub(crate) fn print(
    v: Val,
    ctx: Context,
    cx: &Cx<'_>,
    env: &Env<'_>,
    st: &mut State,
    out: &mut String,
) {
    let start = out.len();
    match v {
        Val::Null if ctx == Context::Value => {
            out.push_str("null");
            return;
        }
        Val::Null => return,
        Val::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Val::Num(x) => write_num(out, x),
        Val::NumText(_, a, b) | Val::Str(a, b) | Val::Text(a, b, _) | Val::Json(a, b) => {
            out.push_str(st.text(a, b));
        }
        Val::Date(ms, p) => write_date(&mut st.dates, env.printers, p, ms, cx.zone, out),
        Val::Cell(..) => out.push_str(st.text_of(v).unwrap_or("")),
        Val::Row(set, row) => write_row(out, &st.data[usize::from(set)], row),
        Val::Entity(_, id) => out.push_str(itoa::Buffer::new().format(id)),
    }
    match ctx {
        Context::Text => {}
        // Digits, a point, a sign, `true`, `false`: nothing to escape.
        Context::InString if matches!(v, Val::Num(_) | Val::Bool(_)) => {}
        Context::InString => {
            if json::needs_escape(&out[start..]) {
                take_tail(out, start, &mut st.tmp);
                json::escape_into(out, &st.tmp);
            }
        }
        Context::Value => {
            if !is_json(v, env, &out[start..]) {
                take_tail(out, start, &mut st.tmp);
                json::quote_into(out, &st.tmp);
            }
        }
    }
}

/// `x` rounded to `digits` decimals, halves up (JavaScript's `Math.round`), on the number's
/// shortest decimal form, so that `1.005` rounds to `1.01` as a person expects. Works on stack
/// buffers: it runs once per record.
pub(crate) fn round_half_up(x: f64, digits: i32) -> f64 {
    // Every f64 from 2^52 on is whole: nothing to round (and x × 10^digits may overflow).
    if x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    // Fast path: away from a half, x × 10^digits rounds the same whatever its last bit, and
    // q / 10^digits (both exact) is correctly rounded, as reading `q e-digits` would be.
    const POWERS: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    let k = match usize::try_from(digits).ok().and_then(|d| POWERS.get(d)) {
        Some(&k) => k,
        None => 10f64.powi(digits),
    };
    let y = x * k;
    if y.abs() < 1e15 {
        // `floor` by a cast (exact below 2^63; without SSE4.1, `floor` is a call).
        let floor = |v: f64| {
            let t = v as i64 as f64;
            if t > v { t - 1.0 } else { t }
        };
        let fraction = y - floor(y);
        if (fraction - 0.5).abs() > 1e-6 {
            return floor(y + 0.5) / k;
        }
    }
    round_half_up_exact(x, digits)
}

/// [`round_half_up`] through the shortest decimal text of `x`, for any `x`.
fn round_half_up_exact(x: f64, digits: i32) -> f64 {
    let mut shortest = ryu_js::Buffer::new();
    let Some(d) = value::Decimal::parse(shortest.format(x)) else {
        let k = 10f64.powi(digits);
        return (x * k + 0.5).floor() / k;
    };
    if d.scale as i32 <= digits {
        return x;
    }
    let drop = 10i128.pow(d.scale - digits as u32);
    let q = d.mantissa.div_euclid(drop);
    let q = if d.mantissa.rem_euclid(drop) * 2 >= drop {
        q + 1
    } else {
        q
    };
    // `q` × 10^-digits, read back as the nearest f64 from its decimal text.
    let mut int = itoa::Buffer::new();
    let text = int.format(q);
    let mut buf = [0u8; 64];
    let n = text.len();
    buf[..n].copy_from_slice(text.as_bytes());
    buf[n] = b'e';
    let mut exp = itoa::Buffer::new();
    let e = exp.format(-digits);
    buf[n + 1..n + 1 + e.len()].copy_from_slice(e.as_bytes());
    std::str::from_utf8(&buf[..n + 1 + e.len()])
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(x)
}

/// `ms` plus `n` units, moment.js's `add` in the configured zone: days, weeks and the calendar
/// units move the local wall-clock time (so a day across a daylight-saving change is 23 or 25
/// hours, and a local time the change skips moves forward by the gap), months clamp the day to
/// the month's length, and day and month amounts are rounded as moment rounds them.
fn add(ms: i64, n: f64, unit: Unit, zone: TimeZone) -> Option<i64> {
    let js_round = |x: f64| (x + 0.5).floor();
    let days = match unit {
        Unit::Day => js_round(n),
        Unit::Week => js_round(n * 7.0),
        u => match u.fixed_ms() {
            Some(k) => {
                let out = ms as f64 + (n * k).round();
                return (out.abs() <= 8.64e15).then_some(out as i64);
            }
            None => return add_months(ms, js_round(n * u.months()), zone),
        },
    };
    if days.abs() > 1e9 {
        return None;
    }
    let local = ms.checked_add(i64::from(zone.offset_at(ms)) * 1000)?;
    let out = zone.local_to_instant(local.checked_add(days as i64 * 86_400_000)?);
    (out.abs() <= 8_640_000_000_000_000).then_some(out)
}

fn add_months(ms: i64, months: f64, zone: TimeZone) -> Option<i64> {
    use chrono::{DateTime, Months};
    if months.abs() > 1e6 {
        return None;
    }
    let off = i64::from(zone.offset_at(ms)) * 1000;
    let local = DateTime::from_timestamp_millis(ms.checked_add(off)?)?.naive_utc();
    let moved = if months >= 0.0 {
        local.checked_add_months(Months::new(months as u32))?
    } else {
        local.checked_sub_months(Months::new((-months) as u32))?
    };
    let out = zone.local_to_instant(moved.and_utc().timestamp_millis());
    (out.abs() <= 8_640_000_000_000_000).then_some(out)
}

/// moment.js's `a.diff(b, unit)`: whole units from `b` to `a`, truncated toward zero; days and
/// weeks net of the change of offset between the two (a local day), months, quarters and years
/// by moment's month difference.
fn diff(a: i64, b: i64, unit: Unit, zone: TimeZone) -> f64 {
    let d = match unit.fixed_ms() {
        Some(k) => {
            let zone_delta = match unit {
                Unit::Day | Unit::Week => {
                    i64::from(zone.offset_at(b)) * 1000 - i64::from(zone.offset_at(a)) * 1000
                }
                _ => 0,
            };
            ((a - b) as f64 - zone_delta as f64) / k
        }
        None => month_diff(a, b, zone) / unit.months(),
    };
    d.trunc()
}

/// moment.js's `monthDiff(a, b)`: whole months between the two plus the fraction of the month
/// that the anchor after them is into.
fn month_diff(a: i64, b: i64, zone: TimeZone) -> f64 {
    use chrono::{DateTime, Datelike};
    let civil =
        |ms: i64| DateTime::from_timestamp_millis(ms + i64::from(zone.offset_at(ms)) * 1000);
    let (Some(ca), Some(cb)) = (civil(a), civil(b)) else {
        return 0.0;
    };
    let whole = (cb.year() - ca.year()) * 12 + (cb.month() as i32 - ca.month() as i32);
    let at = |m: i32| add_months(a, f64::from(m), zone).unwrap_or(a) as f64;
    let anchor = at(whole);
    let (b, whole) = (b as f64, f64::from(whole));
    let adjust = if b - anchor < 0.0 {
        let before = at(whole as i32 - 1);
        (b - anchor) / (anchor - before)
    } else {
        let after = at(whole as i32 + 1);
        (b - anchor) / (after - anchor)
    };
    let d = -(whole + adjust);
    if d == 0.0 || d.is_nan() { 0.0 } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_dates_print_what_the_format_prints() {
        use crate::time::moment::MomentFormat;
        let fmts = [
            "YYYY-MM-DDTHH:mm:ss.SSS[Z]",
            "YYYY-MM-DD",
            "x X dddd, MMMM Do YYYY h:mm:ss a ZZ",
            "dddd, MMMM Do YYYY [week] WW Q DDDD",
        ];
        let printers: Vec<Printer> = fmts
            .iter()
            .flat_map(|f| [false, true].map(|utc| (f, utc)))
            .map(|(f, utc)| Printer {
                out: Out::new(MomentFormat::parse(f).unwrap().0, f, utc),
                shape: Shape::Plain,
            })
            .collect();
        let mut zones = vec![TimeZone::UTC, TimeZone::parse("+05:30").unwrap()];
        zones.extend(TimeZone::parse("America/New_York"));
        let mut dates = Vec::new();
        let (mut cached, mut plain) = (String::new(), String::new());
        let mut z = 7u64;
        for zone in zones {
            let mut ms = 1_772_323_200_000i64; // 2026-03-01
            for i in 0..60_000u64 {
                z = crate::rng::splitmix64(z ^ i);
                // Runs of near instants (a record clock, a date seven days on) and jumps, so
                // that caches hit, miss, switch off and back on.
                ms += match i % 4 {
                    0 => (z % 400) as i64,
                    1 => 86_400_000 * (z % 8) as i64,
                    2 if i % 4096 < 2048 => (z % 40_000_000_000) as i64 - 20_000_000_000,
                    _ => -((z % 300) as i64),
                };
                let p = (z >> 40) as u32 % printers.len() as u32;
                cached.clear();
                plain.clear();
                write_date(&mut dates, &printers, p, ms, zone, &mut cached);
                printers[p as usize].out.write(ms, zone, &mut plain);
                assert_eq!(
                    cached,
                    plain,
                    "{ms} in {zone:?} with {}",
                    fmts[p as usize / 2]
                );
            }
        }
    }

    #[test]
    fn short_decimals_print_as_javascript_prints_them() {
        let mut z = 0x9e37_79b9_u64;
        let (mut fast, mut slow) = (String::new(), String::new());
        let mut taken = 0;
        for i in 0..300_000u64 {
            z = crate::rng::splitmix64(z ^ i);
            let x = match i % 5 {
                0 => (z % 100_000) as f64 / 100.0,
                1 => -((z % 1_000_000) as f64) / 10.0,
                2 => round_half_up((z % 1_000_000) as f64 / 7777.0, 2),
                3 => (z % 10_000_000_000_000_000) as f64 / 100.0,
                _ => f64::from_bits(z >> 2) % 1e14,
            };
            if !x.is_finite() || x.fract() == 0.0 {
                continue;
            }
            fast.clear();
            slow.clear();
            value::write_js_number(&mut slow, x);
            if write_short_decimal(&mut fast, x) {
                taken += 1;
                assert_eq!(fast, slow, "{x:?}");
            } else {
                assert!(fast.is_empty());
            }
        }
        assert!(taken > 100_000, "the fast path was taken {taken} times");
        for (x, want) in [
            (0.05, "0.05"),
            (-0.5, "-0.5"),
            (2.3, "2.3"),
            (12.54, "12.54"),
        ] {
            fast.clear();
            assert!(write_short_decimal(&mut fast, x));
            assert_eq!(fast, want);
        }
    }

    #[test]
    fn rounding_takes_the_fast_path_only_where_it_agrees() {
        let mut z = 0x1234_5678_u64;
        for i in 0..200_000u64 {
            z = crate::rng::splitmix64(z ^ i);
            let x = match i % 3 {
                0 => (z % 100_000) as f64 / 1000.0,
                1 => (z % 1_000_000) as f64 / 7.0 - 50_000.0,
                _ => f64::from_bits(z) % 1e6,
            };
            if !x.is_finite() {
                continue;
            }
            for digits in [0, 1, 2, 3] {
                let fast = round_half_up(x, digits);
                let exact = round_half_up_exact(x, digits);
                assert!(fast == exact, "{x} to {digits}: {fast} != {exact}");
            }
        }
        assert_eq!(round_half_up(1.005, 2), 1.01);
        assert_eq!(round_half_up(-2.5, 0), -2.0);
        assert_eq!(round_half_up(2.675, 2), 2.68);
    }
}
