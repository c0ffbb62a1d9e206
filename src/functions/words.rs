//! `random.word` and `random.words`: a word from one of faker.js's word lists.
//!
//! faker.js 3.1.0's `random.word` calls one of 27 word methods and returns its whole output
//! (`Indian Rupee Ngultrum`, `Licensed Frozen Shirt`), each method equally likely.

use super::data::{
    COMMERCE_COLOR, COMMERCE_DEPARTMENT, COUNTRY, PRODUCT, PRODUCT_ADJECTIVE, PRODUCT_MATERIAL,
    STATE,
};
use super::name::{JOB_AREA, JOB_DESCRIPTOR, JOB_TYPE};
use super::{
    CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, address, company, finance, hacker,
};
use super::{longest, table_shape};
use crate::error::Error;

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "random.word",
        params: &[Param {
            name: "type",
            ty: "string",
            default: "(ignored)",
        }],
        summary: "the output of one of 27 word methods (commerce, company, address, finance, \
                  hacker, job words)",
        example: "{{random.word}}",
        returns: Returns::String,
        compile: word,
    },
    FnDef {
        name: "random.words",
        params: &[Param {
            name: "count",
            ty: "number",
            default: "random 1-3",
        }],
        summary: "count random.word results joined by spaces",
        example: "{{random.words(3)}}",
        returns: Returns::String,
        compile: words,
    },
];

/// Where a word comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    Table(&'static [&'static str]),
    /// `commerce.productName`: `Adjective Material Product`.
    ProductName,
    /// `finance.accountName`: `{type} Account`.
    AccountName,
}

/// faker.js 3.1.0's 27 word methods, in its order.
const SOURCES: [Source; 27] = [
    Source::Table(COMMERCE_DEPARTMENT),
    Source::ProductName,
    Source::Table(PRODUCT_ADJECTIVE),
    Source::Table(PRODUCT_MATERIAL),
    Source::Table(PRODUCT),
    Source::Table(COMMERCE_COLOR),
    Source::Table(company::ADJECTIVE),
    Source::Table(company::DESCRIPTOR),
    Source::Table(company::NOUN),
    Source::Table(company::BS_ADJECTIVE),
    Source::Table(company::BS_VERB),
    Source::Table(company::BS_NOUN),
    Source::Table(address::STREET_SUFFIX),
    Source::Table(address::COUNTY),
    Source::Table(COUNTRY),
    Source::Table(STATE),
    Source::AccountName,
    Source::Table(finance::TRANSACTION_TYPE),
    Source::Table(finance::CURRENCY_NAME),
    Source::Table(hacker::NOUN),
    Source::Table(hacker::VERB),
    Source::Table(hacker::ADJECTIVE),
    Source::Table(hacker::INGVERB),
    Source::Table(hacker::ABBREVIATION),
    Source::Table(JOB_DESCRIPTOR),
    Source::Table(JOB_AREA),
    Source::Table(JOB_TYPE),
];

impl Source {
    fn max_len(self) -> usize {
        match self {
            Source::Table(items) => longest(items),
            Source::ProductName => {
                longest(PRODUCT_ADJECTIVE) + longest(PRODUCT_MATERIAL) + longest(PRODUCT) + 2
            }
            Source::AccountName => longest(finance::ACCOUNT_TYPE) + " Account".len(),
        }
    }

    fn render(self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Source::Table(items) => out.push_str(cx.rng.pick_str(items)),
            Source::ProductName => {
                out.push_str(cx.rng.pick_str(PRODUCT_ADJECTIVE));
                out.push(' ');
                out.push_str(cx.rng.pick_str(PRODUCT_MATERIAL));
                out.push(' ');
                out.push_str(cx.rng.pick_str(PRODUCT));
            }
            Source::AccountName => {
                out.push_str(cx.rng.pick_str(finance::ACCOUNT_TYPE));
                out.push_str(" Account");
            }
        }
    }
}

/// The longest word any source gives.
pub(super) fn word_len() -> usize {
    SOURCES.iter().map(|s| s.max_len()).max().unwrap_or(0)
}

pub(super) fn word_into(cx: &mut Cx<'_>, out: &mut String) {
    SOURCES[cx.rng.index(SOURCES.len())].render(cx, out);
}

/// A compiled `random.word` / `random.words` call.
#[derive(Debug)]
pub(crate) enum Op {
    Word,
    /// `count` words, or 1 to 3 when `None`.
    Words(Option<u64>),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        let count = match self {
            Op::Word => 1,
            Op::Words(count) => count.map_or(3, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        };
        count.saturating_mul(word_len() + 1)
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Word => word_into(cx, out),
            Op::Words(count) => {
                let count = count.unwrap_or_else(|| 1 + cx.rng.below(3));
                for i in 0..count {
                    if i > 0 {
                        out.push(' ');
                    }
                    word_into(cx, out);
                }
            }
        }
    }
}

/// `Plain` unless some word needs escaping or is a JSON value on its own.
fn shape() -> Shape {
    let tables = SOURCES.iter().filter_map(|s| match s {
        Source::Table(items) => Some(*items),
        _ => None,
    });
    let composites = [
        PRODUCT_ADJECTIVE,
        PRODUCT_MATERIAL,
        PRODUCT,
        finance::ACCOUNT_TYPE,
    ];
    if tables
        .chain(composites)
        .all(|items| table_shape(items) == Shape::Plain)
    {
        Shape::Plain
    } else {
        Shape::Text
    }
}

fn word(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?; // faker.js's `type` is accepted and, as there, ignored.
    Ok(Compiled::new(Func::Words(Op::Word), shape()))
}

fn words(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let count = cx.arg(0).map(|a| cx.count(a)).transpose()?;
    Ok(Compiled::new(Func::Words(Op::Words(count)), shape()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_match_faker_js() {
        assert_eq!(
            [JOB_DESCRIPTOR, JOB_AREA, JOB_TYPE].map(<[_]>::len),
            [22, 37, 25]
        );
        assert!(JOB_TYPE.contains(&"Liason"), "faker.js's spelling");
        // system.fileName rewrites words in place, byte for byte: they must be ASCII.
        for source in SOURCES {
            if let Source::Table(items) = source {
                assert!(items.iter().all(|w| w.is_ascii()), "{items:?}");
            }
        }
        for items in [
            PRODUCT_ADJECTIVE,
            PRODUCT_MATERIAL,
            PRODUCT,
            finance::ACCOUNT_TYPE,
        ] {
            assert!(items.iter().all(|w| w.is_ascii()));
        }
        // Every word list is safe to print unescaped.
        assert_eq!(shape(), Shape::Plain);
        assert_eq!(word_len(), Source::Table(finance::CURRENCY_NAME).max_len());
    }
}
