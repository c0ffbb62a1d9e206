//! Every record of a JSON template is valid JSON, and decodes to the values generated.
//!
//! A seeded loop builds random JSON templates whose constant data holds hostile text (quotes,
//! backslashes, control characters, `{{`, `}}`, `<<`, `$&`, line separators, astral characters)
//! and places tags inside strings, as keys and in value positions, in nested objects and
//! arrays; 100,000 rendered records must all parse with serde_json and hold exactly the values
//! that were drawn.

use fakeplate::Template;
use serde_json::{Value, json};

/// A small deterministic generator for the test's own choices (SplitMix64).
struct Pick(u64);

impl Pick {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1f}", "\u{7f}", "}}", "{{", "<<", ">>", "$&", "$$",
    "é", "😀", "\u{2028}", "a", " ", "'", "/", "\\u0041", "\"on\"", "32", "[1,2]", "true", "null",
];

fn hostile(p: &mut Pick) -> String {
    (0..p.below(6))
        .map(|_| PIECES[p.below(PIECES.len())])
        .collect()
}

/// A constant data element: mostly hostile strings, sometimes JSON values of other kinds.
fn element(p: &mut Pick) -> Value {
    match p.below(10) {
        0 => json!(p.below(1000) as i64 - 500),
        1 => json!([hostile(p), 1, null]),
        2 => json!({"k": hostile(p), "n": [true, false]}),
        3 => json!(true),
        _ => Value::String(hostile(p)),
    }
}

/// What a tag's value decodes to in a value position.
fn as_value(v: &Value) -> Value {
    match v {
        // A string that is itself JSON goes in as-is (the KDG idiom); otherwise it is quoted.
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

/// What a tag's value prints as inside a string: its text form.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                if i.is_null() {
                    String::new()
                } else {
                    as_text(i)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => v.to_string(),
        other => other.to_string(),
    }
}

enum Slot {
    /// `"key": "prefix{{tag}}suffix"`: the decoded string is prefix + text + suffix.
    InString {
        key: String,
        prefix: String,
        suffix: String,
        data: Vec<Value>,
    },
    /// `"key": {{tag}}`.
    Value { key: String, data: Vec<Value> },
    /// `"{{tag}}": 1` inside a nested object of its own.
    Key { key: String, data: Vec<Value> },
}

fn tag(data: &[Value]) -> String {
    format!(
        "{{{{random.arrayElement({})}}}}",
        Value::Array(data.to_vec())
    )
}

fn build(p: &mut Pick) -> (String, Vec<Slot>) {
    let mut slots = Vec::new();
    let mut src = String::from("{\n  \"id\": 1");
    for n in 0..1 + p.below(5) {
        let key = format!("f{n}");
        let data: Vec<Value> = (0..1 + p.below(4)).map(|_| element(p)).collect();
        match p.below(3) {
            0 => {
                // Literal text around the tag is JSON text itself: escapes stay escapes.
                let prefix = ["", "x", "a\\\"b", "\\\\", "\\u00e9 "][p.below(5)];
                let suffix = ["", "!", "\\n", " \\t"][p.below(4)];
                src += &format!(",\n  \"{key}\": \"{prefix}{}{suffix}\"", tag(&data));
                let decode = |s: &str| serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap();
                slots.push(Slot::InString {
                    key,
                    prefix: decode(prefix),
                    suffix: decode(suffix),
                    data,
                });
            }
            1 => {
                // Sometimes nested in an array.
                src += &format!(",\n  \"{key}\": [{}]", tag(&data));
                slots.push(Slot::Value { key, data });
            }
            _ => {
                src += &format!(",\n  \"{key}\": {{\"{}\": 1}}", tag(&data));
                slots.push(Slot::Key { key, data });
            }
        }
    }
    src += "\n}";
    (src, slots)
}

#[test]
fn hostile_data_in_every_position_gives_valid_json_with_the_drawn_values() {
    let mut p = Pick(2026);
    let mut records = 0;
    let mut buf = String::new();
    while records < 100_000 {
        let (src, slots) = build(&mut p);
        let t = Template::compile(&src).unwrap_or_else(|e| panic!("{e:#}\n{src}"));
        assert!(t.is_json(), "{src}");
        let mut g = t.generator(p.next());
        for _ in 0..100 {
            buf.clear();
            g.next_into(&mut buf);
            let record: Value =
                serde_json::from_str(&buf).unwrap_or_else(|e| panic!("{e}: {buf}\n{src}"));
            for slot in &slots {
                match slot {
                    Slot::InString {
                        key,
                        prefix,
                        suffix,
                        data,
                    } => {
                        let got = record[key].as_str().unwrap();
                        assert!(
                            data.iter()
                                .any(|d| *got == format!("{prefix}{}{suffix}", as_text(d))),
                            "{key}: {got:?} from {data:?}"
                        );
                    }
                    Slot::Value { key, data } => {
                        let got = &record[key][0];
                        assert!(
                            data.iter().any(|d| as_value(d) == *got),
                            "{key}: {got} from {data:?}"
                        );
                    }
                    Slot::Key { key, data } => {
                        let obj = record[key].as_object().unwrap();
                        let got = obj.keys().next().unwrap();
                        assert!(
                            data.iter().any(|d| *got == as_text(d)),
                            "{key}: {got:?} from {data:?}"
                        );
                    }
                }
            }
            records += 1;
        }
    }
}

/// The KDG idioms decode to what KDG's output decodes to.
#[test]
fn kdg_idioms() {
    let cases = [
        // Pre-quoted data in an unquoted slot prints the quoted string.
        (
            r#"{"a":{{random.arrayElement(["\"Running\""])}}}"#,
            json!({"a": "Running"}),
        ),
        // A string holding a number in a numeric slot prints the number.
        (r#"{"a":{{random.arrayElement(["32"])}}}"#, json!({"a": 32})),
        // Numeric data.
        (
            r#"{"a":{{random.weightedArrayElement({"weights":[1],"data":[200]})}}}"#,
            json!({"a": 200}),
        ),
        // A plain string in a value position gets quotes (KDG would emit invalid JSON).
        (
            r#"{"a":{{random.arrayElement(["on"])}}}"#,
            json!({"a": "on"}),
        ),
        // Quotes inside strings are escaped (KDG would emit invalid JSON).
        (
            r#"{"a":"{{random.arrayElement(["say \"hi\""])}}"}"#,
            json!({"a": "say \"hi\""}),
        ),
        // Arrays print as JSON in value positions and joined with commas inside strings.
        (
            r#"{"a":{{random.arrayElement([[1,2]])}},"b":"{{random.arrayElement([[1,2]])}}"}"#,
            json!({"a": [1, 2], "b": "1,2"}),
        ),
        // Objects print as JSON.
        (
            r#"{"a":{{random.objectElement({"k":{"x":1}})}}}"#,
            json!({"a": {"x": 1}}),
        ),
        // A number printed inside quotes stays a string.
        (
            r#"{"a":"{{random.number({"min":7,"max":7})}}"}"#,
            json!({"a": "7"}),
        ),
        (
            r#"{"a":{{random.number({"min":7,"max":7})}}}"#,
            json!({"a": 7}),
        ),
    ];
    for (src, want) in cases {
        let t = Template::compile(src).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(t.generator(1).next_json().unwrap(), want, "{src}");
    }
}

#[test]
fn dynamic_strings_in_value_positions() {
    // A zip code is a JSON number when it is five digits and has no leading zero; otherwise it
    // is quoted, so the record is valid JSON either way.
    let t = Template::compile(
        r#"{"zip":{{address.zipCode}},"d":{{date.utc("x")}},"s":{{name.lastName}}}"#,
    )
    .unwrap();
    for v in t
        .generator(3)
        .take(2000)
        .map(|r| serde_json::from_str::<Value>(&r).unwrap())
    {
        assert!(v["zip"].is_number() || v["zip"].is_string());
        assert!(v["d"].is_number());
        assert!(v["s"].is_string());
    }
}

/// Found by the `render` fuzzer: numbers past f64's range are valid JSON grammar, but JSON
/// readers refuse them. A template holding one is not treated as JSON; data holding one prints
/// it as a string; a generated digit string that would overflow is quoted.
#[test]
fn numbers_beyond_f64_never_reach_a_json_record() {
    let t = Template::compile("[2E22222, {{random.number}}]").unwrap();
    assert!(!t.is_json());
    assert_eq!(t.warnings().len(), 1);
    let t = Template::compile(r#"{"v":{{random.arrayElement([1e400])}},"w":[1e307]}"#).unwrap();
    assert!(t.is_json());
    assert_eq!(
        t.generator(1).next_json().unwrap(),
        json!({"v": "1e400", "w": [1e307]})
    );
}

/// Found by the `args` fuzzer: a lone surrogate escape (`\uda00`) in a JSON template's text is
/// JSON grammar but not text a JSON reader accepts, so the template is not treated as JSON.
#[test]
fn lone_surrogate_escapes_are_not_json() {
    let t = Template::compile(r#"{"v":"{{date.now}} \uda00"}"#).unwrap();
    assert!(!t.is_json());
    let t = Template::compile(r#"{"v":"{{date.now}} \ud83d\ude00"}"#).unwrap();
    assert!(t.is_json());
    assert!(
        t.generator(1).next_json().unwrap()["v"]
            .as_str()
            .unwrap()
            .ends_with('😀')
    );
}
