//! S3-compatible storage through `object_store` (feature `s3`).

use std::io;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt as _, TryStreamExt as _};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore as _, ObjectStoreExt as _, PutMode, PutOptions, PutPayload};

use super::{DeliveryError, Store};

use crate::redact::redact;

/// An S3 bucket (or any S3-compatible store) as a [`Store`].
///
/// The endpoint, region and credentials come from the usual AWS environment variables
/// (`AWS_ENDPOINT_URL`, `AWS_REGION` or `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …); requests are path-style, and an
/// `http://` endpoint (a local peer such as moto) is allowed without TLS. Each object is one
/// `PutObject`, which S3 makes visible whole or not at all, sent with `If-None-Match: *` so
/// that an object already under the key is never replaced (the put fails instead);
/// `object_store` retries transient failures. The async client runs on a small current-thread runtime owned by the store, so
/// callers stay synchronous.
#[derive(Debug)]
pub struct S3Store {
    runtime: tokio::runtime::Runtime,
    s3: AmazonS3,
    url: String,
    /// Prepended to every key: empty, or the path of `s3://bucket/path/` ending with `/`.
    root: String,
}

/// The endpoint the environment sets, as `object_store` reads it.
fn endpoint_from_env() -> Option<String> {
    ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}

impl S3Store {
    /// A store for `s3://BUCKET` or `s3://BUCKET/ROOT/` (keys then go under `ROOT/`), with
    /// settings from the environment.
    pub fn from_url(url: &str) -> Result<S3Store, DeliveryError> {
        let bad = |message: String| DeliveryError::Config(redact(&format!("{url:?}: {message}")));
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| bad("expected s3://BUCKET or s3://BUCKET/PATH/".into()))?;
        let (bucket, root) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(bad("the bucket name is missing".into()));
        }
        let root = match root.trim_end_matches('/') {
            "" => String::new(),
            r => format!("{r}/"),
        };
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if endpoint_from_env().is_some_and(|e| e.starts_with("http://")) {
            builder = builder.with_allow_http(true);
        }
        let s3 = builder.build().map_err(|e| bad(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| bad(format!("starting the I/O runtime: {e}")))?;
        Ok(S3Store {
            runtime,
            s3,
            url: format!("s3://{bucket}/{root}"),
            root,
        })
    }

    /// An error about `key`, its message with the user info of URLs and endpoints redacted
    /// (`object_store` quotes the request's URL, built from the endpoint).
    fn error(&self, key: &str, message: impl ToString) -> DeliveryError {
        DeliveryError::Store {
            location: self.url.clone(),
            key: key.to_owned(),
            message: redact(&message.to_string()),
        }
    }

    fn path(&self, key: &str) -> Result<Path, DeliveryError> {
        // `Path::parse` would silently drop a leading `/`, changing the key Firehose makes.
        if key.starts_with('/') || key.ends_with('/') {
            return Err(self.error(key, "the key has an empty path segment"));
        }
        Path::parse(format!("{}{key}", self.root)).map_err(|e| self.error(key, e))
    }

    /// The keys under `prefix` (relative to the store's root), sorted.
    pub fn list(&self, prefix: &str) -> Result<Vec<String>, DeliveryError> {
        Ok(self
            .list_sizes(prefix)?
            .into_iter()
            .map(|(key, _)| key)
            .collect())
    }

    /// The objects under `prefix` (relative to the store's root), sorted by key, each with its
    /// size in bytes. A folder marker (the zero-byte `name/` object the S3 console's "Create
    /// folder" makes) is listed as `name` of size 0: it cannot be read back under that key,
    /// and holds nothing.
    pub fn list_sizes(&self, prefix: &str) -> Result<Vec<(String, u64)>, DeliveryError> {
        let dir = match format!("{}{prefix}", self.root).trim_end_matches('/') {
            "" => None,
            p => Some(Path::parse(p).map_err(|e| self.error(prefix, e))?),
        };
        let metas: Vec<_> = self
            .runtime
            .block_on(self.s3.list(dir.as_ref()).try_collect())
            .map_err(|e| self.error(prefix, e))?;
        let mut objects: Vec<(String, u64)> = metas
            .into_iter()
            .filter_map(|m| {
                let key = m.location.as_ref().strip_prefix(self.root.as_str())?;
                Some((key.to_owned(), m.size))
            })
            .collect();
        objects.sort();
        Ok(objects)
    }

    /// The object `key` as a reader of its bytes, streamed as they arrive: memory stays that of
    /// one chunk of the response, whatever the object's size. Errors, opening it or while
    /// reading, say which object.
    pub fn open(&self, key: &str) -> Result<ObjectReader<'_>, crate::verify::ReadError> {
        let location = format!("{}{key}", self.url);
        let fail = |message: String| crate::verify::ReadError {
            location: location.clone(),
            message,
        };
        let path = self.path(key).map_err(|e| match e {
            DeliveryError::Store { message, .. } => fail(message),
            e => fail(e.to_string()),
        })?;
        let result = self
            .runtime
            .block_on(self.s3.get(&path))
            .map_err(|e| fail(e.to_string()))?;
        Ok(ObjectReader {
            runtime: &self.runtime,
            stream: result.into_stream(),
            chunk: Default::default(),
            at: 0,
            location,
        })
    }

    /// The bytes of the object `key`.
    pub fn get(&self, key: &str) -> Result<Vec<u8>, DeliveryError> {
        let path = self.path(key)?;
        self.runtime
            .block_on(async { self.s3.get(&path).await?.bytes().await })
            .map(|b| b.to_vec())
            .map_err(|e| self.error(key, e))
    }
}

/// An S3 object's bytes, read as they arrive ([`S3Store::open`]).
pub struct ObjectReader<'a> {
    runtime: &'a tokio::runtime::Runtime,
    stream: BoxStream<'static, object_store::Result<bytes_of::Bytes>>,
    chunk: bytes_of::Bytes,
    at: usize,
    location: String,
}

/// The chunk type of `object_store`'s streams, named through its `GetResult`.
mod bytes_of {
    pub type Bytes = <object_store::PutPayload as IntoIterator>::Item;
}

impl std::fmt::Debug for ObjectReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectReader")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl io::Read for ObjectReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.runtime.block_on(self.stream.next()) {
                Some(Ok(bytes)) => {
                    self.chunk = bytes;
                    self.at = 0;
                }
                Some(Err(e)) => return Err(io::Error::other(e)),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Store for S3Store {
    fn put(&mut self, key: &str, body: &[u8]) -> Result<(), DeliveryError> {
        let path = self.path(key)?;
        let payload = PutPayload::from(body.to_vec());
        self.runtime
            .block_on(
                self.s3
                    .put_opts(&path, payload, PutOptions::from(PutMode::Create)),
            )
            .map(drop)
            .map_err(|e| match e {
                object_store::Error::AlreadyExists { .. } => self.error(
                    key,
                    "an object is already there, and fakeplate never replaces one (run again with another --run-id, or under another path)",
                ),
                e => self.error(key, e),
            })
    }

    fn location(&self) -> String {
        self.url.clone()
    }

    fn check_key(&self, key: &str) -> Result<(), DeliveryError> {
        self.path(key).map(drop)
    }
}
