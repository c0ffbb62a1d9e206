//! `commerce.*`: products, prices, colours and departments.

use super::data::{
    COMMERCE_COLOR, COMMERCE_DEPARTMENT, PRODUCT, PRODUCT_ADJECTIVE, PRODUCT_MATERIAL,
};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape, longest};
use crate::error::Error;
use crate::json;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "commerce.productName",
        params: &[],
        summary: "`Adjective Material Product`, e.g. Licensed Frozen Shirt",
        example: "{{commerce.productName}}",
        compile: product_name,
    },
    FnDef {
        name: "commerce.price",
        params: &[
            Param {
                name: "min",
                ty: "number",
                default: "0",
            },
            Param {
                name: "max",
                ty: "number",
                default: "1000",
            },
            Param {
                name: "dec",
                ty: "number",
                default: "2",
            },
            Param {
                name: "symbol",
                ty: "string",
                default: "\"\"",
            },
        ],
        summary: "a whole price from min to max, printed with dec decimals after the symbol",
        example: "{{commerce.price(10, 500)}}",
        compile: price,
    },
    FnDef {
        name: "commerce.color",
        params: &[],
        summary: "a colour name",
        example: "{{commerce.color}}",
        compile: color,
    },
    FnDef {
        name: "commerce.department",
        params: &[],
        summary: "a store department",
        example: "{{commerce.department}}",
        compile: department,
    },
    FnDef {
        name: "commerce.product",
        params: &[],
        summary: "a product noun",
        example: "{{commerce.product}}",
        compile: product,
    },
];

/// A compiled `commerce.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    ProductName,
    Price {
        min: i64,
        max: i64,
        dec: u8,
        symbol: Box<str>,
    },
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::ProductName => {
                longest(PRODUCT_ADJECTIVE) + longest(PRODUCT_MATERIAL) + longest(PRODUCT) + 2
            }
            Op::Price { dec, symbol, .. } => symbol.len() + 20 + 1 + usize::from(*dec),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::ProductName => {
                out.push_str(cx.rng.pick_str(PRODUCT_ADJECTIVE));
                out.push(' ');
                out.push_str(cx.rng.pick_str(PRODUCT_MATERIAL));
                out.push(' ');
                out.push_str(cx.rng.pick_str(PRODUCT));
            }
            Op::Price {
                min,
                max,
                dec,
                symbol,
            } => {
                out.push_str(symbol);
                out.push_str(itoa::Buffer::new().format(cx.rng.range_i64(*min, *max)));
                if *dec > 0 {
                    out.push('.');
                    for _ in 0..*dec {
                        out.push('0');
                    }
                }
            }
        }
    }
}

fn product_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Commerce(Op::ProductName), Shape::Plain))
}

fn price(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(4)?;
    const BOUND: i64 = 1_000_000_000_000_000;
    let min = cx
        .arg(0)
        .map(|a| cx.int_in(a, 0, BOUND))
        .transpose()?
        .unwrap_or(0);
    let max = cx
        .arg(1)
        .map(|a| cx.int_in(a, 0, BOUND))
        .transpose()?
        .unwrap_or(1000);
    if min > max {
        return Err(cx.error(
            cx.args[0].span,
            format!("min ({min}) is greater than max ({max})"),
        ));
    }
    let dec = cx
        .arg(2)
        .map(|a| cx.int_in(a, 0, 20))
        .transpose()?
        .unwrap_or(2) as u8;
    let symbol: Box<str> = cx
        .arg(3)
        .map(|a| cx.string(a))
        .transpose()?
        .unwrap_or("")
        .into();
    let shape = if json::needs_escape(&symbol) {
        Shape::Text
    } else {
        // `252.00` is a JSON number, as KDG users rely on in numeric slots.
        Shape::Unescaped
    };
    Ok(Compiled::new(
        Func::Commerce(Op::Price {
            min,
            max,
            dec,
            symbol,
        }),
        shape,
    ))
}

fn color(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(COMMERCE_COLOR))
}

fn department(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?; // faker.js's `max` and `fixedAmount` are accepted and ignored, as there.
    Ok(Compiled::table(COMMERCE_DEPARTMENT))
}

fn product(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(PRODUCT))
}
