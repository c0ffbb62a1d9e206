//! Verifying records rendered on the system clock: where their time values are, known from the
//! compiled program, and the record with them cut out (its skeleton), which does not depend on
//! the clock.
//!
//! A record is a pure function of (template, seed, index, clock), and a record's random draws
//! do not depend on the clock: only the text of its time values does. So an expected record is
//! rendered with the places of its time values marked, and hashed with each of them replaced by
//! one placeholder byte (`0xFF`, which UTF-8 text never holds). A record that arrived has its
//! time values found by the program's knowledge — for each time value, the literal text the
//! program prints right before it, and its format's shape, read back with the moment.js token
//! list — checked to be of an instant inside the window, replaced the same way, and hashed.
//!
//! What is a time value: the output of `date.now`, `date.utc` and `date.simTime` (any format);
//! of `date.past`, `date.recent`, `date.future` and `date.soon` without a `refDate` (the
//! record's time plus a random span drawn as on any clock: their window is widened by the
//! span); and in language v2, `record.time`, those calls kept as dates, and `date.format` and
//! `date.add` of them, printed directly or through a `set` name. `date.add` by a constant
//! amount of a unit of fixed length (ms to weeks) shifts the window; by a drawn amount or a
//! calendar unit, only the format is checked. Anything else computed from the record's time (a
//! comparison, `date.diff`, arithmetic, a condition, an array or object holding it, a custom
//! function, which may read the clock) could change the record's other bytes or its draws, and
//! is refused with an error that names it and the text before its tag.

use crate::Template;
use crate::compile::{Op, Post};
use crate::eval::{Code, Unit};
use crate::functions::date::{self, Out, Source};
use crate::functions::{Func, Hot};
use crate::json::Context;
use crate::render::Marks;
use crate::time::moment::MomentFormat;
use crate::time::moment::shape::Misread;

/// The placeholder of a time value in a skeleton.
pub(crate) const PLACEHOLDER: u8 = 0xFF;
/// The most time values read per arriving record while looking for its time values.
const BUDGET: u32 = 256;

/// One place in the program that prints a time value.
#[derive(Debug)]
pub(crate) struct Site {
    /// The literal text printed right before the value.
    anchor: Box<[u8]>,
    /// Whether the anchor starts where the previous value (or the record) ends.
    fixed: bool,
    fmt: MomentFormat,
    utc: bool,
    /// How far the value's instant may be from the record's time, milliseconds.
    shift: (i64, i64),
    /// In a JSON value position: the value may be quoted.
    value: bool,
}

/// Where a template's records hold time values.
#[derive(Debug)]
pub(crate) struct Plan {
    sites: Vec<Site>,
    is_site: Vec<bool>,
    zone: crate::TimeZone,
}

/// Why an arriving record's time values could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Misfit {
    /// The byte where the time value was looked for.
    pub at: usize,
    pub what: Misread,
    /// The format, as moment.js text.
    pub format: String,
}

impl Misfit {
    /// For the report.
    pub(crate) fn message(&self) -> String {
        match self.what {
            Misread::Shape => format!(
                "the time value at byte {} does not match format {}",
                self.at, self.format
            ),
            Misread::Window => format!(
                "the time value at byte {} (format {}) is outside the window",
                self.at, self.format
            ),
        }
    }
}

/// What is known of a v2 value.
#[derive(Clone, Copy, Debug)]
enum Kind<'a> {
    Clean,
    /// A time value: how it prints, its shift from the record's time, and whether it is the
    /// instant itself (not a call's text, which a date function would read back inexactly).
    Time(&'a Out, i64, i64, bool),
}

