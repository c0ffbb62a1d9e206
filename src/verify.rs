//! Proving what arrived: regenerate the records a run must have produced and compare them, as
//! multisets, with the records that reached a destination.
//!
//! A [`Verifier`] renders the expected records `range` of a seed once and keeps a 64-bit hash
//! of each beside its index (16 bytes per expected record, plus 1 to 2 for the lookup
//! directory), not the records. Records that arrived are then [fed](Verifier::feed) one at a
//! time, in any order and from any number of sources; [`Verifier::report`] says how many of
//! the expected records were found, which are missing, which arrived more than once, which
//! records match no expected record (each beside the expected record it is closest to), and
//! how many arrived out of order within their source.
//!
//! Streams are read back by `kinesis::read` (feature `kinesis`: every shard of a Kinesis data
//! stream) and `kafka::read` (feature `kafka`: every partition of a topic), which hand each
//! record to a closure, with its shard or partition, for [`Verifier::feed_from`].
//!
//! ```
//! use fakeplate::Template;
//! use fakeplate::verify::Verifier;
//!
//! let template = Template::compile(r#"{"id":"{{random.uuid}}","n":{{random.number(99)}}}"#)?;
//! // What a pipeline delivered: records 0..100 of seed 7, one lost, one altered, one twice.
//! let mut delivered: Vec<String> = template.generator(7).take(100).collect();
//! delivered.remove(10);
//! delivered[20] = delivered[20].replace("\"n\":", "\"N\":");
//! delivered.push(delivered[0].clone());
//!
//! let mut verifier = Verifier::new(&template, 7, 0..100);
//! for record in &delivered {
//!     verifier.feed(record.as_bytes());
//! }
//! let report = verifier.report();
//! assert_eq!(report.expected, 100);
//! assert_eq!(report.found, 98);
//! assert_eq!(report.missing, 2); // record 10, and record 21 that was altered
//! assert_eq!(report.duplicated, 1);
//! assert_eq!(report.unexpected, 1);
//! let closest = report.unexpected_sample[0].closest.as_ref().unwrap();
//! assert_eq!(closest.index, 21);
//! assert_eq!(report.missing_sample, vec![10..11, 21..22]);
//! assert!(!report.is_ok(false));
//! # Ok::<(), fakeplate::Error>(())
//! ```
//!
//! The comparison is by hash: two different records are taken for equal only if their 64-bit
//! hashes collide, which for a million expected and a million arrived records happens with a
//! probability of about 5 × 10⁻⁸.

use std::collections::HashMap;
use std::fmt;
use std::ops::{Range, RangeInclusive};

use crate::Template;

mod clock;
#[cfg(feature = "kafka")]
pub mod kafka;
#[cfg(feature = "kinesis")]
pub mod kinesis;

/// Why a stream or an object could not be read back (features `kinesis`, `kafka`, `s3`).
#[cfg(any(feature = "kinesis", feature = "kafka", feature = "s3"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// The stream or object: `kinesis://STREAM`, `kafka://BROKERS/TOPIC`, `s3://BUCKET/KEY`.
    pub location: String,
    /// What went wrong.
    pub message: String,
}

#[cfg(any(feature = "kinesis", feature = "kafka", feature = "s3"))]
impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

#[cfg(any(feature = "kinesis", feature = "kafka", feature = "s3"))]
impl std::error::Error for ReadError {}

/// What reading a stream back came to (features `kinesis`, `kafka`).
#[cfg(any(feature = "kinesis", feature = "kafka"))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadSummary {
    /// Shards or partitions read.
    pub sources: u64,
    /// Records read.
    pub records: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Read calls made (Kinesis `GetRecords`; 0 for Kafka, whose client fetches by itself).
    pub requests: u64,
}

/// The most expected records one [`Verifier`] takes (indices are kept as 32-bit offsets).
pub const MAX_RECORDS: u64 = u32::MAX as u64;
/// The bytes a [`Verifier`] of `records` expected records keeps for them: 16 per record (its
/// hash, offset and count) and the lookup directory's 4-byte slots, about one per two
/// records. The rest (sources, samples, failed records) follows what arrives.
pub const fn memory_for(records: u64) -> u64 {
    let slots = if records >= 4 {
        let bits = (records / 2).ilog2();
        (1u64 << if bits > 31 { 31 } else { bits }) + 1
    } else {
        3
    };
    records.saturating_mul(16).saturating_add(slots * 4)
}

/// The memory a [`Verifier`] needs for its expected records could not be allocated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutOfMemory {
    /// The expected records.
    pub records: u64,
    /// The bytes they need ([`memory_for`]).
    pub bytes: u64,
}

impl fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "verifying {} records needs {} bytes (16 to 18 per expected record), which could not be allocated",
            self.records, self.bytes
        )
    }
}

impl std::error::Error for OutOfMemory {}

/// How many examples of each kind a [`Report`] keeps.
pub const SAMPLES: usize = 5;
/// The most bytes of an unexpected record kept for its [`Unexpected`] sample.
pub const SAMPLE_BYTES: usize = 64 << 10;
/// How many expected records that were not found are rendered again, at most, to find the one
/// closest to an unexpected record.
pub const CLOSEST_CANDIDATES: usize = 1024;

/// One expected record: its hash, its offset in the range, and how often it was found.
#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    offset: u32,
    found: u32,
}

/// What is known of one source (a file, an object, a partition).
struct Source {
    label: Box<str>,
    /// Records fed from it.
    records: u64,
    /// The index of the last record from it that matched an expected record.
    last: Option<u64>,
    out_of_order: u64,
}

/// Regenerates the expected records and matches the records that arrived against them.
///
/// Memory is proportional to the number of expected records (17 to 18 bytes each), whatever
/// the size of the records, plus [`SAMPLES`] unexpected records of at most [`SAMPLE_BYTES`]
/// each and a few words per source.
pub struct Verifier {
    template: Template,
    seed: u64,
    range: Range<u64>,
    /// Sorted by hash, then offset.
    entries: Vec<Entry>,
    /// `dir[k]` is the first entry whose hash's top `bits` bits are at least `k`.
    dir: Vec<u32>,
    bits: u32,
    sources: Vec<Source>,
    by_label: HashMap<Box<str>, usize>,
    current: usize,
    records: u64,
    duplicated: u64,
    unexpected: u64,
    out_of_order: u64,
    unexpected_kept: Vec<Kept>,
    line_breaks: u64,
    /// Expected records seen inside error documents (Firehose's error output): by offset, the
    /// source and error code of the first document that held each. The report counts those
    /// still missing, so a record failed many times (or failed, then delivered) counts once
    /// (or not at all). Grows with what arrives, not with the range.
    failed: HashMap<u32, (usize, Box<str>)>,
    /// Set for records rendered on the system clock: where their time values are.
    system: Option<SystemClock>,
}

