//! `commerce.*`: products, prices, colours and departments.

use super::data::{
    COMMERCE_COLOR, COMMERCE_DEPARTMENT, PRODUCT, PRODUCT_ADJECTIVE, PRODUCT_MATERIAL,
};
use super::{CallCx, Compiled, Cx, FnDef, Func, Returns, Shape, longest};
use crate::error::Error;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "commerce.productName",
        params: &[],
        summary: "`Adjective Material Product`, e.g. Licensed Frozen Shirt",
        example: "{{commerce.productName}}",
        returns: Returns::String,
        compile: product_name,
    },
    FnDef {
        name: "commerce.price",
        params: super::finance::AMOUNT_PARAMS,
        summary: "a whole price from min to max, printed with dec decimals after the symbol",
        example: "{{commerce.price(10, 500)}}",
        // faker.js's `price` and `amount` are the same function.
        returns: Returns::Varies,
        compile: super::finance::amount,
    },
    FnDef {
        name: "commerce.color",
        params: &[],
        summary: "a colour name",
        example: "{{commerce.color}}",
        returns: Returns::String,
        compile: color,
    },
    FnDef {
        name: "commerce.department",
        params: &[],
        summary: "a store department",
        example: "{{commerce.department}}",
        returns: Returns::String,
        compile: department,
    },
    FnDef {
        name: "commerce.productAdjective",
        params: &[],
        summary: "a product adjective (17), e.g. Ergonomic",
        example: "{{commerce.productAdjective}}",
        returns: Returns::String,
        compile: product_adjective,
    },
    FnDef {
        name: "commerce.productMaterial",
        params: &[],
        summary: "a product material (11), e.g. Granite",
        example: "{{commerce.productMaterial}}",
        returns: Returns::String,
        compile: product_material,
    },
    FnDef {
        name: "commerce.product",
        params: &[],
        summary: "a product noun",
        example: "{{commerce.product}}",
        returns: Returns::String,
        compile: product,
    },
];

/// A compiled `commerce.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    ProductName,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::ProductName => {
                longest(PRODUCT_ADJECTIVE) + longest(PRODUCT_MATERIAL) + longest(PRODUCT) + 2
            }
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
        }
    }
}

fn product_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Commerce(Op::ProductName), Shape::Plain))
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

fn product_adjective(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(PRODUCT_ADJECTIVE))
}

fn product_material(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(PRODUCT_MATERIAL))
}