impl Plan {
    /// The time values of `template`'s records, or why they cannot be told from the program.
    pub(crate) fn new(template: &Template) -> Result<Plan, String> {
        let inner = &*template.inner;
        if inner.mix.is_some() {
            return Err(
                "a mix of several templates cannot be verified on the system clock yet; verify a virtual-clock run of the mix, or a system-clock run of each template"
                    .into(),
            );
        }
        if inner.late.is_some() {
            return Err(
                "late events (--late) move time values back by a delay that depends on the record; a system-clock run with them cannot be verified"
                    .into(),
            );
        }
        let program = &inner.program;
        let printers = &program.printers[..];
        let mut slots: Vec<Kind> = vec![Kind::Clean; program.slots as usize];
        let mut sites = Vec::new();
        let mut is_site = vec![false; program.units().count()];
        // The literal text since the last op that was not literal, and whether that op was a
        // time value (or the record's start).
        let mut lit: Vec<u8> = Vec::new();
        let mut fixed = true;
        let mut suffix: Vec<u8> = Vec::new();
        for (i, op) in program.units().enumerate() {
            let where_ = || {
                let text = String::from_utf8_lossy(&lit);
                let tail: String = text
                    .chars()
                    .rev()
                    .take(24)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!(
                    "the tag after `{}`",
                    tail.replace('\n', "\\n").replace('\t', "\\t")
                )
            };
            let found: Option<(Out, i64, i64, bool, bool)> = match op {
                Op::Lit(text) => {
                    lit.extend_from_slice(text.as_bytes());
                    continue;
                }
                Op::Set(slot, code) => {
                    let kind = kind(code, &slots, printers).map_err(|c| {
                        format!(
                            "{c} in {}: a system-clock run cannot be verified through it",
                            where_()
                        )
                    })?;
                    if let Some(s) = slots.get_mut(*slot as usize) {
                        *s = kind;
                    }
                    continue;
                }
                Op::Hot(Hot::Now(out, _)) => Some(((**out).clone(), 0, 0, false, false)),
                // The number after the text ends the anchor as any value does.
                Op::Hot(_) | Op::LitInt(..) => None,
                // `units` opens each clock into its literals and times.
                Op::Clock(_) => None,
                Op::Call(func, post) => match func_kind(func) {
                    Err(c) => {
                        return Err(format!(
                            "{c} in {}: a system-clock run cannot be verified through it",
                            where_()
                        ));
                    }
                    Ok(Some((out, lo, hi))) => Some((
                        out.clone(),
                        lo,
                        hi,
                        *post == Post::JsonValue,
                        *post == Post::Escape,
                    )),
                    Ok(None) => None,
                },
                Op::Print(code, ctx) => match kind(code, &slots, printers) {
                    Err(c) => {
                        return Err(format!(
                            "{c} in {}: a system-clock run cannot be verified through it",
                            where_()
                        ));
                    }
                    Ok(Kind::Time(out, lo, hi, _)) => Some((
                        out.clone(),
                        lo,
                        hi,
                        *ctx == Context::Value,
                        *ctx == Context::InString,
                    )),
                    Ok(Kind::Clean) => None,
                },
            };
            match found {
                Some((out, lo, hi, value, escaped)) => {
                    let (fmt, utc) = out.format();
                    if escaped && needs_escape(fmt) {
                        return Err(format!(
                            "the time format {} in {} has text that JSON escapes; a system-clock run with it cannot be verified",
                            fmt.text(),
                            where_()
                        ));
                    }
                    let mut anchor = std::mem::take(&mut suffix);
                    anchor.append(&mut lit);
                    sites.push(Site {
                        anchor: anchor.into(),
                        fixed,
                        fmt: fmt.clone(),
                        utc,
                        shift: (lo, hi),
                        value,
                    });
                    is_site[i] = true;
                    fixed = true;
                }
                None => {
                    // The text every pick of a choice ends with anchors what follows too.
                    suffix = match op {
                        Op::Hot(Hot::Choice(items) | Hot::Weighted(_, items))
                        | Op::Call(Func::Choice(items) | Func::Weighted(_, items), Post::None) => {
                            common_suffix(items)
                        }
                        _ => Vec::new(),
                    };
                    lit.clear();
                    fixed = false;
                }
            }
        }
        Ok(Plan {
            sites,
            is_site,
            zone: inner.zone,
        })
    }

