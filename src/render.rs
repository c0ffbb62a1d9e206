//! The hot path: walk the program, append each record to the caller's buffer.

use crate::compile::{Op, Post, Program};
use crate::eval::{self, Env, State};
use crate::functions::Cx;
use crate::json;

/// Appends one record. `scratch` is reused for the rare values that need rewriting; `state`
/// holds the record's v2 values, cleared first unless `fresh` is false (a key template reads
/// the values of the record just rendered).
#[inline]
pub(crate) fn render(
    program: &Program,
    cx: &mut Cx<'_>,
    out: &mut String,
    scratch: &mut String,
    state: &mut State,
    fresh: bool,
) {
    render_marked(program, cx, out, scratch, state, fresh, &mut ());
}

/// Where each op's output went in a record: `fakeplate::verify` finds the time values of a
/// record rendered on the system clock by it. `()` marks nothing, and costs nothing.
pub(crate) trait Marks {
    /// Whether ops are reported one by one, each [`Op::Clock`] opened into its parts, or not
    /// at all.
    const DETAILED: bool = true;

    /// Unit `unit` of the program ([`Program::units`]) appended `out[start..end]`.
    fn op(&mut self, unit: usize, start: usize, end: usize);
}

impl Marks for () {
    const DETAILED: bool = false;

    #[inline(always)]
    fn op(&mut self, _: usize, _: usize, _: usize) {}
}

/// Asks for every op to be reported, which renders the ops one by one with each
/// [`Op::Clock`] opened: the same bytes by another path, for tests and fuzzing.
#[cfg(any(test, feature = "unstable-internals"))]
pub(crate) struct OneByOne;

#[cfg(any(test, feature = "unstable-internals"))]
impl Marks for OneByOne {
    fn op(&mut self, _: usize, _: usize, _: usize) {}
}

/// [`render`], telling `marks` where each op's output went.
#[inline]
pub(crate) fn render_marked<M: Marks>(
    program: &Program,
    cx: &mut Cx<'_>,
    out: &mut String,
    scratch: &mut String,
    state: &mut State,
    fresh: bool,
    marks: &mut M,
) {
    if fresh && (program.slots > 0 || !program.printers.is_empty()) {
        state.arena.clear();
    }
    if M::DETAILED {
        for (unit, op) in program.units().enumerate() {
            let start = out.len();
            render_op(program, op, cx, out, scratch, state);
            marks.op(unit, start, out.len());
        }
    } else {
        for op in &program.ops {
            render_op(program, op, cx, out, scratch, state);
        }
    }
}

#[inline(always)]
fn render_op(
    program: &Program,
    op: &Op,
    cx: &mut Cx<'_>,
    out: &mut String,
    scratch: &mut String,
    state: &mut State,
) {
    match op {
        Op::Lit(text) => out.push_str(text),
        Op::Hot(hot) => hot.render(cx, out),
        Op::Clock(clock) => clock.render(cx, out),
        Op::LitInt(text, lo, hi) => {
            out.push_str(text);
            crate::time::moment::push_decimal(out, range_inline(cx, *lo, *hi));
        }
        Op::Call(func, Post::None) => func.render(cx, out),
        Op::Call(func, Post::Escape) => {
            let start = out.len();
            func.render(cx, out);
            if json::needs_escape(&out[start..]) {
                take_tail(out, start, scratch);
                json::escape_into(out, scratch);
            }
        }
        Op::Call(func, Post::JsonValue) => {
            let start = out.len();
            func.render(cx, out);
            if !json::is_json_value(&out[start..]) {
                take_tail(out, start, scratch);
                json::quote_into(out, scratch);
            }
        }
        Op::Set(slot, code) => {
            let env = env(program, cx);
            let v = eval::eval(code, cx, &env, state);
            state.slots[*slot as usize] = v;
        }
        Op::Print(code, ctx) => {
            let env = env(program, cx);
            let v = eval::eval(code, cx, &env, state);
            eval::print(v, *ctx, cx, &env, state, out);
        }
    }
}

/// [`Rng::range_i64`](crate::rng::Rng::range_i64) with the common case, a span that fits 32
/// bits, inlined into the render loop (a call per number was a sixth of a small template's
/// instructions): the same draw.
#[inline(always)]
fn range_inline(cx: &mut Cx<'_>, lo: i64, hi: i64) -> i64 {
    let span = hi.wrapping_sub(lo) as u64;
    if hi > lo && span < u64::from(u32::MAX) {
        lo.wrapping_add(cx.rng.below(span + 1) as i64)
    } else {
        cx.rng.range_i64(lo, hi)
    }
}

/// Moves `out[start..]` into `scratch`.
pub(crate) fn take_tail(out: &mut String, start: usize, scratch: &mut String) {
    scratch.clear();
    scratch.push_str(&out[start..]);
    out.truncate(start);
}

fn env<'a>(program: &'a Program, cx: &Cx<'_>) -> Env<'a> {
    Env {
        printers: &program.printers,
        index: cx.index,
        seed: cx.seed,
    }
}
