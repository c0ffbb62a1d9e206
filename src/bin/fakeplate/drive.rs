//! The loop every sending command shares: render records in order, pace them, stamp them with
//! their arrival time and key, and hand them to a sink until the count, the duration or a
//! signal ends the run.

use std::time::{Duration, Instant};

use fakeplate::pace::{Duplicates, Pace, Pacer, Schedule};
use fakeplate::sink::{Record, Sink, SinkError};
use fakeplate::{Clock, Template};

use super::compress::RecordGzip;
use super::progress::{Progress, SinkState, Total};
use super::signals::Stop;

/// Keys for the records: none, a template of their own, or a random decimal number each.
pub enum Keys {
    None,
    /// Rendered from its own random stream (the run's seed mixed with a constant), so adding a
    /// key never changes the records.
    Template(Box<Template>),
    /// A random decimal number from 0 to 9,999,999,999 per record, as KDG spreads records
    /// over shards (`floor(Math.random() * 1e10)`), but drawn from the seed and the index.
    RandomDecimal,
}

/// What to send, how fast and for how long.
pub struct Plan {
    pub seed: u64,
    pub clock: Clock,
    /// The real-time pace: a profile to follow, or none (full speed).
    pub pace: Option<Schedule>,
    /// The index of the first record (`--shard`'s part; 0 otherwise).
    pub first: u64,
    /// How many records, from `first`.
    pub count: Option<u64>,
    pub duration: Option<Duration>,
    pub delimiter: &'static str,
    pub keys: Keys,
    /// Each record (delimiter included) goes as one gzip member (`--compress gzip` into a
    /// record service, as KDG compresses).
    pub gzip_records: bool,
    /// Records sent twice (`--duplicates`).
    pub duplicates: Option<Duplicates>,
}

impl Plan {
    /// What the progress bar heads for: the count; on the virtual clock a duration's records
    /// (those arriving before its end); on the system clock the duration itself.
    pub fn total(&self) -> Total {
        match (self.count, self.duration, self.clock) {
            (Some(n), _, _) => Total::Records(n),
            (None, Some(d), Clock::Virtual { step_ms, .. }) if step_ms > 0 => {
                let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
                Total::Records(ms.div_ceil(step_ms.unsigned_abs()))
            }
            (None, Some(d), Clock::System) => Total::Time(d),
            _ => Total::Unknown,
        }
    }
}

/// Records kept for their copies: a copy follows its record by at most `MAX_LAG` records.
const RING: u64 = Duplicates::MAX_LAG + 1;

