//! # fakeplate
//!
//! Compile Amazon Kinesis Data Generator (KDG) record templates — text with faker.js tags such
//! as `{{random.number({"min":1,"max":1000})}}` — and render records from them: the same bytes
//! for the same seed, on every platform, millions of records per second.
//!
//! ```
//! use fakeplate::Template;
//!
//! let template = Template::compile(r#"{"film_id":{{random.number({"min":1,"max":1000})}},"state":"{{address.state}}"}"#)?;
//! let mut records = template.generator(42);
//! let first = records.next().unwrap();
//! let value: serde_json::Value = serde_json::from_str(&first).unwrap();
//! assert!((1..=1000).contains(&value["film_id"].as_i64().unwrap()));
//!
//! // The same seed gives the same records; any record can be rendered directly.
//! let mut again = String::new();
//! template.render_record(42, 0, &mut again);
//! assert_eq!(first, again);
//! # Ok::<(), fakeplate::Error>(())
//! ```
//!
//! The template language is KDG's, made strict where KDG silently prints junk: see the README
//! and COMPATIBILITY.md. Records are reproducible: a record is a pure function of the compiled
//! template, the seed, the record's index and the clock settings.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod compile;
mod data;
#[cfg(feature = "delivery")]
pub mod delivery;
mod error;
mod eval;
mod functions;
mod json;
mod kdg;
mod mix;
mod options;
pub mod pace;
mod render;
mod rng;
// Secrets out of messages, for delivery and the sinks (`sink::redact`).
#[cfg(any(feature = "sink", feature = "s3"))]
mod redact;
#[cfg(feature = "sink")]
pub mod sink;
mod syntax;
mod time;
mod value;
pub mod verify;

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::sync::{Arc, Condvar, Mutex, mpsc};

pub use data::{ColumnKind, DataError, DataSet};
pub use error::{Error, ErrorKind, Label, Span, Warning, WarningKind, escape_controls};
pub use functions::custom::{ArgumentError, Context, Function, Render};
pub use functions::{FnDef, Param, Returns, functions};
pub use kdg::kdg_check;
pub use mix::MixError;
pub use options::{Clock, Delimiters, Escape, Limits, Options};
pub use rng::BLOCK_LEN;
pub use rng::Rng;
pub use time::zone::TimeZone;

use compile::Program;

/// The deepest nesting [`Limits::depth`] may allow: arguments are parsed recursively, and this
/// keeps the parser far from the end of any thread's stack.
pub const MAX_DEPTH: usize = 256;

/// A compiled template: cheap to clone, `Send + Sync`, renders any number of records.
#[derive(Clone, Debug)]
pub struct Template {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    program: Program,
    warnings: Vec<Warning>,
    clock: Clock,
    zone: TimeZone,
    /// The traffic profile of a virtual clock, started at the clock's start.
    schedule: Option<pace::Schedule>,
    late: Option<pace::Late>,
    /// The templates of a mix ([`Template::mix`]); `program` is then empty.
    mix: Option<mix::Mix>,
}

impl Template {
    /// Compiles a template with the default [`Options`].
    ///
    /// ```
    /// let err = fakeplate::Template::compile("{{random.number({\"min\":5,\"max\":1})}}").unwrap_err();
    /// assert_eq!(err.to_string(), "1:24: min (5) is greater than max (1)");
    /// ```
    pub fn compile(source: &str) -> Result<Template, Error> {
        Template::compile_with(source, &Options::default())
    }

