//! The Firehose-like bucket of [`crate::delivery`] as a sink.

use crate::delivery::{DeliveredObject, Delivery, Store};

use super::{Record, Sink, SinkError, Summary};

/// A [`Delivery`] as a [`Sink`]: records are buffered into objects by size and interval on
/// their arrival times, under evaluated prefixes. A request is an object written.
#[derive(Debug)]
pub struct BucketSink<S: Store> {
    delivery: Delivery<S>,
}

impl<S: Store> BucketSink<S> {
    /// The sink of `delivery`.
    pub fn new(delivery: Delivery<S>) -> BucketSink<S> {
        BucketSink { delivery }
    }

    /// The delivery, for its summary and prefixes.
    pub fn delivery(&self) -> &Delivery<S> {
        &self.delivery
    }

    /// The objects written since the last call, oldest first.
    pub fn take_delivered(&mut self) -> Vec<DeliveredObject> {
        self.delivery.take_delivered()
    }

    fn error(&self, e: crate::delivery::DeliveryError) -> SinkError {
        SinkError::new(self.delivery.store().location(), e)
    }
}

impl<S: Store> Sink for BucketSink<S> {
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError> {
        self.delivery
            .push(record.data, record.arrival_ms)
            .map_err(|e| self.error(e))
    }

    fn tick(&mut self, now_ms: i64) -> Result<(), SinkError> {
        self.delivery.tick(now_ms).map_err(|e| self.error(e))
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.delivery.flush().map_err(|e| self.error(e))
    }

    fn pending(&self) -> u64 {
        self.delivery.pending_records()
    }

    fn summary(&self) -> Summary {
        let s = self.delivery.summary();
        Summary {
            sent: s.records,
            bytes: s.bytes,
            retried: 0,
            failed: s.failed_records,
            unknown: 0,
            requests: s.objects + s.error_objects,
        }
    }

    fn location(&self) -> String {
        self.delivery.store().location()
    }
}