/// How a [`Verifier`] matches records rendered on the system clock.
struct SystemClock {
    plan: clock::Plan,
    /// Unix milliseconds, both ends included; `None`: any time.
    window: Option<(i64, i64)>,
    /// The skeleton of the record being matched.
    scratch: clock::Scratch,
    spans: Vec<(usize, usize)>,
}

/// Why records of a template cannot be verified on the system clock: what in the template
/// computes something other than a time value from the record's time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unverifiable {
    /// What and where.
    pub message: String,
}

impl fmt::Display for Unverifiable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Unverifiable {}

/// An unexpected record kept as an example, until the report finds its closest record.
struct Kept {
    source: usize,
    position: u64,
    bytes: Vec<u8>,
    len: usize,
    hint: Option<u64>,
    reason: Option<String>,
}

impl Verifier {
    /// Renders records `range` of `seed` (with the template's clock and escaping, as the run
    /// that produced them) and keeps their hashes, on the calling thread. The template must
    /// read a virtual clock (the default, [`Clock::Virtual`](crate::Clock::Virtual)): records
    /// rendered on the system clock cannot be rendered again, and are verified by
    /// [`Verifier::system_clock`].
    ///
    /// # Panics
    ///
    /// If the range holds more than [`MAX_RECORDS`] records.
    pub fn new(template: &Template, seed: u64, range: Range<u64>) -> Verifier {
        Verifier::with_threads(template, seed, range, 1)
    }

    /// As [`Verifier::new`], rendering on `threads` threads (0: one per available core). The
    /// result is the same for any number.
    ///
    /// # Panics
    ///
    /// If the range holds more than [`MAX_RECORDS`] records, or their bookkeeping
    /// ([`memory_for`]) cannot be allocated; [`Verifier::try_with_threads`] returns an error
    /// for the second instead.
    pub fn with_threads(
        template: &Template,
        seed: u64,
        range: Range<u64>,
        threads: usize,
    ) -> Verifier {
        Verifier::build(template, seed, range, threads, None).unwrap_or_else(|e| panic!("{e}"))
    }

    /// As [`Verifier::with_threads`], with an error instead of an abort when the memory for
    /// the expected records ([`memory_for`]) cannot be allocated.
    ///
    /// ```
    /// use fakeplate::Template;
    /// use fakeplate::verify::{MAX_RECORDS, Verifier};
    ///
    /// let t = Template::compile("{{random.uuid}}")?;
    /// assert!(Verifier::try_with_threads(&t, 1, 0..10, 1).is_ok());
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// If the range holds more than [`MAX_RECORDS`] records.
    pub fn try_with_threads(
        template: &Template,
        seed: u64,
        range: Range<u64>,
        threads: usize,
    ) -> Result<Verifier, OutOfMemory> {
        Verifier::build(template, seed, range, threads, None)
    }

    /// Verifies records rendered on the system clock, which cannot be rendered again byte for
    /// byte: their time values are checked for their format and for an instant inside `window`
    /// (Unix milliseconds, both ends included; `None`: any time), and everything else byte for
    /// byte. Renders the expected records on `threads` threads (0: one per core), as
    /// [`Verifier::with_threads`].
    ///
    /// The time values are the output of `date.now`, `date.utc` and `date.simTime`, whatever
    /// their format; `date.past`, `date.recent`, `date.future` and `date.soon` without a
    /// reference date, whose window is widened by their span; and in language v2,
    /// `record.time`, and `date.format` and `date.add` of it (by a constant amount of a unit
    /// of fixed length, the window shifts; by a drawn amount or a calendar unit, only the
    /// format is checked). They are found in a record that arrived by the literal text the
    /// template prints before each and by the shape of its format; a format that prints no
    /// date (`HH:mm`) is checked for its shape only. A template that computes anything else
    /// from the record's time (a comparison, `date.diff`, a condition, a custom function) or
    /// has late events is refused.
    ///
    /// ```
    /// use fakeplate::{Clock, Options, Template};
    /// use fakeplate::verify::Verifier;
    ///
    /// let t = Template::compile_with(
    ///     r#"{"at":"{{date.now("YYYY-MM-DDTHH:mm:ss.SSSZ")}}","n":{{random.number(999)}}}"#,
    ///     &Options::new().clock(Clock::System),
    /// )?;
    /// let mut sent: Vec<String> = t.generator(3).take(100).collect();
    /// sent[7] = sent[7].replace("\"n\":", "\"m\":");
    /// let mut v = Verifier::system_clock(&t, 3, 0..100, None, 1).unwrap();
    /// for r in &sent {
    ///     v.feed(r.as_bytes());
    /// }
    /// let report = v.report();
    /// assert_eq!((report.found, report.missing, report.unexpected), (99, 1, 1));
    ///
    /// // A window in 1999: every time value is outside it.
    /// let mut v = Verifier::system_clock(&t, 3, 0..100, Some(915_148_800_000..=946_684_799_999), 1).unwrap();
    /// v.feed(sent[0].as_bytes());
    /// let report = v.report();
    /// assert!(report.unexpected_sample[0].reason.as_ref().unwrap().contains("outside the window"));
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// If the range holds more than [`MAX_RECORDS`] records, or their bookkeeping
    /// ([`memory_for`]) cannot be allocated.
    pub fn system_clock(
        template: &Template,
        seed: u64,
        range: Range<u64>,
        window: Option<RangeInclusive<i64>>,
        threads: usize,
    ) -> Result<Verifier, Unverifiable> {
        let plan = clock::Plan::new(template).map_err(|message| Unverifiable { message })?;
        let system = SystemClock {
            plan,
            window: window.map(|w| (*w.start(), *w.end())),
            scratch: clock::Scratch::default(),
            spans: Vec::new(),
        };
        Ok(
            Verifier::build(template, seed, range, threads, Some(system))
                .unwrap_or_else(|e| panic!("{e}")),
        )
    }

