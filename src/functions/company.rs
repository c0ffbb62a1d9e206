//! `company.*`: company names, suffixes, catch phrases and buzzwords.
//!
//! All tables are `fake`'s English ones, identical to faker.js 3.1.0's.

use fake::locales::{Data, EN};

use super::data::LAST_NAME;
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::Error;
use crate::json::{self, Context};

/// `Inc`, `and Sons`, `LLC`, `Group`.
pub(super) const SUFFIX: &[&str] = <EN as Data>::COMPANY_SUFFIX;
/// faker.js's `company.adjective` (100).
pub(super) const ADJECTIVE: &[&str] = <EN as Data>::COMPANY_BUZZWORD_HEAD;
/// faker.js's `company.descriptor` (101).
pub(super) const DESCRIPTOR: &[&str] = <EN as Data>::COMPANY_BUZZWORD_MIDDLE;
/// faker.js's `company.noun` (104).
pub(super) const NOUN: &[&str] = <EN as Data>::COMPANY_BUZZWORD_TAIL;
/// faker.js's `company.bs_adjective` (65).
pub(super) const BS_ADJECTIVE: &[&str] = <EN as Data>::COMPANY_BS_ADJ;
/// faker.js's `company.bs_verb` (60).
pub(super) const BS_VERB: &[&str] = <EN as Data>::COMPANY_BS_VERBS;
/// faker.js's `company.bs_noun` (44).
pub(super) const BS_NOUN: &[&str] = <EN as Data>::COMPANY_BS_NOUNS;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "company.suffixes",
        params: &[],
        summary: "the suffix list: Inc,and Sons,LLC,Group (a JSON array in a value position)",
        example: "{{company.suffixes}}",
        returns: Returns::Array,
        compile: suffixes,
    },
    FnDef {
        name: "company.companyName",
        params: &[Param {
            name: "format",
            ty: "number 0-2",
            default: "random",
        }],
        summary: "`Last Suffix`, `Last - Last` or `Last, Last and Last`",
        example: "{{company.companyName}}",
        returns: Returns::String,
        compile: company_name,
    },
    FnDef {
        name: "company.companySuffix",
        params: &[],
        summary: "Inc, and Sons, LLC or Group",
        example: "{{company.companySuffix}}",
        returns: Returns::String,
        compile: company_suffix,
    },
    FnDef {
        name: "company.catchPhrase",
        params: &[],
        summary: "`Adjective descriptor noun`: Realigned exuding neural-net",
        example: "{{company.catchPhrase}}",
        returns: Returns::String,
        compile: catch_phrase,
    },
    FnDef {
        name: "company.bs",
        params: &[],
        summary: "`adjective buzz noun`: dynamic strategize solutions",
        example: "{{company.bs}}",
        returns: Returns::String,
        compile: bs,
    },
    FnDef {
        name: "company.catchPhraseAdjective",
        params: &[],
        summary: "a catch-phrase adjective: Public-key",
        example: "{{company.catchPhraseAdjective}}",
        returns: Returns::String,
        compile: catch_phrase_adjective,
    },
    FnDef {
        name: "company.catchPhraseDescriptor",
        params: &[],
        summary: "a catch-phrase descriptor: optimal",
        example: "{{company.catchPhraseDescriptor}}",
        returns: Returns::String,
        compile: catch_phrase_descriptor,
    },
    FnDef {
        name: "company.catchPhraseNoun",
        params: &[],
        summary: "a catch-phrase noun: migration",
        example: "{{company.catchPhraseNoun}}",
        returns: Returns::String,
        compile: catch_phrase_noun,
    },
    FnDef {
        name: "company.bsAdjective",
        params: &[],
        summary: "a bs adjective: 24/7",
        example: "{{company.bsAdjective}}",
        returns: Returns::String,
        compile: bs_adjective,
    },
    FnDef {
        name: "company.bsBuzz",
        params: &[],
        summary: "a bs verb: whiteboard",
        example: "{{company.bsBuzz}}",
        returns: Returns::String,
        compile: bs_buzz,
    },
    FnDef {
        name: "company.bsNoun",
        params: &[],
        summary: "a bs noun: content",
        example: "{{company.bsNoun}}",
        returns: Returns::String,
        compile: bs_noun,
    },
];

