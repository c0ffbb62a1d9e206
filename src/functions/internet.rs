//! `internet.*`: addresses.

use super::{CallCx, Compiled, Cx, FnDef, Func, Shape};
use crate::error::Error;

pub(super) const FUNCTIONS: &[FnDef] = &[FnDef {
    name: "internet.ip",
    params: &[],
    summary: "an IPv4 address, four octets 0-255",
    example: "{{internet.ip}}",
    compile: ip,
}];

/// A compiled `internet.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    Ipv4,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Ipv4 => 15,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Ipv4 => {
                let octets = cx.rng.next_u32().to_be_bytes();
                let mut buf = itoa::Buffer::new();
                for (i, o) in octets.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(buf.format(*o));
                }
            }
        }
    }
}

fn ip(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Ipv4), Shape::Plain))
}
