//! Reference data (LANGUAGE.md section 4): data sets from CSV, JSON and JSON Lines, rows picked
//! uniformly or by weight, lookups by a column, fields checked at compile time.

use std::collections::HashMap;

use fakeplate::{DataSet, ErrorKind, Limits, Options, Template};
use serde_json::Value;

fn stores() -> DataSet {
    DataSet::from_csv(b"store_id,city,staff,open\n1,Lethbridge,2,true\n2,\"Woodridge, QLD\",8,false\n3,\"Say \"\"hi\"\"\",0,true\n")
        .unwrap()
}

fn films() -> DataSet {
    DataSet::from_json_lines(
        b"{\"film_id\": 1, \"title\": \"ACADEMY DINOSAUR\", \"rate\": 0.99}\n{\"film_id\": 2, \"title\": \"ACE GOLDFINGER\", \"rate\": 4.99}\n\n{\"film_id\": 3, \"title\": null}\n",
    )
    .unwrap()
}

fn compile(src: &str) -> Template {
    let options = Options::new()
        .data("stores", stores())
        .data("films", films());
    Template::compile_with(src, &options).unwrap_or_else(|e| panic!("{e:#}"))
}

fn records(t: &Template, n: usize) -> Vec<Value> {
    t.generator(8)
        .take(n)
        .map(|r| serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}")))
        .collect()
}

#[test]
fn weighted_rows_follow_their_weights_and_keep_their_fields_together() {
    let t = compile(
        r#"{{ set s = data.row("stores", {"weights": "staff"}) }}{"id": {{ s.store_id }}, "city": "{{ s.city }}", "open": {{ s.open }}, "row": {{ s }}}"#,
    );
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for r in records(&t, 10_000) {
        let id = r["id"].as_u64().unwrap();
        *counts.entry(id).or_default() += 1;
        let city = match id {
            1 => "Lethbridge",
            2 => "Woodridge, QLD",
            other => panic!("store {other} has weight 0"),
        };
        assert_eq!(r["city"], city);
        assert_eq!(r["open"], id == 1);
        assert_eq!(r["row"]["city"], city);
    }
    // Weights 2 and 8: a fifth are store 1.
    let share = f64::from(counts[&1]) / 10_000.0;
    assert!((0.18..=0.22).contains(&share), "{share}");
}

#[test]
fn uniform_rows_reach_every_row_and_escape_their_text() {
    let t =
        compile(r#"{{ set s = data.row("stores") }}{"city": "{{ s.city }}", "v": {{ s.city }}}"#);
    let cities: std::collections::HashSet<String> = records(&t, 300)
        .iter()
        .map(|r| {
            assert_eq!(r["city"], r["v"]);
            r["city"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(cities.len(), 3);
    assert!(cities.contains("Say \"hi\""));
}

#[test]
fn lookups_find_the_first_matching_row_or_a_row_of_nulls() {
    let t = compile(
        r#"{{ set id = random.number({"min": 1, "max": 4}) }}{{ set f = data.lookup("films", "film_id", id) }}{"id": {{ id }}, "film": {{ f.film_id }}, "title": {{ f.title }}, "found": {{ true if f else false }}, "by_text": {{ data.lookup("films", "title", "ACE GOLDFINGER") }}}"#,
    );
    let mut seen_missing = false;
    for r in records(&t, 500) {
        let id = r["id"].as_u64().unwrap();
        match id {
            1 => assert_eq!(r["title"], "ACADEMY DINOSAUR"),
            2 => assert_eq!(r["title"], "ACE GOLDFINGER"),
            3 => assert_eq!(r["title"], Value::Null),
            _ => {
                assert_eq!(r["film"], Value::Null);
                assert_eq!(r["found"], false);
                seen_missing = true;
                continue;
            }
        }
        assert_eq!(r["film"], id);
        assert_eq!(r["by_text"]["film_id"], 2);
    }
    assert!(seen_missing);
}

#[test]
fn columns_and_sets_are_checked_at_compile_time() {
    let options = Options::new().data("stores", stores());
    for (src, kind, says) in [
        (
            r#"{{ set s = data.row("stores") }}{{ s.town }}"#,
            ErrorKind::UnknownName,
            "its columns are store_id, city, staff, open",
        ),
        (
            r#"{{ data.row("shops") }}"#,
            ErrorKind::UnknownName,
            "the data sets are stores",
        ),
        (
            r#"{{ data.row("stores", {"weights": "city"}) }}"#,
            ErrorKind::BadArgument,
            "not a number column",
        ),
        (
            r#"{{ data.lookup("stores", "zip", 1) }}"#,
            ErrorKind::BadArgument,
            "no column `zip`",
        ),
        (
            r#"{{ set s = data.row("stores") }}{{ s.city * 2 }}"#,
            ErrorKind::Type,
            "a string",
        ),
    ] {
        let e = Template::compile_with(src, &options).unwrap_err();
        assert_eq!(e.kind(), kind, "{src}: {e}");
        assert!(e.message().contains(says), "{src}: {e}");
    }
    let mut limits = Limits::default();
    limits.data_bytes = 10;
    let e = Template::compile_with("x", &options.clone().limits(limits)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
}

#[test]
fn data_rows_keep_random_access_and_threads() {
    let t = compile(
        r#"{{ set s = data.row("stores") }}{{ s.city }},{{ data.lookup("films", "film_id", s.store_id).title }}"#,
    );
    let sequential: String = t.generator(2).take(2000).map(|r| r + "\n").collect();
    let mut parallel = String::new();
    t.render_range(2, 0..2000, 2, "\n", &mut parallel);
    assert_eq!(parallel, sequential);
}
