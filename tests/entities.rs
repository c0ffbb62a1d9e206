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

/// faker.js's slug of a name, as `internet.email` strips it.
fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .collect()
}

#[test]
fn an_entity_attribute_may_be_computed_from_its_other_attributes() {
    // Issue 28, item 2: this was refused ("takes literal arguments only").
    let direct = compile(
        r#"{{ set cust = entity.pick("customer", {"count": 40}) }}{"id": {{ cust.id }}, "first": "{{ cust.name.firstName }}", "last": "{{ cust.name.lastName }}", "email": "{{ cust.internet.email(cust.name.firstName, cust.name.lastName) }}", "user": "{{ cust.internet.userName(cust.name.firstName ~ "x", "") }}", "noise": {{ random.number(9) }}}"#,
    );
    let through_names = compile(
        r#"{{ set cust = entity.pick("customer", {"count": 40}) }}{{ set first = cust.name.firstName }}{{ set last = cust.name.lastName }}{"id": {{ cust.id }}, "email": "{{ cust.internet.email(first, last) }}"}"#,
    );
    let mut emails: HashMap<u64, String> = HashMap::new();
    for r in records(&direct, 8, 2000) {
        let id = r["id"].as_u64().unwrap();
        let email = r["email"].as_str().unwrap().to_owned();
        let (first, last) = (r["first"].as_str().unwrap(), r["last"].as_str().unwrap());
        assert!(email.starts_with(&slug(first)), "{r}");
        let local = email.split('@').next().unwrap();
        // Patterns 1 and 2 join the last name: `First.Last` or `First_Last` (and digits).
        if local.len() > slug(first).len() + 2 {
            assert!(local.contains(&slug(last)), "{r}");
        }
        assert!(
            r["user"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{first}x").replace([' ', '\''], "")),
            "{r}"
        );
        assert_eq!(
            emails.entry(id).or_insert_with(|| email.clone()),
            &email,
            "{r}"
        );
    }
    assert_eq!(emails.len(), 40);
    // The same arguments' values give the same call: the names bound with `set` are the
    // entity's own too.
    for r in records(&through_names, 8, 500) {
        let id = r["id"].as_u64().unwrap();
        assert_eq!(r["email"].as_str().unwrap(), emails[&id], "{r}");
    }
    // Outside an entity, a computed argument is the record's.
    let t = compile(
        r#"{{ set first = name.firstName }}{"first": "{{ first }}", "email": "{{ internet.email(first, "Doe", "example.org") }}"}"#,
    );
    for r in records(&t, 3, 200) {
        let email = r["email"].as_str().unwrap();
        assert!(
            email.starts_with(&slug(r["first"].as_str().unwrap())),
            "{r}"
        );
        assert!(email.ends_with("@example.org"), "{r}");
    }
}

#[test]
fn an_entity_call_refuses_arguments_that_depend_on_the_record() {
    for (src, at) in [
        (
            r#"{{ set c = entity.pick("customer") }}{{ set n = name.firstName }}{{ c.internet.email(n, c.name.lastName) }}"#,
            "n",
        ),
        (
            r#"{{ set c = entity.pick("customer") }}{{ c.internet.email("a" ~ record.index) }}"#,
            "\"a\" ~ record.index",
        ),
        (
            r#"{{ set c = entity.pick("customer") }}{{ set r = random.number(9) }}{{ c.internet.email(c.name.firstName ~ r) }}"#,
            "c.name.firstName ~ r",
        ),
        (
            r#"{{ set c = entity.pick("customer") }}{{ set d = entity.pick("customer") }}{{ c.internet.email(d.name.firstName) }}"#,
            "d.name.firstName",
        ),
    ] {
        let e = Template::compile(src).expect_err(src);
        assert_eq!(e.kind(), ErrorKind::BadArgument, "{src}: {e}");
        assert!(e.to_string().contains("depends on"), "{src}: {e}");
        let span = e.span().unwrap();
        assert_eq!(
            &src[span.start as usize..span.end as usize],
            at,
            "{src}: {e:#}"
        );
    }
}

#[test]
fn computed_arguments_take_any_text() {
    // The calls that take computed arguments compile them per record: any text must fit.
    for call in [
        "internet.email(s, s, s)",
        "internet.exampleEmail(s, s)",
        "internet.userName(s, s)",
        "name.findName(s, s)",
        "name.fullName(s, s)",
        "helpers.slugify(s)",
        "helpers.replaceSymbols(s)",
    ] {
        for text in ["", "a", "O'Brien Smith", "\"{{x}}\\\u{1}\u{7f}é😀#?*", "9"] {
            let src = format!(
                "{{{{ set s = {} }}}}{{\"v\": \"{{{{ {call} }}}}\", \"w\": {{{{ {call} }}}}}}",
                serde_json::to_string(text).unwrap()
            );
            for r in records(&compile(&src), 2, 20) {
                let v = r["v"].as_str().unwrap();
                assert!(
                    !v.is_empty() || call.starts_with("helpers."),
                    "{call} of {text:?}: {r}"
                );
                assert!(
                    r["w"].is_string() || r["w"].is_number(),
                    "{call} of {text:?}: {r}"
                );
            }
        }
    }
}