    /// Compiles a template with the given options.
    pub fn compile_with(source: &str, options: &Options) -> Result<Template, Error> {
        let name = options.name.as_deref();
        if options
            .time_zone
            .fixed_offset()
            .is_some_and(|secs| !(-86_400 < secs && secs < 86_400))
        {
            return Err(Error::new(
                ErrorKind::BadOptions,
                "the UTC offset must be within ±24 hours",
            )
            .with_name(name));
        }
        for f in &options.functions {
            let parts: Vec<&str> = f.name.split('.').collect();
            let valid = parts.len() >= 2
                && parts.iter().all(|p| {
                    p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
                        && p.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                });
            if !valid {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("custom function name `{}` must be a dotted path such as `sakila.filmTitle`", error::shorten(&f.name)),
                )
                .with_name(name));
            }
            if functions().any(|b| b.name == f.name) {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!(
                        "custom function `{}` has the name of a built-in function",
                        f.name
                    ),
                )
                .with_name(name));
            }
        }
        if options.limits.depth > MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::BadOptions,
                format!("the nesting depth limit can be at most {MAX_DEPTH}"),
            )
            .with_name(name));
        }
        let mut warnings = Vec::new();
        let program =
            compile::compile(source, options, &mut warnings).map_err(|e| e.with_name(name))?;
        Ok(Template {
            inner: Arc::new(Inner {
                program,
                warnings,
                clock: options.clock,
                zone: options.time_zone,
                schedule: match (options.clock, &options.schedule) {
                    (Clock::Virtual { start_ms, .. }, Some(s)) => {
                        Some(s.clone().start_ms(start_ms))
                    }
                    _ => None,
                },
                late: options.late,
                mix: None,
            }),
        })
    }

    /// Compiles `source` as the key template of this template's records (a Kinesis partition
    /// key, a Kafka key): besides everything a template may hold, it may name the values the
    /// record's `set` statements bind (`{{ customer_id }}`), read with [`Generator::key_into`].
    /// Its own randomness comes from the generator it is rendered with.
    ///
    /// ```
    /// let t = fakeplate::Template::compile(
    ///     r#"{{ set customer = random.number(99) }}{"customer": {{ customer }}}"#,
    /// )?;
    /// let key = t.key_template("c-{{ customer }}", &Default::default())?;
    /// let (mut records, mut keys) = (t.generator(1), key.generator(2));
    /// let (mut record, mut k) = (String::new(), String::new());
    /// records.next_into(&mut record);
    /// records.key_into(&mut keys, &mut k);
    /// let v: serde_json::Value = serde_json::from_str(&record).unwrap();
    /// assert_eq!(k, format!("c-{}", v["customer"]));
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn key_template(&self, source: &str, options: &Options) -> Result<Template, Error> {
        if let Some(mix) = &self.inner.mix {
            return Template::mixed_key_template(mix, source, options);
        }
        let name = options.name.as_deref();
        let mut warnings = Vec::new();
        let program = compile::compile_key(source, options, &self.inner.program, &mut warnings)
            .map_err(|e| e.with_name(name))?;
        Ok(Template {
            inner: Arc::new(Inner {
                program,
                warnings,
                clock: options.clock,
                zone: options.time_zone,
                // A key reads the time of the record it is rendered with.
                schedule: None,
                late: None,
                mix: None,
            }),
        })
    }

    /// Compiles template bytes, as read from a file or a socket: invalid UTF-8 is an
    /// [`ErrorKind::Encoding`] error at the first bad byte. A byte order mark at the start is
    /// skipped.
    ///
    /// ```
    /// let err = fakeplate::Template::compile_bytes(b"ok\n{{name.lastName}} \xff", &Default::default())
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "2:19: invalid UTF-8: byte 0xff here is not text");
    /// ```
    pub fn compile_bytes(source: &[u8], options: &Options) -> Result<Template, Error> {
        // A byte order mark at the start is not part of the template (editors on Windows add it).
        let source = source.strip_prefix("\u{feff}".as_bytes()).unwrap_or(source);
        match std::str::from_utf8(source) {
            Ok(text) => Template::compile_with(text, options),
            Err(e) => {
                let at = e.valid_up_to();
                let shown = String::from_utf8_lossy(source);
                Err(Error::at(
                    ErrorKind::Encoding,
                    match e.error_len() {
                        Some(_) => {
                            format!("invalid UTF-8: byte {:#04x} here is not text", source[at])
                        }
                        None => "invalid UTF-8: the text ends inside a character".to_owned(),
                    },
                    &shown,
                    Span::new(at, at + 1),
                )
                .with_name(options.name.as_deref()))
            }
        }
    }

    /// The KDG quirks the compiler accepted, with their positions.
    ///
    /// ```
    /// let t = fakeplate::Template::compile("{{date.now(YYYY-MM-DD)}}")?;
    /// assert_eq!(t.warnings().len(), 1);
    /// assert_eq!(t.warnings()[0].kind(), fakeplate::WarningKind::BareWordArgument);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.inner.warnings
    }

    /// An upper bound on the bytes of one record, known at compile time (and at most
    /// [`Limits::record_bytes`]): enough to size a buffer once.
    ///
    /// ```
    /// let t = fakeplate::Template::compile("id={{random.uuid}}")?;
    /// assert!(t.max_record_bytes() >= 39);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn max_record_bytes(&self) -> usize {
        self.inner.program.max_record_bytes
    }

    /// Whether the template is JSON, so that every record is valid JSON.
    pub fn is_json(&self) -> bool {
        self.inner.program.json
    }

    /// An endless, reproducible stream of records for `seed`, from record 0.
    pub fn generator(&self, seed: u64) -> Generator {
        Generator {
            template: self.clone(),
            seed,
            index: 0,
            rng: Rng::for_block(seed, 0),
            scratch: String::new(),
            caches: vec![functions::TextCache::default(); self.inner.program.caches as usize],
            state: eval::State::new(self.inner.program.slots, &self.inner.program.data),
            now_ms: 0,
            arrivals: self.inner.schedule.as_ref().map(pace::Schedule::cursor),
            members: self.inner.mix.as_ref().map(|m| m.members(seed)),
        }
    }

    /// The traffic profile records are stamped by ([`Options::schedule`] on a virtual clock),
    /// started at the clock's start.
    pub fn schedule(&self) -> Option<&pace::Schedule> {
        self.inner.schedule.as_ref()
    }

    /// When record `index` arrives, Unix milliseconds: under the schedule, or at
    /// `start + index × step` on the virtual clock; now on the system clock. Without late
    /// events ([`Options::late`]), the time its `date.*` functions read.
    ///
    /// ```
    /// use fakeplate::{Clock, Options, Template};
    /// let t = Template::compile_with("x", &Options::new().clock(Clock::Virtual { start_ms: 5, step_ms: 10 }))?;
    /// assert_eq!(t.arrival_ms(3), 35);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn arrival_ms(&self, index: u64) -> i64 {
        match &self.inner.schedule {
            Some(s) => s.arrival_ms(index),
            None => time::record_time(self.inner.clock, index),
        }
    }

    /// Appends record `index` of `seed` to `out`: the same bytes as the `index`-th record of
    /// [`generator(seed)`](Template::generator). Costs at most one block
    /// ([`BLOCK_LEN`] records) of rendering.
    ///
    /// ```
    /// let t = fakeplate::Template::compile("{{random.uuid}}")?;
    /// let mut one = String::new();
    /// t.render_record(7, 1000, &mut one);
    /// assert_eq!(Some(one), t.generator(7).nth(1000));
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn render_record(&self, seed: u64, index: u64, out: &mut String) {
        let mut g = self.generator(seed);
        g.seek(index);
        g.next_into(out);
    }
}

