//! Helpers shared by the delivery and sink tests.
#![allow(dead_code, unused_macros)]

use std::io::{Read as _, Write as _};

use std::path::Path;

pub mod peers;

/// Runs the `fakeplate` binary with `args` and waits for it.
#[cfg(feature = "cli")]
pub fn fakeplate(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Bytes that must be UTF-8, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Every file under `root`, as keys relative to it with `/` separators, sorted as S3 lists
/// them; empty when `root` does not exist.
pub fn keys(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// `host:port` of moto's server (see [`peers::moto`]); `Some` or a panic saying what is missing.
pub fn peer() -> Option<String> {
    Some(peers::moto())
}

/// The moto peer's `host:port`, given by `AWS_ENDPOINT_URL` or started for this test process;
/// a test that cannot have it fails with what is missing and how to get it (the name is
/// older than that). Mark the test `#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]`
/// so that `FAKEPLATE_SKIP_PEERS=1` reports it ignored.
macro_rules! peer_or_skip {
    () => {
        $crate::support::peers::moto()
    };
}

/// The Kafka broker list (tansu), given by `FAKEPLATE_KAFKA_BROKERS` or started for this test
/// process; as [`peer_or_skip!`], with `ignore = "needs tansu"`.
macro_rules! brokers_or_skip {
    () => {
        $crate::support::peers::tansu()
    };
}

/// Creates a fresh bucket with a bare `PUT /bucket` (moto needs no signature for it; the
/// Firehose emulation, like Firehose, expects the bucket to exist).
pub fn create_bucket(peer: &str, what: &str) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "fakeplate-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut stream = std::net::TcpStream::connect(peer).expect("the S3 peer listens");
    write!(
        stream,
        "PUT /{name} HTTP/1.1\r\nHost: {peer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "creating {name}: {response}"
    );
    name
}

#[allow(unused_imports)]
pub(crate) use {brokers_or_skip, peer_or_skip};

/// The last line of a command's standard output (`verify`'s summary), or `""`.
pub fn last_line(out: &std::process::Output) -> String {
    text(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// The lines of a text file.
pub fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Writes `lines` to `path`, each followed by a line break.
pub fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

/// A fresh directory under the target directory, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    /// `CARGO_TARGET_TMPDIR/<name>-<process id>`, emptied.
    pub fn new(name: &str) -> TempDir {
        let path =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// `name` inside the directory, as text for a command line.
    pub fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs each command of `cases` and checks that it is a usage error (exit 2) whose message
/// holds the case's text.
#[cfg(feature = "cli")]
pub fn assert_usage_errors(cases: &[(&[&str], &str)]) {
    for (args, message) in cases {
        let o = fakeplate(args);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
