//! Where objects are written: the [`Store`] trait and the local bucket, [`LocalStore`].

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::DeliveryError;

/// A bucket that takes whole objects. Writing an object must be atomic: no reader may see part
/// of one, and a failed write leaves nothing under the key.
pub trait Store {
    /// Writes `body` under `key`, replacing any object already there.
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError>;

    /// Where the objects go, for messages (`./bucket`, `s3://my-bucket`).
    fn location(&self) -> String;
}

impl<S: Store + ?Sized> Store for Box<S> {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        (**self).put(key, body)
    }

    fn location(&self) -> String {
        (**self).location()
    }
}

/// A directory as a bucket: the object `a/b/c` is the file `<root>/a/b/c`.
///
/// Each object is written to a hidden temporary file (`.<name>.<pid>.tmp`) in its directory,
/// synced, and renamed into place, so a reader sees either the whole object or none.
///
/// ```
/// use fakeplate::delivery::{LocalStore, Store};
///
/// let root = std::env::temp_dir().join(format!("fakeplate-doc-{}", std::process::id()));
/// let mut bucket = LocalStore::new(&root);
/// bucket.put("streaming/2026/01/etl3-delivery-1-2026-01-01-00-00-00-x", b"{}\n")?;
/// assert_eq!(std::fs::read(root.join("streaming/2026/01/etl3-delivery-1-2026-01-01-00-00-00-x"))?, b"{}\n");
/// # std::fs::remove_dir_all(&root)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    /// A bucket rooted at `root` (created when the first object is written).
    pub fn new(root: impl Into<PathBuf>) -> LocalStore {
        LocalStore { root: root.into() }
    }

    /// The bucket's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of `key`, refusing keys a directory cannot hold as S3 does: empty segments
    /// (a prefix starting with `/` or holding `//`) and `.` or `..` segments.
    pub fn path_of(&self, key: &str) -> Result<PathBuf, DeliveryError> {
        let mut path = self.root.clone();
        for segment in key.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(self.error(
                    key,
                    "the key has an empty, `.` or `..` path segment, which a local directory cannot hold (S3 can; check the prefix for a leading `/` or `//`)",
                ));
            }
            path.push(segment);
        }
        Ok(path)
    }

    fn error(&self, key: &str, message: impl ToString) -> DeliveryError {
        DeliveryError::Store {
            location: self.location(),
            key: key.to_owned(),
            message: message.to_string(),
        }
    }
}

impl Store for LocalStore {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        let path = self.path_of(key)?;
        let dir = path.parent().expect("a key has at least one segment");
        std::fs::create_dir_all(dir).map_err(|e| self.error(key, e))?;
        let name = path
            .file_name()
            .expect("segments are not empty")
            .to_string_lossy();
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = (|| {
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(body)?;
            file.sync_all()?;
            std::fs::rename(&temp, &path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(self.error(key, e));
        }
        Ok(())
    }

    fn location(&self) -> String {
        self.root.display().to_string()
    }
}