/// Most records in one task of parallel work (64 blocks): tasks are whole blocks, so that every
/// thread starts on a block boundary and renders exactly what the sequential generator renders.
const MAX_TASK_RECORDS: u64 = 64 * BLOCK_LEN;
/// What the records of one task may reach by [`Template::max_record_bytes`] before tasks get
/// shorter (down to one block): large records still make enough tasks to share among threads.
/// At most [`PIECES_QUEUED`] pieces, so that a worker never waits to hand over a task that the
/// writer has not reached yet: it finishes the task and takes the next.
const TASK_BYTES: usize = 2 * PIECE_BYTES;
/// A buffer of rendered records is written, or handed to the writing thread, once it holds this
/// many bytes: memory follows the number of threads, not the size of tasks or records. Small
/// enough to stay in a core's L2 cache while it fills: one thread rendered sakila to
/// `/dev/null` in 1.3–1.5 s per 10 M records with 256 KiB, 1.8–2.0 s with 1 MiB.
const PIECE_BYTES: usize = 256 << 10;
/// Buffers one task may have waiting for the writing thread: a whole task's (two full pieces
/// and the rest, by the bound of [`TASK_BYTES`]). When a worker had to wait here for the tasks
/// before its own to be written, two threads rendered sakila at 1.0–1.2× one thread.
const PIECES_QUEUED: usize = 3;
/// Most worker threads per available core, and overall.
const THREADS_PER_CORE: usize = 4;
const MAX_THREADS: usize = 256;
/// Most bytes reserved up front for one record in a buffer (longer records grow it).
const MAX_RESERVE: usize = 16 << 20;

