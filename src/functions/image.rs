//! `image.*`: image URLs on faker.js 3.1.0's (now defunct) lorempixel service, avatar URLs in
//! the shape of its (also defunct) uifaces set, and the later `image.dataUri`.

use super::data::{FIRST_NAME, LAST_NAME};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape};
use crate::error::Error;
use crate::json;
use crate::syntax::ast::{Arg, ArgKind};
use crate::value;

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

/// faker.js 3.1.0's lorempixel categories, which `image.image` picks from.
const CATEGORIES: &[&str] = &[
    "abstract",
    "animals",
    "business",
    "cats",
    "city",
    "food",
    "nightlife",
    "fashion",
    "people",
    "nature",
    "sports",
    "technics",
    "transport",
];

const WIDTH: Param = Param {
    name: "width",
    ty: "number",
    default: "640",
};
const HEIGHT: Param = Param {
    name: "height",
    ty: "number",
    default: "480",
};
const RANDOMIZE: Param = Param {
    name: "randomize",
    ty: "boolean",
    default: "false",
};

/// The `FnDef` of a category function: `image.cats(width, height, randomize)`.
macro_rules! category_fn {
    ($name:literal, $compile:ident, $category:literal) => {
        FnDef {
            name: $name,
            params: &[WIDTH, HEIGHT, RANDOMIZE],
            summary: concat!(
                "http://lorempixel.com/{width}/{height}/",
                $category,
                ", with ?{0-99999} when randomize"
            ),
            example: concat!("{{", $name, "(320, 240)}}"),
            returns: Returns::String,
            compile: $compile,
        }
    };
}

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "image.image",
        params: &[WIDTH, HEIGHT, RANDOMIZE],
        summary: "a lorempixel URL in one of 13 categories",
        example: "{{image.image}}",
        returns: Returns::String,
        compile: image,
    },
    FnDef {
        name: "image.avatar",
        params: &[],
        summary: "an avatar URL, https://s3.amazonaws.com/uifaces/faces/twitter/{user}/128.jpg",
        example: "{{image.avatar}}",
        returns: Returns::String,
        compile: avatar,
    },
    FnDef {
        name: "image.imageUrl",
        params: &[
            WIDTH,
            HEIGHT,
            Param {
                name: "category",
                ty: "string",
                default: "",
            },
            RANDOMIZE,
        ],
        summary: "http://lorempixel.com/{width}/{height}[/{category}], with ?{0-99999} when randomize",
        example: "{{image.imageUrl(320, 240, \"cats\")}}",
        returns: Returns::String,
        compile: image_url,
    },
    category_fn!("image.abstract", abstract_, "abstract"),
    category_fn!("image.animals", animals, "animals"),
    category_fn!("image.business", business, "business"),
    category_fn!("image.cats", cats, "cats"),
    category_fn!("image.city", city, "city"),
    category_fn!("image.food", food, "food"),
    category_fn!("image.nightlife", nightlife, "nightlife"),
    category_fn!("image.fashion", fashion, "fashion"),
    category_fn!("image.people", people, "people"),
    category_fn!("image.nature", nature, "nature"),
    category_fn!("image.sports", sports, "sports"),
    category_fn!("image.technics", technics, "technics"),
    category_fn!("image.transport", transport, "transport"),
    FnDef {
        name: "image.dataUri",
        params: &[
            WIDTH,
            HEIGHT,
            Param {
                name: "color",
                ty: "string",
                default: "grey",
            },
        ],
        summary: "an SVG data URI: a rectangle of that colour labelled {width}x{height} (faker.js 5)",
        example: "{{image.dataUri(200, 100)}}",
        returns: Returns::String,
        compile: data_uri,
    },
];

