//! `address.*`: US states, cities, zip codes and countries.

use super::data::{CITY_PREFIX, CITY_SUFFIX, COUNTRY, FIRST_NAME, LAST_NAME, STATE, STATE_ABBR};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape, longest};
use crate::error::Error;
use crate::json;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "address.state",
        params: &[],
        summary: "a US state name",
        example: "{{address.state}}",
        compile: state,
    },
    FnDef {
        name: "address.stateAbbr",
        params: &[],
        summary: "a US state abbreviation",
        example: "{{address.stateAbbr}}",
        compile: state_abbr,
    },
    FnDef {
        name: "address.city",
        params: &[Param {
            name: "format",
            ty: "number 0-3",
            default: "random",
        }],
        summary: "a city name in one of faker.js's four patterns",
        example: "{{address.city}}",
        compile: city,
    },
    FnDef {
        name: "address.zipCode",
        params: &[Param {
            name: "format",
            ty: "string",
            default: "##### or #####-####",
        }],
        summary: "a zip code; in a format, # is a digit, ? a letter A-Z, * either",
        example: "{{address.zipCode}}",
        compile: zip_code,
    },
    FnDef {
        name: "address.country",
        params: &[],
        summary: "a country name",
        example: "{{address.country}}",
        compile: country,
    },
];

/// A compiled `address.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// faker.js's city patterns; `None` picks one of the four per record.
    City(Option<u8>),
    /// A symbol pattern per record, chosen uniformly from the list.
    Symbols(Box<[Box<str>]>),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::City(_) => {
                longest(CITY_PREFIX)
                    + 1
                    + longest(FIRST_NAME).max(longest(LAST_NAME))
                    + longest(CITY_SUFFIX)
            }
            // Every symbol becomes one ASCII character; other characters stay.
            Op::Symbols(patterns) => longest(patterns),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::City(pattern) => {
                let pattern = pattern.unwrap_or_else(|| cx.rng.below(4) as u8);
                if pattern <= 1 {
                    out.push_str(cx.rng.pick_str(CITY_PREFIX));
                    out.push(' ');
                }
                out.push_str(
                    cx.rng
                        .pick_str(if pattern == 3 { LAST_NAME } else { FIRST_NAME }),
                );
                if pattern != 1 {
                    out.push_str(cx.rng.pick_str(CITY_SUFFIX));
                }
            }
            Op::Symbols(patterns) => {
                let pattern = match patterns.as_ref() {
                    [only] => only,
                    many => cx.rng.pick_str(many),
                };
                replace_symbols(cx, pattern, out);
            }
        }
    }
}

/// faker.js's `helpers.replaceSymbols`: `#` → digit, `?` → `A`–`Z`, `*` → either.
pub(super) fn replace_symbols(cx: &mut Cx<'_>, pattern: &str, out: &mut String) {
    const LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let digit = |cx: &mut Cx<'_>| char::from(b'0' + cx.rng.below(10) as u8);
    let letter = |cx: &mut Cx<'_>| char::from(LETTERS[cx.rng.index(26)]);
    for c in pattern.chars() {
        match c {
            '#' => out.push(digit(cx)),
            '?' => out.push(letter(cx)),
            '*' => {
                let c = if cx.rng.coin() { letter(cx) } else { digit(cx) };
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

fn state(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?; // faker.js's `useAbbr` is accepted and, as there, ignored.
    Ok(Compiled::table(STATE))
}

fn state_abbr(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(STATE_ABBR))
}

fn country(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(COUNTRY))
}

fn city(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let pattern = cx.arg(0).map(|a| cx.int_in(a, 0, 3)).transpose()?;
    Ok(Compiled::new(
        Func::Address(Op::City(pattern.map(|p| p as u8))),
        Shape::Plain,
    ))
}

fn zip_code(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let patterns: Box<[Box<str>]> = match cx.arg(0) {
        None => Box::new(["#####".into(), "#####-####".into()]),
        Some(arg) => Box::new([cx.string(arg)?.into()]),
    };
    let shape = if patterns.iter().any(|p| json::needs_escape(p)) {
        Shape::Text
    } else {
        // `12345` is a JSON number: checked per record in value positions.
        Shape::Unescaped
    };
    Ok(Compiled::new(Func::Address(Op::Symbols(patterns)), shape))
}