impl Template {
    /// Appends records `range` of `seed` to `out`, each followed by `delimiter`, rendered on
    /// `threads` threads (0 means one per available core; see [`write_range`] for the bounds).
    /// The bytes equal those of the sequential [`Generator`], whatever the thread count.
    ///
    /// ```
    /// let t = fakeplate::Template::compile("{{random.number}}")?;
    /// let mut parallel = String::new();
    /// t.render_range(1, 0..5000, 4, "\n", &mut parallel);
    /// let sequential: String = t.generator(1).take(5000).map(|r| r + "\n").collect();
    /// assert_eq!(parallel, sequential);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    ///
    /// [`write_range`]: Template::write_range
    pub fn render_range(
        &self,
        seed: u64,
        range: Range<u64>,
        threads: usize,
        delimiter: &str,
        out: &mut String,
    ) {
        // Writing into a String cannot fail.
        let _ = self.write_range(seed, range, threads, delimiter, &mut StringSink(out));
    }

    /// Writes records `range` of `seed` to `w`, each followed by `delimiter`, rendered on
    /// `threads` threads (0 means one per available core), in order. The bytes equal those of
    /// the sequential [`Generator`], whatever the thread count.
    ///
    /// The range is cut into tasks of whole blocks ([`BLOCK_LEN`] records): 64 blocks, or
    /// fewer when [`max_record_bytes`](Template::max_record_bytes) says that records are large
    /// (down to one block), and workers take tasks in order. Fewer threads than asked are used
    /// when there are fewer tasks, and never more than 4 per available core nor 256 in all; if
    /// the system refuses to start a thread, the range is rendered on those that started (or
    /// on the calling thread).
    ///
    /// Memory stays bounded whatever the size of records: rendered records are written, or
    /// handed to this thread to write, in buffers of about 256 KiB, and a worker may run only a
    /// few buffers and tasks ahead of the writer — a few MiB per thread.
    pub fn write_range(
        &self,
        seed: u64,
        range: Range<u64>,
        threads: usize,
        delimiter: &str,
        w: &mut dyn io::Write,
    ) -> io::Result<()> {
        if range.is_empty() {
            return Ok(());
        }
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = match threads {
            0 => cores,
            n => n,
        };
        // Task boundaries fall on multiples of `task` (hence on block boundaries).
        let per_record = self
            .max_record_bytes()
            .saturating_add(delimiter.len())
            .max(1);
        let blocks = u64::try_from(TASK_BYTES / per_record).unwrap_or(u64::MAX) / BLOCK_LEN;
        let task = blocks.clamp(1, MAX_TASK_RECORDS / BLOCK_LEN) * BLOCK_LEN;
        let first = range.start / task;
        let count = (range.end - 1) / task - first + 1;
        let threads = threads
            .min(usize::try_from(count).unwrap_or(usize::MAX))
            .min(cores.saturating_mul(THREADS_PER_CORE))
            .min(MAX_THREADS);
        if threads <= 1 {
            return self.render_pieces(seed, range, delimiter, &mut String::new(), |buf| {
                w.write_all(buf.as_bytes())?;
                buf.clear();
                Ok(())
            });
        }
        let bound = |i: u64| -> Range<u64> {
            // `first + i <= (end - 1) / task`, so the start cannot overflow.
            let c = first + i;
            let lo = (c * task).max(range.start);
            let hi = c.saturating_add(1).saturating_mul(task).min(range.end);
            lo..hi
        };
        // Workers take tasks in order, at most `window` ahead of the one being written, and send
        // each task's buffers through a channel of its own; this thread writes the tasks' channels
        // in order and returns the buffers to a pool.
        let window = 2 * threads as u64;
        let state = Mutex::new(Tasks {
            next: 0,
            written: 0,
            ready: BTreeMap::new(),
            workers: 0,
            stop: false,
        });
        let changed = Condvar::new();
        let pool: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let spare = || lock(&pool).pop().unwrap_or_default();
        let work = || {
            let _alive = Alive(&state, &changed);
            loop {
                let (i, tx) = {
                    let mut st = lock(&state);
                    loop {
                        if st.stop || st.next >= count {
                            return;
                        }
                        if st.next < st.written.saturating_add(window) {
                            break;
                        }
                        st = changed
                            .wait(st)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                    let i = st.next;
                    st.next += 1;
                    let (tx, rx) = mpsc::sync_channel(PIECES_QUEUED);
                    st.ready.insert(i, rx);
                    changed.notify_all();
                    (i, tx)
                };
                let mut buf = spare();
                let sent = self.render_pieces(seed, bound(i), delimiter, &mut buf, |buf| {
                    // A closed channel means the writer stopped.
                    tx.send(std::mem::replace(buf, spare()))
                        .map_err(|_| io::Error::other("the writer stopped"))
                });
                lock(&pool).push(buf);
                if sent.is_err() {
                    return;
                }
            }
        };
        std::thread::scope(|s| {
            for _ in 0..threads {
                lock(&state).workers += 1;
                let spawned = std::thread::Builder::new()
                    .name("fakeplate-render".to_owned())
                    .spawn_scoped(s, work);
                if spawned.is_err() {
                    // The system has no more threads to give: go on with those that started.
                    lock(&state).workers -= 1;
                    break;
                }
            }
            let result = if lock(&state).workers == 0 {
                lock(&state).stop = true;
                self.render_pieces(seed, range.clone(), delimiter, &mut String::new(), |buf| {
                    w.write_all(buf.as_bytes())?;
                    buf.clear();
                    Ok(())
                })
            } else {
                write_in_order(&state, &changed, count, &pool, w)
            };
            // Stop the workers, even those waiting to send to a channel nobody will read.
            let mut st = lock(&state);
            st.stop = true;
            st.ready.clear();
            changed.notify_all();
            result
        })
    }

    /// Renders records `records` into `buf`, each followed by `delimiter`, and calls `flush`
    /// whenever `buf` holds [`PIECE_BYTES`] or more, and at the end; `flush` empties `buf`.
    fn render_pieces(
        &self,
        seed: u64,
        records: Range<u64>,
        delimiter: &str,
        buf: &mut String,
        mut flush: impl FnMut(&mut String) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut g = self.generator(seed);
        g.seek(records.start);
        // Room for a whole piece and one more record, reserved exactly: buffers do not double.
        let room = PIECE_BYTES
            .saturating_add(self.max_record_bytes().min(MAX_RESERVE))
            .saturating_add(delimiter.len());
        for _ in records {
            if buf.capacity() < room {
                buf.reserve_exact(room - buf.len());
            }
            g.next_into(buf);
            buf.push_str(delimiter);
            if buf.len() >= PIECE_BYTES {
                flush(buf)?;
            }
        }
        if !buf.is_empty() {
            flush(buf)?;
        }
        Ok(())
    }
}

/// The tasks of [`Template::write_range`], shared by its workers and its writer.
struct Tasks {
    /// The next task to hand out.
    next: u64,
    /// Tasks written so far (the writer is on task `written`).
    written: u64,
    /// The buffers of tasks handed out and not yet written, by task.
    ready: BTreeMap<u64, mpsc::Receiver<String>>,
    /// Workers still running.
    workers: usize,
    /// Set when the writer is done or failed: workers stop.
    stop: bool,
}

/// Counts a worker out when it ends, even by a panic, so that the writer never waits for it.
struct Alive<'a>(&'a Mutex<Tasks>, &'a Condvar);

impl Drop for Alive<'_> {
    fn drop(&mut self) {
        lock(self.0).workers -= 1;
        self.1.notify_all();
    }
}