    /// How many time values each record has.
    pub(crate) fn sites(&self) -> usize {
        self.sites.len()
    }

    /// A recorder of where the time values of a record being rendered went.
    pub(crate) fn marks(&self) -> SiteMarks<'_> {
        SiteMarks {
            is_site: &self.is_site,
            spans: Vec::with_capacity(self.sites.len()),
        }
    }

    /// Finds the time values of `record` (each of an instant within `window` widened by its
    /// shift) such that its skeleton's hash satisfies `known`: the hash (and the values' spans
    /// in `spans`), or why the time values could not be read (`None` when they could but the
    /// rest is not an expected record).
    pub(crate) fn find(
        &self,
        record: &[u8],
        window: Option<(i64, i64)>,
        known: &dyn Fn(u64) -> bool,
        scratch: &mut Scratch,
        spans: &mut Vec<(usize, usize)>,
    ) -> Result<u64, Option<Misfit>> {
        let mut search = Search {
            plan: self,
            record,
            window,
            known,
            buf: &mut scratch.skeleton,
            text: &mut scratch.text,
            spans: Vec::with_capacity(self.sites.len()),
            budget: BUDGET,
            found: Vec::new(),
            misfit: None,
            depth: 0,
        };
        match search.site(0, 0) {
            Some(h) => {
                *spans = search.found;
                Ok(h)
            }
            None => Err(search.misfit),
        }
    }
}

/// Buffers a search reuses: the skeleton being hashed, and a time value printed again.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    skeleton: Vec<u8>,
    text: String,
}

/// Marks where the time values of a record went.
pub(crate) struct SiteMarks<'a> {
    is_site: &'a [bool],
    pub spans: Vec<(usize, usize)>,
}

impl Marks for SiteMarks<'_> {
    #[inline]
    fn op(&mut self, op: usize, start: usize, end: usize) {
        if self.is_site.get(op) == Some(&true) {
            self.spans.push((start, end));
        }
    }
}

/// The record with each span replaced by [`PLACEHOLDER`], into `buf`.
pub(crate) fn skeleton(record: &[u8], spans: &[(usize, usize)], buf: &mut Vec<u8>) {
    buf.clear();
    let mut at = 0;
    for &(start, end) in spans {
        buf.extend_from_slice(&record[at.min(start)..start]);
        buf.push(PLACEHOLDER);
        at = end;
    }
    buf.extend_from_slice(&record[at.min(record.len())..]);
}

/// A depth-first search for the time values of one record: each site's candidates in order,
/// the first assignment whose skeleton is known wins.
struct Search<'a> {
    plan: &'a Plan,
    record: &'a [u8],
    window: Option<(i64, i64)>,
    known: &'a dyn Fn(u64) -> bool,
    buf: &'a mut Vec<u8>,
    text: &'a mut String,
    spans: Vec<(usize, usize)>,
    budget: u32,
    /// The spans of the time values of the assignment that was known.
    found: Vec<(usize, usize)>,
    /// The failure at the deepest site.
    misfit: Option<Misfit>,
    depth: usize,
}

