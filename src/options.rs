//! Compile options: delimiters, newline clean-up, escaping, clock, time zone, limits.

pub use crate::syntax::Delimiters;

/// How generated values are escaped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Escape {
    /// JSON escaping when the template is a JSON object or array, text otherwise. A template
    /// that starts like JSON but is not JSON renders as text, with a warning.
    #[default]
    Auto,
    /// The template must be JSON (any JSON value); otherwise compiling fails at the first fault.
    Json,
    /// Values print as KDG prints them, unescaped.
    Text,
}

/// Where `date.*` functions read the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Clock {
    /// Record `i` is at `start_ms + i × step_ms` (Unix milliseconds): reproducible.
    Virtual {
        /// The first record's time, Unix milliseconds.
        start_ms: i64,
        /// Time between records, milliseconds (may be 0 or negative).
        step_ms: i64,
    },
    /// The system clock, read once per record: for live streaming, not reproducible.
    System,
}

impl Clock {
    /// 2026-01-01T00:00:00Z, the default virtual clock's start.
    pub const DEFAULT_START_MS: i64 = 1_767_225_600_000;
    /// 100 ms: ten records per second, the rate of the project's original KDG setup.
    pub const DEFAULT_STEP_MS: i64 = 100;
}

impl Clock {
    /// A virtual clock from text: `start` as ISO 8601 (`2026-01-01T00:00:00Z`, `2026-01-01`)
    /// and `step` as a duration (`100ms`, `1s`, `1.5s`, `2m`, `1h`, `1d`; a bare number is
    /// milliseconds).
    ///
    /// ```
    /// use fakeplate::Clock;
    /// assert_eq!(
    ///     Clock::parse_virtual("1970-01-02", "1.5s"),
    ///     Some(Clock::Virtual { start_ms: 86_400_000, step_ms: 1500 })
    /// );
    /// assert_eq!(Clock::parse_virtual("yesterday", "1s"), None);
    /// ```
    pub fn parse_virtual(start: &str, step: &str) -> Option<Clock> {
        Some(Clock::Virtual {
            start_ms: crate::time::parse::parse_date_time(start)?,
            step_ms: crate::time::parse::parse_duration_ms(step)?,
        })
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::Virtual {
            start_ms: Clock::DEFAULT_START_MS,
            step_ms: Clock::DEFAULT_STEP_MS,
        }
    }
}

/// Limits on what a template may ask for; past one, compiling fails with
/// [`ErrorKind::Limit`](crate::ErrorKind::Limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Largest template, in bytes (default 1 MiB).
    pub template_bytes: usize,
    /// Most tags in one template (default 10,000).
    pub tags: usize,
    /// Deepest nesting of arrays and objects, in arguments and in JSON templates (default 64,
    /// at most [`MAX_DEPTH`](crate::MAX_DEPTH)).
    pub depth: usize,
    /// Most items in one array or object of an argument (default 100,000).
    pub argument_items: usize,
    /// Longest string in an argument, in bytes after escapes (default 64 KiB).
    pub argument_bytes: usize,
    /// Largest count a function may be asked for, as in `random.alphaNumeric(n)` (default 10,000).
    pub count: u64,
    /// Largest record the template may render, in bytes, computed from the longest value each
    /// tag can print (default 1 MiB).
    pub record_bytes: usize,
    /// Largest source of one data set ([`Options::data`]), in bytes (default 64 MiB).
    pub data_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            template_bytes: 1 << 20,
            tags: 10_000,
            depth: 64,
            argument_items: 100_000,
            argument_bytes: 64 << 10,
            count: 10_000,
            record_bytes: 1 << 20,
            data_bytes: 64 << 20,
        }
    }
}

/// Options for [`Template::compile_with`](crate::Template::compile_with).
///
/// ```
/// use fakeplate::{Clock, Options, Template};
///
/// let options = Options::new()
///     .name("events.tmpl")
///     .clock(Clock::Virtual { start_ms: 0, step_ms: 1000 });
/// let t = Template::compile_with("{{date.utc}}", &options)?;
/// let mut records = t.generator(1);
/// assert_eq!(records.next().unwrap(), "1970-01-01T00:00:00Z");
/// assert_eq!(records.next().unwrap(), "1970-01-01T00:00:01Z");
/// # Ok::<(), fakeplate::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub(crate) name: Option<String>,
    pub(crate) delimiters: Delimiters,
    pub(crate) keep_newlines: bool,
    pub(crate) escape: Escape,
    pub(crate) clock: Clock,
    pub(crate) time_zone: crate::TimeZone,
    pub(crate) limits: Limits,
    pub(crate) functions: Vec<crate::Function>,
    pub(crate) data: DataSets,
    pub(crate) schedule: Option<crate::pace::Schedule>,
    pub(crate) late: Option<crate::pace::Late>,
}

/// The data sets of [`Options::data`], by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DataSets(pub Vec<(String, std::sync::Arc<crate::DataSet>)>);

// Cells are finite numbers, booleans, strings and nulls: equality is an equivalence.
impl Eq for DataSets {}