    fn build(
        template: &Template,
        seed: u64,
        range: Range<u64>,
        threads: usize,
        system: Option<SystemClock>,
    ) -> Result<Verifier, OutOfMemory> {
        let n = range.end.saturating_sub(range.start);
        assert!(
            n <= MAX_RECORDS,
            "a Verifier takes at most {MAX_RECORDS} records, not {n}"
        );
        let out_of_memory = || OutOfMemory {
            records: n,
            bytes: memory_for(n),
        };
        let n = usize::try_from(n).map_err(|_| out_of_memory())?;
        let mut entries: Vec<Entry> = Vec::new();
        entries.try_reserve_exact(n).map_err(|_| out_of_memory())?;
        entries.resize(
            n,
            Entry {
                hash: 0,
                offset: 0,
                found: 0,
            },
        );
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            t => t,
        };
        // Chunks of whole blocks, so that each thread's generator starts where a block does.
        let block = crate::BLOCK_LEN as usize;
        let per = n.div_ceil(threads.max(1)).div_ceil(block).max(1) * block;
        let plan = system.as_ref().map(|s| &s.plan);
        let fill = |chunk: &mut [Entry], first: usize| {
            let mut g = template.generator(seed);
            g.seek(range.start + first as u64);
            let mut buf = String::with_capacity(template.max_record_bytes().min(1 << 16));
            let mut line_breaks = 0u64;
            let Some(plan) = plan else {
                for (i, e) in chunk.iter_mut().enumerate() {
                    buf.clear();
                    g.next_into(&mut buf);
                    line_breaks += u64::from(find_newline(buf.as_bytes()).is_some());
                    *e = Entry {
                        hash: hash(buf.as_bytes()),
                        offset: (first + i) as u32,
                        found: 0,
                    };
                }
                return line_breaks;
            };
            // The system clock: each record's hash is its skeleton's.
            let mut marks = plan.marks();
            let mut skeleton = Vec::new();
            for (i, e) in chunk.iter_mut().enumerate() {
                buf.clear();
                marks.spans.clear();
                g.next_marked(&mut buf, &mut marks);
                line_breaks += u64::from(find_newline(buf.as_bytes()).is_some());
                clock::skeleton(buf.as_bytes(), &marks.spans, &mut skeleton);
                *e = Entry {
                    hash: hash(&skeleton),
                    offset: (first + i) as u32,
                    found: 0,
                };
            }
            line_breaks
        };
        let line_breaks = if threads <= 1 || n <= block {
            fill(&mut entries, 0)
        } else {
            std::thread::scope(|s| {
                let workers: Vec<_> = entries
                    .chunks_mut(per)
                    .enumerate()
                    .map(|(c, chunk)| {
                        let fill = &fill;
                        s.spawn(move || fill(chunk, c * per))
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|w| w.join().expect("rendering does not panic"))
                    .sum()
            })
        };
        let (dir, bits) = directory(&mut entries);
        Ok(Verifier {
            template: template.clone(),
            seed,
            range,
            entries,
            dir,
            bits,
            sources: Vec::new(),
            by_label: HashMap::new(),
            current: usize::MAX,
            records: 0,
            duplicated: 0,
            unexpected: 0,
            out_of_order: 0,
            unexpected_kept: Vec::new(),
            line_breaks,
            failed: HashMap::new(),
            system,
        })
    }

