//! `phone.*`: US phone numbers in faker.js 3.1.0's twenty English formats.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape};
use crate::error::Error;
use crate::json;

/// faker.js 3.1.0's English phone formats, in its order: the four plain formats appear twice,
/// so a number without an extension is drawn 8 times in 20.
pub(super) const PHONE_FORMATS: &[&str] = &[
    "###-###-####",
    "(###) ###-####",
    "1-###-###-####",
    "###.###.####",
    "###-###-####",
    "(###) ###-####",
    "1-###-###-####",
    "###.###.####",
    "###-###-#### x###",
    "(###) ###-#### x###",
    "1-###-###-#### x###",
    "###.###.#### x###",
    "###-###-#### x####",
    "(###) ###-#### x####",
    "1-###-###-#### x####",
    "###.###.#### x####",
    "###-###-#### x#####",
    "(###) ###-#### x#####",
    "1-###-###-#### x#####",
    "###.###.#### x#####",
];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "phone.phoneNumber",
        params: &[Param {
            name: "format",
            ty: "string",
            default: "one of 20 US formats",
        }],
        summary: "a phone number; in a format, each # becomes a digit",
        example: "{{phone.phoneNumber}}",
        returns: Returns::String,
        compile: phone_number,
    },
    FnDef {
        name: "phone.phoneNumberFormat",
        params: &[Param {
            name: "phoneFormatsArrayIndex",
            ty: "number 0-19",
            default: "0",
        }],
        summary: "a phone number in the format at that index of the 20 US formats",
        example: "{{phone.phoneNumberFormat(3)}}",
        returns: Returns::String,
        compile: phone_number_format,
    },
    FnDef {
        name: "phone.phoneFormats",
        params: &[],
        summary: "one of the 20 US phone formats itself, e.g. ###-###-#### x####",
        example: "{{phone.phoneFormats}}",
        returns: Returns::String,
        compile: phone_formats,
    },
];

/// A compiled `phone.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// A random format from [`PHONE_FORMATS`].
    Random,
    /// A fixed format.
    Format(Box<str>),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Random => PHONE_MAX_LEN,
            // `#` becomes one digit; everything else stays.
            Op::Format(f) => f.len(),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Random => write_phone_number(cx, out),
            Op::Format(f) => replace_symbol_with_number(cx, f, '#', out),
        }
    }
}

/// The longest default phone number.
pub(super) const PHONE_MAX_LEN: usize = 21;

/// `phone.phoneNumber()`: a random format filled with digits.
pub(super) fn write_phone_number(cx: &mut Cx<'_>, out: &mut String) {
    let format = cx.rng.pick_str(PHONE_FORMATS);
    replace_symbol_with_number(cx, format, '#', out);
}

/// faker.js's `helpers.replaceSymbolWithNumber`: each `symbol` becomes a digit 0–9.
pub(super) fn replace_symbol_with_number(
    cx: &mut Cx<'_>,
    pattern: &str,
    symbol: char,
    out: &mut String,
) {
    for c in pattern.chars() {
        if c == symbol {
            out.push(char::from(b'0' + cx.rng.below(10) as u8));
        } else {
            out.push(c);
        }
    }
}

/// The shape of a user's pattern once filled: digits alone (`###`) make a JSON number.
pub(super) fn pattern_shape(pattern: &str) -> Shape {
    if json::needs_escape(pattern) {
        Shape::Text
    } else {
        Shape::Unescaped
    }
}

fn phone_number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let format = cx.arg(0).map(|a| cx.string(a)).transpose()?;
    Ok(match format {
        // faker.js: `format || phoneFormats()`, so "" means a random format too.
        None | Some("") => Compiled::new(Func::Phone(Op::Random), Shape::Plain),
        Some(f) => Compiled::new(Func::Phone(Op::Format(f.into())), pattern_shape(f)),
    })
}

fn phone_number_format(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let last = PHONE_FORMATS.len() as i64 - 1;
    let index = cx
        .arg(0)
        .map(|a| cx.int_in(a, 0, last))
        .transpose()?
        .unwrap_or(0);
    Ok(Compiled::new(
        Func::Phone(Op::Format(PHONE_FORMATS[index as usize].into())),
        Shape::Plain,
    ))
}

fn phone_formats(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(PHONE_FORMATS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::longest;

    #[test]
    fn formats_are_faker_js_english() {
        assert_eq!(PHONE_FORMATS.len(), 20);
        assert_eq!(longest(PHONE_FORMATS), PHONE_MAX_LEN);
        // The four plain formats are listed twice; each extension length once per format.
        for f in &PHONE_FORMATS[..4] {
            assert_eq!(PHONE_FORMATS.iter().filter(|g| *g == f).count(), 2);
        }
        // No filled format is a JSON value or needs escaping: `Shape::Plain` holds.
        assert!(PHONE_FORMATS.iter().all(|f| {
            let filled = f.replace('#', "5");
            !json::needs_escape(&filled) && !json::is_json_value(&filled)
        }));
    }
}
