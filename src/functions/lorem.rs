//! `lorem.*`: Latin filler words, sentences, paragraphs and lines.
//!
//! faker.js 3.1.0's algorithms on its 249-word list (the `fake` crate carries the same list):
//! a sentence is 3–10 words with the first letter capitalised and a final `.`; `sentences`
//! joins 2–6 of them; a paragraph is `sentences(n + 0..=3)`. The writers are shared with
//! `helpers.createCard`.

use fake::locales::{Data, EN};

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::Error;
use crate::json;

/// faker.js 3.1.0's English lorem words (249, with repeats), as `fake` carries them.
pub(super) const LOREM_WORD: &[&str] = <EN as Data>::LOREM_WORD;

/// `lorem.paragraphs`' default separator: line feed, space, carriage return.
const PARAGRAPH_SEP: &str = "\n \r";

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "lorem.word",
        params: &[Param {
            name: "num",
            ty: "number (ignored)",
            default: "",
        }],
        summary: "one Latin word",
        example: "{{lorem.word}}",
        returns: Returns::String,
        compile: word,
    },
    FnDef {
        name: "lorem.words",
        params: &[Param {
            name: "num",
            ty: "number",
            default: "3",
        }],
        summary: "num Latin words joined by spaces",
        example: "{{lorem.words(5)}}",
        returns: Returns::String,
        compile: words,
    },
    FnDef {
        name: "lorem.sentence",
        params: &[
            Param {
                name: "wordCount",
                ty: "number",
                default: "random 3-10",
            },
            Param {
                name: "range",
                ty: "number (ignored)",
                default: "",
            },
        ],
        summary: "wordCount words, the first capitalised, ending with a period",
        example: "{{lorem.sentence(4)}}",
        returns: Returns::String,
        compile: sentence,
    },
    FnDef {
        name: "lorem.sentences",
        params: &[
            Param {
                name: "sentenceCount",
                ty: "number",
                default: "random 2-6",
            },
            Param {
                name: "separator",
                ty: "string",
                default: " ",
            },
        ],
        summary: "sentenceCount sentences of 3-10 words joined by the separator",
        example: "{{lorem.sentences(3)}}",
        returns: Returns::String,
        compile: sentences,
    },
    FnDef {
        name: "lorem.paragraph",
        params: &[Param {
            name: "sentenceCount",
            ty: "number",
            default: "3",
        }],
        summary: "sentenceCount plus 0-3 sentences joined by spaces",
        example: "{{lorem.paragraph(2)}}",
        returns: Returns::String,
        compile: paragraph,
    },
    FnDef {
        name: "lorem.paragraphs",
        params: &[
            Param {
                name: "paragraphCount",
                ty: "number",
                default: "3",
            },
            Param {
                name: "separator",
                ty: "string",
                default: "\"\\n \\r\"",
            },
        ],
        summary: "paragraphCount paragraphs joined by the separator (line feed, space, carriage return)",
        example: "{{lorem.paragraphs(2)}}",
        returns: Returns::String,
        compile: paragraphs,
    },
    FnDef {
        name: "lorem.text",
        params: &[Param {
            name: "times",
            ty: "number (ignored)",
            default: "",
        }],
        summary: "the output of a random lorem function: word, words, sentence(s), paragraph(s) or lines",
        example: "{{lorem.text}}",
        returns: Returns::String,
        compile: text,
    },
    FnDef {
        name: "lorem.lines",
        params: &[Param {
            name: "lineCount",
            ty: "number",
            default: "random 1-5",
        }],
        summary: "lineCount sentences joined by line feeds",
        example: "{{lorem.lines(2)}}",
        returns: Returns::String,
        compile: lines,
    },
    FnDef {
        name: "lorem.slug",
        params: &[Param {
            name: "wordCount",
            ty: "number",
            default: "3",
        }],
        summary: "wordCount Latin words joined by hyphens (faker.js 5)",
        example: "{{lorem.slug(4)}}",
        returns: Returns::String,
        compile: slug,
    },
];

