//! The test peers themselves (`tests/support/peers.rs`): each is given or started, answers, and
//! is what the environment then names for the code under test.

mod support;

use std::process::Command;

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn moto_answers_and_the_environment_names_it() {
    let peer = support::peer_or_skip!();
    assert_eq!(
        std::env::var("AWS_ENDPOINT_URL")
            .unwrap()
            .trim_end_matches('/'),
        format!("http://{peer}")
    );
    // A bucket made through the peer (a 200 from moto's S3) ...
    let bucket = support::create_bucket(&peer, "peers");
    // ... and a second start in the same process is the same peer.
    assert_eq!(support::peers::moto(), peer);
    assert!(bucket.starts_with("fakeplate-peers-"));
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs tansu")]
fn tansu_answers_on_loopback() {
    let brokers = support::brokers_or_skip!();
    let first = brokers.split(',').next().unwrap();
    assert!(first.starts_with("127.") || first.starts_with("localhost"));
    std::net::TcpStream::connect(first).expect("the broker accepts a connection");
    assert_eq!(support::peers::tansu(), brokers);
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs postgres")]
fn postgres_answers_a_query() {
    let url = support::peers::postgres();
    let psql = support::peers::postgres_bin().unwrap().join("psql");
    let psql = if psql.is_file() { psql } else { "psql".into() };
    let o = Command::new(psql)
        .args([url.as_str(), "-tAc", "select 40 + 2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "42");
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs python3")]
fn a_python_reader_venv_runs_its_probe() {
    let python = support::peers::python_reader("stdlib", "import json", &[]);
    let o = Command::new(python)
        .args([
            "-c",
            "import json, sys; print(json.loads(sys.argv[1])['n'] + 1)",
            r#"{"n": 41}"#,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "42");
}

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs chromium")]
fn chromium_answers_on_its_devtools_port() {
    use std::io::{Read as _, Write as _};
    let devtools = support::peers::chromium();
    let mut stream = std::net::TcpStream::connect(&devtools).unwrap();
    write!(
        stream,
        "GET /json/version HTTP/1.1\r\nHost: {devtools}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // The DevTools server keeps the connection open: read the head, then Content-Length bytes.
    let mut bytes = Vec::new();
    let mut buffer = [0; 4096];
    let response = loop {
        let n = stream.read(&mut buffer).unwrap();
        assert!(
            n > 0,
            "the connection closed early: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        bytes.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .expect("a Content-Length");
            if body.len() >= length {
                break text;
            }
        }
    };
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"Browser\""), "{response}");
}

/// No silent pass: a test whose peer cannot be had (here: no Python to install moto with)
/// fails, and says what is missing and how to do without. Runs this file's moto test in a
/// child test process without `AWS_ENDPOINT_URL`.
#[test]
fn a_test_whose_peer_cannot_be_had_fails_saying_what_is_missing() {
    let o = Command::new(std::env::current_exe().unwrap())
        .args([
            "moto_answers_and_the_environment_names_it",
            "--exact",
            "--include-ignored",
            "--test-threads=1",
        ])
        .env_remove("AWS_ENDPOINT_URL")
        .env("PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("1 failed"), "{out}");
    assert!(
        out.contains("the tests that need moto install it with /nonexistent/python3"),
        "{out}"
    );
    assert!(
        out.contains("apt-get install python3 python3-venv"),
        "{out}"
    );
    assert!(out.contains("FAKEPLATE_SKIP_PEERS=1"), "{out}");
}
