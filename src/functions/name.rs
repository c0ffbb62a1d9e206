//! `name.*`: first, last and full names.

use super::data::{FIRST_NAME, LAST_NAME, NAME_PREFIX, NAME_SUFFIX};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape, longest, table_shape};
use crate::error::Error;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "name.firstName",
        params: &[],
        summary: "a first name (3,007 English names)",
        example: "{{name.firstName}}",
        compile: first_name,
    },
    FnDef {
        name: "name.lastName",
        params: &[],
        summary: "a last name (474 English names)",
        example: "{{name.lastName}}",
        compile: last_name,
    },
    FnDef {
        name: "name.findName",
        params: &[
            Param {
                name: "firstName",
                ty: "string",
                default: "random",
            },
            Param {
                name: "lastName",
                ty: "string",
                default: "random",
            },
        ],
        summary: "a full name: `First Last`, 1 in 9 with a prefix, 1 in 9 with a suffix",
        example: "{{name.findName}}",
        compile: find_name,
    },
];

/// A compiled `name.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    FindName {
        first: Option<Box<str>>,
        last: Option<Box<str>>,
    },
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::FindName { first, last } => {
                let first = first.as_ref().map_or(longest(FIRST_NAME), |f| f.len());
                let last = last.as_ref().map_or(longest(LAST_NAME), |l| l.len());
                longest(NAME_PREFIX) + first + last + longest(NAME_SUFFIX) + 3
            }
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::FindName { first, last } => {
                // faker.js 3.1.0: r in 0..=8; 0 → prefix, 1 → suffix, else plain.
                let r = cx.rng.below(9);
                if r == 0 {
                    out.push_str(cx.rng.pick_str(NAME_PREFIX));
                    out.push(' ');
                }
                match first {
                    Some(f) => out.push_str(f),
                    None => out.push_str(cx.rng.pick_str(FIRST_NAME)),
                }
                out.push(' ');
                match last {
                    Some(l) => out.push_str(l),
                    None => out.push_str(cx.rng.pick_str(LAST_NAME)),
                }
                if r == 1 {
                    out.push(' ');
                    out.push_str(cx.rng.pick_str(NAME_SUFFIX));
                }
            }
        }
    }
}

fn first_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(FIRST_NAME))
}

fn last_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(LAST_NAME))
}

fn find_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let given = |i| -> Result<Option<Box<str>>, Error> {
        cx.arg(i).map(|a| cx.string(a).map(Box::from)).transpose()
    };
    let (first, last) = (given(0)?, given(1)?);
    let words: Vec<&str> = [first.as_deref(), last.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let shape = match table_shape(&words) {
        Shape::Plain => Shape::Plain,
        _ => Shape::Text,
    };
    Ok(Compiled::new(
        Func::Name(Op::FindName { first, last }),
        shape,
    ))
}
