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

fn digits_upto(s: &str, max: u64) -> Result<u64, String> {
    let ok =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let v = s.parse::<u64>().ok().filter(|v| ok && *v <= max);
    v.ok_or_else(|| format!("{s:?} is not a number 0..={max}"))
}

fn ipv4(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split('.').collect();
    ensure(parts.len() == 4, || format!("not IPv4: {s:?}"))?;
    parts.iter().try_for_each(|p| digits_upto(p, 255).map(drop))
}

/// `First{0-99}`, `First{.|_}Last` or `First{.|_}Last{0-99}` from the name tables.
fn user_name(s: &str) -> Result<(), String> {
    let body = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = &s[body.len()..];
    if !number.is_empty() {
        digits_upto(number, 99)?;
    }
    match body.split_once(['.', '_']) {
        None => ensure(!number.is_empty() && is_name_word(body), || {
            format!("not First{{0-99}}: {s:?}")
        }),
        Some((first, last)) => ensure(
            is_name_word(first) && is_name_word(last) && !last.contains('\''),
            || format!("not First.Last: {s:?}"),
        ),
    }
}

fn email_at(s: &str, providers: &[&str]) -> Result<(), String> {
    let (local, domain) = s.split_once('@').ok_or_else(|| format!("no @: {s:?}"))?;
    ensure(providers.contains(&domain), || format!("provider of {s:?}"))?;
    user_name(local)
}

fn email(s: &str) -> Result<(), String> {
    email_at(s, &["gmail.com", "yahoo.com", "hotmail.com"])
}

fn example_email(s: &str) -> Result<(), String> {
    email_at(s, &["example.org", "example.com", "example.net"])
}

fn lower_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn domain_word(s: &str) -> Result<(), String> {
    ensure(lower_word(s), || format!("not a domain word: {s:?}"))
}

fn domain_name(s: &str) -> Result<(), String> {
    let (word, suffix) = s.split_once('.').ok_or_else(|| format!("no dot: {s:?}"))?;
    domain_word(word)?;
    one_of(&["com", "biz", "info", "name", "net", "org"])(suffix)
}

fn url(s: &str) -> Result<(), String> {
    let (proto, rest) = s
        .split_once("://")
        .ok_or_else(|| format!("not a URL: {s:?}"))?;
    one_of(&["http", "https"])(proto)?;
    domain_name(rest)
}

fn avatar(s: &str) -> Result<(), String> {
    let user = s
        .strip_prefix("https://s3.amazonaws.com/uifaces/faces/twitter/")
        .and_then(|r| r.strip_suffix("/128.jpg"))
        .ok_or_else(|| format!("not an avatar URL: {s:?}"))?;
    ensure(
        user.split('_').count() <= 2 && user.split('_').all(lower_word),
        || format!("avatar user {user:?}"),
    )
}

