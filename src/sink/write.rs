//! Standard output and files: each record written as it comes.

use std::io::Write;

use super::{Record, Sink, SinkError, Summary};

/// Writes each record's bytes to a [`Write`]r (standard output, a file, a `Vec`), flushing
/// after each one so a reader sees whole records as they come. A closed pipe is an error like
/// any other; callers that treat it as the reader's wish to stop check
/// [`WriteSink::closed`].
#[derive(Debug)]
pub struct WriteSink<W: Write> {
    out: W,
    name: String,
    summary: Summary,
    closed: bool,
}

impl<W: Write> WriteSink<W> {
    /// A sink into `out`, called `name` in messages.
    pub fn new(out: W, name: impl Into<String>) -> WriteSink<W> {
        WriteSink {
            out,
            name: name.into(),
            summary: Summary::default(),
            closed: false,
        }
    }

    /// True once a write failed because the reader closed the pipe.
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn error(&mut self, e: std::io::Error) -> SinkError {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            self.closed = true;
        }
        SinkError::new(&self.name, format!("writing records: {e}"))
    }
}

impl<W: Write> Sink for WriteSink<W> {
    fn send(&mut self, record: Record<'_>) -> Result<(), SinkError> {
        let written = self
            .out
            .write_all(record.data)
            .and_then(|()| self.out.flush());
        written.map_err(|e| self.error(e))?;
        self.summary.sent += 1;
        self.summary.bytes += record.data.len() as u64;
        self.summary.requests += 1;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|e| self.error(e))
    }

    fn pending(&self) -> u64 {
        0
    }

    fn summary(&self) -> Summary {
        self.summary
    }

    fn location(&self) -> String {
        self.name.clone()
    }
}
