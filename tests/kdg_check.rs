//! `fakeplate::kdg_check`: every construct KDG's page cannot run, with its position; nothing for
//! the templates KDG runs.

use fakeplate::{Options, WarningKind, kdg_check};

fn findings(src: &str) -> Vec<(usize, usize, String)> {
    kdg_check(src, &Options::new())
        .unwrap()
        .into_iter()
        .map(|w| {
            assert_eq!(w.kind(), WarningKind::NotKdg);
            (w.line(), w.column(), w.message().to_owned())
        })
        .collect()
}

#[test]
fn templates_kdg_runs_have_no_findings() {
    for src in [
        include_str!("../templates/sakila.tmpl"),
        "{{date.now(YYYY-MM-DD)}}",
        "{{random.number.float}} {{current.timestamp}}",
        r#"{"a":{{random.arrayElement(["x","y"])}},"b":"{{name.firstName}}"}"#,
        "plain text",
    ] {
        assert_eq!(findings(src), [], "{src}");
    }
}

#[test]
fn each_construct_kdg_cannot_run_is_found_where_it_is() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("x {{random.float}}", (1, 5), "not in KDG's faker.js 3.1.0"),
        ("{{ name.firstName }}", (1, 1), "spaces inside a tag"),
        ("{{faker.name.firstName}}", (1, 3), "`faker.` prefix"),
        ("{{name.firstName()}}", (1, 17), "empty parentheses"),
        ("{{random.number(1, 10)}}", (1, 16), "one value"),
        ("{{ set a = 1 }}", (1, 1), "language v2"),
        ("{{record.index}}", (1, 3), "language v2 function"),
        ("<<name.firstName>>", (1, 1), "`<< >>`"),
        ("a \\{{b}}", (1, 3), "no escapes"),
        (
            "{{current.timestamp}}\n{{current.timestamp}}",
            (2, 3),
            "only the first",
        ),
        (
            r#"{"a":{"b":1}},"c":"{{name.firstName}}"}"#,
            (1, 12),
            "first `}}`",
        ),
        (r#"{{"literal"}}"#, (1, 1), "literal"),
    ];
    for (src, (line, column), says) in cases {
        let found = findings(src);
        assert!(
            found
                .iter()
                .any(|(l, c, m)| (l, c) == (line, column) && m.contains(says)),
            "{src}: {found:?}"
        );
    }
}