impl Search<'_> {
    fn site(&mut self, k: usize, pos: usize) -> Option<u64> {
        let Some(site) = self.plan.sites.get(k) else {
            skeleton(self.record, &self.spans, self.buf);
            let h = super::hash(self.buf);
            if !(self.known)(h) {
                return None;
            }
            self.found.clone_from(&self.spans);
            return Some(h);
        };
        let anchor = &*site.anchor;
        let record = self.record;
        if site.fixed {
            if record.get(pos..pos + anchor.len()) != Some(anchor) {
                return None;
            }
            return self.value(k, site, pos + anchor.len());
        }
        let mut from = pos;
        while from + anchor.len() <= record.len() {
            let at = match anchor.is_empty() {
                true => from,
                false => from + find(&record[from..], anchor)?,
            };
            let start = at + anchor.len();
            if let Some(h) = self.value(k, site, start) {
                return Some(h);
            }
            if self.budget == 0 {
                return None;
            }
            from = at + 1;
        }
        None
    }

    /// Reads site `k`'s value at `at` (bare, or quoted in a value position) and goes on.
    fn value(&mut self, k: usize, site: &Site, at: usize) -> Option<u64> {
        let quoted = site.value && self.record.get(at) == Some(&b'"');
        for quote in [quoted, false] {
            if self.budget == 0 {
                return None;
            }
            self.budget -= 1;
            let skip = usize::from(quote);
            let window = self.window.map(|(lo, hi)| {
                (
                    lo.saturating_add(site.shift.0),
                    hi.saturating_add(site.shift.1),
                )
            });
            let text = self.record.get(at + skip..).unwrap_or(&[]);
            let zone = self.plan.zone;
            match site
                .fmt
                .read_back(text, site.utc, |ms| zone.offset_at(ms), window, self.text)
            {
                Ok(len) => {
                    let end = at + skip + len;
                    if quote && self.record.get(end) != Some(&b'"') {
                        continue;
                    }
                    self.spans.push((at, end + skip));
                    let found = self.site(k + 1, end + skip);
                    self.spans.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                Err(what) => {
                    if self.misfit.is_none() || k > self.depth {
                        self.depth = k;
                        self.misfit = Some(Misfit {
                            at: at + skip,
                            what,
                            format: site.fmt.text(),
                        });
                    }
                }
            }
            if !quote {
                break;
            }
        }
        None
    }
}

/// The offset of the first `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn common_suffix(items: &[Box<str>]) -> Vec<u8> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let mut n = first.len();
    for item in &items[1..] {
        n = n.min(
            first
                .bytes()
                .rev()
                .zip(item.bytes().rev())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.as_bytes()[first.len() - n..].to_vec()
}

/// Whether a format prints text that JSON escapes (its tokens never do).
fn needs_escape(fmt: &MomentFormat) -> bool {
    let mut s = String::new();
    fmt.write(
        &mut s,
        crate::time::moment::Instant {
            ms: 0,
            offset_secs: 0,
            utc: true,
        },
    );
    crate::json::needs_escape(&s)
}

/// A KDG call's time value: its printer and shift; `Err` names a call that may read the clock
/// otherwise.
fn func_kind(func: &Func) -> Result<Option<(&Out, i64, i64)>, &'static str> {
    match func {
        Func::Date(date::Op::Now { out, .. }) => Ok(Some((out, 0, 0))),
        Func::Date(date::Op::Range {
            base: None,
            lo,
            hi,
            out,
        }) => Ok(Some((out, *lo, *hi))),
        Func::Custom(..) => Err("a custom function (which may read the clock)"),
        _ => Ok(None),
    }
}