    /// Expects each record of `indices` once more (an index given twice, twice more): the
    /// duplicates a run sent on purpose, such as those of
    /// [`Duplicates::in_run`](crate::pace::Duplicates::in_run). Their copies then count as
    /// expected records, found or missing, not as duplicated. Indices outside the range are
    /// ignored. Call it before feeding records.
    ///
    /// ```
    /// use fakeplate::Template;
    /// use fakeplate::verify::Verifier;
    ///
    /// let t = Template::compile("{{random.uuid}}")?;
    /// let mut v = Verifier::new(&t, 1, 0..10);
    /// v.expect_again([3, 7]);
    /// let mut sent: Vec<String> = t.generator(1).take(10).collect();
    /// sent.insert(5, sent[3].clone());
    /// for r in &sent {
    ///     v.feed(r.as_bytes());
    /// }
    /// let report = v.report();
    /// assert_eq!((report.expected, report.found, report.missing, report.duplicated), (12, 11, 1, 0));
    /// assert_eq!(report.missing_sample, vec![7..8]);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn expect_again(&mut self, indices: impl IntoIterator<Item = u64>) {
        let mut offsets: Vec<u32> = indices
            .into_iter()
            .filter(|i| self.range.contains(i))
            .map(|i| (i - self.range.start) as u32)
            .collect();
        if offsets.is_empty() {
            return;
        }
        offsets.sort_unstable();
        let mut copies = Vec::with_capacity(offsets.len());
        for e in &self.entries {
            let at = offsets.partition_point(|&o| o < e.offset);
            let times = offsets[at..].iter().take_while(|&&o| o == e.offset).count();
            copies.extend(std::iter::repeat_n(
                Entry {
                    hash: e.hash,
                    offset: e.offset,
                    found: 0,
                },
                times,
            ));
        }
        self.entries.extend(copies);
        let (dir, bits) = directory(&mut self.entries);
        self.dir = dir;
        self.bits = bits;
    }

    /// The expected records' indices.
    pub fn range(&self) -> Range<u64> {
        self.range.clone()
    }

    /// How many expected records contain a line break (`\n`): such records cannot be told
    /// apart in newline-framed data, so [`feed_lines`](Verifier::feed_lines) cannot find them.
    pub fn expected_with_line_breaks(&self) -> u64 {
        self.line_breaks
    }

    /// How many time values each record holds: on the system clock
    /// ([`Verifier::system_clock`]), those checked for their format and window; 0 otherwise.
    pub fn time_values(&self) -> usize {
        self.system.as_ref().map_or(0, |s| s.plan.sites())
    }

    /// How many records were fed so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Matches one record that arrived (without its line break), from an unnamed source.
    pub fn feed(&mut self, record: &[u8]) {
        self.feed_from("", record);
    }

    /// Matches one record that arrived from `source` (a file, an object key, a partition):
    /// records from one source are expected in increasing order of index, and those that are
    /// not are counted as out of order.
    pub fn feed_from(&mut self, source: &str, record: &[u8]) {
        if record.starts_with(ERROR_DOCUMENT)
            && !self.contains(hash(record))
            && self.feed_error_document(source, record)
        {
            return;
        }
        if self.system.is_some() {
            self.feed_system(source, record);
        } else {
            self.feed_hashed(source, record, Ok(hash(record)));
        }
    }

    /// On the system clock, the hash of `record`'s skeleton when its time values read and an
    /// expected record has it (or why not); `None` on the virtual clock.
    fn find_skeleton(&mut self, record: &[u8]) -> Option<Result<u64, Option<clock::Misfit>>> {
        let mut system = self.system.take()?;
        let found = system.plan.find(
            record,
            system.window,
            &|h| self.contains(h),
            &mut system.scratch,
            &mut system.spans,
        );
        self.system = Some(system);
        Some(found)
    }

    /// Matches a record rendered on the system clock by its skeleton.
    fn feed_system(&mut self, source: &str, record: &[u8]) {
        let Some(found) = self.find_skeleton(record) else {
            return;
        };
        let hashed = found.map_err(|misfit| misfit.map(|m| m.message()));
        self.feed_hashed(
            source,
            record,
            hashed.or_else(|reason| match reason {
                // Time values that read but a rest that matches nothing: an ordinary unexpected
                // record, hashed as it is.
                None => Ok(hash(record)),
                Some(why) => Err(why),
            }),
        );
    }

    /// [`feed_lines`](Verifier::feed_lines) on the system clock. Records go in batches as
    /// there: each record's time values are read first as if its first reading were right,
    /// the lookups of the batch's skeletons overlap, and only a record whose skeleton is not
    /// found is searched again with the lookup deciding between readings.
    fn feed_lines_system(&mut self, source: &str, bytes: &[u8]) {
        const BATCH: usize = 32;
        let Some(mut system) = self.system.take() else {
            return;
        };
        let mut rest = bytes;
        let mut batch = [(0usize, 0usize, None::<u64>); BATCH];
        let mut hashes = [(0usize, 0usize, 0u64); BATCH];
        while !rest.is_empty() {
            let mut len = 0;
            let mut ready = 0;
            let mut at = 0;
            while len < BATCH && at < rest.len() {
                let end = find_newline(&rest[at..]).map_or(rest.len(), |e| at + e);
                if rest[at..end].starts_with(ERROR_DOCUMENT) {
                    self.system = Some(system);
                    let document = self.feed_error_document(source, &rest[at..end]);
                    let Some(back) = self.system.take() else {
                        return;
                    };
                    system = back;
                    if document {
                        at = end + 1;
                        continue;
                    }
                }
                let first = system.plan.find(
                    &rest[at..end],
                    system.window,
                    &|_| true,
                    &mut system.scratch,
                    &mut system.spans,
                );
                let first = first.ok();
                batch[len] = (at, end, first);
                if let Some(h) = first {
                    hashes[ready] = (at, end, h);
                    ready += 1;
                }
                len += 1;
                at = end + 1;
            }
            self.touch(&hashes[..ready]);
            for &(start, end, first) in &batch[..len] {
                let record = &rest[start..end];
                match first {
                    Some(h) if self.contains(h) => self.feed_hashed(source, record, Ok(h)),
                    _ => {
                        self.system = Some(system);
                        self.feed_system(source, record);
                        let Some(back) = self.system.take() else {
                            return;
                        };
                        system = back;
                    }
                }
            }
            rest = &rest[at.min(rest.len())..];
        }
        self.system = Some(system);
    }

    /// Reads `line` as a document of Firehose's error output (`{"attemptsMade":…,"rawData":…}`,
    /// what `deliver` writes under its error prefix for records it could not deliver) from
    /// `source`. An expected record in it counts as failed ([`Report::failed`]): not found, so
    /// still missing, and shown apart; any other record in it is unexpected. Returns `false`,
    /// counting nothing, when `line` is not such a document.
    ///
    /// [`feed_from`](Verifier::feed_from) and [`feed_lines`](Verifier::feed_lines) do this for
    /// every record that starts like one and is not itself an expected record.
    pub fn feed_error_document(&mut self, source: &str, line: &[u8]) -> bool {
        let Some((raw, code)) = error_document(line) else {
            return false;
        };
        // Its object counts among the sources read.
        self.source(source);
        // The record as it was handed to delivery, delimiter included.
        let record = raw.strip_suffix(b"\n").unwrap_or(&raw);
        let hashed = match self.find_skeleton(record) {
            Some(found) => found.ok(),
            None => Some(hash(record)),
        };
        match hashed.and_then(|h| self.index_of(h)) {
            Some(index) => {
                let s = self.current;
                let offset = (index - self.range.start) as u32;
                self.failed
                    .entry(offset)
                    .or_insert_with(|| (s, code.into_boxed_str()));
            }
            None => self.feed_hashed(source, record, Ok(hash(record))),
        }
        true
    }

    /// The index of the first expected record with `hash`, marking nothing.
    fn index_of(&self, hash: u64) -> Option<u64> {
        let k = (hash >> (64 - self.bits)) as usize;
        let (lo, hi) = (self.dir[k] as usize, self.dir[k + 1] as usize);
        let e = self.entries[lo..hi].iter().find(|e| e.hash == hash)?;
        Some(self.range.start + u64::from(e.offset))
    }

    /// Whether some expected record has `hash`.
    fn contains(&self, hash: u64) -> bool {
        let k = (hash >> (64 - self.bits)) as usize;
        let (lo, hi) = (self.dir[k] as usize, self.dir[k + 1] as usize);
        self.entries[lo..hi].iter().any(|e| e.hash == hash)
    }

    /// Counts a record of `len` bytes from `source` of which only the first bytes, `start`,
    /// were kept, because it is longer than any expected record (a reader that frames records
    /// keeps at most so many bytes of one): it is unexpected, reported with its whole length.
    /// When `start` is the whole record, this is [`feed_from`](Verifier::feed_from).
    pub fn feed_cut(&mut self, source: &str, start: &[u8], len: usize) {
        if len <= start.len() {
            self.feed_from(source, start);
            return;
        }
        let why = format!(
            "longer than any expected record ({} bytes kept of {len})",
            start.len()
        );
        self.feed_counted(source, start, Err(why), len);
    }

    /// Counts a record: `hash` is its hash, or why it cannot be an expected record.
    fn feed_hashed(&mut self, source: &str, record: &[u8], hash: Result<u64, String>) {
        self.feed_counted(source, record, hash, record.len());
    }

    /// [`feed_hashed`](Verifier::feed_hashed) of a record of `len` bytes, `record` its start.
    fn feed_counted(&mut self, source: &str, record: &[u8], hash: Result<u64, String>, len: usize) {
        let s = self.source(source);
        self.records += 1;
        let src = &mut self.sources[s];
        src.records += 1;
        let position = src.records;
        let hint = src.last.map(|i| i.wrapping_add(1));
        let (looked, reason) = match hash {
            Ok(h) => (self.lookup(h), None),
            Err(why) => (None, Some(why)),
        };
        match looked {
            Some((index, duplicate)) => {
                if duplicate {
                    self.duplicated += 1;
                }
                let src = &mut self.sources[s];
                if src.last.is_some_and(|last| index < last) {
                    src.out_of_order += 1;
                    self.out_of_order += 1;
                }
                src.last = Some(index);
            }
            None => {
                self.unexpected += 1;
                if self.unexpected_kept.len() < SAMPLES {
                    let keep = record.len().min(SAMPLE_BYTES);
                    self.unexpected_kept.push(Kept {
                        source: s,
                        position,
                        bytes: record[..keep].to_vec(),
                        len,
                        hint,
                        reason,
                    });
                }
            }
        }
    }

    /// Matches every newline-terminated record of `bytes` (a file's or an object's contents)
    /// from `source`, as [`feed_from`](Verifier::feed_from) does; a last record without a line
    /// break counts too.
    pub fn feed_lines(&mut self, source: &str, bytes: &[u8]) {
        // Records go in batches, so that the memory reads of their lookups overlap.
        const BATCH: usize = 32;
        let mut rest = bytes;
        if self.system.is_some() {
            self.feed_lines_system(source, rest);
            return;
        }
        let mut batch = [(0usize, 0usize, 0u64); BATCH];
        while !rest.is_empty() {
            let mut len = 0;
            let mut at = 0;
            while len < BATCH && at < rest.len() {
                let end = find_newline(&rest[at..]).map_or(rest.len(), |e| at + e);
                let line = &rest[at..end];
                let h = hash(line);
                // A line that starts like an error document but is not one is an ordinary
                // record (unexpected, most likely): counted, never dropped.
                if !(line.starts_with(ERROR_DOCUMENT)
                    && !self.contains(h)
                    && self.feed_error_document(source, line))
                {
                    batch[len] = (at, end, h);
                    len += 1;
                }
                at = end + 1;
            }
            self.touch(&batch[..len]);
            for &(start, end, hash) in &batch[..len] {
                self.feed_hashed(source, &rest[start..end], Ok(hash));
            }
            rest = &rest[at.min(rest.len())..];
        }
    }

    /// Reads what the lookups of `batch` will read, all at once, so that the cache misses
    /// overlap instead of following one another.
    fn touch(&self, batch: &[(usize, usize, u64)]) {
        let mut first = [0u32; 32];
        for (f, &(_, _, hash)) in first.iter_mut().zip(batch) {
            *f = self.dir[(hash >> (64 - self.bits)) as usize];
        }
        let last = self.entries.len().saturating_sub(1);
        let mut sum = 0u64;
        for &f in &first[..batch.len()] {
            if let Some(e) = self.entries.get((f as usize).min(last)) {
                sum ^= e.hash;
            }
        }
        std::hint::black_box(sum);
    }

    fn source(&mut self, label: &str) -> usize {
        if let Some(s) = self.sources.get(self.current) {
            if *s.label == *label {
                return self.current;
            }
        }
        let s = match self.by_label.get(label) {
            Some(&s) => s,
            None => {
                let s = self.sources.len();
                self.sources.push(Source {
                    label: label.into(),
                    records: 0,
                    last: None,
                    out_of_order: 0,
                });
                self.by_label.insert(label.into(), s);
                s
            }
        };
        self.current = s;
        s
    }

    /// Marks the expected record with `hash` as found: its index, and whether it had been
    /// found already (as often as it is expected).
    fn lookup(&mut self, hash: u64) -> Option<(u64, bool)> {
        let k = (hash >> (64 - self.bits)) as usize;
        let (lo, hi) = (self.dir[k] as usize, self.dir[k + 1] as usize);
        let first = lo + self.entries[lo..hi].iter().position(|e| e.hash == hash)?;
        let run = self.entries[first..hi]
            .iter()
            .take_while(|e| e.hash == hash)
            .count();
        let start = self.range.start;
        let run = &mut self.entries[first..first + run];
        if let Some(e) = run.iter_mut().find(|e| e.found == 0) {
            e.found = 1;
            return Some((start + u64::from(e.offset), false));
        }
        let e = &mut run[0];
        e.found = e.found.saturating_add(1);
        Some((start + u64::from(e.offset), true))
    }

    /// What arrived against what was expected. The examples of unexpected records are compared
    /// with expected records that were not found (the first [`CLOSEST_CANDIDATES`] of them)
    /// and with the record after the one that preceded them in their source, which are
    /// rendered again for that.
    pub fn report(&self) -> Report {
        let n = self.entries.len();
        // Offsets run over the range; entries may hold expected copies too.
        let span = (self.range.end - self.range.start) as usize;
        // An offset is found when every copy expected of it is.
        let mut found_bits = vec![u64::MAX; span.div_ceil(64)];
        let mut duplicated_sample = Vec::new();
        let mut found = 0u64;
        // Missing copies of records that error documents held: failed records, each counted
        // once however many documents held it.
        let mut failed = 0u64;
        let mut failed_sample: Vec<Failed> = Vec::new();
        for e in &self.entries {
            if e.found > 0 {
                found += 1;
            } else {
                found_bits[e.offset as usize / 64] &= !(1 << (e.offset % 64));
                if let Some((source, code)) = self.failed.get(&e.offset) {
                    failed += 1;
                    failed_sample.push(Failed {
                        index: self.range.start + u64::from(e.offset),
                        source: self.sources[*source].label.to_string(),
                        error_code: code.to_string(),
                    });
                    if failed_sample.len() >= 8 * SAMPLES {
                        failed_sample.sort_by_key(|f| f.index);
                        failed_sample.dedup_by_key(|f| f.index);
                        failed_sample.truncate(SAMPLES);
                    }
                }
            }
            if e.found > 1 {
                duplicated_sample.push(Duplicate {
                    index: self.range.start + u64::from(e.offset),
                    copies: u64::from(e.found),
                });
                // Only the lowest indices are kept.
                if duplicated_sample.len() >= 8 * SAMPLES {
                    duplicated_sample.sort_by_key(|d| d.index);
                    duplicated_sample.truncate(SAMPLES);
                }
            }
        }
        duplicated_sample.sort_by_key(|d| d.index);
        duplicated_sample.truncate(SAMPLES);
        failed_sample.sort_by_key(|f| f.index);
        failed_sample.dedup_by_key(|f| f.index);
        failed_sample.truncate(SAMPLES);
        let is_found = |o: usize| found_bits[o / 64] & (1u64 << (o % 64)) != 0;

        let mut missing_sample: Vec<Range<u64>> = Vec::new();
        let mut candidates: Vec<u64> = Vec::new();
        let mut o = 0usize;
        while o < span {
            // Skip whole words of found records.
            if o % 64 == 0 && found_bits[o / 64] == u64::MAX {
                o += 64;
                continue;
            }
            if !is_found(o) {
                let index = self.range.start + o as u64;
                let extends = missing_sample.last().is_some_and(|r| r.end == index);
                if extends {
                    if let Some(r) = missing_sample.last_mut() {
                        r.end += 1;
                    }
                } else if missing_sample.len() < SAMPLES {
                    missing_sample.push(index..index + 1);
                } else if candidates.len() >= CLOSEST_CANDIDATES {
                    break;
                }
                if candidates.len() < CLOSEST_CANDIDATES {
                    candidates.push(index);
                }
            }
            o += 1;
        }

        let unexpected_sample = self.closest(&candidates);
        let mut out_of_order_sample: Vec<OutOfOrder> = self
            .sources
            .iter()
            .filter(|s| s.out_of_order > 0)
            .take(SAMPLES)
            .map(|s| OutOfOrder {
                source: s.label.to_string(),
                records: s.out_of_order,
            })
            .collect();
        out_of_order_sample.truncate(SAMPLES);
        Report {
            expected: n as u64,
            records: self.records,
            found,
            missing: n as u64 - found,
            duplicated: self.duplicated,
            unexpected: self.unexpected,
            out_of_order: self.out_of_order,
            sources: self.sources.len() as u64,
            missing_sample,
            duplicated_sample,
            unexpected_sample,
            out_of_order_sample,
            failed,
            failed_sample,
        }
    }

    /// The kept unexpected records, each beside the candidate sharing its longest prefix.
    fn closest(&self, candidates: &[u64]) -> Vec<Unexpected> {
        if self.unexpected_kept.is_empty() {
            return Vec::new();
        }
        let mut wanted: Vec<u64> = candidates.to_vec();
        wanted.extend(
            self.unexpected_kept
                .iter()
                .filter_map(|k| k.hint)
                .filter(|i| self.range.contains(i)),
        );
        wanted.sort_unstable();
        wanted.dedup();
        // Render in increasing order, so the generator only moves forward.
        let mut g = self.template.generator(self.seed);
        let mut rendered: Vec<(u64, String)> = Vec::with_capacity(wanted.len());
        // On the system clock, where each expected record's time values are.
        let mut times: Vec<Vec<(usize, usize)>> = Vec::new();
        for &i in &wanted {
            g.seek(i);
            let mut s = String::new();
            match &self.system {
                Some(system) => {
                    let mut marks = system.plan.marks();
                    g.next_marked(&mut s, &mut marks);
                    times.push(marks.spans);
                }
                None => g.next_into(&mut s),
            }
            rendered.push((i, s));
        }
        self.unexpected_kept
            .iter()
            .map(|k| {
                let rendered = match &self.system {
                    Some(system) => with_times_of(system, &k.bytes, &rendered, &times),
                    None => rendered.clone(),
                };
                let hint = k.hint.and_then(|h| rendered.iter().find(|(i, _)| *i == h));
                let mut best: Option<(usize, &(u64, String))> =
                    hint.map(|r| (common_prefix(&k.bytes, r.1.as_bytes()), r));
                for r in &rendered {
                    let p = common_prefix(&k.bytes, r.1.as_bytes());
                    if best.is_none_or(|(b, _)| p > b) {
                        best = Some((p, r));
                    }
                }
                Unexpected {
                    source: self.sources[k.source].label.to_string(),
                    position: k.position,
                    len: k.len,
                    record: k.bytes.clone(),
                    reason: k.reason.clone(),
                    closest: best.map(|(p, (i, s))| Closest {
                        index: *i,
                        first_difference: p,
                        record: s.clone(),
                    }),
                }
            })
            .collect()
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("seed", &self.seed)
            .field("range", &self.range)
            .field("records", &self.records)
            .finish_non_exhaustive()
    }
}

