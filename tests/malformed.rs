//! Error quality, snapshot style: every template in `tests/malformed/` must fail to compile, and
//! its `{:#}` error (message, line, column, source line and caret) must equal the `.txt` stored
//! beside it. Review a changed message by reading the diff; regenerate with
//! `FAKEPLATE_BLESS=1 cargo test --test malformed`.

use std::fs;
use std::path::Path;

use fakeplate::{Options, Template};

#[test]
fn malformed_templates_fail_with_the_recorded_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let bless = std::env::var_os("FAKEPLATE_BLESS").is_some();
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmpl"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30, "only {} cases", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(path).unwrap();
        let got = match Template::compile_bytes(&bytes, &Options::new().name(name.as_str())) {
            Ok(_) => "compiled without error\n".to_owned(),
            Err(e) => format!("{e:#}\n"),
        };
        let expected_path = path.with_extension("txt");
        if bless {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!("{name}\n--- want\n{want}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
