//! The functions of catalogue part C (`name.*`, `internet.*`, `random.*`, `datatype.*`): every
//! function rendered bare and with representative arguments for 1,000 records of a fixed seed
//! and virtual clock, its output checked character by character, the same seed giving the same
//! records, and every record valid JSON when the tag stands inside a string and in a value
//! position. Argument faults are compile errors at the exact line and column.

use std::collections::{BTreeMap, BTreeSet};

use fakeplate::{Clock, Error, ErrorKind, Options, Template};
use serde_json::Value;

const SEED: u64 = 2026;
const RECORDS: usize = 1000;

/// 2026-11-26T14:14:42.360Z, one second per record.
const START_MS: i64 = 1_795_702_482_360;

fn options() -> Options {
    Options::new().clock(Clock::Virtual {
        start_ms: START_MS,
        step_ms: 1000,
    })
}

fn compile(src: &str) -> Template {
    Template::compile_with(src, &options()).unwrap_or_else(|e| panic!("{src:?} failed:\n{e:#}"))
}

fn records(src: &str, seed: u64) -> Vec<String> {
    compile(src).generator(seed).take(RECORDS).collect()
}

/// What a tag's text must look like; `Err` says why not.
type Check = fn(&str) -> Result<(), String>;

/// How the tag prints where a JSON value is expected.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // TEMP
enum InValue {
    /// The text, as a JSON string or (for numbers, booleans, JSON text) as itself.
    Same,
    /// A JSON array whose comma-joined text is the text form.
    Array,
}

struct Case {
    /// The expression inside `{{ }}`.
    expr: &'static str,
    check: Check,
    in_value: InValue,
}

const fn case(expr: &'static str, check: Check) -> Case {
    Case {
        expr,
        check,
        in_value: InValue::Same,
    }
}

#[allow(dead_code)] // TEMP
const fn array_case(expr: &'static str, check: Check) -> Case {
    Case {
        expr,
        check,
        in_value: InValue::Array,
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

fn is_name_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_alphabetic() || c == '\'')
}

fn name_word(s: &str) -> Result<(), String> {
    ensure(is_name_word(s), || format!("not a name: {s:?}"))
}

fn one_of(items: &'static [&'static str]) -> impl Fn(&str) -> Result<(), String> {
    move |s| ensure(items.contains(&s), || format!("{s:?} not in {items:?}"))
}

const PREFIXES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Miss", "Dr."];
const SUFFIXES: &[&str] = &[
    "Jr.", "Sr.", "I", "II", "III", "IV", "V", "MD", "DDS", "PhD", "DVM",
];

fn full_name(s: &str) -> Result<(), String> {
    let words: Vec<&str> = s.split(' ').collect();
    let names = match words.as_slice() {
        [p, f, l] if PREFIXES.contains(p) => [*f, *l],
        [f, l, x] if SUFFIXES.contains(x) => [*f, *l],
        [f, l] => [*f, *l],
        _ => return Err(format!("not a full name: {s:?}")),
    };
    names.iter().try_for_each(|w| name_word(w))
}

fn job_title(s: &str) -> Result<(), String> {
    let words: Vec<&str> = s.split(' ').collect();
    ensure(
        words.len() == 3 && words.iter().all(|w| is_name_word(w)),
        || format!("not a job title: {s:?}"),
    )
}

fn gender(s: &str) -> Result<(), String> {
    ensure(
        !s.is_empty()
            && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || " -*".contains(c)),
        || format!("not a gender: {s:?}"),
    )
}

// ---------------------------------------------------------------------------------------------
// Cases

fn cases() -> Vec<Case> {
    vec![
        // name
        case("name.firstName", name_word),
        case("name.lastName", name_word),
        case("name.findName", full_name),
        case("name.findName(\"Ada\", \"Lovelace\", 1)", |s| {
            ensure(s.contains("Ada Lovelace"), || s.to_owned()).and(full_name(s))
        }),
        case("name.fullName", full_name),
        case("name.fullName(\"Ada\")", |s| {
            ensure(s.contains("Ada "), || s.to_owned()).and(full_name(s))
        }),
        case("name.middleName", name_word),
        case("name.middleName(0)", name_word),
        case("name.middleName(\"female\")", name_word),
        case("name.jobTitle", job_title),
        case("name.title", job_title),
        case("name.prefix", |s| one_of(PREFIXES)(s)),
        case("name.prefix(0)", |s| one_of(PREFIXES)(s)),
        case("name.suffix", |s| one_of(SUFFIXES)(s)),
        case("name.jobDescriptor", name_word),
        case("name.jobArea", name_word),
        case("name.jobType", name_word),
        case("name.gender", gender),
        case("name.gender(true)", |s| one_of(&["Female", "Male"])(s)),
        case("name.gender(false)", gender),
    ]
}