/// The expected records `rendered`, each with its time values (at `times`) replaced by those of
/// the record that arrived, when they can be read, so that a difference shows where the
/// records differ in something else.
fn with_times_of(
    system: &SystemClock,
    arrived: &[u8],
    rendered: &[(u64, String)],
    times: &[Vec<(usize, usize)>],
) -> Vec<(u64, String)> {
    let mut spans = Vec::new();
    let found = system.plan.find(
        arrived,
        None,
        &|_| true,
        &mut clock::Scratch::default(),
        &mut spans,
    );
    rendered
        .iter()
        .zip(times)
        .map(|((i, r), at)| {
            if found.is_err() || at.len() != spans.len() {
                return (*i, r.clone());
            }
            let mut s = Vec::with_capacity(r.len());
            let mut from = 0;
            for (&(a, b), &(x, y)) in at.iter().zip(&spans) {
                s.extend_from_slice(&r.as_bytes()[from..a]);
                s.extend_from_slice(&arrived[x..y]);
                from = b;
            }
            s.extend_from_slice(&r.as_bytes()[from..]);
            (*i, String::from_utf8_lossy(&s).into_owned())
        })
        .collect()
}

/// Sorts `entries` by hash, then offset, and builds their lookup directory: `dir[k]` is the
/// first entry whose hash's top `bits` bits are at least `k`, about two entries per slot.
fn directory(entries: &mut [Entry]) -> (Vec<u32>, u32) {
    entries.sort_unstable_by_key(|e| (e.hash, e.offset));
    let n = entries.len();
    let bits = if n >= 4 {
        (n / 2).ilog2().clamp(1, 31)
    } else {
        1
    };
    let mut dir = Vec::with_capacity((1usize << bits) + 1);
    let mut at = 0usize;
    for k in 0..=(1u64 << bits) {
        while at < n && (entries[at].hash >> (64 - bits)) < k {
            at += 1;
        }
        dir.push(at as u32);
    }
    (dir, bits)
}

