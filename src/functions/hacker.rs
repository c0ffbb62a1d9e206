//! `hacker.*`: hacker jargon and phrases (faker.js 3.1.0's English tables, MIT).

use super::{CallCx, Compiled, Cx, FnDef, Func, Returns, Shape, longest};
use crate::error::Error;

pub(super) const ABBREVIATION: &[&str] = &[
    "TCP", "HTTP", "SDD", "RAM", "GB", "CSS", "SSL", "AGP", "SQL", "FTP", "PCI", "AI", "ADP",
    "RSS", "XML", "EXE", "COM", "HDD", "THX", "SMTP", "SMS", "USB", "PNG", "SAS", "IB", "SCSI",
    "JSON", "XSS", "JBOD",
];

pub(super) const ADJECTIVE: &[&str] = &[
    "auxiliary",
    "primary",
    "back-end",
    "digital",
    "open-source",
    "virtual",
    "cross-platform",
    "redundant",
    "online",
    "haptic",
    "multi-byte",
    "bluetooth",
    "wireless",
    "1080p",
    "neural",
    "optical",
    "solid state",
    "mobile",
];

pub(super) const NOUN: &[&str] = &[
    "driver",
    "protocol",
    "bandwidth",
    "panel",
    "microchip",
    "program",
    "port",
    "card",
    "array",
    "interface",
    "system",
    "sensor",
    "firewall",
    "hard drive",
    "pixel",
    "alarm",
    "feed",
    "monitor",
    "application",
    "transmitter",
    "bus",
    "circuit",
    "capacitor",
    "matrix",
];

pub(super) const VERB: &[&str] = &[
    "back up",
    "bypass",
    "hack",
    "override",
    "compress",
    "copy",
    "navigate",
    "index",
    "connect",
    "generate",
    "quantify",
    "calculate",
    "synthesize",
    "input",
    "transmit",
    "program",
    "reboot",
    "parse",
];

pub(super) const INGVERB: &[&str] = &[
    "backing up",
    "bypassing",
    "hacking",
    "overriding",
    "compressing",
    "copying",
    "navigating",
    "indexing",
    "connecting",
    "generating",
    "quantifying",
    "calculating",
    "synthesizing",
    "transmitting",
    "programming",
    "parsing",
];

/// faker.js 3.1.0's phrase templates; every `{{placeholder}}` is a fresh draw.
const PHRASE: &[&str] = &[
    "If we {{verb}} the {{noun}}, we can get to the {{abbreviation}} {{noun}} through the {{adjective}} {{abbreviation}} {{noun}}!",
    "We need to {{verb}} the {{adjective}} {{abbreviation}} {{noun}}!",
    "Try to {{verb}} the {{abbreviation}} {{noun}}, maybe it will {{verb}} the {{adjective}} {{noun}}!",
    "You can't {{verb}} the {{noun}} without {{ingverb}} the {{adjective}} {{abbreviation}} {{noun}}!",
    "Use the {{adjective}} {{abbreviation}} {{noun}}, then you can {{verb}} the {{adjective}} {{noun}}!",
    "The {{abbreviation}} {{noun}} is down, {{verb}} the {{adjective}} {{noun}} so we can {{verb}} the {{abbreviation}} {{noun}}!",
    "{{ingverb}} the {{noun}} won't do anything, we need to {{verb}} the {{adjective}} {{abbreviation}} {{noun}}!",
    "I'll {{verb}} the {{adjective}} {{abbreviation}} {{noun}}, that should {{noun}} the {{abbreviation}} {{noun}}!",
];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "hacker.abbreviation",
        params: &[],
        summary: "an IT abbreviation: SCSI",
        example: "{{hacker.abbreviation}}",
        returns: Returns::String,
        compile: abbreviation,
    },
    FnDef {
        name: "hacker.adjective",
        params: &[],
        summary: "a hacker adjective: wireless",
        example: "{{hacker.adjective}}",
        returns: Returns::String,
        compile: adjective,
    },
    FnDef {
        name: "hacker.noun",
        params: &[],
        summary: "a hacker noun: feed",
        example: "{{hacker.noun}}",
        returns: Returns::String,
        compile: noun,
    },
    FnDef {
        name: "hacker.verb",
        params: &[],
        summary: "a hacker verb: bypass",
        example: "{{hacker.verb}}",
        returns: Returns::String,
        compile: verb,
    },
    FnDef {
        name: "hacker.ingverb",
        params: &[],
        summary: "a hacker -ing verb: backing up",
        example: "{{hacker.ingverb}}",
        returns: Returns::String,
        compile: ingverb,
    },
    FnDef {
        name: "hacker.phrase",
        params: &[],
        summary: "a hacker sentence from one of 8 templates, each placeholder a fresh word",
        example: "{{hacker.phrase}}",
        returns: Returns::String,
        compile: phrase,
    },
];