fn hex_digits(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn color(s: &str) -> Result<(), String> {
    ensure(
        s.len() == 7 && s.starts_with('#') && hex_digits(&s[1..]),
        || format!("not #rrggbb: {s:?}"),
    )
}

fn mac(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split(':').collect();
    ensure(
        parts.len() == 6 && parts.iter().all(|p| p.len() == 2 && hex_digits(p)),
        || format!("not a MAC: {s:?}"),
    )
}

fn ipv6(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split(':').collect();
    ensure(
        parts.len() == 8 && parts.iter().all(|p| p.len() == 4 && hex_digits(p)),
        || format!("not IPv6: {s:?}"),
    )
}

fn word_chars(s: &str, len: usize) -> Result<(), String> {
    ensure(
        s.len() == len && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        || format!("not {len} word characters: {s:?}"),
    )
}

fn memorable(s: &str) -> Result<(), String> {
    let vowel = |b: u8| b"aeiou".contains(&b);
    ensure(
        s.len() == 10
            && s.bytes().all(|b| b.is_ascii_lowercase())
            && s.bytes().enumerate().all(|(i, b)| vowel(b) == (i % 2 == 1)),
        || format!("not memorable: {s:?}"),
    )
}

fn session(s: &str) -> Result<(), String> {
    let v: f64 = s.parse().map_err(|_| format!("not a number: {s:?}"))?;
    let int = s.split('.').next().unwrap_or("");
    ensure(
        (1.007e15..9.007e15).contains(&v)
            && int.len() == 16
            && s.split('.').nth(1).is_none_or(|f| {
                !f.is_empty()
                    && f.len() <= 3
                    && f.bytes().all(|b| b.is_ascii_digit())
                    && !f.ends_with('0')
            }),
        || format!("not a session: {s:?}"),
    )
}

fn status_code(s: &str) -> Result<(), String> {
    let v = digits_upto(s, 599)?;
    ensure(v >= 100, || format!("not a status code: {s:?}"))
}

/// An exact decimal in `lo..=hi` with at most `decimals` fraction digits, printed shortest
/// (no trailing zeros, no `-0`).
fn decimal_in(s: &str, lo: f64, hi: f64, decimals: usize) -> Result<(), String> {
    let v: f64 = s.parse().map_err(|_| format!("not a number: {s:?}"))?;
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    ensure(
        (lo..=hi).contains(&v)
            && !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && (int == "0" || !int.starts_with('0'))
            && frac.len() <= decimals
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !frac.ends_with('0')
            && s != "-0",
        || format!("not a decimal in {lo}..={hi} with {decimals} places: {s:?}"),
    )
}

fn uuid(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('-').collect();
    ensure(
        groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && groups.iter().all(|g| hex_digits(g))
            && groups[2].starts_with('4')
            && groups[3].starts_with(['8', '9', 'a', 'b']),
        || format!("not a v4 UUID: {s:?}"),
    )
}

fn letters(s: &str, n: usize, class: fn(u8) -> bool) -> Result<(), String> {
    ensure(s.len() == n && s.bytes().all(class), || {
        format!("not {n} letters of the class: {s:?}")
    })
}

fn hexa(s: &str, n: usize) -> Result<(), String> {
    ensure(
        s.len() == n + 2 && s.starts_with("0x") && s[2..].bytes().all(|b| b.is_ascii_hexdigit()),
        || format!("not 0x and {n} hex digits: {s:?}"),
    )
}

/// Comma-joined distinct items of `from`, between `lo` and `hi` of them.
fn distinct_of(s: &str, from: &[&str], lo: usize, hi: usize) -> Result<(), String> {
    let items: Vec<&str> = if s.is_empty() {
        vec![]
    } else {
        s.split(',').collect()
    };
    let set: BTreeSet<&str> = items.iter().copied().collect();
    ensure(
        (lo..=hi).contains(&items.len())
            && set.len() == items.len()
            && items.iter().all(|i| from.contains(i)),
        || format!("not {lo}..={hi} distinct items of {from:?}: {s:?}"),
    )
}

fn image_url(s: &str) -> Result<(), String> {
    let category = s
        .strip_prefix("http://lorempixel.com/640/480/")
        .ok_or_else(|| format!("not a lorempixel URL: {s:?}"))?;
    one_of(&[
        "abstract",
        "animals",
        "business",
        "cats",
        "city",
        "food",
        "nightlife",
        "fashion",
        "people",
        "nature",
        "sports",
        "technics",
        "transport",
    ])(category)
}

fn datatype_string(s: &str, n: usize) -> Result<(), String> {
    ensure(
        s.len() == n && s.bytes().all(|b| (33..=125).contains(&b)),
        || format!("not {n} characters 33..=125: {s:?}"),
    )
}

/// `YYYY-MM-DDTHH:mm:ss.SSSZ` between two such instants (they compare as text).
fn iso_between(s: &str, lo: &str, hi: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let shape = s.len() == 24
        && s.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            19 => c == '.',
            23 => c == 'Z',
            _ => c.is_ascii_digit(),
        });
    ensure(
        shape && &b[5..7] <= b"12".as_slice() && (lo..=hi).contains(&s),
        || format!("not an ISO instant in {lo}..={hi}: {s:?}"),
    )
}

fn datatype_item(v: &Value) -> bool {
    match v {
        Value::String(s) => datatype_string(s, 10).is_ok(),
        Value::Number(n) => n.as_u64().is_some_and(|n| n <= 99_999),
        _ => false,
    }
}

fn datatype_json(s: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(s).map_err(|e| format!("{e}: {s}"))?;
    let obj = v.as_object().ok_or_else(|| format!("not an object: {s}"))?;
    ensure(
        obj.keys().map(String::as_str).collect::<BTreeSet<_>>()
            == BTreeSet::from(["foo", "bar", "bike", "a", "b", "name", "prop"])
            && obj.values().all(datatype_item),
        || format!("not datatype.json: {s}"),
    )
}

// ---------------------------------------------------------------------------------------------
// Cases

