//! Batches for APIs that take many records per request, within the API's limits.

use super::Record;

/// The limits of one destination's batch API, and how it sizes a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchLimits {
    /// Most records in one request.
    pub max_records: usize,
    /// Most bytes in one request, as [`BatchLimits::wire_size`] counts them.
    pub max_bytes: usize,
    /// Largest single record, as [`BatchLimits::wire_size`] counts it.
    pub max_record_bytes: usize,
    /// Whether the key counts toward the sizes (Kinesis counts the partition key).
    pub key_counts: bool,
}

impl BatchLimits {
    /// Kinesis Data Streams `PutRecords`: 500 records, 5 MiB, 1 MiB a record including its
    /// partition key.
    pub const KINESIS: BatchLimits = BatchLimits {
        max_records: 500,
        max_bytes: 5 << 20,
        max_record_bytes: 1 << 20,
        key_counts: true,
    };

    /// Firehose `PutRecordBatch`: 500 records, 4 MiB, 1,000 KiB a record.
    pub const FIREHOSE: BatchLimits = BatchLimits {
        max_records: 500,
        max_bytes: 4 << 20,
        max_record_bytes: 1_024_000,
        key_counts: false,
    };

    /// The size the API counts for `record`.
    pub fn wire_size(&self, record: &Record<'_>) -> usize {
        let key = if self.key_counts {
            record.key.map_or(0, str::len)
        } else {
            0
        };
        record.data.len() + key
    }

    /// Why the API would refuse `record` on its own, if it would.
    pub fn refusal(&self, record: &Record<'_>) -> Option<String> {
        let size = self.wire_size(record);
        (size > self.max_record_bytes).then(|| {
            format!(
                "the record is {size} bytes{}; the API takes at most {} a record",
                if self.key_counts { " with its key" } else { "" },
                self.max_record_bytes
            )
        })
    }
}

/// A record held in a batch (owned: records are rendered into a reused buffer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The record's index in the run.
    pub index: u64,
    /// Its bytes.
    pub data: Vec<u8>,
    /// Its key.
    pub key: Option<String>,
    /// Times it has been sent so far.
    pub attempts: u32,
}

/// Records gathered for one request: never more than the limits allow, and never empty when
/// taken. A batch that is full or has waited `linger_ms` since its first record is due.
#[derive(Debug)]
pub struct Batcher {
    limits: BatchLimits,
    linger_ms: i64,
    entries: Vec<Entry>,
    bytes: usize,
    first_ms: i64,
}

impl Batcher {
    /// A batcher for `limits` whose batches wait at most `linger_ms` for more records.
    pub fn new(limits: BatchLimits, linger_ms: i64) -> Batcher {
        Batcher {
            limits,
            linger_ms,
            entries: Vec::new(),
            bytes: 0,
            first_ms: 0,
        }
    }

    /// The limits.
    pub fn limits(&self) -> BatchLimits {
        self.limits
    }

    /// Records held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no record is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `record` does not fit beside what is held: take the batch first.
    pub fn would_overflow(&self, record: &Record<'_>) -> bool {
        !self.entries.is_empty()
            && (self.entries.len() >= self.limits.max_records
                || self.bytes + self.limits.wire_size(record) > self.limits.max_bytes)
    }

    /// Adds `record` at `now_ms` (the time its waiting starts; the caller checked it with
    /// [`BatchLimits::refusal`] and [`Batcher::would_overflow`]).
    pub fn push(&mut self, record: &Record<'_>, now_ms: i64) {
        if self.entries.is_empty() {
            self.first_ms = now_ms;
        }
        self.bytes += self.limits.wire_size(record);
        self.entries.push(Entry {
            index: record.index,
            data: record.data.to_vec(),
            key: record.key.map(str::to_owned),
            attempts: 0,
        });
    }

    /// True when the batch is full, or its first record has waited `linger_ms` at `now_ms`.
    pub fn due(&self, now_ms: i64) -> bool {
        !self.entries.is_empty()
            && (self.entries.len() >= self.limits.max_records
                || self.bytes >= self.limits.max_bytes
                || now_ms.saturating_sub(self.first_ms) >= self.linger_ms)
    }

    /// The records held, leaving the batcher empty.
    pub fn take(&mut self) -> Vec<Entry> {
        self.bytes = 0;
        std::mem::take(&mut self.entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_stop_at_the_record_and_byte_limits() {
        let mut b = Batcher::new(BatchLimits::FIREHOSE, 1000);
        let small = Record::new(0, b"x\n", 0);
        for _ in 0..500 {
            assert!(!b.would_overflow(&small));
            b.push(&small, 0);
        }
        assert!(b.would_overflow(&small));
        assert!(b.due(0));
        assert_eq!(b.take().len(), 500);
        // Four records of 1,000,000 bytes fill 4 MiB; a fifth does not fit.
        let big = vec![b'a'; 1_000_000];
        let big = Record::new(1, &big, 0);
        for _ in 0..4 {
            assert!(!b.would_overflow(&big));
            b.push(&big, 0);
        }
        assert!(b.would_overflow(&big));
        assert!(!b.due(999));
        assert!(b.due(1000), "the first record has waited the linger");
    }

    #[test]
    fn kinesis_counts_the_partition_key() {
        let data = vec![b'a'; (1 << 20) - 3];
        let r = Record::new(0, &data, 0);
        assert_eq!(BatchLimits::KINESIS.refusal(&r), None);
        assert!(BatchLimits::KINESIS.refusal(&r.with_key("1234")).is_some());
        assert_eq!(
            BatchLimits::FIREHOSE.wire_size(&r.with_key("1234")),
            data.len()
        );
        assert!(BatchLimits::FIREHOSE.refusal(&r).is_some());
    }
}
