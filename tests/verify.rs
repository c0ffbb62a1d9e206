//! `fakeplate verify`: a bucket `deliver` made, a file `render` wrote, standard input and an S3
//! bucket verify clean; deleted, duplicated, altered and reordered records are counted exactly;
//! usage errors exit 2. Needs the `cli` feature (and `s3` plus a local S3 peer for the S3 test).
#![cfg(feature = "cli")]

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{fakeplate, last_line, lines, text, write_lines};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-verify-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Delivers 36,000 sakila records of seed 42 into a fresh local bucket.
fn delivered(name: &str) -> PathBuf {
    let root = scratch(name);
    let out = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--count",
        "36000",
        "--seed",
        "42",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    root
}

fn verify(from: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "verify",
        SAKILA,
        "--from",
        from.to_str().unwrap(),
        "--seed",
        "42",
        "--count",
        "36000",
    ];
    args.extend_from_slice(extra);
    fakeplate(&args)
}

#[test]
fn a_clean_deliver_bucket_verifies() {
    let root = delivered("clean");
    // A temporary file a killed run left behind is not an object.
    std::fs::write(root.join(".fakeplate-0123456789abcdef.tmp"), "junk\n").unwrap();
    let out = verify(&root, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        last_line(&out),
        "verify: 36000 expected, 36000 found, 0 missing, 0 duplicated, 0 unexpected"
    );
    // Another seed: nothing matches.
    let out = fakeplate(&[
        "verify",
        SAKILA,
        "--from",
        root.to_str().unwrap(),
        "--seed",
        "43",
        "--count",
        "36000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "verify: 36000 expected, 0 found, 36000 missing, 0 duplicated, 36000 unexpected"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_deleted_object_a_duplicate_and_an_altered_record_are_counted_exactly() {
    let root = delivered("faults");
    let keys = support::keys(&root);
    assert!(keys.len() > 10, "{keys:?}");
    // The index of each object's first record: objects in key order are the records in order.
    let mut first = Vec::new();
    let mut n = 0;
    for k in &keys {
        first.push(n);
        n += lines(&root.join(k)).len();
    }
    assert_eq!(n, 36000);

    let deleted = lines(&root.join(&keys[3])).len();
    std::fs::remove_file(root.join(&keys[3])).unwrap();
    // Record 2 of object 5 once more, at the end of object 5.
    let path5 = root.join(&keys[5]);
    let mut five = lines(&path5);
    five.push(five[2].clone());
    write_lines(&path5, &five);
    // Record 10 of object 7 altered at its 30th byte.
    let path7 = root.join(&keys[7]);
    let mut seven = lines(&path7);
    let original = seven[10].clone();
    let mut altered = original.clone().into_bytes();
    altered[30] = if altered[30] == b'#' { b'%' } else { b'#' };
    seven[10] = String::from_utf8(altered).unwrap();
    write_lines(&path7, &seven);

    let out = verify(&root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let missing = deleted + 1;
    assert_eq!(
        last_line(&out),
        format!(
            "verify: 36000 expected, {} found, {missing} missing, 1 duplicated, 1 unexpected",
            36000 - missing
        )
    );
    let report = text(&out.stdout);
    let lost = format!("{}-{}", first[3], first[3] + deleted - 1);
    assert!(report.contains(&lost), "{report}");
    assert!(
        report.contains(&format!("{} (2 copies)", first[5] + 2)),
        "{report}"
    );

    let out = verify(&root, &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["missing"], missing);
    assert_eq!(json["ok"], false);
    let u = &json["unexpected_sample"][0];
    assert_eq!(u["source"], keys[7].as_str());
    assert_eq!(u["position"], 11);
    assert_eq!(u["closest"]["index"], first[7] + 10);
    assert_eq!(u["closest"]["first_difference"], 30);
    assert_eq!(u["closest"]["record"], original.as_str());
    assert_eq!(json["duplicated_sample"][0]["index"], first[5] + 2);
    // The duplicate came after later records of its object.
    assert_eq!(json["out_of_order"], 1);
    assert_eq!(json["out_of_order_sample"][0]["source"], keys[5].as_str());
    assert_eq!(
        text(&out.stderr).lines().last().unwrap(),
        format!(
            "verify: 36000 expected, {} found, {missing} missing, 1 duplicated, 1 unexpected",
            36000 - missing
        )
    );

    // Put the altered record and the deleted object back: only the duplicate is left.
    seven[10] = original;
    write_lines(&path7, &seven);
    let regenerated = scratch("faults-again");
    let out = fakeplate(&[
        "render",
        SAKILA,
        "--seed",
        "42",
        "--start-index",
        &first[3].to_string(),
        "--count",
        &deleted.to_string(),
        "--output",
        regenerated.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    std::fs::rename(&regenerated, root.join(&keys[3])).unwrap();
    let out = verify(&root, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "verify: 36000 expected, 36000 found, 0 missing, 1 duplicated, 0 unexpected"
    );
    let out = verify(&root, &["--allow-duplicates"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = verify(&root, &["--allow-duplicates", "--require-order"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_render_output_file_verifies_with_its_range_and_clock() {
    let dir = scratch("render");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("records.jsonl");
    let run = [
        "--seed",
        "7",
        "--start-index",
        "1000",
        "--count",
        "5000",
        "--start",
        "2024-02-29T23:00:00Z",
        "--step",
        "1s",
    ];
    let mut args = vec!["render", SAKILA, "--threads", "2", "--output"];
    args.push(file.to_str().unwrap());
    args.extend_from_slice(&run);
    assert!(fakeplate(&args).status.success());

    let mut args = vec!["verify", SAKILA, "--from", file.to_str().unwrap()];
    args.extend_from_slice(&run);
    let out = fakeplate(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        last_line(&out),
        "verify: 5000 expected, 5000 found, 0 missing, 0 duplicated, 0 unexpected"
    );
    // Order is required and held.
    args.push("--require-order");
    assert_eq!(fakeplate(&args).status.code(), Some(0));

    // Another clock step: every timestamp differs (record i is at --start + i x --step).
    let mut args = vec!["verify", SAKILA, "--from", file.to_str().unwrap()];
    args.extend_from_slice(&run[..8]);
    args.extend_from_slice(&["--step", "2s", "--json"]);
    let out = fakeplate(&args);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["found"].as_u64(), json["unexpected"].as_u64()),
        (Some(0), Some(5000))
    );
    let u = &json["unexpected_sample"][0];
    assert_eq!(u["position"], 1);
    // The timestamp is the first field: the records differ inside it.
    let at = u["closest"]["first_difference"].as_u64().unwrap();
    assert!((14..40).contains(&at), "{u}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_and_a_last_line_without_a_line_break() {
    let records = fakeplate(&["render", SAKILA, "--seed", "3", "--count", "300"]).stdout;
    let mut input = records.clone();
    assert_eq!(input.pop(), Some(b'\n'));
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "verify", SAKILA, "--from", "-", "--seed", "3", "--count", "300",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        last_line(&out),
        "verify: 300 expected, 300 found, 0 missing, 0 duplicated, 0 unexpected"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    let missing = dir.join("nothing-here");
    for (args, needle) in [
        (
            vec!["--from", d, "--count", "5", "--delimiter", "none"],
            "newline-framed",
        ),
        (
            vec!["--from", "kinesis://bad/name", "--count", "5"],
            "stream name must be",
        ),
        (vec!["--from", "kafka://topic", "--count", "5"], "no topic"),
        (
            vec!["--from", "kafka://localhost:x/topic", "--count", "5"],
            "is not HOST:PORT",
        ),
        (
            vec!["--from", "firehose://etl3-delivery", "--count", "5"],
            "s3://BUCKET/PREFIX",
        ),
        (
            vec!["--from", "ftp://host/x", "--count", "5"],
            "expected a file",
        ),
        (vec!["--from", "", "--count", "5"], "expected a file"),
        (
            vec!["--from", missing.to_str().unwrap(), "--count", "5"],
            "nothing-here",
        ),
        (
            vec![
                "--from",
                d,
                "--count",
                "5",
                "--start-index",
                &u64::MAX.to_string(),
            ],
            "pass",
        ),
        (vec!["--from", d, "--count", "5000000000"], "at most"),
        (
            vec!["--from", d, "--count", "5", "--step", "soon"],
            "--step",
        ),
        (vec!["--from", d], "--count"),
    ] {
        let mut all = vec!["verify", SAKILA];
        all.extend_from_slice(&args);
        let out = fakeplate(&all);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = fakeplate(&["verify", "-", "--from", "-", "--count", "1"]);
    assert_eq!(out.status.code(), Some(2));
    // Records with line breaks cannot be framed by lines.
    let multiline = dir.join("two-lines.tmpl");
    std::fs::write(&multiline, "a {{random.number(9)}}\nb\n").unwrap();
    let out = fakeplate(&[
        "verify",
        multiline.to_str().unwrap(),
        "--keep-newlines",
        "--from",
        d,
        "--count",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("3 of the expected records contain a line break"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "s3")]
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn an_s3_bucket_verifies() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "verify");
    let url = format!("s3://{bucket}/runs/one/");
    let out = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        &url,
        "--count",
        "20000",
        "--seed",
        "42",
        "--buffer-size",
        "256KiB",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let run = [
        "verify", SAKILA, "--seed", "42", "--count", "20000", "--from",
    ];
    let mut args = run.to_vec();
    args.push(&url);
    let out = fakeplate(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(
        last_line(&out),
        "verify: 20000 expected, 20000 found, 0 missing, 0 duplicated, 0 unexpected"
    );
    // The whole bucket holds the same objects; a path with nothing under it holds none.
    let whole = format!("s3://{bucket}");
    let mut args = run.to_vec();
    args.push(&whole);
    assert_eq!(fakeplate(&args).status.code(), Some(0));
    let empty = format!("s3://{bucket}/runs/two/");
    let mut args = run.to_vec();
    args.push(&empty);
    let out = fakeplate(&args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "verify: 20000 expected, 0 found, 20000 missing, 0 duplicated, 0 unexpected"
    );
}

/// Records `deliver` could not deliver (here: not JSON, with `--validate json`) sit in error
/// documents under the error prefix: verify reads the whole bucket, finds them there, and
/// reports them as failed and missing, not as unexpected lines.
#[test]
fn records_in_the_error_output_are_failed_and_missing() {
    let dir = scratch("error-output");
    std::fs::create_dir_all(&dir).unwrap();
    let template = dir.join("half.tmpl");
    // `{"n":…}` is JSON, `{"n" …}` is not.
    std::fs::write(
        &template,
        r#"{{random.arrayElement(["{\"n\":", "{\"n\" "])}}{{random.number(1000000000)}}}"#,
    )
    .unwrap();
    let t = template.to_str().unwrap();
    let root = dir.join("bucket");
    let root = root.to_str().unwrap();
    let common = ["--escape", "text", "--count", "300", "--seed", "4"];
    let o = fakeplate(
        &[
            &[
                "deliver",
                t,
                "--to",
                root,
                "--validate",
                "json",
                "--run-id",
                "1",
            ][..],
            &common,
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let invalid = fakeplate(&[&["render", t][..], &common].concat());
    let n_invalid = text(&invalid.stdout)
        .lines()
        .filter(|l| l.starts_with(r#"{"n" "#))
        .count();
    assert!(n_invalid > 100, "{n_invalid}");
    let o = fakeplate(&[&["verify", t, "--from", root][..], &common].concat());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(
        last_line(&o),
        format!(
            "verify: 300 expected, {} found, {n_invalid} missing, 0 duplicated, 0 unexpected",
            300 - n_invalid
        )
    );
    let report = text(&o.stdout);
    assert!(
        report.contains(&format!(
            "failed: {n_invalid} records of the missing in the error output"
        )),
        "{report}"
    );
    let o = fakeplate(&[&["verify", t, "--from", root, "--json"][..], &common].concat());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["failed"], n_invalid);
    assert_eq!(
        doc["failed_sample"][0]["error_code"],
        "DataFormatConversion.MalformedData"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A small template in `dir`, and its records 0..10 of seed 1 as lines.
fn small(dir: &Path) -> (String, Vec<String>) {
    std::fs::create_dir_all(dir).unwrap();
    let t = dir.join("t.tmpl");
    std::fs::write(&t, r#"{"id":"{{random.uuid}}","n":{{random.number(99)}}}"#).unwrap();
    let t = t.to_str().unwrap().to_owned();
    let out = fakeplate(&["render", &t, "--count", "10", "--seed", "1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let records = text(&out.stdout).lines().map(str::to_owned).collect();
    (t, records)
}

/// Issue 28, item 5: a line that starts like an error document of Firehose's error output but
/// is not one was dropped uncounted, and verify passed.
#[test]
fn junk_that_starts_like_an_error_document_is_unexpected() {
    let dir = scratch("junk-document");
    let (t, mut records) = small(&dir);
    records.push(r#"{"attemptsMade":1}"#.to_owned());
    let file = dir.join("f");
    write_lines(&file, &records);
    let f = file.to_str().unwrap();
    let out = fakeplate(&["verify", &t, "--from", f, "--count", "10", "--seed", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert_eq!(
        last_line(&out),
        "verify: 10 expected, 10 found, 0 missing, 0 duplicated, 1 unexpected"
    );
    assert!(text(&out.stdout).contains(r#"{\"attemptsMade\":1}"#));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 28, item 11: the documented maximum count aborted on its allocation (exit 134); a
/// range whose bookkeeping cannot fit is a usage error that says the limit and why.
#[test]
fn the_largest_count_is_refused_with_a_reason_not_aborted() {
    let dir = scratch("largest-count");
    let (t, records) = small(&dir);
    let file = dir.join("f");
    write_lines(&file, &records);
    let f = file.to_str().unwrap();
    let out = fakeplate(&[
        "verify",
        &t,
        "--from",
        f,
        "--count",
        "4294967295",
        "--seed",
        "1",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--count 4294967295: verify keeps 16 to 18 bytes for each expected record"),
        "{stderr}"
    );
    assert!(stderr.contains("--start-index"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 28, item 20: one corrupt gzip file ended a directory's verify; it is that file's
/// error now, and the other files are read.
#[test]
fn a_corrupt_gzip_file_is_its_own_error_and_the_others_are_read() {
    let dir = scratch("corrupt-gzip");
    let (t, records) = small(&dir);
    let bucket = dir.join("bucket");
    std::fs::create_dir_all(&bucket).unwrap();
    write_lines(&bucket.join("a"), &records[..5]);
    // A gzip header, then bytes that are no deflate stream.
    let mut bad = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    bad.extend_from_slice(&[0xff; 64]);
    std::fs::write(bucket.join("b.gz"), bad).unwrap();
    write_lines(&bucket.join("c"), &records[5..]);
    let b = bucket.to_str().unwrap();
    let out = fakeplate(&["verify", &t, "--from", b, "--count", "10", "--seed", "1"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        last_line(&out),
        "verify: 10 expected, 10 found, 0 missing, 0 duplicated, 0 unexpected"
    );
    assert!(
        stderr.contains("error: reading ") && stderr.contains("b.gz"),
        "{stderr}"
    );
    assert!(
        text(&out.stdout).contains("unreadable: 1 file "),
        "{}",
        text(&out.stdout)
    );
    let out = fakeplate(&[
        "verify", &t, "--from", b, "--count", "10", "--seed", "1", "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["unreadable"].as_array().map(Vec::len), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 28, item 18: a file name holding terminal escapes (here one that retitles the
/// window) was printed raw; it is printed escaped, in the report and in errors.
#[cfg(unix)]
#[test]
fn file_names_are_printed_with_their_control_characters_escaped() {
    let dir = scratch("escapes");
    let (t, mut records) = small(&dir);
    let bucket = dir.join("bucket");
    std::fs::create_dir_all(&bucket).unwrap();
    records[3] = "junk".to_owned();
    write_lines(&bucket.join("x\x1b]0;pwned\x07.jsonl"), &records);
    let b = bucket.to_str().unwrap();
    let out = fakeplate(&["verify", &t, "--from", b, "--count", "10", "--seed", "1"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains(['\x1b', '\x07']), "{stdout:?}");
    assert!(
        stdout.contains("  x\\u{1b}]0;pwned\\u{7}.jsonl record 4 (4 bytes)"),
        "{stdout}"
    );
    // An error naming the file: escaped too.
    let missing = dir.join("no\x1b[2Jsuch");
    let out = fakeplate(&[
        "verify",
        &t,
        "--from",
        missing.to_str().unwrap(),
        "--count",
        "10",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && stderr.contains("no\\u{1b}[2Jsuch"),
        "{stderr:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 28, item 18: `check` printed template lines raw; control characters in them are
/// escaped, and the caret still stands under the fault.
#[test]
fn check_escapes_control_characters_in_source_lines_and_keeps_the_caret_in_place() {
    let dir = scratch("check-escapes");
    std::fs::create_dir_all(&dir).unwrap();
    let t = dir.join("t.tmpl");
    std::fs::write(&t, "{\"a\":\"\x1b]0;pwned\x07\",\"b\":{{random.nuber}}}").unwrap();
    let out = fakeplate(&["check", t.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains(['\x1b', '\x07']), "{stderr:?}");
    let source = stderr
        .lines()
        .find(|l| l.starts_with("1 | "))
        .unwrap_or_else(|| panic!("no source line: {stderr}"));
    assert!(source.contains(r#""\u{1b}]0;pwned\u{7}""#), "{stderr}");
    let caret = stderr
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no caret: {stderr}"));
    let at = caret.find('^').unwrap();
    assert!(
        source[at..].starts_with("random.nuber") || source[at..].starts_with("nuber"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 28, items 6, 7 and 20: objects are streamed as files are, a folder marker is
/// skipped, an over-long line is reported at its whole length (as from a file), and a read
/// error says "reading".
#[cfg(feature = "s3")]
#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn s3_folder_markers_are_skipped_and_long_lines_are_reported_whole() {
    use fakeplate::delivery::{S3Store, Store as _};
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "verify-marker");
    let dir = scratch("s3-marker");
    let (t, records) = small(&dir);
    let mut store = S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    let body: String = records.iter().map(|r| format!("{r}\n")).collect();
    store.put("streaming/a", body.as_bytes()).unwrap();
    // A line of 3 MiB: longer than any expected record, spanning reads.
    let long = format!("{}\n", "z".repeat(3 << 20));
    store.put("streaming/b", long.as_bytes()).unwrap();
    // The zero-byte object the S3 console's "Create folder" makes.
    let mut stream = std::net::TcpStream::connect(&peer).unwrap();
    use std::io::Read as _;
    write!(
        stream,
        "PUT /{bucket}/streaming/ HTTP/1.1\r\nHost: {peer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let url = format!("s3://{bucket}");
    let out = fakeplate(&["verify", &t, "--from", &url, "--count", "10", "--seed", "1"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert_eq!(
        last_line(&out),
        "verify: 10 expected, 10 found, 0 missing, 0 duplicated, 1 unexpected"
    );
    assert!(
        stdout.contains(&format!("streaming/b record 1 ({} bytes)", 3 << 20)),
        "{stdout}"
    );
    // The same line from a file: the same length.
    let file = dir.join("b");
    std::fs::write(&file, &long).unwrap();
    let out = fakeplate(&[
        "verify",
        &t,
        "--from",
        file.to_str().unwrap(),
        "--count",
        "0",
    ]);
    assert!(
        text(&out.stdout).contains(&format!("record 1 ({} bytes)", 3 << 20)),
        "{}",
        text(&out.stdout)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
