//! The dead-letter file: records a sink gave up on, one JSON document per line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::SinkError;

/// A JSON Lines file of records that could not be delivered:
/// `{"index":…,"key":…,"data":…,"error_code":…,"error_message":…,"attempts":…}`. `data` is the
/// record as a string when it is UTF-8 (as rendered records are), otherwise `data_base64`
/// holds it. A record whose outcome is not known (it may have landed) has
/// `"outcome":"unknown"` after `attempts` ([`DeadLetter::write_unknown`]). The file is appended
/// to, never truncated, and flushed after every record.
///
/// ```
/// use fakeplate::sink::DeadLetter;
///
/// let path = std::env::temp_dir().join(format!("fakeplate-doc-dl-{}.jsonl", std::process::id()));
/// let mut dead = DeadLetter::open(&path)?;
/// dead.write(3, Some("k"), b"{\"n\":3}\n", "ProvisionedThroughputExceededException", "Rate exceeded", 4)?;
/// let line = std::fs::read_to_string(&path)?;
/// assert_eq!(
///     line,
///     "{\"index\":3,\"key\":\"k\",\"data\":\"{\\\"n\\\":3}\\n\",\"error_code\":\"ProvisionedThroughputExceededException\",\"error_message\":\"Rate exceeded\",\"attempts\":4}\n"
/// );
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct DeadLetter {
    out: BufWriter<File>,
    path: PathBuf,
    records: u64,
}

impl DeadLetter {
    /// Opens (creating or appending to) the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<DeadLetter, SinkError> {
        let path = path.as_ref().to_path_buf();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| SinkError::new(path.display().to_string(), e))?;
        Ok(DeadLetter {
            out: BufWriter::new(file),
            path,
            records: 0,
        })
    }

    /// Records written by this handle.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record with why it failed.
    pub fn write(
        &mut self,
        index: u64,
        key: Option<&str>,
        data: &[u8],
        error_code: &str,
        error_message: &str,
        attempts: u32,
    ) -> Result<(), SinkError> {
        self.append(index, key, data, error_code, error_message, attempts, false)
    }

    /// Appends one record whose outcome is not known (a request that carried it timed out
    /// after it was sent: it may have landed), as [`DeadLetter::write`] does with
    /// `,"outcome":"unknown"` added at the end of its line.
    ///
    /// ```
    /// use fakeplate::sink::DeadLetter;
    ///
    /// let path = std::env::temp_dir().join(format!("fakeplate-doc-dlu-{}.jsonl", std::process::id()));
    /// let mut dead = DeadLetter::open(&path)?;
    /// dead.write_unknown(3, None, b"x\n", "Timeout", "the call timed out", 2)?;
    /// assert!(std::fs::read_to_string(&path)?.ends_with(",\"attempts\":2,\"outcome\":\"unknown\"}\n"));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_unknown(
        &mut self,
        index: u64,
        key: Option<&str>,
        data: &[u8],
        error_code: &str,
        error_message: &str,
        attempts: u32,
    ) -> Result<(), SinkError> {
        self.append(index, key, data, error_code, error_message, attempts, true)
    }

    #[allow(clippy::too_many_arguments)]
    fn append(
        &mut self,
        index: u64,
        key: Option<&str>,
        data: &[u8],
        error_code: &str,
        error_message: &str,
        attempts: u32,
        unknown: bool,
    ) -> Result<(), SinkError> {
        let q = |s: &str| serde_json::Value::from(s).to_string();
        let mut line = format!("{{\"index\":{index},\"key\":");
        line.push_str(&key.map_or("null".to_owned(), q));
        match std::str::from_utf8(data) {
            Ok(text) => {
                line.push_str(",\"data\":");
                line.push_str(&q(text));
            }
            Err(_) => {
                line.push_str(",\"data_base64\":\"");
                line.push_str(&crate::delivery::base64(data));
                line.push('"');
            }
        }
        line.push_str(&format!(
            ",\"error_code\":{},\"error_message\":{},\"attempts\":{attempts}{}}}\n",
            q(error_code),
            q(error_message),
            if unknown {
                ",\"outcome\":\"unknown\""
            } else {
                ""
            }
        ));
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(|e| SinkError::new(self.path.display().to_string(), e))?;
        self.records += 1;
        Ok(())
    }
}