/// A compiled `image.*` call that draws at render time.
#[derive(Debug)]
pub(crate) enum Op {
    Avatar,
    /// One of the URLs, then `?` and a number 0–99999 (faker.js's `randomize`).
    Randomized(Box<[Box<str>]>),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Avatar => AVATAR_MAX_LEN,
            Op::Randomized(urls) => super::longest(urls) + "?99999".len(),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Avatar => write_avatar(cx, out),
            Op::Randomized(urls) => {
                out.push_str(cx.rng.pick_str(urls));
                out.push('?');
                out.push_str(itoa::Buffer::new().format(cx.rng.below(100_000)));
            }
        }
    }
}

fn compiled(op: Op, shape: Shape) -> Compiled {
    Compiled::new(Func::Image(op), shape)
}

/// A width or height at argument `i`.
fn size(cx: &CallCx<'_, '_>, i: usize, default: i64) -> Result<i64, Error> {
    Ok(cx
        .arg(i)
        .map(|a| cx.int_in(a, 1, 100_000))
        .transpose()?
        .unwrap_or(default))
}

/// The `randomize` flag at argument `i`.
fn randomize(cx: &CallCx<'_, '_>, i: usize) -> Result<bool, Error> {
    match cx.arg(i) {
        None => Ok(false),
        Some(Arg {
            kind: ArgKind::Bool(b),
            ..
        }) => Ok(*b),
        Some(arg) => Err(cx.type_error(arg, "true or false")),
    }
}

fn url(width: i64, height: i64, category: Option<&str>) -> String {
    let mut url = format!("http://lorempixel.com/{width}/{height}");
    if let Some(category) = category {
        url.push('/');
        url.push_str(category);
    }
    url
}

/// `urls` printed for the context when fixed, or drawn with a number per record.
fn urls(cx: &CallCx<'_, '_>, urls: Vec<String>, randomize: bool) -> Compiled {
    if randomize {
        let shape = if urls.iter().any(|u| json::needs_escape(u)) {
            Shape::Text
        } else {
            // `http://…?123` is never a JSON value on its own.
            Shape::Plain
        };
        return compiled(
            Op::Randomized(urls.into_iter().map(String::into_boxed_str).collect()),
            shape,
        );
    }
    let printed: Box<[Box<str>]> = urls.iter().map(|u| print(cx, u)).collect();
    match <[Box<str>; 1]>::try_from(printed.into_vec()) {
        Ok([only]) => Compiled::new(Func::Const(only), Shape::Printed),
        Err(many) => Compiled::new(Func::Choice(many.into_boxed_slice()), Shape::Printed),
    }
}

/// A constant string printed for its context.
fn print(cx: &CallCx<'_, '_>, text: &str) -> Box<str> {
    let arg = Arg {
        kind: ArgKind::Str(text.into()),
        span: cx.span,
    };
    value::print_for(&arg, cx.ctx)
}

pub(super) fn image(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let (width, height) = (size(cx, 0, 640)?, size(cx, 1, 480)?);
    let all = CATEGORIES
        .iter()
        .map(|c| url(width, height, Some(c)))
        .collect();
    Ok(urls(cx, all, randomize(cx, 2)?))
}

fn avatar(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(compiled(Op::Avatar, Shape::Plain))
}

fn image_url(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(4)?;
    let (width, height) = (size(cx, 0, 640)?, size(cx, 1, 480)?);
    let category = cx.arg(2).map(|a| cx.string(a)).transpose()?;
    Ok(urls(
        cx,
        vec![url(width, height, category)],
        randomize(cx, 3)?,
    ))
}

fn category(cx: &CallCx<'_, '_>, category: &str) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let (width, height) = (size(cx, 0, 640)?, size(cx, 1, 480)?);
    Ok(urls(
        cx,
        vec![url(width, height, Some(category))],
        randomize(cx, 2)?,
    ))
}

fn abstract_(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "abstract")
}

fn animals(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "animals")
}

fn business(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "business")
}

fn cats(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "cats")
}

fn city(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "city")
}

fn food(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "food")
}

fn nightlife(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "nightlife")
}

