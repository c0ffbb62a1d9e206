//! Several templates in one stream, interleaved by weight: record `i` of a mix is one of its
//! templates, chosen by (seed, `i`). Each template draws from random streams of its own, one
//! per block of [`BLOCK_LEN`] records of the mix, as a single template does: every record is a
//! pure function of the templates, the weights, the seed and the index, reached by rendering at
//! most the records before it in its block.

use crate::rng::splitmix64;
use crate::{BLOCK_LEN, Generator, Inner, Rng, Template};

/// The templates of a mixed [`Template`] and where each one's share of `0..2^64` ends.
#[derive(Debug)]
pub(crate) struct Mix {
    members: Vec<Template>,
    /// Cumulative weights scaled to `u64`: record `i` is member `j` for the first `j` whose
    /// bound exceeds its draw.
    bounds: Vec<u64>,
}

/// Why [`Template::mix`] refused its templates.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MixError {
    /// No template was given.
    #[error("a mix needs at least one template")]
    Empty,
    /// A weight is zero.
    #[error("weight {index} is 0: every template of a mix needs a weight of at least 1")]
    ZeroWeight {
        /// Its place, from 1.
        index: usize,
    },
    /// A member is a mix itself.
    #[error("template {index} is a mix: mix the templates it mixes instead")]
    Nested {
        /// Its place, from 1.
        index: usize,
    },
}

/// The generators of a mix's members, and which one rendered last (for the record's key).
pub(crate) struct Members {
    generators: Vec<Generator>,
    last: usize,
}

const PICK: u64 = 0x6d69_7870_6963_6b21; // "mixpick!"
const MEMBER: u64 = 0x6d69_786d_656d_6221; // "mixmemb!"