fn cases() -> Vec<Case> {
    vec![
        // name
        case("name.firstName", name_word),
        case("name.firstName(1)", name_word),
        case("name.lastName", name_word),
        case("name.lastName(\"male\")", name_word),
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
        // random
        case("random.number", |s| digits_upto(s, 99_999).map(drop)),
        case("random.number(70)", |s| digits_upto(s, 70).map(drop)),
        case(r#"random.number({"min":1,"max":9})"#, |s| {
            digits_upto(s, 9).and_then(|v| ensure(v >= 1, || s.to_owned()))
        }),
        case("random.number(-5, 5)", |s| decimal_in(s, -5.0, 5.0, 0)),
        case(
            r#"random.number({"min":0,"max":1,"precision":0.25})"#,
            |s| one_of(&["0", "0.25", "0.5", "0.75", "1"])(s),
        ),
        case("random.arrayElement", |s| one_of(&["a", "b", "c"])(s)),
        case(r#"random.arrayElement(["ios","android"])"#, |s| {
            one_of(&["ios", "android"])(s)
        }),
        case("random.weightedArrayElement", |s| {
            one_of(&["dog", "cat"])(s)
        }),
        case(
            r#"random.weightedArrayElement({"weights":[0.3,0.7],"data":["rent","buy"]})"#,
            |s| one_of(&["rent", "buy"])(s),
        ),
        case("random.objectElement", |s| one_of(&["bar", "car"])(s)),
        case(r#"random.objectElement({"a":"x","b":"y"}, "key")"#, |s| {
            one_of(&["a", "b"])(s)
        }),
        case("random.uuid", uuid),
        case("random.boolean", |s| one_of(&["true", "false"])(s)),
        case("random.alphaNumeric", |s| {
            letters(s, 1, |b| b.is_ascii_digit() || b.is_ascii_lowercase())
        }),
        case("random.alphaNumeric(10)", |s| {
            letters(s, 10, |b| b.is_ascii_digit() || b.is_ascii_lowercase())
        }),
        case("random.image", image_url),
        case("random.locale", |s| {
            ensure(
                (2..=11).contains(&s.len())
                    && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
                    && s.as_bytes()[0].is_ascii_lowercase(),
                || format!("not a locale: {s:?}"),
            )
        }),
        case("random.float", |s| decimal_in(s, 0.0, 99_999.0, 2)),
        case("random.float(0.001)", |s| decimal_in(s, 0.0, 99_999.0, 3)),
        case(r#"random.float({"min":1,"max":2,"precision":0.25})"#, |s| {
            one_of(&["1", "1.25", "1.5", "1.75", "2"])(s)
        }),
        case(r#"random.float({"min":-1.5,"max":-1})"#, |s| {
            decimal_in(s, -1.5, -1.0, 2)
        }),
        case("random.hexaDecimal", |s| hexa(s, 1)),
        case("random.hexaDecimal(8)", |s| hexa(s, 8)),
        case("random.alpha", |s| {
            letters(s, 1, |b| b.is_ascii_lowercase())
        }),
        case("random.alpha(5)", |s| {
            letters(s, 5, |b| b.is_ascii_lowercase())
        }),
        case(
            r#"random.alpha({"count":4,"upcase":true,"bannedChars":["a","B"]})"#,
            |s| letters(s, 4, |b| b.is_ascii_uppercase() && b != b'A' && b != b'B'),
        ),
        case(
            r#"random.alpha({"count":4,"bannedChars":["e","f","g","h","i","j","k","l","m","o","p","q","s","t","v","w","x","y","z","a","b","c","d"]})"#,
            |s| letters(s, 4, |b| b"nru".contains(&b)),
        ),
        array_case("random.arrayElements", |s| {
            distinct_of(s, &["a", "b", "c"], 1, 3)
        }),
        array_case(r#"random.arrayElements(["x","y","z","w"], 2)"#, |s| {
            distinct_of(s, &["x", "y", "z", "w"], 2, 2)
        }),
        array_case(r#"random.arrayElements(["x","y"], 5)"#, |s| {
            distinct_of(s, &["x", "y"], 2, 2)
        }),
        array_case(r#"random.arrayElements(["x"], 0)"#, |s| {
            ensure(s.is_empty(), || s.to_owned())
        }),
        array_case(
            r#"random.arrayElements([1, "two", null, true, {"k":"v"}, "q\"t"], 6)"#,
            |s| {
                let mut parts: Vec<&str> = s.split(',').collect();
                parts.sort_unstable();
                ensure(
                    parts == ["", "1", "q\"t", "true", "two", "{\"k\":\"v\"}"],
                    || s.to_owned(),
                )
            },
        ),
        // datatype
        case("datatype.number", |s| digits_upto(s, 99_999).map(drop)),
        case("datatype.number(10)", |s| digits_upto(s, 10).map(drop)),
        case(
            r#"datatype.number({"min":-3,"max":3,"precision":0.5})"#,
            |s| decimal_in(s, -3.0, 3.0, 1),
        ),
        case("datatype.float", |s| decimal_in(s, 0.0, 99_999.0, 2)),
        case("datatype.float(0.1)", |s| decimal_in(s, 0.0, 99_999.0, 1)),
        case(r#"datatype.float({"min":10,"max":20})"#, |s| {
            decimal_in(s, 10.0, 20.0, 2)
        }),
        case("datatype.uuid", uuid),
        case("datatype.boolean", |s| one_of(&["true", "false"])(s)),
        case("datatype.hexaDecimal", |s| hexa(s, 1)),
        case("datatype.hexaDecimal(6)", |s| hexa(s, 6)),
        case("datatype.string", |s| datatype_string(s, 10)),
        case("datatype.string(40)", |s| datatype_string(s, 40)),
        case("datatype.string(0)", |s| datatype_string(s, 0)),
        case("datatype.datetime", |s| {
            iso_between(s, "1990-02-01T00:00:00.000Z", "2100-02-01T00:00:00.000Z")
        }),
        case(
            r#"datatype.datetime({"min":"2020-01-01","max":"2020-01-02T12:00:00Z"})"#,
            |s| iso_between(s, "2020-01-01T00:00:00.000Z", "2020-01-02T12:00:00.000Z"),
        ),
        case("datatype.datetime(4102444800000)", |s| {
            iso_between(s, "1990-02-01T00:00:00.000Z", "2100-01-01T00:00:00.000Z")
        }),
        case(r#"datatype.datetime({"min":0,"max":0})"#, |s| {
            ensure(s == "1970-01-01T00:00:00.000Z", || s.to_owned())
        }),
        case("datatype.json", datatype_json),
        array_case("datatype.array", |s| {
            ensure(!s.is_empty(), || "empty".to_owned())
        }),
        array_case("datatype.array(3)", |s| {
            ensure(s.len() >= 5, || s.to_owned())
        }),
        array_case("datatype.array(0)", |s| {
            ensure(s.is_empty(), || s.to_owned())
        }),
        // internet
        case("internet.ip", ipv4),
        case("internet.avatar", avatar),
        case("internet.email", email),
        case(
            r#"internet.email("Zoë Ann", "Smith-Jones", "corp.example")"#,
            |s| {
                let (local, domain) = s.split_once('@').unwrap();
                ensure(
                    domain == "corp.example"
                        && local.starts_with("ZoAnn")
                        && (local.trim_start_matches("ZoAnn").is_empty()
                            || local.contains(".Smith-Jones")
                            || local.contains("_Smith-Jones")
                            || local[5..].bytes().all(|b| b.is_ascii_digit())),
                    || s.to_owned(),
                )
            },
        ),
        case(r#"internet.email(null, null, "x\"y.com")"#, |s| {
            ensure(s.ends_with("@x\"y.com"), || s.to_owned())
                .and(user_name(s.split('@').next().unwrap()))
        }),
        case("internet.exampleEmail", example_email),
        case(r#"internet.exampleEmail("O'Brien")"#, |s| {
            ensure(s.starts_with("OBrien"), || s.to_owned()).and(example_email(s))
        }),
        case("internet.userName", user_name),
        case(r#"internet.userName("Mary Jo", "O'Neil")"#, |s| {
            let ok = s.starts_with("MaryJo")
                && match s.split_once(['.', '_']) {
                    Some((_, rest)) => {
                        rest.trim_end_matches(|c: char| c.is_ascii_digit()) == "ONeil"
                    }
                    None => s[6..].parse::<u8>().is_ok(),
                };
            ensure(ok, || s.to_owned())
        }),
        case(r#"internet.userName("12")"#, |s| {
            ensure(s.starts_with("12"), || s.to_owned())
        }),
        case(r#"internet.userName("a\"b")"#, |s| {
            ensure(s.starts_with("a\"b"), || s.to_owned())
        }),
        case("internet.protocol", |s| one_of(&["http", "https"])(s)),
        case("internet.url", url),
        case("internet.domainName", domain_name),
        case("internet.domainSuffix", |s| {
            one_of(&["com", "biz", "info", "name", "net", "org"])(s)
        }),
        case("internet.domainWord", domain_word),
        case("internet.userAgent", |s| {
            ensure(
                (s.starts_with("Mozilla/5.0 (") || s.starts_with("Opera/")) && s.len() > 40,
                || format!("not a user agent: {s:?}"),
            )
        }),
        case("internet.color", |s| {
            color(s)?;
            ensure(
                (1..7)
                    .step_by(2)
                    .all(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap() <= 0x80),
                || format!("base 0 keeps components at most 0x80: {s}"),
            )
        }),
        case("internet.color(255, 255, 255)", |s| {
            color(s)?;
            ensure(
                (1..7)
                    .step_by(2)
                    .all(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap() >= 0x7f),
                || format!("base 255 keeps components at least 0x7f: {s}"),
            )
        }),
        case("internet.color(100)", color),
        case("internet.mac", mac),
        case("internet.password", |s| word_chars(s, 15)),
        case("internet.password(8)", |s| word_chars(s, 8)),
        case("internet.password(10, true)", memorable),
        case(r#"internet.password(6, false, "[a-c]")"#, |s| {
            ensure(
                s.len() == 6 && s.bytes().all(|b| b"abc".contains(&b)),
                || s.to_owned(),
            )
        }),
        case(r#"internet.password(10, false, "\\d", "pin-")"#, |s| {
            ensure(
                s.len() == 10
                    && s.starts_with("pin-")
                    && s[4..].bytes().all(|b| b.is_ascii_digit()),
                || s.to_owned(),
            )
        }),
        case(r#"internet.password(3, true, null, "ab")"#, |s| {
            ensure(
                s.len() == 3 && s.starts_with("ab") && b"aeiou".contains(&s.as_bytes()[2]),
                || s.to_owned(),
            )
        }),
        case(r#"internet.password(2, false, null, "prefix")"#, |s| {
            ensure(s == "prefix", || s.to_owned())
        }),
        case(r#"internet.password(12, false, "[!-/\\\\]")"#, |s| {
            ensure(
                s.len() == 12 && s.bytes().all(|b| (b'!'..=b'/').contains(&b) || b == b'\\'),
                || s.to_owned(),
            )
        }),
        case("internet.password(4, false, \"[0-9]\")", |s| {
            ensure(
                s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()),
                || s.to_owned(),
            )
        }),
        case("internet.session", session),
        case("internet.ipv6", ipv6),
        case("internet.port", |s| digits_upto(s, 65_535).map(drop)),
        case("internet.httpMethod", |s| {
            one_of(&["GET", "POST", "PUT", "DELETE", "PATCH"])(s)
        }),
        case("internet.httpStatusCode", status_code),
        case(
            r#"internet.httpStatusCode({"types":["success","serverError"]})"#,
            |s| {
                status_code(s)?;
                ensure(s.starts_with('2') || s.starts_with('5'), || s.to_owned())
            },
        ),
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
    "random.number",
    "random.arrayElement",
    "random.weightedArrayElement",
    "random.objectElement",
    "random.uuid",
    "random.boolean",
    "random.alphaNumeric",
    "random.image",
    "random.locale",
    "random.float",
    "random.hexaDecimal",
    "random.alpha",
    "random.arrayElements",
    "datatype.number",
    "datatype.float",
    "datatype.uuid",
    "datatype.boolean",
    "datatype.hexaDecimal",
    "datatype.string",
    "datatype.datetime",
    "datatype.json",
    "datatype.array",
    "internet.ip",
    "internet.avatar",
    "internet.email",
    "internet.exampleEmail",
    "internet.userName",
    "internet.protocol",
    "internet.url",
    "internet.domainName",
    "internet.domainSuffix",
    "internet.domainWord",
    "internet.userAgent",
    "internet.color",
    "internet.mac",
    "internet.password",
    "internet.session",
    "internet.ipv6",
    "internet.port",
    "internet.httpMethod",
    "internet.httpStatusCode",
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
        let bound = compile(&src).max_record_bytes();
        for (i, record) in records(&src, SEED).iter().enumerate() {
            assert!(
                record.len() <= bound,
                "{}: {record:?} over {bound}",
                case.expr
            );
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
                    (InValue::Same, Value::String(s)) if s == expected => {}
                    (InValue::Same, _) => {
                        // Text that is itself JSON (`"…"`, `12`) goes in as it is.
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

#[test]
fn user_name_patterns_are_a_third_each() {
    let (mut plain, mut dotted, mut both) = (0, 0, 0);
    for r in compile("{{internet.userName}}").generator(SEED).take(9000) {
        let digits = r.ends_with(|c: char| c.is_ascii_digit());
        match (r.contains(['.', '_']), digits) {
            (false, _) => plain += 1,
            (true, false) => dotted += 1,
            (true, true) => both += 1,
        }
    }
    // `First.Last` followed by a number 0-99 is `both`.
    for n in [plain, dotted, both] {
        assert!((2700..3300).contains(&n), "{plain} {dotted} {both}");
    }
}

#[test]
fn last_names_lose_their_apostrophes() {
    let all: String = compile("{{internet.userName}} {{internet.email}} {{internet.avatar}}")
        .generator(SEED)
        .take(20_000)
        .collect();
    assert!(!all.contains('\''));
    // O'Keefe, O'Hara, … become OKeefe, OHara.
    assert!(all.contains("_O") || all.contains(".O"));
}

#[test]
fn session_prints_like_a_javascript_number() {
    let recs = records("{{internet.session}}", SEED);
    let fractions = recs.iter().filter(|r| r.contains('.')).count();
    assert!(fractions > 50 && fractions < 700, "{fractions}");
    for r in &recs {
        // Reads back to a float that prints the same, by JavaScript's rules (ties to even
        // digits: 2240728350615871.25 prints as ….2, where Rust's Display gives ….3).
        let v: f64 = r.parse().unwrap();
        assert_eq!(ryu_js::Buffer::new().format(v), r);
    }
}

#[test]
fn password_uses_the_whole_class() {
    let chars: BTreeSet<char> = compile("{{internet.password}}")
        .generator(SEED)
        .take(2000)
        .flat_map(|r| r.chars().collect::<Vec<_>>())
        .collect();
    assert_eq!(chars.len(), 63, "{chars:?}");
    let chars: BTreeSet<char> = compile("{{internet.password(20, true)}}")
        .generator(SEED)
        .take(2000)
        .flat_map(|r| r.chars().collect::<Vec<_>>())
        .collect();
    assert_eq!(chars.len(), 26, "{chars:?}");
}

#[test]
fn status_codes_by_type() {
    let codes = counts(r#"{{internet.httpStatusCode({"types":["informational"]})}}"#);
    assert_eq!(
        codes.keys().map(String::as_str).collect::<Vec<_>>(),
        ["100", "101", "102", "103"]
    );
    assert_eq!(counts("{{internet.httpStatusCode}}").len(), 63);
}

#[test]
fn email_local_part_is_slugified() {
    let t = compile(r#"{{internet.email("Jo+Ann!", "d'Arc", "x.org")}}"#);
    for r in t.generator(SEED).take(200) {
        let local = r.strip_suffix("@x.org").unwrap();
        assert!(local.starts_with("JoAnn"), "{r}");
        assert!(
            local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)),
            "{r}"
        );
    }
}

#[test]
fn float_steps_are_exact() {
    let seen = counts(r#"{{random.float({"min":0,"max":0.3,"precision":0.1})}}"#);
    assert_eq!(
        seen.keys().map(String::as_str).collect::<Vec<_>>(),
        ["0", "0.1", "0.2", "0.3"]
    );
    for n in seen.values() {
        assert!((4500..5500).contains(n), "{seen:?}");
    }
    // A lone number is the precision, as in later faker.js.
    let seen = counts("{{random.float(50000)}}");
    assert_eq!(seen.keys().collect::<Vec<_>>(), ["0", "50000"]);
}

#[test]
fn array_elements_are_uniform_in_every_position() {
    let mut at = [[0u32; 4]; 4];
    for r in compile(r#"{{random.arrayElements(["0","1","2","3"], 4)}}"#)
        .generator(SEED)
        .take(20_000)
    {
        for (pos, item) in r.split(',').enumerate() {
            at[pos][item.parse::<usize>().unwrap()] += 1;
        }
    }
    for row in at {
        for n in row {
            assert!((4600..5400).contains(&n), "{at:?}");
        }
    }
    let sizes = counts("{{random.arrayElements}}");
    let by_len = |n| {
        sizes
            .iter()
            .filter(|(k, _)| k.split(',').count() == n)
            .map(|(_, v)| v)
            .sum::<usize>()
    };
    for n in 1..=3 {
        assert!((6000..7300).contains(&by_len(n)), "{sizes:?}");
    }
}

#[test]
fn array_elements_takes_large_arrays() {
    let items: Vec<String> = (0..4096).map(|i| i.to_string()).collect();
    let src = format!("{{{{random.arrayElements([{}], 4096)}}}}", items.join(","));
    for r in compile(&src).generator(SEED).take(3) {
        let got: BTreeSet<usize> = r.split(',').map(|i| i.parse().unwrap()).collect();
        assert_eq!(got.len(), 4096);
    }
    let src = format!("{{{{random.arrayElements([{},1])}}}}", items.join(","));
    assert_fault(&src, "[");
}

#[test]
fn hexa_decimal_uses_both_cases() {
    let chars: BTreeSet<char> = compile("{{random.hexaDecimal(50)}}")
        .generator(SEED)
        .take(100)
        .flat_map(|r| r[2..].chars().collect::<Vec<_>>())
        .collect();
    assert_eq!(chars.len(), 22);
}

#[test]
fn datatype_array_items_are_strings_and_numbers() {
    let t = compile("{\"v\": {{datatype.array(4)}}}");
    let (mut strings, mut numbers) = (0, 0);
    for r in t.generator(SEED).take(500) {
        let v: Value = serde_json::from_str(&r).unwrap();
        let items = v["v"].as_array().unwrap();
        assert_eq!(items.len(), 4);
        for item in items {
            assert!(datatype_item(item), "{item}");
            if item.is_string() {
                strings += 1;
            } else {
                numbers += 1;
            }
        }
    }
    assert!((900..1100).contains(&strings) && strings + numbers == 2000);
    // Every character 33..=125 turns up, `"` and `\` included.
    let chars: BTreeSet<char> = compile("{{datatype.string(100)}}")
        .generator(SEED)
        .take(50)
        .flat_map(|r| r.chars().collect::<Vec<_>>())
        .collect();
    assert_eq!(chars.len(), 93);
}

#[test]
fn datatype_json_in_a_value_position_is_an_object() {
    let t = compile("[{{datatype.json}}, \"{{datatype.json}}\"]");
    for r in t.generator(SEED).take(200) {
        let v: Value = serde_json::from_str(&r).unwrap();
        assert!(v[0].is_object(), "{r}");
        datatype_json(v[1].as_str().unwrap()).unwrap();
    }
}

#[test]
fn datetime_covers_its_range() {
    let t =
        compile(r#"{{datatype.datetime({"min":"2020-01-01","max":"2020-01-01T00:00:00.009Z"})}}"#);
    let seen: BTreeSet<String> = t.generator(SEED).take(500).collect();
    assert_eq!(seen.len(), 10, "{seen:?}");
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

const NAME_FAULTS: &[(&str, &str)] = &[
    ("{{name.firstName(2)}}", "2"),
    ("{{name.firstName(1, 2)}}", "2"),
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
];

#[test]
fn name_argument_faults() {
    for (src, at) in NAME_FAULTS {
        assert_fault(src, at);
    }
}

const INTERNET_FAULTS: &[(&str, &str)] = &[
    ("{{internet.ip(1)}}", "1"),
    ("{{internet.avatar(1)}}", "1"),
    ("{{internet.email(1)}}", "1"),
    ("{{internet.email(\"a\", \"b\", 2)}}", "2"),
    ("{{internet.email(\"a\", \"b\", \"c\", \"d\")}}", "\"d\""),
    ("{{internet.exampleEmail(\"a\", \"b\", \"c\")}}", "\"c\""),
    ("{{internet.exampleEmail([])}}", "[]"),
    ("{{internet.userName(true)}}", "true"),
    ("{{internet.userName(\"a\", {})}}", "{}"),
    ("{{internet.protocol(1)}}", "1"),
    ("{{internet.url(1)}}", "1"),
    ("{{internet.domainName(1)}}", "1"),
    ("{{internet.domainSuffix(1)}}", "1"),
    ("{{internet.domainWord(1)}}", "1"),
    ("{{internet.userAgent(1)}}", "1"),
    ("{{internet.color(256)}}", "256"),
    ("{{internet.color(0, -1)}}", "-1"),
    ("{{internet.color(0, 0, 1.5)}}", "1.5"),
    ("{{internet.color(\"red\")}}", "\"red\""),
    ("{{internet.color(1, 2, 3, 4)}}", "4"),
    ("{{internet.mac(1)}}", "1"),
    ("{{internet.password(0)}}", "0"),
    ("{{internet.password(-1)}}", "-1"),
    ("{{internet.password(2.5)}}", "2.5"),
    ("{{internet.password(8, \"yes\")}}", "\"yes\""),
    ("{{internet.password(8, false, \"abc\")}}", "\"abc\""),
    ("{{internet.password(8, false, \"[z-a]\")}}", "\"[z-a]\""),
    ("{{internet.password(8, false, \"\\\\s\")}}", "\"\\\\s\""),
    ("{{internet.password(8, false, 5)}}", "5"),
    ("{{internet.password(8, true, \"[a-z]\")}}", "\"[a-z]\""),
    ("{{internet.password(8, false, \"\\\\w\", 5)}}", "5"),
    ("{{internet.password(8, false, null, \"\", 1)}}", "1)"),
    ("{{internet.session(1)}}", "1"),
    ("{{internet.ipv6(1)}}", "1"),
    ("{{internet.port(1)}}", "1"),
    ("{{internet.httpMethod(1)}}", "1"),
    ("{{internet.httpStatusCode(5)}}", "5"),
    ("{{internet.httpStatusCode({\"kinds\":[]})}}", "\"kinds\""),
    ("{{internet.httpStatusCode({\"types\":[]})}}", "[]"),
    (
        "{{internet.httpStatusCode({\"types\":[\"ok\"]})}}",
        "\"ok\"",
    ),
    (
        "{{internet.httpStatusCode({\"types\":\"success\"})}}",
        "\"success\"",
    ),
    ("{{internet.httpStatusCode({\"types\":[1]})}}", "1"),
    (
        "{\"a\": 1,\n \"b\": \"{{internet.password(8, false, \"[a-\\\\d]\")}}\"}",
        "\"[a-",
    ),
];

#[test]
fn internet_argument_faults() {
    for (src, at) in INTERNET_FAULTS {
        assert_fault(src, at);
    }
    let err = compile_err("{{internet.password(1000000)}}");
    assert_eq!(err.kind(), ErrorKind::Limit);
}

const RANDOM_FAULTS: &[(&str, &str)] = &[
    ("{{random.number(\"x\")}}", "\"x\""),
    ("{{random.number({\"min\":5,\"max\":1})}}", "5"),
    ("{{random.arrayElement([])}}", "[]"),
    (
        "{{random.weightedArrayElement({\"weights\":[1],\"data\":[]})}}",
        "[]",
    ),
    ("{{random.objectElement([])}}", "[]"),
    ("{{random.objectElement({\"a\":1}, \"both\")}}", "\"both\""),
    ("{{random.uuid(1)}}", "1"),
    ("{{random.boolean(1)}}", "1"),
    ("{{random.alphaNumeric(-1)}}", "-1"),
    ("{{random.image(1)}}", "1"),
    ("{{random.locale(1)}}", "1"),
    ("{{random.float(\"x\")}}", "\"x\""),
    ("{{random.float({\"min\":5,\"max\":1})}}", "5"),
    ("{{random.float({\"precision\":0})}}", "0"),
    ("{{random.float(-0.1)}}", "-0.1"),
    ("{{random.float(1, 2)}}", "2"),
    ("{{random.float({\"foo\":1})}}", "\"foo\""),
    (
        "{{random.float({\"min\":0.5,\"max\":0.9,\"precision\":1})}}",
        "1}",
    ),
    ("{{random.hexaDecimal(-1)}}", "-1"),
    ("{{random.hexaDecimal(\"a\")}}", "\"a\""),
    ("{{random.hexaDecimal(1.5)}}", "1.5"),
    ("{{random.hexaDecimal(1, 2)}}", "2"),
    ("{{random.alpha(\"x\")}}", "\"x\""),
    ("{{random.alpha({\"count\":-1})}}", "-1"),
    ("{{random.alpha({\"upcase\":1})}}", "1"),
    ("{{random.alpha({\"bannedChars\":\"a\"})}}", "\"a\""),
    ("{{random.alpha({\"bannedChars\":[\"ab\"]})}}", "\"ab\""),
    ("{{random.alpha({\"bannedChars\":[\"1\"]})}}", "\"1\""),
    ("{{random.alpha({\"x\":1})}}", "\"x\""),
    ("{{random.alpha(1, 2)}}", "2"),
    ("{{random.arrayElements(\"x\")}}", "\"x\""),
    ("{{random.arrayElements([])}}", "[]"),
    ("{{random.arrayElements([\"a\"], -1)}}", "-1"),
    ("{{random.arrayElements([\"a\"], \"2\")}}", "\"2\""),
    ("{{random.arrayElements([\"a\"], 1, 2)}}", "2"),
    (
        "{\n\"t\": [\n  {{random.alpha({\"count\":2,\"bannedChars\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\",\"u\",\"v\",\"w\",\"x\",\"y\",\"z\"]})}}\n]}",
        "[\"a\"",
    ),
];

#[test]
fn random_argument_faults() {
    for (src, at) in RANDOM_FAULTS {
        assert_fault(src, at);
    }
}

const DATATYPE_FAULTS: &[(&str, &str)] = &[
    ("{{datatype.number(\"x\")}}", "\"x\""),
    ("{{datatype.number(1, 2)}}", "2"),
    ("{{datatype.number({\"min\":3,\"max\":1})}}", "3"),
    ("{{datatype.number({\"precision\":-1})}}", "-1"),
    ("{{datatype.float(true)}}", "true"),
    ("{{datatype.float({\"max\":1e40})}}", "1e40"),
    ("{{datatype.datetime(86400000)}}", "86400000"),
    ("{{datatype.uuid(1)}}", "1"),
    ("{{datatype.boolean(1)}}", "1"),
    ("{{datatype.hexaDecimal(-2)}}", "-2"),
    ("{{datatype.string(-1)}}", "-1"),
    ("{{datatype.string(\"10\")}}", "\"10\""),
    ("{{datatype.string(1, 2)}}", "2"),
    ("{{datatype.datetime(true)}}", "true"),
    ("{{datatype.datetime(\"yesterday\")}}", "\"yesterday\""),
    (
        "{{datatype.datetime({\"min\":\"2021-01-01\",\"max\":\"2020-01-01\"})}}",
        "\"2021",
    ),
    ("{{datatype.datetime({\"max\":1e17})}}", "1e17"),
    ("{{datatype.datetime({\"min\":1.5})}}", "1.5"),
    ("{{datatype.datetime({\"from\":1})}}", "\"from\""),
    ("{{datatype.datetime(1, 2)}}", "2"),
    ("{{datatype.json(1)}}", "1"),
    ("{{datatype.array(2.5)}}", "2.5"),
    ("{{datatype.array([])}}", "[]"),
];

#[test]
fn datatype_argument_faults() {
    for (src, at) in DATATYPE_FAULTS {
        assert_fault(src, at);
    }
    let err = compile_err("{{datatype.array(100000)}}");
    assert_eq!(err.kind(), ErrorKind::Limit);
}

#[test]
fn every_function_has_an_argument_fault() {
    let all: Vec<&str> = [NAME_FAULTS, INTERNET_FAULTS, RANDOM_FAULTS, DATATYPE_FAULTS]
        .concat()
        .iter()
        .map(|(src, _)| *src)
        .collect();
    for name in FUNCTIONS {
        let call = format!("{{{{{name}(");
        assert!(
            all.iter().any(|src| src.contains(&call)),
            "{name} has no argument fault case"
        );
    }
}
