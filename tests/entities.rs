//! Entities (LANGUAGE.md section 4): attributes that are a pure function of (seed, kind, id,
//! call), so that the same customer keeps its name in every record and in every template, and
//! a fact stream joins with the dimension table rendered from another template.

use std::collections::HashMap;

use fakeplate::{ErrorKind, Template};
use serde_json::Value;

fn compile(src: &str) -> Template {
    Template::compile(src).unwrap_or_else(|e| panic!("{e:#}"))
}

fn records(t: &Template, seed: u64, n: usize) -> Vec<Value> {
    t.generator(seed)
        .take(n)
        .map(|r| serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}")))
        .collect()
}

const FACTS: &str = r#"{{ set c = entity.pick("customer", {"count": 50}) }}{{ set f = entity.pick("film", {"count": 100, "distribution": "zipf", "s": 1.07}) }}{"customer": {{ c.id }}, "name": "{{ c.name.findName }}", "email": "{{ c.internet.email }}", "film": {{ f }}, "title": "{{ f.commerce.productName }}", "noise": {{ random.number(9) }}}"#;

const CUSTOMERS: &str = r#"{{ set c = entity.get("customer", record.index + 1) }}{"id": {{ c.id }}, "email": "{{ c.internet.email }}", "name": "{{ c.name.findName }}"}"#;

#[test]
fn an_entity_keeps_its_attributes_in_every_record() {
    let mut names: HashMap<u64, (String, String)> = HashMap::new();
    let mut titles: HashMap<u64, String> = HashMap::new();
    for r in records(&compile(FACTS), 5, 3000) {
        let id = r["customer"].as_u64().unwrap();
        assert!((1..=50).contains(&id));
        let attributes = (r["name"].to_string(), r["email"].to_string());
        assert_eq!(
            names.entry(id).or_insert_with(|| attributes.clone()),
            &attributes
        );
        let film = r["film"].as_u64().unwrap();
        assert!((1..=100).contains(&film));
        let title = r["title"].to_string();
        assert_eq!(titles.entry(film).or_insert_with(|| title.clone()), &title);
    }
    assert_eq!(names.len(), 50);
    // Different customers mostly have different names.
    let distinct: std::collections::HashSet<_> = names.values().collect();
    assert!(distinct.len() > 45);
}

#[test]
fn a_dimension_table_from_another_template_joins_with_the_facts() {
    let dimension: HashMap<u64, Value> = records(&compile(CUSTOMERS), 5, 50)
        .into_iter()
        .map(|r| (r["id"].as_u64().unwrap(), r))
        .collect();
    for r in records(&compile(FACTS), 5, 1000) {
        let row = &dimension[&r["customer"].as_u64().unwrap()];
        assert_eq!(row["name"], r["name"]);
        assert_eq!(row["email"], r["email"]);
    }
    // Another seed, other people.
    let other: Vec<Value> = records(&compile(CUSTOMERS), 6, 50);
    assert!(
        other
            .iter()
            .filter(|r| dimension[&r["id"].as_u64().unwrap()]["name"] == r["name"])
            .count()
            < 5
    );
}

#[test]
fn zipf_picks_favour_low_ids() {
    let mut counts = [0u32; 101];
    for r in records(&compile(FACTS), 1, 5000) {
        counts[r["film"].as_u64().unwrap() as usize] += 1;
    }
    assert!(counts[1] > counts[2] && counts[2] > counts[20] && counts[20] >= counts[100]);
}

#[test]
fn entities_keep_random_access_and_threads() {
    let t = compile(FACTS);
    let sequential: String = t.generator(2).take(1500).map(|r| r + "\n").collect();
    let mut parallel = String::new();
    t.render_range(2, 0..1500, 2, "\n", &mut parallel);
    assert_eq!(parallel, sequential);
}

#[test]
fn entity_mistakes_are_compile_errors() {
    for (src, kind) in [
        (
            r#"{{ entity.pick("film", {"count": 0}) }}"#,
            ErrorKind::BadArgument,
        ),
        (
            r#"{{ entity.pick("film", {"distribution": "pareto"}) }}"#,
            ErrorKind::BadArgument,
        ),
        (
            r#"{{ entity.pick("film", {"size": 3}) }}"#,
            ErrorKind::BadArgument,
        ),
        (
            r#"{{ set f = entity.pick("film") }}{{ f.title }}"#,
            ErrorKind::Type,
        ),
        (
            r#"{{ set f = entity.pick("film") }}{{ f.record.index }}"#,
            ErrorKind::Type,
        ),
        (
            r#"{{ set f = entity.pick("film") }}{{ f.commerce.nope }}"#,
            ErrorKind::UnknownFunction,
        ),
        (r#"{{ entity.get("film", "x" ~ 1) }}"#, ErrorKind::Type),
    ] {
        let e = Template::compile(src).unwrap_err();
        assert_eq!(e.kind(), kind, "{src}: {e}");
    }
}