/// A compiled `hacker.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// The phrase templates, split into their parts once at compile time (a search for the
    /// placeholders per record took a third of `benches/templates/text-heavy`).
    Phrase(Box<[Box<[Part]>]>),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Phrase(_) => PHRASE.iter().map(|t| phrase_len(t)).max().unwrap_or(0),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            // The draws of a pick of the template, then one per placeholder in order.
            Op::Phrase(phrases) => {
                let parts = phrases
                    .get(cx.rng.index(phrases.len()))
                    .map_or(&[][..], |p| p);
                for part in parts {
                    match part {
                        Part::Text(text) => out.push_str(text),
                        Part::Word(table) => out.push_str(cx.rng.pick_str(table)),
                    }
                }
            }
        }
    }
}

/// A piece of a phrase template.
#[derive(Debug)]
pub(crate) enum Part {
    Text(&'static str),
    Word(&'static [&'static str]),
}

/// Splits a template into literal text and `{{placeholder}}` tables, in order.
fn for_each_part(template: &'static str, mut f: impl FnMut(Part)) {
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        f(Part::Text(&rest[..open]));
        let after = &rest[open + 2..];
        let close = after.find("}}").expect("phrase placeholders are closed");
        f(Part::Word(table(&after[..close])));
        rest = &after[close + 2..];
    }
    f(Part::Text(rest));
}

fn table(placeholder: &str) -> &'static [&'static str] {
    match placeholder {
        "abbreviation" => ABBREVIATION,
        "adjective" => ADJECTIVE,
        "noun" => NOUN,
        "verb" => VERB,
        "ingverb" => INGVERB,
        other => unreachable!("unknown phrase placeholder {other}"),
    }
}

/// The longest text a template can produce.
fn phrase_len(template: &'static str) -> usize {
    let mut len = 0;
    for_each_part(template, |part| {
        len += match part {
            Part::Text(text) => text.len(),
            Part::Word(table) => longest(table),
        }
    });
    len
}

/// A table function without arguments.
fn table0(cx: &CallCx<'_, '_>, items: &'static [&'static str]) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(items))
}

fn abbreviation(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, ABBREVIATION)
}

fn adjective(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, ADJECTIVE)
}

fn noun(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, NOUN)
}

fn verb(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, VERB)
}

fn ingverb(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, INGVERB)
}

fn phrase(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    // Words and templates hold no `"`, `\` or control characters, and a sentence is never a
    // JSON value.
    let phrases = PHRASE
        .iter()
        .map(|template| {
            let mut parts = Vec::new();
            for_each_part(template, |part| parts.push(part));
            parts.into_boxed_slice()
        })
        .collect();
    Ok(Compiled::new(
        Func::Hacker(Op::Phrase(phrases)),
        Shape::Plain,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::table_shape;

    #[test]
    fn table_sizes_match_faker_js() {
        assert_eq!(
            [ABBREVIATION, ADJECTIVE, NOUN, VERB, INGVERB, PHRASE].map(<[_]>::len),
            [29, 18, 24, 18, 16, 8]
        );
    }

    #[test]
    fn templates_split_into_parts() {
        let mut texts = Vec::new();
        let mut words = 0;
        for_each_part(PHRASE[1], |p| match p {
            Part::Text(t) => texts.push(t),
            Part::Word(_) => words += 1,
        });
        assert_eq!(texts, ["We need to ", " the ", " ", " ", "!"]);
        assert_eq!(words, 4);
        let words = longest(VERB) + longest(ADJECTIVE) + longest(ABBREVIATION) + longest(NOUN);
        assert_eq!(phrase_len(PHRASE[1]), "We need to  the   !".len() + words);
        assert_eq!(
            Op::Phrase(Box::default()).max_len(),
            PHRASE.iter().map(|t| phrase_len(t)).max().unwrap()
        );
    }

    #[test]
    fn phrases_need_no_escaping() {
        for table in [ABBREVIATION, ADJECTIVE, NOUN, VERB, INGVERB, PHRASE] {
            assert_eq!(table_shape(table), Shape::Plain);
        }
    }
}
