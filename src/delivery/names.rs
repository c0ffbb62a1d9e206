//! Object names (`<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>`), their UUIDs and the
//! 11-character random strings of `!{firehose:random-string}`.

use std::fmt::Write as _;

use chrono::{Datelike, Timelike};

use super::DeliveryError;

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

use crate::rng::{SplitMix64, splitmix64 as mix};

/// How object UUIDs and random strings are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Naming {
    /// Derived from this seed and the object's number, so that a run can be repeated key for
    /// key. The UUID's first 8 hex digits are the object's number, so that objects with the
    /// same prefix and second sort in the order they were delivered.
    Seeded(u64),
    /// Random version 4 UUIDs, as Firehose makes them (objects delivered within one second
    /// then sort in no particular order, as on AWS).
    Random,
}

/// A fresh random run id for [`Naming::Seeded`]: object names that differ from every other
/// run's, as Firehose's random UUIDs do, while the run's own names stay sortable.
pub fn random_run_id() -> u64 {
    random_seed()
}

/// Which sequence of objects a name belongs to: delivered records, or one error type.
pub(crate) fn stream_tag(error_type: Option<super::ErrorOutputType>) -> u64 {
    match error_type {
        None => 0,
        Some(t) => 1 + t as u64,
    }
}

/// A random seed for [`Naming::Random`]: the standard library's per-process random hash keys,
/// mixed with the time and a counter (no extra dependency, and never repeated in a process).
pub(crate) fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// The names drawn for one object: its UUID first, then one draw per random string.
pub(crate) struct ObjectIds {
    rng: SplitMix64,
    sortable: Option<u32>,
}

impl ObjectIds {
    /// The ids of object `number` of sequence `tag`.
    pub(crate) fn new(naming: Naming, random_base: u64, tag: u64, number: u64) -> ObjectIds {
        match naming {
            Naming::Seeded(seed) => ObjectIds {
                rng: SplitMix64::new(mix(seed) ^ mix((tag << 48) ^ number ^ GOLDEN_GAMMA)),
                // 2^32 objects are far more than any run delivers; wrap rather than fail.
                sortable: Some(number as u32),
            },
            Naming::Random => ObjectIds {
                rng: SplitMix64::new(random_base ^ mix((tag << 48) ^ number)),
                sortable: None,
            },
        }
    }

    /// A UUID with dashes (36 characters): version 4 and random, or, when seeded, version 8
    /// with the object's number in the first 32 bits.
    pub(crate) fn uuid(&mut self) -> String {
        let hi = self.rng.next_u64();
        let lo = self.rng.next_u64();
        let hi = match self.sortable {
            Some(n) => (u64::from(n) << 32) | (hi & 0xFFFF_FFFF),
            None => hi,
        };
        let version = if self.sortable.is_some() { 8 } else { 4 };
        // Version nibble in bits 12..16 of the third group, RFC 4122 variant `10` on top of lo.
        let hi = (hi & !0xF000) | (version << 12);
        let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        let mut s = String::with_capacity(36);
        let _ = write!(
            s,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xFFFF,
            hi & 0xFFFF,
            lo >> 48,
            lo & 0xFFFF_FFFF_FFFF
        );
        s
    }

    /// 11 characters like the examples of the Firehose documentation: the first 11 characters
    /// of a random UUID (`[0-9a-f]`, a `-` at position 9).
    pub(crate) fn random_string(&mut self) -> String {
        let hi = self.rng.next_u64();
        format!("{:08x}-{:02x}", hi >> 32, (hi >> 24) & 0xFF)
    }
}

/// `<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>`, the time in UTC.
pub(crate) fn object_name(
    stream: &str,
    version: u32,
    at_ms: i64,
    uuid: &str,
) -> Result<String, DeliveryError> {
    let t = super::prefix::utc(at_ms)?;
    Ok(format!(
        "{stream}-{version}-{:04}-{:02}-{:02}-{:02}-{:02}-{:02}-{uuid}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Checks a delivery stream name as the Firehose API does: 1–64 of `[a-zA-Z0-9_.-]`.
pub(crate) fn check_stream_name(name: &str) -> Result<(), DeliveryError> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(DeliveryError::Config(format!(
            "the delivery stream name {name:?} must be 1 to 64 characters of a-z, A-Z, 0-9, `_`, `.` and `-`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_right_shape() {
        for naming in [Naming::Seeded(7), Naming::Random] {
            let mut ids = ObjectIds::new(naming, random_seed(), 0, 41);
            let u = ids.uuid();
            assert_eq!(u.len(), 36);
            let groups: Vec<&str> = u.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(
                u.chars()
                    .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            );
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{u}");
            let r = ids.random_string();
            assert_eq!(r.len(), 11);
            assert_eq!(&r[8..9], "-");
        }
        let mut seeded = ObjectIds::new(Naming::Seeded(7), 0, 0, 41);
        let u = seeded.uuid();
        assert!(u.starts_with("00000029-"), "{u}");
        assert_eq!(&u[14..15], "8");
        let mut random = ObjectIds::new(Naming::Random, 1, 0, 41);
        assert_eq!(&random.uuid()[14..15], "4");
    }

    #[test]
    fn seeded_names_repeat_and_differ_by_object() {
        let a = ObjectIds::new(Naming::Seeded(7), 0, 0, 3).uuid();
        assert_eq!(a, ObjectIds::new(Naming::Seeded(7), 99, 0, 3).uuid());
        assert_ne!(a, ObjectIds::new(Naming::Seeded(8), 0, 0, 3).uuid());
        assert_ne!(
            a[8..],
            ObjectIds::new(Naming::Seeded(7), 0, 1, 3).uuid()[8..]
        );
        assert!(a < ObjectIds::new(Naming::Seeded(7), 0, 0, 4).uuid());
    }

    #[test]
    fn object_names() {
        assert_eq!(
            object_name(
                "etl3-delivery",
                1,
                1_795_701_416_000,
                "9dda4424-ca57-4834-afbc-5bfaceae7ded"
            )
            .unwrap(),
            "etl3-delivery-1-2026-11-26-13-56-56-9dda4424-ca57-4834-afbc-5bfaceae7ded"
        );
        assert!(check_stream_name("etl3-delivery").is_ok());
        assert!(check_stream_name("").is_err());
        assert!(check_stream_name("has space").is_err());
        assert!(check_stream_name(&"x".repeat(65)).is_err());
    }
}