/// The offset of the first `\n` in `bytes`, eight bytes at a time.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut chunks = bytes.chunks_exact(8);
    for (i, chunk) in (&mut chunks).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) ^ NEWLINES;
        // The high bit of each byte of `zeros` marks a zero byte of `x`: a newline.
        let zeros = !(((x & LOW7) + LOW7) | x | LOW7);
        if zeros != 0 {
            return Some(i * 8 + zeros.trailing_zeros() as usize / 8);
        }
    }
    let done = bytes.len() - chunks.remainder().len();
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| done + p)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// What a [`Verifier`] saw: counts, and the first few examples of each fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// Expected records: the length of the range, plus the copies of
    /// [`Verifier::expect_again`].
    pub expected: u64,
    /// Records fed.
    pub records: u64,
    /// Expected records that arrived at least once.
    pub found: u64,
    /// Expected records that did not arrive: `expected - found`.
    pub missing: u64,
    /// Records that arrived more often than expected (the extra copies).
    pub duplicated: u64,
    /// Records that match no expected record.
    pub unexpected: u64,
    /// Records whose index is lower than that of the record before them in their source.
    pub out_of_order: u64,
    /// Sources records were fed from.
    pub sources: u64,
    /// The first missing indices, as ranges in increasing order (at most [`SAMPLES`]).
    pub missing_sample: Vec<Range<u64>>,
    /// The lowest indices that arrived more than once (at most [`SAMPLES`]).
    pub duplicated_sample: Vec<Duplicate>,
    /// The first unexpected records (at most [`SAMPLES`]).
    pub unexpected_sample: Vec<Unexpected>,
    /// The first sources with records out of order (at most [`SAMPLES`]).
    pub out_of_order_sample: Vec<OutOfOrder>,
    /// Expected records that arrived only in error documents (Firehose's error output, as
    /// `deliver` writes it under its error prefix): delivery failed them. They are counted in
    /// `missing`, and not in `records` or `unexpected`; each counts once however many error
    /// documents held it, so `failed` is at most `missing`.
    pub failed: u64,
    /// The lowest of them (at most [`SAMPLES`]), each with the first document that held it.
    pub failed_sample: Vec<Failed>,
}

/// An expected record found in an error document instead of its destination.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failed {
    /// Its index.
    pub index: u64,
    /// The object or file of the error document.
    pub source: String,
    /// The document's `errorCode` (or `ErrorCode`), empty when it has none.
    pub error_code: String,
}

/// An expected record that arrived more than once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Duplicate {
    /// Its index.
    pub index: u64,
    /// How many times it arrived. (When several expected records are equal, each arrival
    /// counts for the first not yet found, and the extra copies count for the lowest index.)
    pub copies: u64,
}