/// What a v2 expression's value is: clean of the clock, or a time value; `Err` names the
/// construct that computes something else from the record's time.
fn kind<'a>(
    code: &'a Code,
    slots: &[Kind<'a>],
    printers: &'a [crate::eval::Printer],
) -> Result<Kind<'a>, &'static str> {
    let clean = |codes: &[&'a Code], what: &'static str| -> Result<Kind<'a>, &'static str> {
        for c in codes {
            if let Kind::Time(..) = kind(c, slots, printers)? {
                return Err(what);
            }
        }
        Ok(Kind::Clean)
    };
    let printer = |p: u32| {
        printers
            .get(p as usize)
            .map(|p| &p.out)
            .ok_or("a date printer out of range")
    };
    // The time value an expression computes from `d`, printed by printer `p`.
    let derived = |d: &'a Code, p: u32, add: i64| -> Result<Kind<'a>, &'static str> {
        Ok(match kind(d, slots, printers)? {
            Kind::Clean => Kind::Clean,
            Kind::Time(_, lo, hi, true) => Kind::Time(
                printer(p)?,
                lo.saturating_add(add),
                hi.saturating_add(add),
                true,
            ),
            Kind::Time(.., false) => {
                return Err("a date function of a date call's text (write the call as a date)");
            }
        })
    };
    Ok(match code {
        Code::Const(_)
        | Code::Str(_)
        | Code::Int(..)
        | Code::Index
        | Code::Unique { .. }
        | Code::PickRow { .. }
        | Code::PickEntity { .. }
        | Code::Sample(_) => Kind::Clean,
        Code::Slot(i) => slots.get(*i as usize).copied().unwrap_or(Kind::Clean),
        Code::Kdg(func, _) | Code::KdgNumber(func) => match func_kind(func)? {
            Some((out, lo, hi)) => Kind::Time(out, lo, hi, false),
            None => Kind::Clean,
        },
        Code::Instant(Source::Now, p) => Kind::Time(printer(*p)?, 0, 0, true),
        Code::Instant(Source::Range { base: None, lo, hi }, p) => {
            Kind::Time(printer(*p)?, *lo, *hi, true)
        }
        Code::Instant(..) => Kind::Clean,
        // Printer 0 prints the dates that v2 computes (ISO 8601 in UTC).
        Code::Time => Kind::Time(printer(0)?, 0, 0, true),
        Code::DateFormat(d, p) => derived(d, *p, 0)?,
        Code::ToDate(d) => derived(d, 0, 0)?,
        Code::DateAdd(d, amount, unit) => {
            clean(
                &[amount],
                "date.add by an amount computed from the record's time",
            )?;
            // A constant amount of a unit of fixed length shifts the window; any other amount
            // (drawn as on any clock) leaves only the format to check.
            let shift = match &**amount {
                Code::Const(crate::eval::Val::Num(n)) => unit_ms(*unit, *n)
                    .map(f64::round)
                    .filter(|s| s.abs() < 8.64e15)
                    .map(|s| s as i64),
                _ => None,
            };
            match (derived(d, 0, 0)?, shift) {
                (Kind::Clean, _) => Kind::Clean,
                (Kind::Time(out, lo, hi, exact), Some(s)) => {
                    Kind::Time(out, lo.saturating_add(s), hi.saturating_add(s), exact)
                }
                (Kind::Time(out, _, _, exact), None) => Kind::Time(out, i64::MIN, i64::MAX, exact),
            }
        }
        Code::Neg(e) | Code::Not(e) => clean(&[e], "arithmetic or logic on the record's time")?,
        Code::Bin(_, a, b) => clean(
            &[a, b],
            "an operator (comparison, arithmetic or `~`) on the record's time",
        )?,
        Code::Cond(parts) => {
            let [a, b, c] = &**parts;
            clean(&[a, b, c], "a condition on (or choosing) the record's time")?
        }
        Code::Array(items) => {
            let items: Vec<&Code> = items.iter().collect();
            clean(&items, "an array holding the record's time")?
        }
        Code::Object(members) => {
            let items: Vec<&Code> = members.iter().map(|(_, c)| c).collect();
            clean(&items, "an object holding the record's time")?
        }
        Code::Math(_, args) => {
            let items: Vec<&Code> = args.iter().collect();
            clean(&items, "math on the record's time")?
        }
        Code::Round(e, _) => clean(&[e], "math.round of the record's time")?,
        Code::DateDiff(a, b, _) => clean(&[a, b], "date.diff with the record's time")?,
        Code::Maybe(e, _) => clean(&[e], "helpers.maybe of the record's time")?,
        Code::Lookup(_, key, _) => clean(&[key], "data.lookup by the record's time")?,
        Code::Field(row, _) => clean(&[row], "a field of a value computed from the record's time")?,
        Code::GetEntity(_, id) => clean(&[id], "entity.get by the record's time")?,
        Code::EntityId(e) => clean(&[e], "an entity computed from the record's time")?,
        Code::KdgDyn(d) => {
            let items: Vec<&Code> = d.args.iter().collect();
            clean(&items, "a call's argument computed from the record's time")?
        }
        Code::EntityCall { entity, code, .. } => {
            clean(&[entity], "an entity computed from the record's time")?;
            kind(code, slots, printers)?
        }
    })
}