impl Template {
    /// Interleaves several templates by weight in one stream of records: each record is one of
    /// `members`, chosen with probability weight / total by the seed and the record's index,
    /// so the mix is reproducible and any record can be reached directly ([`Generator::seek`],
    /// [`Template::write_range`] on several threads, [`crate::verify`]).
    ///
    /// A mix of one template renders exactly that template. In a mix of several, each
    /// template draws from ChaCha streams of its own, keyed by the seed and the template's
    /// place in the mix, one per block of [`BLOCK_LEN`] records of the mix (so reaching a
    /// record renders at most the records before it in its block, as for one template);
    /// `record.index` is the index in the mix; entities (`entity.*`) are keyed by the seed
    /// alone, so a customer keeps their attributes across the templates. Time is read as the first template reads it (its
    /// clock, [`Options::schedule`](crate::Options::schedule) and
    /// [`Options::late`](crate::Options::late)); each template keeps its own escaping,
    /// delimiters and warnings.
    ///
    /// ```
    /// use fakeplate::Template;
    /// let view = Template::compile(r#"{"type":"view","page":{{random.number(99)}}}"#)?;
    /// let buy = Template::compile(r#"{"type":"buy","cents":{{random.number(9999)}}}"#)?;
    /// let mix = Template::mix(&[(view, 3), (buy, 1)])?;
    /// let records: Vec<String> = mix.generator(7).take(4000).collect();
    /// let buys = records.iter().filter(|r| r.contains("buy")).count();
    /// assert!((800..1200).contains(&buys), "{buys}");
    /// // Any record directly, the same bytes.
    /// let mut one = String::new();
    /// mix.render_record(7, 2500, &mut one);
    /// assert_eq!(one, records[2500]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mix(members: &[(Template, u32)]) -> Result<Template, MixError> {
        let Some((first, _)) = members.first() else {
            return Err(MixError::Empty);
        };
        for (i, (t, w)) in members.iter().enumerate() {
            if *w == 0 {
                return Err(MixError::ZeroWeight { index: i + 1 });
            }
            if t.inner.mix.is_some() {
                return Err(MixError::Nested { index: i + 1 });
            }
        }
        if members.len() == 1 {
            return Ok(first.clone());
        }
        let total: u128 = members.iter().map(|(_, w)| u128::from(*w)).sum();
        let mut sum = 0u128;
        let bounds = members
            .iter()
            .map(|(_, w)| {
                sum += u128::from(*w);
                // The last bound is 2^64, which saturates to u64::MAX: draws of u64::MAX
                // still land in the last member because `pick` takes the last as a fallback.
                u64::try_from((sum << 64) / total).unwrap_or(u64::MAX)
            })
            .collect();
        let f = &*first.inner;
        let program = crate::compile::Program {
            json: members.iter().all(|(t, _)| t.is_json()),
            max_record_bytes: members
                .iter()
                .map(|(t, _)| t.max_record_bytes())
                .max()
                .unwrap_or(0),
            ..Default::default()
        };
        Ok(Template {
            inner: std::sync::Arc::new(Inner {
                program,
                warnings: members
                    .iter()
                    .flat_map(|(t, _)| t.warnings().iter().cloned())
                    .collect(),
                clock: f.clock,
                zone: f.zone,
                schedule: f.schedule.clone(),
                late: f.late,
                mix: Some(Mix {
                    members: members.iter().map(|(t, _)| t.clone()).collect(),
                    bounds,
                }),
            }),
        })
    }

    /// The templates of a mix ([`Template::mix`]) in order; empty for a template that is not
    /// one.
    pub fn mixed(&self) -> Vec<&Template> {
        match &self.inner.mix {
            Some(m) => m.members.iter().collect(),
            None => Vec::new(),
        }
    }

    /// Which template of a mix renders record `index` of `seed` (its place in
    /// [`Template::mixed`]); 0 for a template that is not a mix.
    ///
    /// ```
    /// use fakeplate::Template;
    /// let mix = Template::mix(&[(Template::compile("a")?, 1), (Template::compile("b")?, 1)])?;
    /// let mut r = String::new();
    /// mix.render_record(3, 10, &mut r);
    /// assert_eq!(r, ["a", "b"][mix.member_of(3, 10)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn member_of(&self, seed: u64, index: u64) -> usize {
        match &self.inner.mix {
            Some(m) => m.pick(seed, index),
            None => 0,
        }
    }

    /// The key template of a mix: `source` compiled for each of its templates (each must bind
    /// the names the key reads; an error says which template did not); each record's key is
    /// rendered by the key template of the template that rendered the record.
    pub(crate) fn mixed_key_template(
        mix: &Mix,
        source: &str,
        options: &crate::Options,
    ) -> Result<Template, crate::Error> {
        let mut keys = Vec::with_capacity(mix.members.len());
        for (j, t) in mix.members.iter().enumerate() {
            let key = t.key_template(source, options).map_err(|e| {
                // Which template's names the key could not read.
                let name = format!(
                    "{} (for template {} of the mix)",
                    e.name().unwrap_or("the key template"),
                    j + 1
                );
                e.with_name(Some(&name))
            })?;
            keys.push((key, 1));
        }
        // Keys follow their records: the weights of the key mix never pick.
        Ok(Template::mix(&keys).expect("a weight of 1 for each of two or more templates"))
    }
}

impl Mix {
    /// The member that renders record `index` of `seed`.
    pub(crate) fn pick(&self, seed: u64, index: u64) -> usize {
        let draw = splitmix64(splitmix64(seed ^ PICK) ^ index);
        self.bounds
            .iter()
            .position(|&b| draw < b)
            .unwrap_or(self.bounds.len() - 1)
    }

    /// The members' generators for `seed`: each reads the mix's seed (entities, late events)
    /// and draws from random streams of its own, set at the first record of each block.
    pub(crate) fn members(&self, seed: u64) -> Members {
        let generators = self
            .members
            .iter()
            .enumerate()
            .map(|(j, t)| {
                let mut g = t.generator(seed);
                g.rng = Rng::for_block(member_seed(seed, j), 0);
                g
            })
            .collect();
        Members {
            generators,
            last: 0,
        }
    }
}

