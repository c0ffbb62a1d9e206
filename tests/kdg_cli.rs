//! `fakeplate check --kdg`: what KDG's page cannot run, with positions, and exit 1 when any.
#![cfg(feature = "cli")]

mod support;

use support::{fakeplate, text};

#[test]
fn check_kdg_lists_what_kdg_cannot_run_and_fails() {
    let path = std::env::temp_dir().join(format!("fakeplate-kdg-{}.tmpl", std::process::id()));
    std::fs::write(&path, "{{ set n = 1 }}{{random.float}} {{address.state}}").unwrap();
    let o = fakeplate(&["check", "--kdg", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains(":1:1: warning: language v2"), "{err}");
    assert!(
        err.contains(":1:18: warning: `random.float` is not in KDG's faker.js 3.1.0"),
        "{err}"
    );
    assert!(
        err.contains("kdg: 2 constructs KDG's page cannot run"),
        "{err}"
    );

    let o = fakeplate(&["check", "--kdg", "--json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["kdg_ok"], false);
    let kinds: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["not_kdg", "not_kdg"]);

    // The project's template runs in KDG; without --kdg nothing is checked.
    let sakila = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
    let o = fakeplate(&["check", "--kdg", sakila]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("kdg: KDG's page can run this template"));
    assert_eq!(
        fakeplate(&["check", path.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let _ = std::fs::remove_file(&path);
}