/// `n` units as milliseconds, rounded as `date.add` rounds days and weeks; `None` for the
/// calendar units, whose length varies.
fn unit_ms(unit: Unit, n: f64) -> Option<f64> {
    let js_round = |x: f64| (x + 0.5).floor();
    Some(match unit {
        Unit::Ms => n,
        Unit::Second => n * 1e3,
        Unit::Minute => n * 6e4,
        Unit::Hour => n * 3.6e6,
        Unit::Day => js_round(n) * 8.64e7,
        Unit::Week => js_round(n * 7.0) * 8.64e7,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Verifier;
    use crate::{Clock, Options, Template};

    fn system(source: &str) -> Template {
        Template::compile_with(source, &Options::new().clock(Clock::System)).unwrap()
    }

    /// 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z.
    const CENTURY: std::ops::RangeInclusive<i64> = 946_684_800_000..=4_102_444_800_000;

    #[test]
    fn several_formats_verify_and_a_changed_field_is_caught() {
        let t = system(
            r#"{"ms":{{date.now("x")}},"s":{{date.utc("X")}},"iso":"{{date.now("YYYY-MM-DDTHH:mm:ss.SSSZ")}}","day":"{{date.now("Do MMM")}}","n":{{random.number(99999)}},"ago":"{{date.recent(3)}}","state":"{{address.state}}","at":"{{date.utc}}"}"#,
        );
        let mut sent: Vec<String> = t.generator(11).take(2000).collect();
        let mut v = Verifier::system_clock(&t, 11, 0..2000, Some(CENTURY), 1).unwrap();
        assert_eq!(v.time_values(), 6);
        for r in &sent {
            v.feed(r.as_bytes());
        }
        let report = v.report();
        assert!(report.is_ok(false), "{report:?}");
        assert_eq!(report.found, 2000);

        sent[40] = sent[40].replacen(r#""n":"#, r#""n":1"#, 1);
        sent.swap(3, 4);
        let mut v = Verifier::system_clock(&t, 11, 0..2000, None, 2).unwrap();
        let body = sent.join("\n");
        v.feed_lines("file", body.as_bytes());
        let report = v.report();
        assert_eq!(
            (
                report.found,
                report.missing,
                report.unexpected,
                report.duplicated
            ),
            (1999, 1, 1, 0)
        );
        assert_eq!(report.missing_sample, vec![40..41]);
        assert_eq!(report.out_of_order, 1);
        let u = &report.unexpected_sample[0];
        assert_eq!(u.reason, None);
        let c = u.closest.as_ref().unwrap();
        // The expected record is shown with the times that arrived: they differ at `n`.
        assert_eq!(c.index, 40);
        let n_at = sent[40].find(r#""n":"#).unwrap() + 4;
        assert_eq!(c.first_difference, n_at);
    }

    #[test]
    fn a_time_outside_the_window_or_in_another_format_is_caught() {
        let t =
            system(r#"{"id":{{random.number(9999)}},"at":"{{date.now("YYYY-MM-DD HH:mm:ss")}}"}"#);
        let sent: Vec<String> = t.generator(2).take(50).collect();
        let year_1999 = 915_148_800_000..=946_684_799_999;
        let mut v = Verifier::system_clock(&t, 2, 0..50, Some(year_1999), 1).unwrap();
        v.feed(sent[0].as_bytes());
        let report = v.report();
        assert_eq!((report.unexpected, report.found), (1, 0));
        let at = sent[0].find(r#""at":""#).unwrap() + 6;
        assert_eq!(
            report.unexpected_sample[0].reason.as_deref(),
            Some(
                format!(
                    "the time value at byte {at} (format YYYY-MM-DD HH:mm:ss) is outside the window"
                )
                .as_str()
            )
        );

        let mut v = Verifier::system_clock(&t, 2, 0..50, None, 1).unwrap();
        let wrong = sent[1].replacen(' ', "T", 1);
        v.feed(wrong.as_bytes());
        v.feed(sent[2].as_bytes());
        let report = v.report();
        assert_eq!((report.unexpected, report.found), (1, 1));
        let at = sent[1].find(r#""at":""#).unwrap() + 6;
        assert_eq!(
            report.unexpected_sample[0].reason.as_deref(),
            Some(
                format!("the time value at byte {at} does not match format YYYY-MM-DD HH:mm:ss")
                    .as_str()
            )
        );
    }

    #[test]
    fn times_in_text_templates_after_choices_and_side_by_side() {
        // No literal before the first value; a choice's common suffix anchors the second; the
        // third follows the second directly.
        let t = system(
            r#"{{date.now("HH:mm")}} {{random.arrayElement(["a:", "bb:"])}}{{date.utc("X")}}{{date.utc("[ms]SSS")}} {{lorem.word}}"#,
        );
        let sent: Vec<String> = t.generator(5).take(300).collect();
        let mut v = Verifier::system_clock(&t, 5, 0..300, Some(CENTURY), 1).unwrap();
        for r in &sent {
            v.feed(r.as_bytes());
        }
        assert!(v.report().is_ok(false), "{:?}", v.report());
    }

    #[test]
    fn v2_times_verify_and_other_uses_of_the_clock_are_refused() {
        let t = system(
            r#"{{ set rented = record.time }}{{ set days = random.number({"min": 1, "max": 7}) }}{"t":{{ rented }},"later":"{{ date.format(date.add(rented, 1, "h"), "YYYY-MM-DD HH:mm") }}","back":"{{ date.format(date.add(rented, days, "days"), "YYYY-MM-DD") }}","days":{{ days }}}"#,
        );
        let sent: Vec<String> = t.generator(9).take(500).collect();
        let mut v = Verifier::system_clock(&t, 9, 0..500, Some(CENTURY), 1).unwrap();
        assert_eq!(v.time_values(), 3);
        for r in &sent {
            v.feed(r.as_bytes());
        }
        assert!(v.report().is_ok(false), "{:?}", v.report());

        // KDG date calls kept as dates: the record's time, and a drawn span before it.
        let t = system(
            r#"{{ set t = date.now }}{"t":"{{ t }}","u":{{ date.format(t, "x") }},"r":"{{ date.recent(2) }}","n":{{ random.number(99) }}}"#,
        );
        let sent: Vec<String> = t.generator(4).take(300).collect();
        let mut v = Verifier::system_clock(&t, 4, 0..300, Some(CENTURY), 1).unwrap();
        assert_eq!(v.time_values(), 3);
        for r in &sent {
            v.feed(r.as_bytes());
        }
        assert!(v.report().is_ok(false), "{:?}", v.report());

        for (source, needle) in [
            (
                r#"{"late": {{ date.diff(record.time, date.parse("2026-01-01"), "days") }}}"#,
                r#"date.diff with the record's time in the tag after `{"late": `"#,
            ),
            (
                r#"{{ set t = record.time }}x{{ random.number(9) if t > 5 else "b" }}"#,
                "an operator (comparison, arithmetic or `~`) on the record's time in the tag after `x`",
            ),
        ] {
            let t = system(source);
            let err = Verifier::system_clock(&t, 1, 0..10, None, 1).unwrap_err();
            assert!(err.message.contains(needle), "{source}: {}", err.message);
        }
    }
}
