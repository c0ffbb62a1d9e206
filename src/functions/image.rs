//! `image.*`: image URLs on faker.js 3.1.0's (now defunct) lorempixel service.

use super::data::{FIRST_NAME, LAST_NAME};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape};
use crate::error::Error;
use crate::json;

const AVATAR_PREFIX: &str = "https://s3.amazonaws.com/uifaces/faces/twitter/";
const AVATAR_SUFFIX: &str = "/128.jpg";
/// Twitter's limit on a user name, which the uifaces URLs carried.
const AVATAR_USER_MAX: usize = 15;

/// The longest avatar URL.
pub(super) const AVATAR_MAX_LEN: usize =
    AVATAR_PREFIX.len() + AVATAR_USER_MAX + AVATAR_SUFFIX.len();

/// An avatar URL in the shape of faker.js's uifaces table. That table's 1,266 Twitter user
/// names are not carried here; a user name is built instead from the English first and last
/// names: `first + last`, `initial + last` or `first`, lower-cased ASCII letters, at most 15.
pub(super) fn write_avatar(cx: &mut Cx<'_>, out: &mut String) {
    out.push_str(AVATAR_PREFIX);
    let first = cx.rng.pick_str(FIRST_NAME);
    let pattern = cx.rng.below(3);
    let mut room = AVATAR_USER_MAX;
    let mut push = |out: &mut String, s: &str| {
        for c in s.chars().filter(char::is_ascii_alphanumeric) {
            if room == 0 {
                return;
            }
            out.push(c.to_ascii_lowercase());
            room -= 1;
        }
    };
    match pattern {
        0 => {
            push(out, first);
            push(out, cx.rng.pick_str(LAST_NAME));
        }
        1 => {
            push(out, first.get(..1).unwrap_or(""));
            push(out, cx.rng.pick_str(LAST_NAME));
        }
        _ => push(out, first),
    }
    out.push_str(AVATAR_SUFFIX);
}

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