/// The functions this file covers; every one needs a case.
const FUNCTIONS: &[&str] = &[
    "name.firstName",
    "name.lastName",
    "name.findName",
    "name.fullName",
    "name.middleName",
    "name.jobTitle",
    "name.title",
    "name.prefix",
    "name.suffix",
    "name.jobDescriptor",
    "name.jobArea",
    "name.jobType",
    "name.gender",
];

#[test]
fn every_function_has_cases_and_is_registered() {
    let registered: BTreeSet<&str> = fakeplate::functions().map(|f| f.name).collect();
    let cases = cases();
    for name in FUNCTIONS {
        assert!(registered.contains(name), "{name} is not registered");
        let bare = cases.iter().any(|c| c.expr == *name);
        let with_args = cases.iter().any(|c| {
            c.expr
                .strip_prefix(name)
                .is_some_and(|r| r.starts_with('('))
        });
        let def = fakeplate::functions().find(|f| f.name == *name).unwrap();
        let required = def.params.first().is_some_and(|p| p.default.is_empty());
        assert!(bare || required, "{name} has no bare case");
        assert!(
            with_args || def.params.is_empty(),
            "{name} has parameters but no case with arguments"
        );
    }
}

#[test]
fn examples_compile() {
    for def in fakeplate::functions().filter(|f| FUNCTIONS.contains(&f.name)) {
        let t = compile(def.example);
        assert!(
            t.generator(1).next().is_some_and(|r| !r.is_empty()),
            "{}",
            def.example
        );
    }
}

#[test]
fn text_output_has_the_documented_shape() {
    for case in cases() {
        let src = format!("{{{{{}}}}}", case.expr);
        for (i, record) in records(&src, SEED).iter().enumerate() {
            if let Err(why) = (case.check)(record) {
                panic!("{}: record {i}: {why}", case.expr);
            }
        }
    }
}

#[test]
fn same_seed_same_records() {
    for case in cases() {
        let src = format!("{{{{{}}}}}", case.expr);
        let a = records(&src, SEED);
        assert_eq!(a, records(&src, SEED), "{}", case.expr);
        let mut t = compile(&src).generator(SEED);
        t.seek(500);
        assert_eq!(t.next().as_ref(), Some(&a[500]), "{}: seek", case.expr);
    }
}

/// Inside a JSON string, the parsed string is exactly the text form (the draws are the same).
#[test]
fn json_string_position() {
    for case in cases() {
        let text = records(&format!("{{{{{}}}}}", case.expr), SEED);
        let src = format!("{{\"v\":\"{{{{{}}}}}\",\"n\":1}}", case.expr);
        for (i, record) in records(&src, SEED).iter().enumerate() {
            let v: Value = serde_json::from_str(record)
                .unwrap_or_else(|e| panic!("{}: record {i} not JSON ({e}): {record}", case.expr));
            assert_eq!(v["v"], Value::String(text[i].clone()), "{}", case.expr);
            assert_eq!(v["n"], 1);
        }
    }
}

/// Where a value is expected: a string holding the text, or the text itself as JSON.
#[test]
fn json_value_position() {
    for case in cases() {
        let text = records(&format!("{{{{{}}}}}", case.expr), SEED);
        for src in [
            format!("{{\"v\":{{{{{}}}}}}}", case.expr),
            format!("[{{{{{}}}}},2]", case.expr),
        ] {
            for (i, record) in records(&src, SEED).iter().enumerate() {
                let v: Value = serde_json::from_str(record).unwrap_or_else(|e| {
                    panic!("{}: record {i} not JSON ({e}): {record}", case.expr)
                });
                let v = if src.starts_with('{') {
                    v["v"].clone()
                } else {
                    v[0].clone()
                };
                let expected = &text[i];
                match (case.in_value, &v) {
                    (InValue::Same, Value::String(s)) => assert_eq!(s, expected, "{}", case.expr),
                    (InValue::Same, _) => {
                        let raw: Value = serde_json::from_str(expected)
                            .unwrap_or_else(|_| panic!("{}: {expected:?} became {v}", case.expr));
                        assert_eq!(v, raw, "{}", case.expr);
                    }
                    (InValue::Array, Value::Array(items)) => {
                        let joined: Vec<String> = items.iter().map(js_text).collect();
                        assert_eq!(&joined.join(","), expected, "{}", case.expr);
                    }
                    (InValue::Array, other) => panic!("{}: not an array: {other}", case.expr),
                }
            }
        }
    }
}