/// The key of member `j`'s random streams.
fn member_seed(seed: u64, j: usize) -> u64 {
    splitmix64(seed ^ MEMBER ^ (j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

impl Generator {
    /// [`Generator::next_into`] for a mix: the member of this index renders it.
    pub(crate) fn next_mixed(&mut self, out: &mut String) {
        let Some(mix) = &self.template.inner.mix else {
            return;
        };
        let j = mix.pick(self.seed, self.index);
        // The mix's time (its first template's clock, schedule and late events) for all.
        let now_ms = self.event_ms();
        let Some(members) = &mut self.members else {
            return;
        };
        if self.index % BLOCK_LEN == 0 {
            for g in &mut members.generators {
                g.rng.set_block(self.index / BLOCK_LEN);
            }
        }
        let g = &mut members.generators[j];
        g.index = self.index;
        g.render_at(now_ms, out, &mut ());
        members.last = j;
        self.now_ms = now_ms;
        self.index = self.index.wrapping_add(1);
    }

    /// [`Generator::key_into`] for a mix: the key template of the member that rendered last.
    pub(crate) fn key_mixed(&mut self, keys: &mut Generator, out: &mut String) {
        let (Some(members), Some(key_members)) = (&mut self.members, &mut keys.members) else {
            return;
        };
        let j = members.last;
        if keys.index % BLOCK_LEN == 0 {
            for k in &mut key_members.generators {
                k.rng.set_block(keys.index / BLOCK_LEN);
            }
        }
        let k = &mut key_members.generators[j];
        k.index = keys.index;
        members.generators[j].key_into(k, out);
        keys.index = keys.index.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(source: &str) -> Template {
        Template::compile(source).unwrap()
    }

    #[test]
    fn weights_hold_and_every_member_is_reached() {
        let mix = Template::mix(&[(t("a"), 5), (t("b"), 3), (t("c"), 2)]).unwrap();
        let mut counts = [0usize; 3];
        for i in 0..100_000 {
            counts[mix.member_of(11, i)] += 1;
        }
        for (c, w) in counts.iter().zip([5, 3, 2]) {
            let expected = 10_000 * w;
            assert!(c.abs_diff(expected) < 600, "{counts:?}");
        }
    }

    #[test]
    fn a_mix_of_one_is_the_template() {
        let one = t("{{random.number(999)}}");
        let mix = Template::mix(&[(one.clone(), 4)]).unwrap();
        assert!(mix.mixed().is_empty());
        let a: Vec<String> = one.generator(3).take(600).collect();
        let b: Vec<String> = mix.generator(3).take(600).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn records_are_random_access_and_differ_between_members() {
        let mix = Template::mix(&[(t("{{random.uuid}}"), 1), (t("{{random.uuid}}"), 1)]).unwrap();
        let all: Vec<String> = mix.generator(5).take(1000).collect();
        let mut g = mix.generator(5);
        g.seek(777);
        assert_eq!(g.next(), Some(all[777].clone()));
        let mut distinct = all.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), all.len());
        let mut parallel = String::new();
        mix.render_range(5, 0..1000, 3, "\n", &mut parallel);
        assert_eq!(parallel, all.join("\n") + "\n");
    }

    #[test]
    fn refusals() {
        assert_eq!(Template::mix(&[]).unwrap_err(), MixError::Empty);
        assert_eq!(
            Template::mix(&[(t("a"), 1), (t("b"), 0)]).unwrap_err(),
            MixError::ZeroWeight { index: 2 }
        );
        let inner = Template::mix(&[(t("a"), 1), (t("b"), 1)]).unwrap();
        assert_eq!(
            Template::mix(&[(t("a"), 1), (inner, 1)]).unwrap_err(),
            MixError::Nested { index: 2 }
        );
    }
}
