//! `deliver` lists the key of each object on standard output, from a thread of its own: the
//! listing is a convenience, so a stdout that fails, closes or is not read never stops or
//! stalls delivery, and signals keep working.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::output::say;
use super::signals::Stop;

/// Keys waiting to be written; past this many (a reader that does not read), keys are counted
/// instead of listed.
const QUEUE: usize = 4096;

pub struct KeyLister {
    keys: Option<SyncSender<String>>,
    done: Receiver<Option<io::Error>>,
    /// Keys not listed: the queue was full, or the listing had stopped.
    skipped: u64,
}

impl KeyLister {
    pub fn start() -> KeyLister {
        let (keys, queue) = mpsc::sync_channel::<String>(QUEUE);
        let (done_tx, done) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || {
                let mut out = io::stdout().lock();
                let mut failure = None;
                for key in queue {
                    if let Err(e) = out.write_all(key.as_bytes()).and_then(|()| out.flush()) {
                        failure = Some(e);
                        break;
                    }
                }
                let _ = done_tx.send(failure);
            });
        KeyLister {
            // Without a thread, keys are only counted.
            keys: spawned.ok().map(|_| keys),
            done,
            skipped: 0,
        }
    }

    /// Lists `key` (with its newline), or counts it when the listing cannot keep up.
    pub fn list(&mut self, key: &str) {
        let Some(keys) = &self.keys else {
            self.skipped += 1;
            return;
        };
        match keys.try_send(format!("{key}\n")) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => self.skipped += 1,
        }
    }

    /// Waits for the listing to be written: until it is, or a signal arrives. After an earlier
    /// signal it waits at most two seconds, so that a reader that stopped reading cannot hold
    /// an interrupted run.
    pub fn finish(mut self, stop: &Stop) {
        drop(self.keys.take());
        let interrupted = stop.requested();
        let started = Instant::now();
        let failure = loop {
            match self.done.recv_timeout(Duration::from_millis(50)) {
                Ok(failure) => break failure,
                Err(mpsc::RecvTimeoutError::Disconnected) => break None,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let waited = started.elapsed() >= Duration::from_secs(2);
                    if (interrupted && waited) || (!interrupted && stop.requested()) {
                        say!("note: the key listing on standard output was not read to the end");
                        return;
                    }
                }
            }
        };
        match failure {
            // The reader closed the pipe: it wanted no more keys.
            Some(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Some(e) => say!("note: listing keys on standard output failed ({e}); delivery went on"),
            None if self.skipped > 0 => say!(
                "note: {} keys were not listed on standard output (it was not read fast enough)",
                self.skipped
            ),
            None => {}
        }
    }
}