/// A compiled `lorem.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// `n` words joined by the separator (a space for `words`, `-` for `slug`).
    Words { n: u64, sep: char },
    /// One sentence; `None` draws 3–10 words.
    Sentence(Option<u64>),
    /// Sentences joined by `sep`; `None` draws 2–6 of them.
    Sentences { n: Option<u64>, sep: Box<str> },
    /// `sentences(n + 0..=3)`.
    Paragraph(u64),
    /// `n` default paragraphs joined by `sep`.
    Paragraphs { n: u64, sep: Box<str> },
    /// Sentences joined by line feeds; `None` draws 1–5 of them.
    Lines(Option<u64>),
    /// One of the seven lorem functions with its defaults.
    Text,
}

/// Bytes of `n` items of at most `item` bytes with `sep` bytes between them (a bound).
fn joined(n: u64, item: usize, sep: usize) -> usize {
    usize::try_from(n)
        .unwrap_or(usize::MAX)
        .saturating_mul(item.saturating_add(sep))
}

fn word_len() -> usize {
    longest(LOREM_WORD)
}

/// The longest sentence of `n` words (or of the default 3–10).
pub(super) fn sentence_max(n: Option<u64>) -> usize {
    joined(n.unwrap_or(10), word_len(), 1).saturating_add(1)
}

/// The longest `sentences(n, sep)`.
pub(super) fn sentences_max(n: Option<u64>, sep: usize) -> usize {
    joined(n.unwrap_or(6), sentence_max(None), sep)
}

/// The longest `paragraph(n)`.
pub(super) fn paragraph_max(n: u64) -> usize {
    sentences_max(Some(n.saturating_add(3)), 1)
}

fn paragraphs_max(n: u64, sep: usize) -> usize {
    joined(n, paragraph_max(3), sep)
}

fn text_max() -> usize {
    [
        word_len(),
        joined(3, word_len(), 1),
        sentence_max(None),
        sentences_max(None, 1),
        paragraph_max(3),
        paragraphs_max(3, PARAGRAPH_SEP.len()),
        sentences_max(Some(5), 1),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Words { n, .. } => joined(*n, word_len(), 1),
            Op::Sentence(n) => sentence_max(*n),
            Op::Sentences { n, sep } => sentences_max(*n, sep.len()),
            Op::Paragraph(n) => paragraph_max(*n),
            Op::Paragraphs { n, sep } => paragraphs_max(*n, sep.len()),
            Op::Lines(n) => sentences_max(Some(n.unwrap_or(5)), 1),
            Op::Text => text_max(),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Words { n, sep } => write_words(cx, out, *n, *sep),
            Op::Sentence(n) => write_sentence(cx, out, *n),
            Op::Sentences { n, sep } => write_sentences(cx, out, *n, sep),
            Op::Paragraph(n) => write_paragraph(cx, out, *n),
            Op::Paragraphs { n, sep } => write_paragraphs(cx, out, *n, sep),
            Op::Lines(n) => write_lines(cx, out, *n),
            Op::Text => match cx.rng.below(7) {
                0 => out.push_str(cx.rng.pick_str(LOREM_WORD)),
                1 => write_words(cx, out, 3, ' '),
                2 => write_sentence(cx, out, None),
                3 => write_sentences(cx, out, None, " "),
                4 => write_paragraph(cx, out, 3),
                5 => write_paragraphs(cx, out, 3, PARAGRAPH_SEP),
                _ => write_lines(cx, out, None),
            },
        }
    }
}

/// `n` words joined by `sep`.
pub(super) fn write_words(cx: &mut Cx<'_>, out: &mut String, n: u64, sep: char) {
    for i in 0..n {
        if i > 0 {
            out.push(sep);
        }
        out.push_str(cx.rng.pick_str(LOREM_WORD));
    }
}

/// A sentence of `n` words (default 3–10), first letter upper-cased, with a final period.
pub(super) fn write_sentence(cx: &mut Cx<'_>, out: &mut String, n: Option<u64>) {
    let n = n.unwrap_or_else(|| cx.rng.range_i64(3, 10) as u64);
    for i in 0..n {
        let word = cx.rng.pick_str(LOREM_WORD);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
            }
            out.push_str(chars.as_str());
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
}

/// `n` sentences (default 2–6) joined by `sep`.
pub(super) fn write_sentences(cx: &mut Cx<'_>, out: &mut String, n: Option<u64>, sep: &str) {
    let n = n.unwrap_or_else(|| cx.rng.range_i64(2, 6) as u64);
    for i in 0..n {
        if i > 0 {
            out.push_str(sep);
        }
        write_sentence(cx, out, None);
    }
}

