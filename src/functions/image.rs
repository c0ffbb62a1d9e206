//! `image.*`: image URLs on faker.js 3.1.0's (now defunct) lorempixel service.

use super::{CallCx, Compiled, FnDef, Func, Param, Shape};
use crate::error::Error;
use crate::json;

pub(super) const FUNCTIONS: &[FnDef] = &[FnDef {
    name: "image.imageUrl",
    params: &[
        Param {
            name: "width",
            ty: "number",
            default: "640",
        },
        Param {
            name: "height",
            ty: "number",
            default: "480",
        },
        Param {
            name: "category",
            ty: "string",
            default: "",
        },
    ],
    summary: "http://lorempixel.com/{width}/{height}[/{category}]",
    example: "{{image.imageUrl(320, 240, \"cats\")}}",
    compile: image_url,
}];

fn image_url(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let width = cx
        .arg(0)
        .map(|a| cx.int_in(a, 1, 100_000))
        .transpose()?
        .unwrap_or(640);
    let height = cx
        .arg(1)
        .map(|a| cx.int_in(a, 1, 100_000))
        .transpose()?
        .unwrap_or(480);
    let mut url = format!("http://lorempixel.com/{width}/{height}");
    if let Some(category) = cx.arg(2) {
        url.push('/');
        url.push_str(cx.string(category)?);
    }
    // A constant: print it for its context now.
    let printed = match cx.ctx {
        json::Context::Text => url,
        json::Context::InString => {
            let mut s = String::new();
            json::escape_into(&mut s, &url);
            s
        }
        json::Context::Value => {
            let mut s = String::new();
            json::quote_into(&mut s, &url);
            s
        }
    };
    Ok(Compiled::new(Func::Const(printed.into()), Shape::Printed))
}