/// Writes the buffers of tasks `0..count` in task order, as they arrive, and returns them to
/// `pool`. Returning drops the receiver in hand; the caller then stops the workers.
fn write_in_order(
    state: &Mutex<Tasks>,
    changed: &Condvar,
    count: u64,
    pool: &Mutex<Vec<String>>,
    w: &mut dyn io::Write,
) -> io::Result<()> {
    loop {
        let rx = {
            let mut st = lock(state);
            loop {
                if st.written >= count {
                    return Ok(());
                }
                let written = st.written;
                if let Some(rx) = st.ready.remove(&written) {
                    break rx;
                }
                if st.workers == 0 {
                    // Only a panicking worker leaves a task unstarted; the scope re-raises it.
                    return Ok(());
                }
                st = changed
                    .wait(st)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        };
        for mut buf in rx {
            w.write_all(buf.as_bytes())?;
            buf.clear();
            lock(pool).push(buf);
        }
        lock(state).written += 1;
        changed.notify_all();
    }
}

/// Locks a mutex, ignoring poisoning: the pool only holds spare buffers, and the task state
/// stays consistent between statements.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Lets [`Template::render_range`] share [`Template::write_range`].
struct StringSink<'a>(&'a mut String);

impl io::Write for StringSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Only whole records, rendered from `&str`, reach this sink.
        let text = std::str::from_utf8(bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.0.push_str(text);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Internals for benchmarks and tests: the random source, so that a hand-written function can
/// draw exactly what a template draws, and the render loop without its fused ops. Not covered
/// by semver.
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod internals {
    pub use crate::rng::Rng;

    /// `random.normal`'s standard normal draw.
    pub fn standard_normal(rng: &mut Rng) -> f64 {
        crate::functions::sample::normal(rng)
    }

    /// `random.zipf`'s sampler for `n` ranks and exponent `s`.
    pub struct Zipf(crate::functions::sample::Zipf);

    impl Zipf {
        pub fn new(n: u64, s: f64) -> Zipf {
            Zipf(crate::functions::sample::Zipf::new(n, s))
        }

        /// A rank in `1..=n`.
        pub fn sample(&self, rng: &mut Rng) -> u64 {
            self.0.sample_rank(rng)
        }
    }

    /// `random.unique`'s permutation of `0..n`.
    pub fn permute(x: u64, n: u64, key: u64) -> u64 {
        crate::functions::sample::permute(x, n, key)
    }

    /// `math.round`.
    pub fn round_half_up(x: f64, digits: i32) -> f64 {
        crate::eval::round_half_up(x, digits)
    }

    /// Renders `g`'s next record like [`Generator::next_into`](crate::Generator::next_into),
    /// but op by op, each run the compiler fused opened into its parts: the same bytes, by
    /// another path (the fuzz target `render` compares them).
    pub fn next_op_by_op(g: &mut crate::Generator, out: &mut String) {
        g.next_marked(out, &mut crate::render::OneByOne);
    }
}

/// A stream of records from one template and seed.
///
/// As an [`Iterator`] it yields owned `String`s; [`Generator::next_into`] appends to a buffer the
/// caller reuses, which allocates nothing once the buffer is large enough.
pub struct Generator {
    template: Template,
    seed: u64,
    index: u64,
    rng: Rng,
    scratch: String,
    caches: Vec<functions::TextCache>,
    /// Values of language v2 for the record being rendered.
    state: eval::State,
    /// The time of the record rendered last (for its key).
    now_ms: i64,
    /// Arrival times under the template's schedule, when it has one.
    arrivals: Option<pace::Cursor>,
    /// The generators of a mix's templates.
    members: Option<mix::Members>,
}

impl Generator {
    /// The index of the record the next call renders.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Moves to record `index`, rendering at most one block of records to get there.
    pub fn seek(&mut self, index: u64) {
        let block = index / BLOCK_LEN;
        if block != self.index / BLOCK_LEN || index < self.index {
            self.rng.set_block(block);
            self.index = block * BLOCK_LEN;
        }
        let mut skipped = String::new();
        while self.index < index {
            skipped.clear();
            self.next_into(&mut skipped);
        }
    }

    /// Appends the next record to `out` (without a line break).
    ///
    /// ```
    /// let t = fakeplate::Template::compile("{{random.number(9)}}")?;
    /// let mut records = t.generator(3);
    /// let mut buf = String::new();
    /// for _ in 0..3 {
    ///     records.next_into(&mut buf);
    ///     buf.push('\n');
    /// }
    /// assert_eq!(buf.lines().count(), 3);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    #[inline]
    pub fn next_into(&mut self, out: &mut String) {
        self.next_marked(out, &mut ());
    }

    /// [`next_into`](Generator::next_into), telling `marks` where each op's output went (a
    /// mix tells nothing: [`crate::verify`] refuses mixes on the system clock).
    #[inline]
    pub(crate) fn next_marked<M: render::Marks>(&mut self, out: &mut String, marks: &mut M) {
        if self.members.is_some() {
            return self.next_mixed(out);
        }
        if self.index % BLOCK_LEN == 0 && self.index != 0 {
            self.rng.set_block(self.index / BLOCK_LEN);
        }
        let now_ms = self.event_ms();
        self.render_at(now_ms, out, marks);
    }

    /// The time record `self.index`'s `date.*` functions read: its arrival, moved back when
    /// it is a late event.
    #[inline]
    fn event_ms(&mut self) -> i64 {
        let inner = &*self.template.inner;
        let mut now_ms = match &mut self.arrivals {
            Some(c) => c.arrival_ms(self.index),
            None => time::record_time(inner.clock, self.index),
        };
        if let Some(late) = &inner.late {
            now_ms = now_ms.saturating_sub(late.delay_ms(self.seed, self.index));
        }
        now_ms
    }

    /// Renders record `self.index` at time `now_ms` and moves to the next.
    #[inline]
    fn render_at<M: render::Marks>(&mut self, now_ms: i64, out: &mut String, marks: &mut M) {
        let inner = &*self.template.inner;
        self.now_ms = now_ms;
        let mut cx = functions::Cx {
            rng: &mut self.rng,
            index: self.index,
            seed: self.seed,
            now_ms,
            zone: inner.zone,
            caches: &mut self.caches,
        };
        render::render_marked(
            &inner.program,
            &mut cx,
            out,
            &mut self.scratch,
            &mut self.state,
            true,
            marks,
        );
        self.index = self.index.wrapping_add(1);
    }

    /// Appends the next record of `keys` (a generator of a [`Template::key_template`] of this
    /// generator's template) to `out`, reading the values of the record this generator rendered
    /// last; on its own, a key template sees those names as null.
    pub fn key_into(&mut self, keys: &mut Generator, out: &mut String) {
        if self.members.is_some() {
            return self.key_mixed(keys, out);
        }
        if keys.index % BLOCK_LEN == 0 && keys.index != 0 {
            keys.rng.set_block(keys.index / BLOCK_LEN);
        }
        let inner = &*keys.template.inner;
        self.state.reserve_slots(inner.program.slots);
        let mut cx = functions::Cx {
            rng: &mut keys.rng,
            index: keys.index,
            seed: keys.seed,
            now_ms: self.now_ms,
            zone: inner.zone,
            caches: &mut keys.caches,
        };
        render::render(
            &inner.program,
            &mut cx,
            out,
            &mut keys.scratch,
            &mut self.state,
            false,
        );
        keys.index = keys.index.wrapping_add(1);
    }
}

impl Generator {
    /// The next record parsed as JSON; `Err` only for templates that are not JSON.
    ///
    /// ```
    /// let t = fakeplate::Template::compile(r#"{"n":{{random.number(9)}},"who":"{{name.lastName}}"}"#)?;
    /// let v = t.generator(1).next_json().unwrap();
    /// assert!(v["n"].as_u64().unwrap() <= 9);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn next_json(&mut self) -> Result<serde_json::Value, serde_json::Error> {
        let mut record = std::mem::take(&mut self.scratch);
        record.clear();
        self.next_into(&mut record);
        let value = serde_json::from_str(&record);
        self.scratch = record;
        value
    }

    /// Writes the next `count` records to `w`, each followed by `delimiter` (`"\n"` gives
    /// newline-delimited JSON for a JSON template), through one reused buffer.
    ///
    /// ```
    /// let t = fakeplate::Template::compile("{{random.uuid}}")?;
    /// let mut out = Vec::new();
    /// t.generator(5).write_records(3, "\n", &mut out)?;
    /// assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_records(
        &mut self,
        count: u64,
        delimiter: &str,
        w: &mut dyn io::Write,
    ) -> io::Result<()> {
        const FLUSH_AT: usize = 64 * 1024;
        let mut buf = String::with_capacity(FLUSH_AT + 1024);
        for _ in 0..count {
            self.next_into(&mut buf);
            buf.push_str(delimiter);
            if buf.len() >= FLUSH_AT {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        w.write_all(buf.as_bytes())
    }
}

impl Iterator for Generator {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let mut out = String::new();
        self.next_into(&mut out);
        Some(out)
    }

    fn nth(&mut self, n: usize) -> Option<String> {
        self.seek(self.index.saturating_add(n as u64));
        self.next()
    }
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("seed", &self.seed)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// The README's examples run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