/// `sentences(n + 0..=3)` joined by spaces.
pub(super) fn write_paragraph(cx: &mut Cx<'_>, out: &mut String, n: u64) {
    let extra = cx.rng.below(4);
    write_sentences(cx, out, Some(n.saturating_add(extra)), " ");
}

fn write_paragraphs(cx: &mut Cx<'_>, out: &mut String, n: u64, sep: &str) {
    for i in 0..n {
        if i > 0 {
            out.push_str(sep);
        }
        write_paragraph(cx, out, 3);
    }
}

fn write_lines(cx: &mut Cx<'_>, out: &mut String, n: Option<u64>) {
    let n = n.unwrap_or_else(|| cx.rng.range_i64(1, 5) as u64);
    write_sentences(cx, out, Some(n), "\n");
}

/// Accepts a number that faker.js ignores (`word(num)`, `text(times)`).
fn ignored_number(cx: &CallCx<'_, '_>, i: usize) -> Result<(), Error> {
    cx.arg(i).map(|a| cx.number(a)).transpose()?;
    Ok(())
}

fn count_arg(cx: &CallCx<'_, '_>, i: usize) -> Result<Option<u64>, Error> {
    cx.arg(i).map(|a| cx.count(a)).transpose()
}

/// The separator at `i` (default `default`) and the shape of output joined with it.
fn separator(cx: &CallCx<'_, '_>, i: usize, default: &str) -> Result<(Box<str>, Shape), Error> {
    let sep = match cx.arg(i) {
        Some(a) => cx.string(a)?,
        None => default,
    };
    // Sentences start with a capital letter, so a joined list is never a JSON value itself.
    let shape = if json::needs_escape(sep) {
        Shape::Text
    } else {
        Shape::Plain
    };
    Ok((sep.into(), shape))
}

fn word(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    ignored_number(cx, 0)?;
    Ok(Compiled::table(LOREM_WORD))
}

fn words(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = count_arg(cx, 0)?.unwrap_or(3);
    Ok(Compiled::new(
        Func::Lorem(Op::Words { n, sep: ' ' }),
        Shape::Plain,
    ))
}

fn slug(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = count_arg(cx, 0)?.unwrap_or(3);
    // Lorem words are lowercase ASCII letters: slugifying them only joins them with `-`.
    Ok(Compiled::new(
        Func::Lorem(Op::Words { n, sep: '-' }),
        Shape::Plain,
    ))
}

fn sentence(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let n = count_arg(cx, 0)?;
    ignored_number(cx, 1)?;
    Ok(Compiled::new(Func::Lorem(Op::Sentence(n)), Shape::Plain))
}

fn sentences(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let n = count_arg(cx, 0)?;
    let (sep, shape) = separator(cx, 1, " ")?;
    Ok(Compiled::new(Func::Lorem(Op::Sentences { n, sep }), shape))
}

fn paragraph(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = count_arg(cx, 0)?.unwrap_or(3);
    Ok(Compiled::new(Func::Lorem(Op::Paragraph(n)), Shape::Plain))
}

fn paragraphs(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let n = count_arg(cx, 0)?.unwrap_or(3);
    let (sep, shape) = separator(cx, 1, PARAGRAPH_SEP)?;
    Ok(Compiled::new(Func::Lorem(Op::Paragraphs { n, sep }), shape))
}

fn text(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    ignored_number(cx, 0)?;
    Ok(Compiled::new(Func::Lorem(Op::Text), Shape::Text))
}

fn lines(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = count_arg(cx, 0)?;
    Ok(Compiled::new(Func::Lorem(Op::Lines(n)), Shape::Text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_ascii_and_never_escaped() {
        assert_eq!(LOREM_WORD.len(), 249);
        assert!(
            LOREM_WORD
                .iter()
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn bounds_grow_with_counts() {
        assert_eq!(sentence_max(Some(0)), 1);
        assert!(paragraph_max(3) >= 6 * sentence_max(None));
        assert!(text_max() >= paragraphs_max(3, 3));
    }
}
