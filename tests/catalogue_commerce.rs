//! `commerce.*`: every function renders its shape and range for 1,000 records, the same seed
//! gives the same output, records of JSON templates parse, and argument faults are positioned.

use std::collections::HashSet;

use fakeplate::{ErrorKind, Template};

fn render(expr: &str, n: usize) -> Vec<String> {
    let t = Template::compile(&format!("{{{{{expr}}}}}")).unwrap_or_else(|e| panic!("{e:#}"));
    let a: Vec<String> = t.generator(9).take(n).collect();
    assert_eq!(
        a,
        t.generator(9).take(n).collect::<Vec<_>>(),
        "{expr}: same seed"
    );
    a
}

fn words_from(s: &str, tables: &[&[&str]]) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    words.len() == tables.len() && words.iter().zip(tables).all(|(w, t)| t.contains(w))
}

const ADJECTIVES: &[&str] = &[
    "Small",
    "Ergonomic",
    "Rustic",
    "Intelligent",
    "Gorgeous",
    "Incredible",
    "Fantastic",
    "Practical",
    "Sleek",
    "Awesome",
    "Generic",
    "Handcrafted",
    "Handmade",
    "Licensed",
    "Refined",
    "Unbranded",
    "Tasty",
];
const MATERIALS: &[&str] = &[
    "Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Metal", "Soft",
    "Fresh", "Frozen",
];
const PRODUCTS: &[&str] = &[
    "Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves", "Pants", "Shirt",
    "Table", "Shoes", "Hat", "Towels", "Soap", "Tuna", "Chicken", "Fish", "Cheese", "Bacon",
    "Pizza", "Salad", "Sausages", "Chips",
];

#[test]
fn tables_and_product_names() {
    for (expr, tables, distinct) in [
        ("commerce.productAdjective", &[ADJECTIVES][..], 17),
        ("commerce.productMaterial", &[MATERIALS][..], 11),
        ("commerce.product", &[PRODUCTS][..], 24),
        (
            "commerce.productName",
            &[ADJECTIVES, MATERIALS, PRODUCTS][..],
            500,
        ),
    ] {
        let out = render(expr, 1000);
        assert!(out.iter().all(|s| words_from(s, tables)), "{expr}");
        let seen: HashSet<&String> = out.iter().collect();
        assert!(
            seen.len() >= distinct.min(1000) * 9 / 10,
            "{expr}: {}",
            seen.len()
        );
    }
    for (expr, count) in [("commerce.color", 31), ("commerce.department", 22)] {
        let seen: HashSet<String> = render(expr, 1000).into_iter().collect();
        assert_eq!(seen.len(), count, "{expr}");
        assert!(
            seen.iter()
                .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        );
    }
}

#[test]
fn prices() {
    for (expr, lo, hi, dec, symbol) in [
        ("commerce.price", 0, 1000, 2, ""),
        ("commerce.price(10, 20)", 10, 20, 2, ""),
        ("commerce.price(5, 5, 0, \"$\")", 5, 5, 0, "$"),
        ("commerce.price(1, 3, 3, \"€\")", 1, 3, 3, "€"),
    ] {
        for s in render(expr, 1000) {
            let body = s.strip_prefix(symbol).unwrap();
            let (int, frac) = body.split_once('.').unwrap_or((body, ""));
            assert_eq!(frac, "0".repeat(dec), "{expr}: {s}");
            let v: i64 = int.parse().unwrap();
            assert!((lo..=hi).contains(&v), "{expr}: {s}");
        }
    }
}

#[test]
fn json_contexts() {
    let t = Template::compile(
        r#"{"n":"{{commerce.productName}}","p":{{commerce.price}},"c":{{commerce.color}},"d":"{{commerce.department}}"}"#,
    )
    .unwrap();
    for r in t.generator(1).take(1000) {
        let v: serde_json::Value = serde_json::from_str(&r).unwrap();
        assert!(v["p"].is_number(), "{r}");
        assert!(v["c"].is_string() && v["n"].is_string() && v["d"].is_string());
    }
}

#[test]
fn argument_faults() {
    for (src, col) in [
        ("{{commerce.price(5, 1)}}", 18),
        ("{{commerce.price(\"5\")}}", 18),
        ("{{commerce.price(1, 2, 99)}}", 24),
        ("{{commerce.price(1, 2, 2, 3)}}", 27),
        ("{{commerce.color(1)}}", 18),
        ("{{commerce.productName(1)}}", 24),
    ] {
        let e = Template::compile(src).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadArgument, "{src}: {e}");
        assert_eq!((e.line(), e.column()), (Some(1), Some(col)), "{src}: {e}");
    }
}
