//! Where objects are written: the [`Store`] trait and the local bucket, [`LocalStore`].

use std::collections::HashSet;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::DeliveryError;

/// A bucket that takes whole objects. Writing an object must be atomic (no reader may see part
/// of one, and a failed write leaves nothing under the key) and must never replace an object
/// already there: a key that is taken is an error, so that no run overwrites another's records.
pub trait Store {
    /// Writes `body` under `key`, which must not be taken yet.
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError>;

    /// Where the objects go, for messages (`./bucket`, `s3://my-bucket`).
    fn location(&self) -> String;

    /// Checks that `key` is one this store can hold, without writing anything, so that a
    /// prefix it cannot hold is refused before a run starts. Accepts every key by default.
    fn check_key(&self, key: &str) -> Result<(), DeliveryError> {
        let _ = key;
        Ok(())
    }
}

impl<S: Store + ?Sized> Store for Box<S> {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        (**self).put(key, body)
    }

    fn location(&self) -> String {
        (**self).location()
    }

    fn check_key(&self, key: &str) -> Result<(), DeliveryError> {
        (**self).check_key(key)
    }
}

/// The longest file name most file systems take, in bytes.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// A directory as a bucket: the object `a/b/c` is the file `<root>/a/b/c`.
///
/// Each object is written to a new hidden file with an unpredictable name
/// (`.fakeplate-<16 hex digits>.tmp`, created exclusively, so a planted symbolic link is never
/// followed), synced, and linked into place only if the key is free, so a reader sees either
/// the whole object or none, and no object is ever replaced. Directories inside the bucket
/// that are symbolic links are refused, so that a key cannot lead outside it (the root itself
/// may be a link). A run that is killed mid-write can leave a `.fakeplate-*.tmp` file behind;
/// such hidden files are never objects, and are safe to delete.
///
/// ```
/// use fakeplate::delivery::{LocalStore, Store};
///
/// let root = std::env::temp_dir().join(format!("fakeplate-doc-{}", std::process::id()));
/// let mut bucket = LocalStore::new(&root);
/// let key = "streaming/2026/01/etl3-delivery-1-2026-01-01-00-00-00-x";
/// bucket.put(key, b"{}\n")?;
/// assert_eq!(std::fs::read(root.join(key))?, b"{}\n");
/// // The key is taken now: a second write is refused, and the object is unchanged.
/// assert!(bucket.put(key, b"[]\n").is_err());
/// assert_eq!(std::fs::read(root.join(key))?, b"{}\n");
/// # std::fs::remove_dir_all(&root)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct LocalStore {
    root: PathBuf,
    /// Directories already made or checked to be real directories, not links.
    checked: HashSet<PathBuf>,
}

impl LocalStore {
    /// A bucket rooted at `root` (created when the first object is written).
    pub fn new(root: impl Into<PathBuf>) -> LocalStore {
        LocalStore {
            root: root.into(),
            checked: HashSet::new(),
        }
    }

    /// The bucket's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of `key`, refusing keys a directory cannot hold safely on any platform: empty
    /// segments (a prefix starting with `/` or holding `//`), `.` or `..` segments, segments
    /// over [`MAX_SEGMENT_BYTES`], `\` and NUL anywhere, and a drive prefix (`C:`).
    pub fn path_of(&self, key: &str) -> Result<PathBuf, DeliveryError> {
        let mut path = self.root.clone();
        for (i, segment) in key.split('/').enumerate() {
            let fault = if segment.is_empty() || segment == "." || segment == ".." {
                Some(
                    "the key has an empty, `.` or `..` path segment, which a local directory cannot hold (S3 can; check the prefix for a leading `/` or `//`)",
                )
            } else if segment.len() > MAX_SEGMENT_BYTES {
                Some("a path segment of the key is over 255 bytes, more than a file name can be")
            } else if segment.contains(['\\', '\0']) {
                Some("the key holds `\\` or NUL, which a local directory cannot hold portably")
            } else if i == 0 && is_drive_prefix(segment) {
                Some("the key starts with a drive prefix such as `C:`")
            } else {
                None
            };
            if let Some(message) = fault {
                return Err(self.error(key, message));
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

    /// Makes the directories of `dir` below the root, refusing any that is a symbolic link.
    fn make_dirs(&mut self, dir: &Path) -> io::Result<()> {
        if self.checked.contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.root)?;
        let relative = dir.strip_prefix(&self.root).map_err(io::Error::other)?;
        let mut current = self.root.clone();
        for part in relative.components() {
            current.push(part);
            if self.checked.contains(&current) {
                continue;
            }
            match std::fs::symlink_metadata(&current) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(io::Error::other(format!(
                        "{} is a symbolic link; fakeplate does not follow links inside the bucket",
                        current.display()
                    )));
                }
                Ok(meta) if !meta.is_dir() => {
                    return Err(io::Error::other(format!(
                        "{} is a file, not a directory",
                        current.display()
                    )));
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    match std::fs::create_dir(&current) {
                        Ok(()) => {}
                        // Made by a concurrent run: check it on the next object.
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                        Err(e) => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
            self.checked.insert(current.clone());
        }
        Ok(())
    }
}

/// `C:` and the like: a letter and a colon.
fn is_drive_prefix(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Links `temp` to `path` only if `path` is free (`link(2)` never replaces), falling back to a
/// check and a rename on file systems without hard links.
fn publish(temp: &Path, path: &Path) -> io::Result<()> {
    match std::fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "an object is already there, and fakeplate never replaces one (run again with another --run-id, or into another bucket)",
        )),
        Err(_) if std::fs::symlink_metadata(path).is_err() => std::fs::rename(temp, path),
        Err(e) => Err(e),
    }
}

impl Store for LocalStore {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        let path = self.path_of(key)?;
        let dir = path
            .parent()
            .expect("a key has at least one segment")
            .to_path_buf();
        self.make_dirs(&dir).map_err(|e| self.error(key, e))?;
        let temp = dir.join(format!(
            ".fakeplate-{:016x}.tmp",
            super::names::random_seed()
        ));
        let written = (|| {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            file.write_all(body)?;
            file.sync_all()?;
            publish(&temp, &path)
        })();
        // After a link the temporary name goes; after a rename it is gone already.
        let _ = std::fs::remove_file(&temp);
        written.map_err(|e| self.error(key, e))
    }

    fn location(&self) -> String {
        self.root.display().to_string()
    }

    fn check_key(&self, key: &str) -> Result<(), DeliveryError> {
        self.path_of(key).map(drop)
    }
}