/// A compiled `company.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// faker.js's three name patterns; `None` picks one per record.
    CompanyName(Option<u8>),
    /// Three words, one from each table, separated by spaces.
    Phrase([&'static [&'static str]; 3]),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::CompanyName(_) => company_name_len(),
            Op::Phrase(tables) => tables.iter().map(|t| longest(t)).sum::<usize>() + 2,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::CompanyName(pattern) => company_name_into(cx, *pattern, out),
            Op::Phrase(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(cx.rng.pick_str(table));
                }
            }
        }
    }
}

/// The longest company name: `Last, Last and Last`.
pub(super) fn company_name_len() -> usize {
    (3 * longest(LAST_NAME) + 6).max(longest(LAST_NAME) + 1 + longest(SUFFIX))
}

/// faker.js's `companyName`: pattern 0 `{last} {suffix}`, 1 `{last} - {last}`, 2
/// `{last}, {last} and {last}`, each name a fresh draw.
pub(super) fn company_name_into(cx: &mut Cx<'_>, pattern: Option<u8>, out: &mut String) {
    let pattern = pattern.unwrap_or_else(|| cx.rng.below(3) as u8);
    out.push_str(cx.rng.pick_str(LAST_NAME));
    match pattern {
        0 => {
            out.push(' ');
            out.push_str(cx.rng.pick_str(SUFFIX));
        }
        1 => {
            out.push_str(" - ");
            out.push_str(cx.rng.pick_str(LAST_NAME));
        }
        _ => {
            out.push_str(", ");
            out.push_str(cx.rng.pick_str(LAST_NAME));
            out.push_str(" and ");
            out.push_str(cx.rng.pick_str(LAST_NAME));
        }
    }
}

fn suffixes(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    // faker.js returns a copy of the array: comma-joined as text, a JSON array as a value.
    let mut printed = String::new();
    match cx.ctx {
        Context::Value => {
            printed.push('[');
            for (i, s) in SUFFIX.iter().enumerate() {
                if i > 0 {
                    printed.push(',');
                }
                json::quote_into(&mut printed, s);
            }
            printed.push(']');
        }
        Context::Text | Context::InString => {
            let joined = SUFFIX.join(",");
            if cx.ctx == Context::InString {
                json::escape_into(&mut printed, &joined);
            } else {
                printed = joined;
            }
        }
    }
    Ok(Compiled::new(Func::Const(printed.into()), Shape::Printed))
}

fn company_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let pattern = cx.arg(0).map(|a| cx.int_in(a, 0, 2)).transpose()?;
    Ok(Compiled::new(
        Func::Company(Op::CompanyName(pattern.map(|p| p as u8))),
        Shape::Plain,
    ))
}

fn phrase(cx: &CallCx<'_, '_>, tables: [&'static [&'static str]; 3]) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(
        Func::Company(Op::Phrase(tables)),
        Shape::Plain,
    ))
}

fn catch_phrase(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    phrase(cx, [ADJECTIVE, DESCRIPTOR, NOUN])
}

fn bs(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    phrase(cx, [BS_ADJECTIVE, BS_VERB, BS_NOUN])
}

/// A table function without arguments.
fn table0(cx: &CallCx<'_, '_>, items: &'static [&'static str]) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(items))
}

fn company_suffix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, SUFFIX)
}

fn catch_phrase_adjective(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, ADJECTIVE)
}

fn catch_phrase_descriptor(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, DESCRIPTOR)
}

fn catch_phrase_noun(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, NOUN)
}

fn bs_adjective(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, BS_ADJECTIVE)
}

fn bs_buzz(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, BS_VERB)
}

fn bs_noun(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, BS_NOUN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::table_shape;

    #[test]
    fn table_sizes_match_faker_js() {
        assert_eq!(SUFFIX, ["Inc", "and Sons", "LLC", "Group"]);
        assert_eq!(
            [ADJECTIVE, DESCRIPTOR, NOUN, BS_ADJECTIVE, BS_VERB, BS_NOUN].map(<[_]>::len),
            [100, 101, 104, 65, 60, 44]
        );
    }

    #[test]
    fn composites_need_no_escaping() {
        // The shapes above rely on it: `Plain` output never needs JSON escaping.
        for table in [
            LAST_NAME,
            SUFFIX,
            ADJECTIVE,
            DESCRIPTOR,
            NOUN,
            BS_ADJECTIVE,
            BS_VERB,
            BS_NOUN,
        ] {
            assert_eq!(table_shape(table), Shape::Plain);
        }
    }
}
