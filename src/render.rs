//! The hot path: walk the program, append each record to the caller's buffer.

use crate::compile::{Op, Post, Program};
use crate::functions::Cx;
use crate::json;

/// Appends one record. `scratch` is reused for the rare values that need rewriting.
#[inline]
pub(crate) fn render(program: &Program, cx: &mut Cx<'_>, out: &mut String, scratch: &mut String) {
    for op in &program.ops {
        match op {
            Op::Lit(text) => out.push_str(text),
            Op::Hot(hot) => hot.render(cx.rng, out),
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
        }
    }
}

/// Moves `out[start..]` into `scratch`.
fn take_tail(out: &mut String, start: usize, scratch: &mut String) {
    scratch.clear();
    scratch.push_str(&out[start..]);
    out.truncate(start);
}