impl Options {
    /// The defaults: automatic delimiters and escaping, newlines removed, the virtual clock from
    /// 2026-01-01T00:00:00Z in 100 ms steps, UTC.
    pub fn new() -> Options {
        Options::default()
    }

    /// A name for the template, printed in front of errors and warnings.
    pub fn name(mut self, name: impl Into<String>) -> Options {
        self.name = Some(name.into());
        self
    }

    /// Which tag delimiters to recognise.
    pub fn delimiters(mut self, delimiters: Delimiters) -> Options {
        self.delimiters = delimiters;
        self
    }

    /// Keep the line breaks of the template's literal text (KDG removes them).
    pub fn keep_newlines(mut self, keep: bool) -> Options {
        self.keep_newlines = keep;
        self
    }

    /// How values are escaped.
    pub fn escape(mut self, escape: Escape) -> Options {
        self.escape = escape;
        self
    }

    /// Where `date.*` read the time.
    pub fn clock(mut self, clock: Clock) -> Options {
        self.clock = clock;
        self
    }

    /// A traffic profile for the virtual clock: record `i` is at the clock's start plus the
    /// schedule's arrival of `i` (its own start is replaced by the clock's), instead of
    /// `start + i × step`. No effect on the system clock.
    ///
    /// ```
    /// use fakeplate::{Clock, Options, Template, pace::Schedule};
    ///
    /// let options = Options::new()
    ///     .clock(Clock::Virtual { start_ms: 0, step_ms: 1000 })
    ///     .schedule(Schedule::parse("steps(2@1s,0@1s)").unwrap());
    /// let t = Template::compile_with("{{date.utc(\"ss.SSS\")}}", &options)?;
    /// let times: Vec<String> = t.generator(0).take(4).collect();
    /// assert_eq!(times, ["00.000", "00.500", "02.000", "02.500"]);
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn schedule(mut self, schedule: crate::pace::Schedule) -> Options {
        self.schedule = Some(schedule);
        self
    }

    /// Late events: the time a late record's `date.*` functions read is moved back by its
    /// [`Late::delay_ms`](crate::pace::Late::delay_ms) for the generator's seed (on either
    /// clock); its place in the stream does not change.
    pub fn late(mut self, late: crate::pace::Late) -> Options {
        self.late = Some(late);
        self
    }

    /// The time zone local times print in (`date.now`, `date.simTime`, `date.format`, and
    /// `date.past` and the others when given a format): UTC by default. `date.utc` and
    /// `date.formatUtc` print UTC whatever the zone.
    ///
    /// ```
    /// use fakeplate::{Clock, Options, Template, TimeZone};
    ///
    /// let options = Options::new()
    ///     .clock(Clock::Virtual { start_ms: 1_782_907_200_000, step_ms: 1000 }) // 2026-07-01T12:00Z
    ///     .time_zone(TimeZone::parse("+05:30").unwrap());
    /// let t = Template::compile_with("{{date.now}}", &options)?;
    /// assert_eq!(t.generator(1).next().unwrap(), "2026-07-01T17:30:00+05:30");
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn time_zone(mut self, zone: crate::TimeZone) -> Options {
        self.time_zone = zone;
        self
    }

    /// A fixed UTC offset to print local times in, seconds east of UTC (within ±24 hours,
    /// checked when compiling): the same as [`Options::time_zone`] with
    /// [`TimeZone::fixed`](crate::TimeZone::fixed), kept for existing callers.
    pub fn utc_offset_secs(mut self, secs: i32) -> Options {
        self.time_zone = crate::TimeZone::fixed_unchecked(secs);
        self
    }

    /// Registers a custom function; templates compiled with these options can call it. Its
    /// name must be a dotted path (`sakila.filmTitle`) that no built-in function has.
    pub fn function(mut self, function: crate::Function) -> Options {
        self.functions.push(function);
        self
    }

    /// Makes a data set available to templates as `data.row("NAME")`,
    /// `data.lookup("NAME", "COLUMN", value)` and the fields of their rows (a second set of
    /// the same name replaces the first).
    ///
    /// ```
    /// use fakeplate::{DataSet, Options, Template};
    /// let stores = DataSet::from_csv(b"store_id,city\n1,Lethbridge\n2,Woodridge\n").unwrap();
    /// let options = Options::new().data("stores", stores);
    /// let t = Template::compile_with(
    ///     r#"{{ set s = data.row("stores") }}{"store": {{ s.store_id }}, "city": "{{ s.city }}"}"#,
    ///     &options,
    /// )?;
    /// let v: serde_json::Value = serde_json::from_str(&t.generator(1).next().unwrap()).unwrap();
    /// assert!(v["store"] == 1 && v["city"] == "Lethbridge" || v["store"] == 2 && v["city"] == "Woodridge");
    /// # Ok::<(), fakeplate::Error>(())
    /// ```
    pub fn data(mut self, name: impl Into<String>, set: crate::DataSet) -> Options {
        let name = name.into();
        self.data.0.retain(|(n, _)| *n != name);
        self.data.0.push((name, std::sync::Arc::new(set)));
        self
    }

    /// Limits on template size and what it may ask for.
    pub fn limits(mut self, limits: Limits) -> Options {
        self.limits = limits;
        self
    }
}