fn fashion(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "fashion")
}

fn people(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "people")
}

fn nature(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "nature")
}

fn sports(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "sports")
}

fn technics(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "technics")
}

fn transport(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    category(cx, "transport")
}

/// JavaScript's `encodeURIComponent`: UTF-8 bytes outside `A-Z a-z 0-9 - _ . ! ~ * ' ( )`
/// as `%XX`.
fn encode_uri_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// faker.js 5's `dataUri`: an SVG rectangle with its size written in the middle.
fn svg_data_uri(width: i64, height: i64, color: &str) -> String {
    let mut half_w = String::new();
    value::write_js_number(&mut half_w, width as f64 / 2.0);
    let mut half_h = String::new();
    value::write_js_number(&mut half_h, height as f64 / 2.0);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" baseProfile=\"full\" \
         width=\"{width}\" height=\"{height}\"><rect width=\"100%\" height=\"100%\" \
         fill=\"{color}\"/><text x=\"{half_w}\" y=\"{half_h}\" font-size=\"20\" \
         alignment-baseline=\"middle\" text-anchor=\"middle\" fill=\"white\">\
         {width}x{height}</text></svg>"
    );
    let mut uri = String::from("data:image/svg+xml;charset=UTF-8,");
    encode_uri_component(&svg, &mut uri);
    uri
}

fn data_uri(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let (width, height) = (size(cx, 0, 640)?, size(cx, 1, 480)?);
    let color = match cx.arg(2) {
        None => "grey",
        Some(arg) => {
            let c = cx.string(arg)?;
            // A colour goes into an SVG attribute: names, #hex and rgb(…) forms only.
            if c.is_empty()
                || !c
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "#(),.% ".contains(ch))
            {
                return Err(cx.error(
                    arg.span,
                    "expected a CSS colour such as \"grey\", \"#ff8800\" or \"rgb(0,128,255)\"",
                ));
            }
            c
        }
    };
    let uri = svg_data_uri(width, height, color);
    Ok(Compiled::new(Func::Const(print(cx, &uri)), Shape::Printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_component_encoding() {
        let mut s = String::new();
        encode_uri_component("a b\"<é>(x)*'!~-_.", &mut s);
        assert_eq!(s, "a%20b%22%3C%C3%A9%3E(x)*'!~-_.");
    }

    #[test]
    fn data_uri_matches_faker_js() {
        let uri = svg_data_uri(3, 2, "red");
        assert_eq!(
            uri,
            "data:image/svg+xml;charset=UTF-8,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20version%3D%221.1%22%20baseProfile%3D%22full%22%20width%3D%223%22%20height%3D%222%22%3E%3Crect%20width%3D%22100%25%22%20height%3D%22100%25%22%20fill%3D%22red%22%2F%3E%3Ctext%20x%3D%221.5%22%20y%3D%221%22%20font-size%3D%2220%22%20alignment-baseline%3D%22middle%22%20text-anchor%3D%22middle%22%20fill%3D%22white%22%3E3x2%3C%2Ftext%3E%3C%2Fsvg%3E"
        );
    }

    #[test]
    fn avatars_are_uifaces_shaped_and_bounded() {
        let mut rng = crate::rng::Rng::for_block(5, 0);
        let mut cx = Cx {
            rng: &mut rng,
            index: 0,
            seed: 0,
            now_ms: 0,
            zone: crate::TimeZone::UTC,
            caches: &mut [],
        };
        for _ in 0..2000 {
            let mut url = String::new();
            write_avatar(&mut cx, &mut url);
            assert!(url.len() <= AVATAR_MAX_LEN, "{url}");
            let user = url
                .strip_prefix(AVATAR_PREFIX)
                .and_then(|u| u.strip_suffix(AVATAR_SUFFIX))
                .unwrap();
            assert!((1..=15).contains(&user.len()), "{url}");
            assert!(
                user.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{url}"
            );
        }
    }
}
