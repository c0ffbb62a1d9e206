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
    if fresh && (program.slots > 0 || !program.printers.is_empty()) {
        state.arena.clear();
    }
    for op in &program.ops {
        match op {
            Op::Lit(text) => out.push_str(text),
            Op::Hot(hot) => hot.render(cx, out),
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
