//! `random.word` and `random.words`: a word from one of faker.js's word lists.

use super::{Cx, FnDef};

pub(super) const FUNCTIONS: &[FnDef] = &[];

/// A compiled call of this module.
#[derive(Debug)]
pub(crate) enum Op {}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match *self {}
    }

    pub(super) fn render(&self, _cx: &mut Cx<'_>, _out: &mut String) {
        match *self {}
    }
}
