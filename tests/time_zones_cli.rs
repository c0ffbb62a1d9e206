//! `--tz` on the command line and the default zone of each clock. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::process::{Command, Output};

/// A template file printing the record's time in the zone, in UTC, and its offset.
fn template() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-tz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("times.tmpl");
    std::fs::write(
        &path,
        r#"{{date.now("YYYY-MM-DDTHH:mm:ssZ")}} {{date.utc("Z")}}"#,
    )
    .unwrap();
    path
}

/// Runs the binary with `TZ` set to `tz` (or unset), so that the machine's zone is known.
fn run(tz: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fakeplate"));
    match tz {
        Some(tz) => cmd.env("TZ", tz),
        None => cmd.env_remove("TZ"),
    };
    cmd.args(args).output().expect("the binary runs")
}

fn lines(o: &Output) -> Vec<String> {
    assert!(o.status.success(), "{}", support::text(&o.stderr));
    support::text(&o.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn render_stays_utc_unless_tz_is_given() {
    let t = template();
    let t = t.to_str().unwrap();
    let start = ["--start", "2026-07-01T12:00:00Z", "--count", "1"];
    let utc = run(Some("Asia/Kolkata"), &[&["render", t][..], &start].concat());
    assert_eq!(lines(&utc), ["2026-07-01T12:00:00+00:00 +00:00"]);
    let ny = run(
        Some("Asia/Kolkata"),
        &[&["render", t, "--tz", "America/New_York"][..], &start].concat(),
    );
    assert_eq!(lines(&ny), ["2026-07-01T08:00:00-04:00 +00:00"]);
    let fixed = run(
        None,
        &[&["render", t, "--tz", "+05:30"][..], &start].concat(),
    );
    assert_eq!(lines(&fixed), ["2026-07-01T17:30:00+05:30 +00:00"]);
}

#[test]
fn stream_on_the_system_clock_takes_the_machine_zone_and_tz_overrides_it() {
    let t = template();
    let t = t.to_str().unwrap();
    let stream = ["stream", t, "--count", "2", "--rate", "1000"];
    let offsets = |o: &Output| -> Vec<String> {
        lines(o)
            .iter()
            .map(|l| l.split(' ').next().unwrap()[19..].to_owned())
            .collect()
    };
    // Kolkata has no daylight saving, so its offset does not depend on today's date.
    assert_eq!(
        offsets(&run(Some("Asia/Kolkata"), &stream)),
        ["+05:30", "+05:30"]
    );
    assert_eq!(
        offsets(&run(Some(":Asia/Kolkata"), &stream)),
        ["+05:30", "+05:30"]
    );
    let over = run(
        Some("Asia/Kolkata"),
        &[&stream[..], &["--tz=-03:00"]].concat(),
    );
    assert_eq!(offsets(&over), ["-03:00", "-03:00"]);
    // The virtual clock ignores the machine's zone.
    let virt = run(
        Some("Asia/Kolkata"),
        &[&stream[..], &["--clock", "virtual"]].concat(),
    );
    assert_eq!(offsets(&virt), ["+00:00", "+00:00"]);
    // date.utc is UTC whatever the zone.
    assert!(
        lines(&run(Some("Asia/Kolkata"), &stream))
            .iter()
            .all(|l| l.ends_with(" +00:00"))
    );
}

#[test]
fn an_unknown_zone_is_a_usage_error_with_near_names() {
    let t = template();
    let t = t.to_str().unwrap();
    for command in ["render", "stream", "check", "deliver", "verify"] {
        let o = run(None, &[command, t, "--tz", "America/New_Yrok"]);
        assert_eq!(o.status.code(), Some(2), "{command}");
        let err = support::text(&o.stderr);
        assert!(
            err.contains("did you mean America/New_York?"),
            "{command}: {err}"
        );
    }
    let o = run(None, &["render", t, "--tz", "+25:00"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Records print in `--tz`; the Firehose prefix keeps filing by UTC.
#[test]
fn deliver_prints_records_in_the_zone_and_files_them_by_utc() {
    let t = template();
    let root = std::env::temp_dir().join(format!("fakeplate-tz-bucket-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let o = run(
        Some("America/New_York"),
        &[
            "deliver",
            t.to_str().unwrap(),
            "--to",
            root.to_str().unwrap(),
            "--count",
            "1",
            "--start",
            "2026-07-01T23:30:00Z",
            "--tz",
            "Asia/Kolkata",
            "--prefix",
            "!{timestamp:yyyy/MM/dd/HH}/",
            "--error-prefix",
            "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
        ],
    );
    assert!(o.status.success(), "{}", support::text(&o.stderr));
    let keys = support::keys(&root);
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].starts_with("2026/07/01/23/"), "{keys:?}");
    let body = std::fs::read_to_string(root.join(&keys[0])).unwrap();
    assert_eq!(body.trim_end(), "2026-07-02T05:00:00+05:30 +00:00");
    let _ = std::fs::remove_dir_all(&root);
}
