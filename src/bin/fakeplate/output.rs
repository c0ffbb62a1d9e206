//! Writing to standard output and standard error without panicking: a closed pipe is the
//! reader's wish to stop, and a full or closed stderr never stops a run.

use std::io::{self, Write};

use super::Failure;

/// `eprintln!` that ignores a failing stderr (`eprintln!` panics there).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Writes, treating a closed pipe as the reader's wish to stop: `Ok(false)` then.
pub fn write_out(w: &mut dyn Write, bytes: &[u8]) -> Result<bool, Failure> {
    match w.write_all(bytes) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}

/// Flushes, treating a closed pipe as [`write_out`] does.
pub fn flush_out(w: &mut dyn Write) -> Result<bool, Failure> {
    match w.flush() {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Other(format!("writing records: {e}"))),
    }
}