/// A record that matched no expected record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unexpected {
    /// Where it came from.
    pub source: String,
    /// Its position in its source, from 1.
    pub position: u64,
    /// Its length in bytes.
    pub len: usize,
    /// Its bytes (the first [`SAMPLE_BYTES`] of them).
    pub record: Vec<u8>,
    /// The expected record closest to it, when one was compared.
    pub closest: Option<Closest>,
    /// Why it cannot be an expected record, when that is known before comparing: on the
    /// system clock, a time value in the wrong format or outside the window.
    pub reason: Option<String>,
}

/// The expected record that shares the longest prefix with an unexpected one. On the system
/// clock, the expected record is shown with the time values of the unexpected one (when they
/// could be read), so that the first difference is in something else.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Closest {
    /// Its index.
    pub index: u64,
    /// The offset of the first byte where the two differ (the length of the shorter, when one
    /// is a prefix of the other).
    pub first_difference: usize,
    /// The expected record.
    pub record: String,
}

/// A source with records out of order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutOfOrder {
    /// Its label.
    pub source: String,
    /// How many of its records came after one with a higher index.
    pub records: u64,
}

impl Report {
    /// Whether everything expected arrived, once, and nothing else did: nothing missing,
    /// nothing unexpected, and no duplicates unless `allow_duplicates`. (Order is information;
    /// check [`Report::out_of_order`] to require it.)
    pub fn is_ok(&self, allow_duplicates: bool) -> bool {
        self.missing == 0 && self.unexpected == 0 && (allow_duplicates || self.duplicated == 0)
    }

    /// The summary line: `verify: E expected, F found, M missing, D duplicated, U unexpected`.
    pub fn summary(&self) -> String {
        format!(
            "verify: {} expected, {} found, {} missing, {} duplicated, {} unexpected",
            self.expected, self.found, self.missing, self.duplicated, self.unexpected
        )
    }

    /// The report as JSON, for machines.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        json!({
            "expected": self.expected,
            "records": self.records,
            "found": self.found,
            "missing": self.missing,
            "duplicated": self.duplicated,
            "unexpected": self.unexpected,
            "out_of_order": self.out_of_order,
            "sources": self.sources,
            "missing_sample": self.missing_sample.iter()
                .map(|r| json!({"start": r.start, "end": r.end})).collect::<Vec<_>>(),
            "duplicated_sample": self.duplicated_sample.iter()
                .map(|d| json!({"index": d.index, "copies": d.copies})).collect::<Vec<_>>(),
            "unexpected_sample": self.unexpected_sample.iter().map(|u| json!({
                "source": u.source,
                "position": u.position,
                "len": u.len,
                "record": String::from_utf8_lossy(&u.record),
                "reason": u.reason,
                "closest": u.closest.as_ref().map(|c| json!({
                    "index": c.index,
                    "first_difference": c.first_difference,
                    "record": c.record,
                })),
            })).collect::<Vec<_>>(),
            "out_of_order_sample": self.out_of_order_sample.iter()
                .map(|o| json!({"source": o.source, "records": o.records})).collect::<Vec<_>>(),
            "failed": self.failed,
            "failed_sample": self.failed_sample.iter()
                .map(|f| json!({"index": f.index, "source": f.source, "error_code": f.error_code}))
                .collect::<Vec<_>>(),
        })
    }
}

/// How every document of Firehose's error output starts.
const ERROR_DOCUMENT: &[u8] = b"{\"attemptsMade\":";