/// JavaScript's `String(x)` of a JSON item, as `Array.prototype.join` prints it.
fn js_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(js_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Frequencies

fn counts(src: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in compile(src).generator(SEED).take(20_000) {
        *m.entry(r).or_insert(0) += 1;
    }
    m
}

#[test]
fn find_name_has_prefix_and_suffix_one_in_nine() {
    let t = compile("{{name.findName(\"A\",\"B\")}}");
    let (mut pre, mut suf) = (0, 0);
    for r in t.generator(SEED).take(9000) {
        if !r.starts_with("A ") {
            pre += 1;
        } else if r != "A B" {
            suf += 1;
        }
    }
    assert!((800..1200).contains(&pre), "{pre}");
    assert!((800..1200).contains(&suf), "{suf}");
}

#[test]
fn job_titles_use_every_word() {
    let words: BTreeSet<String> = compile("{{name.jobTitle}}")
        .generator(SEED)
        .take(20_000)
        .flat_map(|r| r.split(' ').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    // 21 distinct descriptors, 37 areas, 25 types.
    assert_eq!(words.len(), 21 + 37 + 25, "{words:?}");
    assert!(words.contains("Liason"));
    let dynamic = counts("{{name.jobDescriptor}}")["Dynamic"];
    assert!(
        (1500..2200).contains(&dynamic),
        "Dynamic is listed twice: {dynamic}"
    );
}

#[test]
fn gendered_middle_names_differ() {
    let male: BTreeSet<String> = counts("{{name.middleName(0)}}").into_keys().collect();
    let female: BTreeSet<String> = counts("{{name.middleName(\"female\")}}")
        .into_keys()
        .collect();
    let any: BTreeSet<String> = counts("{{name.middleName}}").into_keys().collect();
    assert_eq!(male.len(), 95);
    assert_eq!(female.len(), 207);
    assert!(male.contains("Theodore") && female.contains("Juniper"));
    assert!(male.is_subset(&any) && female.is_subset(&any) && any.contains("Rowan"));
}

// ---------------------------------------------------------------------------------------------
// Argument faults

fn compile_err(src: &str) -> Error {
    match Template::compile_with(src, &options()) {
        Ok(t) => panic!(
            "expected an error for {src:?}, got {:?}",
            t.generator(0).next()
        ),
        Err(e) => e,
    }
}

/// `src` fails with a bad argument at the first occurrence of `at` (after a `|`, if any, which
/// is removed: `"x(|1)"` points at `1`).
fn assert_fault(src: &str, at: &str) {
    let (src, at_byte) = match src.find('|') {
        Some(k) => (format!("{}{}", &src[..k], &src[k + 1..]), k),
        None => {
            let k = src
                .find(at)
                .unwrap_or_else(|| panic!("{at:?} not in {src:?}"));
            (src.to_owned(), k)
        }
    };
    let err = compile_err(&src);
    let before = &src[..at_byte];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    assert_eq!(err.kind(), ErrorKind::BadArgument, "{src:?}: {err:#}");
    assert_eq!(
        (err.line(), err.column()),
        (Some(line), Some(col)),
        "{src:?}: {err:#}"
    );
}

#[test]
fn name_argument_faults() {
    for (src, at) in [
        ("{{name.firstName(1)}}", "1"),
        ("{{name.lastName([1])}}", "[1]"),
        ("{{name.findName(5)}}", "5"),
        ("{{name.findName(\"A\", \"B\", \"other\")}}", "\"other\""),
        ("{{name.findName(\"A\", \"B\", 1, 2)}}", "2"),
        ("{{name.fullName(\"A\", true)}}", "true"),
        ("{{name.middleName(3)}}", "3"),
        ("{{name.jobTitle(1)}}", "1"),
        ("{{name.title(\"x\")}}", "\"x\""),
        ("{{name.prefix(1.5)}}", "1.5"),
        ("{{name.suffix(1)}}", "1"),
        ("{{name.jobDescriptor(1)}}", "1"),
        ("{{name.jobArea(1)}}", "1"),
        ("{{name.jobType(1)}}", "1"),
        ("{{name.gender(1)}}", "1"),
        ("{{name.gender(true, 1)}}", "1"),
        ("{\n  \"who\": \"{{name.middleName(\"x\")}}\"\n}", "\"x\""),
    ] {
        assert_fault(src, at);
    }
}