/// The seed of the keys' random stream: a different stream from the records'.
pub fn key_seed(seed: u64) -> u64 {
    let mut z = seed ^ 0x6b65_7973_6565_6421; // "keysee d!"
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Record `index`'s key of [`Keys::RandomDecimal`].
fn random_decimal(seed: u64, index: u64, key: &mut String) {
    key.push_str(itoa::Buffer::new().format(key_seed(seed ^ index) % 10_000_000_000));
}

pub fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Sends records to `sink` until the plan or a signal ends the run; `after` runs after each
/// record and each wait (to list what the sink delivered). Returns the records taken. The
/// caller flushes the sink, whatever this returns.
/// Stops an unbounded virtual run at its first record whose time leaves the range of a
/// JavaScript Date, rather than stamp every later record with one time: past the range, or the
/// time a schedule saturates at (`i64::MAX / 2` µs after its start). Runs of known size are
/// refused up front ([`super::args::check_times`]).
fn out_of_range(template: &Template, index: u64, at: i64) -> Result<(), String> {
    let range = super::args::TIMES;
    let saturated = template
        .schedule()
        .is_some_and(|s| at == s.start().saturating_add((i64::MAX / 2).div_euclid(1000)));
    if saturated || at > range.last_ms || at < range.first_ms {
        return Err(format!(
            "record {index}: its time would be outside {}..{}, the times a record can have ({}); stopped before it",
            range.first, range.last, range.why
        ));
    }
    Ok(())
}

pub fn drive<S: Sink>(
    template: &Template,
    plan: &Plan,
    sink: &mut S,
    stop: &Stop,
    progress: &mut Progress,
    mut after: impl FnMut(&mut S),
) -> Result<u64, SinkError> {
    let started = Instant::now();
    let elapsed_ns = || u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let mut pacer = plan.pace.as_ref().map(|s| match s.constant_rate() {
        Some(rate) => Pacer::new(rate, elapsed_ns()),
        None => Pacer::with_schedule(s, elapsed_ns()),
    });
    // A virtual run with a duration ends at the first record arriving at or after this time.
    let virtual_end = match (plan.clock, plan.duration) {
        (Clock::Virtual { start_ms, .. }, Some(d)) => {
            Some(start_ms.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
        }
        _ => None,
    };
    let mut records = template.generator(plan.seed);
    let mut keys = match &plan.keys {
        Keys::Template(t) => Some(t.generator(key_seed(plan.seed))),
        _ => None,
    };
    let mut buf = String::new();
    let mut key = String::new();
    let mut gzip = plan.gzip_records.then(RecordGzip::default);
    // The sink's counts on the progress line, for sinks that report them.
    let report = |sink: &S, progress: &mut Progress| {
        if progress.sink.is_some() && progress.due() {
            progress.sink = Some(SinkState {
                summary: sink.summary(),
                in_flight: sink.pending(),
            });
        }
    };
    // The last records and keys, for the copies `--duplicates` sends.
    let mut ring: Vec<(String, String)> = match plan.duplicates {
        Some(_) => vec![Default::default(); RING as usize],
        None => Vec::new(),
    };
    let dup_seed = super::args::duplicates_seed(plan.seed);
    let mut index = plan.first;
    if index > 0 {
        // A part of a run: the generators where the whole run would have them at `first`, and
        // the records before it whose copies this part sends (same bytes and keys).
        let from =
            index.saturating_sub(Duplicates::MAX_LAG) / fakeplate::BLOCK_LEN * fakeplate::BLOCK_LEN;
        records.seek(from);
        if let Some(keys) = &mut keys {
            keys.seek(from);
        }
        let keep = index.saturating_sub(Duplicates::MAX_LAG);
        for i in from..index {
            buf.clear();
            records.next_into(&mut buf);
            buf.push_str(plan.delimiter);
            key.clear();
            match (&plan.keys, &mut keys) {
                (Keys::Template(_), Some(keys)) => records.key_into(keys, &mut key),
                (Keys::RandomDecimal, _) => random_decimal(plan.seed, i, &mut key),
                _ => {}
            }
            if plan.duplicates.is_some() && i >= keep {
                let slot = &mut ring[(i % RING) as usize];
                slot.0.clone_from(&buf);
                slot.1.clone_from(&key);
            }
        }
    }
    let end = plan.count.map(|n| plan.first.saturating_add(n));
    // The run's clock now: what buffer intervals are measured on. On the virtual clock, a
    // record's arrival is the time its `date.*` functions read (by --step or the profile).
    let arrival_ms = |index: u64| match plan.clock {
        Clock::System => system_ms(),
        _ => template.arrival_ms(index),
    };
    loop {
        if stop.requested()
            || end.is_some_and(|end| index >= end)
            || virtual_end.is_some_and(|end| arrival_ms(index) >= end)
            || (virtual_end.is_none() && plan.duration.is_some_and(|d| started.elapsed() >= d))
        {
            return Ok(index - plan.first);
        }
        if let Some(Pace::Wait(ns)) = pacer.as_mut().map(|p| p.poll(elapsed_ns())) {
            // Short sleeps, so that signals, the duration and due batches are noticed.
            std::thread::sleep(Duration::from_nanos(ns.min(50_000_000)));
            sink.tick(arrival_ms(index))?;
            after(sink);
            report(sink, progress);
            progress.refresh();
            continue;
        }
        buf.clear();
        records.next_into(&mut buf);
        buf.push_str(plan.delimiter);
        let data = match &mut gzip {
            Some(gzip) => gzip
                .encode(buf.as_bytes())
                .map_err(|e| SinkError::new(sink.location(), format!("compressing: {e}")))?,
            None => buf.as_bytes(),
        };
        let at = arrival_ms(index);
        if plan.clock != Clock::System {
            out_of_range(template, index, at).map_err(|e| SinkError::new(sink.location(), e))?;
        }
        let mut record = Record::new(index, data, at);
        match (&plan.keys, &mut keys) {
            (Keys::Template(_), Some(keys)) => {
                key.clear();
                records.key_into(keys, &mut key);
                record = record.with_key(&key);
            }
            (Keys::RandomDecimal, _) => {
                key.clear();
                random_decimal(plan.seed, index, &mut key);
                record = record.with_key(&key);
            }
            _ => {}
        }
        let keyed = record.key.is_some();
        sink.send(record)?;
        if let Some(d) = &plan.duplicates {
            // Keep the record for its copy; send the copies due after it (same bytes and key,
            // arriving now).
            let slot = &mut ring[(index % RING) as usize];
            slot.0.clone_from(&buf);
            slot.1.clone_from(&key);
            for i in d.sent_after(dup_seed, 0, index) {
                let (bytes, k) = &ring[(i % RING) as usize];
                let mut copy = Record::new(i, bytes.as_bytes(), arrival_ms(index));
                if keyed {
                    copy = copy.with_key(k);
                }
                sink.send(copy)?;
                progress.add(1, bytes.len());
            }
        }
        index += 1;
        report(sink, progress);
        progress.add(1, buf.len());
        if let Some(pacer) = &mut pacer {
            pacer.sent();
        }
        after(sink);
    }
}
