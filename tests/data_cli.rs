//! `--data NAME=PATH` on the command line: every format, and errors that name the file and line.
#![cfg(feature = "cli")]

mod support;

use support::{fakeplate, text};

fn dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn data_sets_load_from_csv_json_and_json_lines() {
    let dir = dir();
    std::fs::write(
        dir.join("stores.csv"),
        "store_id,city\n1,\"Lethbridge, AB\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("films.json"),
        r#"[{"film_id": 7, "title": "ACE"}]"#,
    )
    .unwrap();
    std::fs::write(dir.join("staff.jsonl"), "{\"who\": \"Mike\"}\n").unwrap();
    let template = dir.join("t.tmpl");
    std::fs::write(
        &template,
        r#"{{ set s = data.row("stores") }}{{ set f = data.row("films") }}{{ set p = data.row("staff") }}{"city": "{{ s.city }}", "film": {{ f.film_id }}, "who": {{ p.who }}}"#,
    )
    .unwrap();
    let path = |f: &str| dir.join(f).display().to_string();
    let o = fakeplate(&[
        "render",
        template.to_str().unwrap(),
        "--count",
        "2",
        "--data",
        &format!("stores={}", path("stores.csv")),
        "--data",
        &format!("films={}", path("films.json")),
        "--data",
        &format!("staff={}", path("staff.jsonl")),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "{\"city\": \"Lethbridge, AB\", \"film\": 7, \"who\": \"Mike\"}\n".repeat(2)
    );
}

#[test]
fn bad_data_is_an_error_with_the_file_and_line() {
    let dir = dir();
    std::fs::write(dir.join("ragged.csv"), "a,b\n1,2\n3\n").unwrap();
    let template = dir.join("u.tmpl");
    std::fs::write(&template, r#"{{ set r = data.row("r") }}{{ r.a }}"#).unwrap();
    let ragged = format!("r={}", dir.join("ragged.csv").display());
    let o = fakeplate(&["render", template.to_str().unwrap(), "--data", &ragged]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("ragged.csv:3: this row has 1 fields and the header 2"),
        "{}",
        text(&o.stderr)
    );
    for (spec, says) in [
        ("r", "expected NAME=PATH"),
        ("r=data.txt", "must end in .csv, .json, .jsonl or .ndjson"),
        ("1r=x.csv", "not a data set name"),
    ] {
        let o = fakeplate(&["render", template.to_str().unwrap(), "--data", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(
            text(&o.stderr).contains(says),
            "{spec}: {}",
            text(&o.stderr)
        );
    }
    let missing = format!("r={}", dir.join("missing.csv").display());
    let o = fakeplate(&["render", template.to_str().unwrap(), "--data", &missing]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("missing.csv"));
}

#[test]
fn a_byte_order_mark_starts_no_column_name_and_no_record() {
    let dir = dir();
    std::fs::write(dir.join("bom.csv"), "\u{feff}id,city\n1,Lethbridge\n").unwrap();
    std::fs::write(dir.join("bom.json"), "\u{feff}[{\"id\": 2}]").unwrap();
    std::fs::write(dir.join("bom.jsonl"), "\u{feff}{\"id\": 3}\n").unwrap();
    let template = dir.join("bom.tmpl");
    std::fs::write(
        &template,
        "\u{feff}{{ set a = data.row(\"a\") }}{{ set b = data.row(\"b\") }}{{ set c = data.row(\"c\") }}{\"a\": {{ a.id }}, \"b\": {{ b.id }}, \"c\": {{ c.id }}}",
    )
    .unwrap();
    let spec = |name: &str, file: &str| format!("{name}={}", dir.join(file).display());
    let o = fakeplate(&[
        "render",
        template.to_str().unwrap(),
        "--count",
        "1",
        "--data",
        &spec("a", "bom.csv"),
        "--data",
        &spec("b", "bom.json"),
        "--data",
        &spec("c", "bom.jsonl"),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "{\"a\": 1, \"b\": 2, \"c\": 3}\n");
}

#[test]
fn a_key_twice_in_an_object_is_an_error_at_its_file_line_and_key() {
    let dir = dir();
    std::fs::write(
        dir.join("twice.json"),
        "[\n{\"id\": 1},\n{\"id\": 2, \"id\": 3}\n]",
    )
    .unwrap();
    std::fs::write(
        dir.join("twice.jsonl"),
        "{\"id\": 1}\n{\"a\": 1, \"a\": null}\n",
    )
    .unwrap();
    let template = dir.join("twice.tmpl");
    std::fs::write(&template, r#"{{ set r = data.row("r") }}{{ r }}"#).unwrap();
    for (file, line, key) in [("twice.json", 3, "id"), ("twice.jsonl", 2, "a")] {
        let path = dir.join(file);
        let o = fakeplate(&[
            "render",
            template.to_str().unwrap(),
            "--data",
            &format!("r={}", path.display()),
        ]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let want = format!(
            "{}:{line}: item 2: the key `{key}` appears twice",
            path.display()
        );
        assert!(text(&o.stderr).contains(&want), "{}", text(&o.stderr));
    }
}