/// The record (`rawData`, base64) and error code of an error document, or `None` when `line`
/// is not one.
fn error_document(line: &[u8]) -> Option<(Vec<u8>, String)> {
    let doc: serde_json::Value = serde_json::from_slice(line).ok()?;
    doc.get("attemptsMade")?;
    let raw = base64_decode(doc.get("rawData")?.as_str()?)?;
    let code = doc
        .get("errorCode")
        .or_else(|| doc.get("ErrorCode"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Some((raw, code))
}

/// Standard base64 with padding; `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let last = i + 1 == bytes.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | digit(c)?;
        }
        n <<= 6 * pad as u32;
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;
const K2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// The 128-bit product of `a` and `b`, its halves folded together.
#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// A fast 64-bit hash of a record (multiply-and-fold over 16-byte words, in the manner of
/// wyhash), for matching within one process: never stored, so it may change between releases.
fn hash(bytes: &[u8]) -> u64 {
    let mut h = K2 ^ (bytes.len() as u64).wrapping_mul(K0);
    let mut chunks = bytes.chunks_exact(16);
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    for c in &mut chunks {
        let (a, b) = (word(&c[..8]), word(&c[8..]));
        h = fold(a ^ K0 ^ h, b ^ K1).wrapping_add(h.rotate_left(29));
    }
    let tail = chunks.remainder();
    let mut last = [0u8; 16];
    last[..tail.len()].copy_from_slice(tail);
    let (a, b) = (word(&last[..8]), word(&last[8..]));
    h = fold(a ^ K0 ^ h, b ^ K1 ^ tail.len() as u64).wrapping_add(h.rotate_left(29));
    fold(h ^ K1, h.rotate_left(32) ^ K2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_what_firehose_writes_and_nothing_else() {
        assert_eq!(base64_decode("b29wcwo=").as_deref(), Some(&b"oops\n"[..]));
        assert_eq!(base64_decode("Zm9vYmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base64_decode("Zg==").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v!mFy"] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_error_document_gives_its_record_and_code() {
        let doc = br#"{"attemptsMade":1,"errorCode":"RecordTooLarge","rawData":"b29wcwo="}"#;
        assert_eq!(
            error_document(doc),
            Some((b"oops\n".to_vec(), "RecordTooLarge".to_owned()))
        );
        assert_eq!(error_document(br#"{"attemptsMade":1}"#), None);
        assert_eq!(error_document(br#"{"rawData":"b29wcwo="}"#), None);
    }

    #[test]
    fn hashes_differ_for_one_changed_byte_and_for_lengths() {
        let base: Vec<u8> = (0..200u8).collect();
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(hash(&base)));
        for i in 0..base.len() {
            for bit in 0..8 {
                let mut b = base.clone();
                b[i] ^= 1 << bit;
                assert!(seen.insert(hash(&b)), "byte {i} bit {bit}");
            }
        }
        for len in 0..base.len() {
            assert!(seen.insert(hash(&base[..len])), "length {len}");
        }
        let ones = [0xffu8; 64];
        for len in 1..64 {
            assert!(seen.insert(hash(&ones[..len])), "0xff bytes {len}");
        }
    }

    #[test]
    fn newlines_are_found_where_they_are() {
        let all: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
        for start in 0..40 {
            for len in 0..40 {
                let s = &all[start..start + len];
                assert_eq!(find_newline(s), s.iter().position(|&b| b == b'\n'));
            }
        }
        let text = "x\u{a0a}\u{10a0a}é\n".as_bytes();
        assert_eq!(find_newline(text), text.iter().position(|&b| b == b'\n'));
    }

    #[test]
    fn equal_expected_records_are_a_multiset() {
        // Ten possible records, a hundred expected: each arrives as often as expected.
        let t = Template::compile("{{random.number(9)}}").unwrap();
        let records: Vec<String> = t.generator(1).take(100).collect();
        let mut v = Verifier::new(&t, 1, 0..100);
        for r in records.iter().rev() {
            v.feed(r.as_bytes());
        }
        let report = v.report();
        assert!(report.is_ok(false), "{report:?}");
        assert_eq!(report.found, 100);
        v.feed(records[3].as_bytes());
        v.feed(b"10");
        let report = v.report();
        assert_eq!((report.duplicated, report.unexpected), (1, 1));
    }

    #[test]
    fn threads_give_the_same_result_and_order_is_per_source() {
        let t = Template::compile("{{random.uuid}}").unwrap();
        let records: Vec<String> = t.generator(5).skip(1000).take(3000).collect();
        for threads in [1, 2, 3, 0] {
            let mut v = Verifier::with_threads(&t, 5, 1000..4000, threads);
            for (i, r) in records.iter().enumerate() {
                v.feed_from(if i % 2 == 0 { "even" } else { "odd" }, r.as_bytes());
            }
            let report = v.report();
            assert!(report.is_ok(false), "{threads}: {report:?}");
            assert_eq!((report.out_of_order, report.sources), (0, 2));
        }
        let mut v = Verifier::new(&t, 5, 1000..4000);
        for r in records.iter().rev() {
            v.feed_from("backwards", r.as_bytes());
        }
        let report = v.report();
        assert_eq!(report.out_of_order, 2999);
        assert_eq!(report.out_of_order_sample[0].records, 2999);
    }

    #[test]
    fn the_closest_record_and_the_first_difference() {
        let t = Template::compile("{{random.uuid}} {{random.number(1000)}}").unwrap();
        let mut records: Vec<String> = t.generator(2).take(500).collect();
        records[300].replace_range(10..11, "#");
        let extra = format!("{}!", records[5]);
        let mut v = Verifier::new(&t, 2, 0..500);
        v.feed_lines(
            "file",
            format!("{}\n{extra}", records.join("\n")).as_bytes(),
        );
        let report = v.report();
        assert_eq!(
            (report.missing, report.unexpected, report.records),
            (1, 2, 501)
        );
        let u = &report.unexpected_sample;
        assert_eq!((u[0].position, u[1].position), (301, 501));
        let c0 = u[0].closest.as_ref().unwrap();
        assert_eq!((c0.index, c0.first_difference), (300, 10));
        let c1 = u[1].closest.as_ref().unwrap();
        // Record 5 itself was found; the hint (the record after 499) is out of range, so the
        // closest is the only missing one.
        assert_eq!(c1.index, 300);
        assert_eq!(report.missing_sample, vec![300..301]);
    }

    #[test]
    fn everything_twice_keeps_the_lowest_duplicates() {
        let t = Template::compile("{{random.uuid}}").unwrap();
        let mut body = String::new();
        t.render_range(4, 0..1000, 1, "\n", &mut body);
        let mut v = Verifier::new(&t, 4, 0..1000);
        v.feed_lines("first", body.as_bytes());
        v.feed_lines("again", body.as_bytes());
        let report = v.report();
        assert_eq!((report.found, report.duplicated), (1000, 1000));
        assert!(report.is_ok(true) && !report.is_ok(false));
        let lowest: Vec<(u64, u64)> = report
            .duplicated_sample
            .iter()
            .map(|d| (d.index, d.copies))
            .collect();
        assert_eq!(lowest, [(0, 2), (1, 2), (2, 2), (3, 2), (4, 2)]);
        assert_eq!(report.out_of_order, 0);
    }

    #[test]
    fn a_line_that_only_starts_like_an_error_document_is_unexpected() {
        let t = Template::compile("{{random.uuid}}").unwrap();
        let mut body = String::new();
        t.render_range(1, 0..10, 1, "\n", &mut body);
        body.push_str("{\"attemptsMade\":1}\n");
        let mut v = Verifier::new(&t, 1, 0..10);
        v.feed_lines("f", body.as_bytes());
        let report = v.report();
        assert_eq!(
            (
                report.found,
                report.records,
                report.unexpected,
                report.failed
            ),
            (10, 11, 1, 0)
        );
        assert_eq!(report.unexpected_sample[0].record, b"{\"attemptsMade\":1}");
        assert!(!report.is_ok(false));
        // One record at a time, the same.
        let mut v = Verifier::new(&t, 1, 0..10);
        for line in body.lines() {
            v.feed_from("f", line.as_bytes());
        }
        assert_eq!(v.report(), report);
    }

    #[test]
    fn failed_counts_records_not_error_documents() {
        let t = Template::compile("{{random.uuid}}").unwrap();
        let records: Vec<String> = t.generator(3).take(10).collect();
        let document = |r: &str, code: &str| {
            let raw = base64_encode(format!("{r}\n").as_bytes());
            format!(r#"{{"attemptsMade":4,"errorCode":"{code}","rawData":"{raw}"}}"#)
        };
        let mut v = Verifier::new(&t, 3, 0..10);
        for (i, r) in records.iter().enumerate() {
            match i {
                // Record 2 failed four times, record 5 once and then was delivered.
                2 => {
                    for _ in 0..4 {
                        v.feed_from("errors", document(r, "E1").as_bytes());
                    }
                }
                5 => {
                    v.feed_from("errors", document(r, "E2").as_bytes());
                    v.feed_from("data", r.as_bytes());
                }
                _ => v.feed_from("data", r.as_bytes()),
            }
        }
        let report = v.report();
        assert_eq!((report.missing, report.failed), (1, 1), "{report:?}");
        assert_eq!(report.failed_sample.len(), 1);
        assert_eq!(
            (
                report.failed_sample[0].index,
                &*report.failed_sample[0].error_code
            ),
            (2, "E1")
        );
        assert_eq!(report.failed_sample[0].source, "errors");
    }

    /// Standard base64 with padding, for the tests' error documents.
    fn base64_encode(bytes: &[u8]) -> String {
        const DIGITS: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let mut n = [0u8; 3];
            n[..chunk.len()].copy_from_slice(chunk);
            let n = u32::from_be_bytes([0, n[0], n[1], n[2]]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(DIGITS[(n >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn an_empty_range_and_no_records() {
        let t = Template::compile("x").unwrap();
        let report = Verifier::new(&t, 0, 5..5).report();
        assert!(report.is_ok(false));
        assert_eq!(
            report.summary(),
            "verify: 0 expected, 0 found, 0 missing, 0 duplicated, 0 unexpected"
        );
        let mut v = Verifier::new(&t, 0, 0..3);
        v.feed(b"y");
        let report = v.report();
        assert_eq!((report.missing, report.unexpected), (3, 1));
        assert_eq!(report.missing_sample, vec![0..3]);
    }
}
