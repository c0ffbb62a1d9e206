//! Language v2 (LANGUAGE.md sections 1–3): `set`, expressions and the new functions, checked
//! by the relations they promise over thousands of records, plus determinism, random access,
//! printing rules and a golden file for the project's v2 template.

use std::collections::HashSet;

use fakeplate::{Clock, Options, Template, WarningKind};
use serde_json::Value;

const RENTALS: &str = include_str!("../templates/sakila-rentals.tmpl");

fn compile(src: &str) -> Template {
    Template::compile(src).unwrap_or_else(|e| panic!("{e:#}"))
}

fn json_records(t: &Template, seed: u64, n: usize) -> Vec<Value> {
    let mut g = t.generator(seed);
    (0..n)
        .map(|_| {
            let r = g.next().unwrap();
            serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}"))
        })
        .collect()
}

fn ms(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[test]
fn rentals_fields_relate_in_every_record() {
    let t = compile(RENTALS);
    assert!(t.is_json());
    assert!(t.warnings().is_empty(), "{:?}", t.warnings());
    let records = json_records(&t, 42, 5000);
    let mut coupons = 0;
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["rental_id"], i as u64 + 1);
        let days = r["rental_days"].as_i64().unwrap();
        assert!((1..=7).contains(&days));
        assert_eq!(
            ms(&r["return_date"]) - ms(&r["timestamp"]),
            days * 86_400_000,
            "{r}"
        );
        let qty = r["quantity"].as_f64().unwrap();
        let price = r["unit_price"].as_f64().unwrap();
        let total = r["total"].as_f64().unwrap();
        assert!(
            (total - (qty * price * 100.0).round() / 100.0).abs() < 1e-9,
            "{r}"
        );
        let tier = if total > 10.0 { "gold" } else { "standard" };
        assert_eq!(r["tier"], tier);
        match &r["coupon"] {
            Value::Null => {}
            Value::String(c) => {
                assert!(c.len() == 9 && c.starts_with("CP-"), "{c}");
                coupons += 1;
            }
            other => panic!("coupon {other}"),
        }
        let customer = r["customer_id"].as_u64().unwrap();
        assert!((1..=599).contains(&customer));
    }
    // A probability of 0.25 over 5,000 records: within five standard deviations (~0.03).
    let rate = f64::from(coupons) / 5000.0;
    assert!((0.22..=0.28).contains(&rate), "{rate}");
}

/// Exact bytes of the first 500 records; regenerate with
/// `FAKEPLATE_BLESS=1 cargo test --test language_v2` (a change is recorded in CHANGELOG.md).
#[test]
fn rentals_golden_records() {
    let t = compile(RENTALS);
    let mut got = String::new();
    let mut g = t.generator(42);
    for _ in 0..500 {
        g.next_into(&mut got);
        got.push('\n');
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/sakila-rentals-seed-42.jsonl"
    );
    if std::env::var_os("FAKEPLATE_BLESS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want = std::fs::read_to_string(path).expect("golden file exists");
    assert!(got == want, "records differ from {path}");
}

#[test]
fn threads_and_random_access_equal_the_sequential_run() {
    let t = compile(RENTALS);
    let sequential: String = t.generator(9).take(3000).map(|r| r + "\n").collect();
    let mut parallel = String::new();
    t.render_range(9, 0..3000, 2, "\n", &mut parallel);
    assert_eq!(parallel, sequential);
    let lines: Vec<&str> = sequential.lines().collect();
    for index in [0u64, 1, 255, 256, 1000, 2999] {
        let mut one = String::new();
        t.render_record(9, index, &mut one);
        assert_eq!(one, lines[index as usize]);
    }
}

#[test]
fn unique_values_never_repeat_within_the_range_length_from_any_start() {
    let t = compile(r#"{{ random.unique({"min": 1, "max": 1000}) }}"#);
    let mut g = t.generator(3);
    g.seek(517);
    let window: Vec<i64> = (0..1000)
        .map(|_| g.next().unwrap().parse().unwrap())
        .collect();
    let distinct: HashSet<_> = window.iter().collect();
    assert_eq!(distinct.len(), 1000);
    assert!(window.iter().all(|v| (1..=1000).contains(v)));
    // Past the range the permutation repeats with period max - min + 1.
    let mut again = t.generator(3);
    again.seek(1517);
    assert_eq!(again.next().unwrap(), window[0].to_string());
    // Another seed is another permutation.
    let other: Vec<String> = t.generator(4).take(20).collect();
    let first: Vec<String> = t.generator(3).take(20).collect();
    assert_ne!(other, first);
}

#[test]
fn samplers_have_the_moments_they_promise() {
    let draw = |src: &str| -> Vec<f64> {
        compile(src)
            .generator(11)
            .take(20_000)
            .map(|r| r.parse::<f64>().unwrap_or_else(|_| panic!("{r}")))
            .collect()
    };
    let normal = draw(r#"{{ random.normal({"mean": 30, "sd": 5}) }}"#);
    let (m, sd) = mean_sd(&normal);
    assert!(
        (m - 30.0).abs() < 0.2 && (sd - 5.0).abs() < 0.15,
        "{m} {sd}"
    );

    let clamped =
        draw(r#"{{ random.normal({"mean": 0, "sd": 1, "min": 0, "max": 1, "precision": 0.01}) }}"#);
    assert!(clamped.iter().all(|x| (0.0..=1.0).contains(x)));
    assert!(
        clamped
            .iter()
            .all(|x| ((x * 100.0).round() - x * 100.0).abs() < 1e-6)
    );

    let exponential = draw(r#"{{ random.exponential({"mean": 120}) }}"#);
    let (m, sd) = mean_sd(&exponential);
    assert!(
        (m - 120.0).abs() < 4.0 && (sd - 120.0).abs() < 6.0,
        "{m} {sd}"
    );
    assert!(exponential.iter().all(|x| *x >= 0.0));

    for mean in [4.0, 50.0] {
        let poisson = draw(&format!(r#"{{{{ random.poisson({{"mean": {mean}}}) }}}}"#));
        let (m, sd) = mean_sd(&poisson);
        assert!(poisson.iter().all(|x| x.fract() == 0.0 && *x >= 0.0));
        assert!((m - mean).abs() < 0.05 * mean, "mean {mean}: {m}");
        assert!(
            (sd * sd - mean).abs() < 0.1 * mean,
            "var {mean}: {}",
            sd * sd
        );
    }

    let zipf = draw(r#"{{ random.zipf({"n": 50, "s": 1.2}) }}"#);
    let count = |k: f64| zipf.iter().filter(|&&x| x == k).count() as f64;
    assert!(
        zipf.iter()
            .all(|x| (1.0..=50.0).contains(x) && x.fract() == 0.0)
    );
    // P(1) / P(2) = 2^s.
    let ratio = count(1.0) / count(2.0);
    assert!((ratio - 2f64.powf(1.2)).abs() < 0.15, "{ratio}");
}

#[test]
fn arithmetic_has_defined_results_where_javascript_has_none() {
    let t = compile(
        r#"{"div": {{ 1 / 0 }}, "rem": {{ 5 % 0 }}, "nan": {{ "x" ~ "" if false else 2 / 0 }}, "neg": {{ -0 }}, "big": {{ 1e308 * 10 }}}"#,
    );
    let r: Value = serde_json::from_str(&t.generator(1).next().unwrap()).unwrap();
    assert_eq!(
        r,
        serde_json::json!({"div": null, "rem": null, "nan": null, "neg": 0, "big": null})
    );
}

#[test]
fn values_print_by_their_context() {
    let t = compile(
        r#"{{ set none = null }}{{ set quote = "say \"hi\"" }}{"v": {{ none }}, "s": "<{{ none }}>", "q": {{ quote }}, "in": "{{ quote }}", "n": {{ 0.1 + 0.2 }}, "b": {{ 2 > 1 }}, "arr": {{ [1, "a", none, [true]] }}, "obj": {{ {"k": 1 + 1} }}}"#,
    );
    assert_eq!(
        t.generator(1).next().unwrap(),
        r#"{"v": null, "s": "<>", "q": "say \"hi\"", "in": "say \"hi\"", "n": 0.30000000000000004, "b": true, "arr": [1,"a",null,[true]], "obj": {"k":2}}"#
    );
    // In a text template: null prints nothing, strings print raw.
    let text = compile(
        r#"{{ set none = null }}[{{ none }}] {{ "a\"b" }} {{ 7 / 2 }} {{ "x" ~ 1 ~ none }}"#,
    );
    assert_eq!(text.generator(1).next().unwrap(), r#"[] a"b 3.5 x1"#);
}

#[test]
fn every_record_of_a_json_template_with_computed_strings_is_json() {
    let t = compile(
        r#"{{ set who = name.firstName }}{"greeting": "{{ "\"" ~ who ~ "\\\n" }}", "raw": {{ who ~ "\t" }}, "maybe": "{{ helpers.maybe(who) }}", "pick": {{ random.arrayElement(["a\"", 1, "b"]) }}}"#,
    );
    for r in t.generator(5).take(2000) {
        let v: Value = serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}"));
        assert!(v["greeting"].as_str().unwrap().starts_with('"'));
    }
}

#[test]
fn dates_add_diff_format_and_parse_as_moment_does() {
    let t = compile(
        r#"{{ set d = date.parse("2026-01-31T10:00:00Z") }}{"m": "{{ date.add(d, 1, "months") }}", "y": "{{ date.add("2024-02-29", 1, "years") }}", "h": {{ date.diff(date.add(d, 90, "minutes"), d, "hours") }}, "neg": {{ date.diff(d, date.add(d, 36, "hours"), "days") }}, "months": {{ date.diff("2026-03-15", "2026-01-31", "months") }}, "f": "{{ date.formatUtc(d, "ddd D MMM YYYY, x") }}", "bad": {{ date.parse("not " ~ "a date") }}, "num": "{{ date.add(0, 1, "s") }}"}"#,
    );
    let r: Value = serde_json::from_str(&t.generator(1).next().unwrap()).unwrap();
    assert_eq!(r["m"], "2026-02-28T10:00:00.000Z");
    assert_eq!(r["y"], "2025-02-28T00:00:00.000Z");
    assert_eq!(r["h"], 1);
    assert_eq!(r["neg"], -1);
    assert_eq!(r["months"], 1);
    assert_eq!(r["f"], "Sat 31 Jan 2026, 1769853600000");
    assert_eq!(r["bad"], Value::Null);
    assert_eq!(r["num"], "1970-01-01T00:00:01.000Z");
}

#[test]
fn math_rounds_halves_up_on_the_shortest_decimal() {
    let t = compile(
        "{{ math.round(1.005, 2) }} {{ math.round(2.5) }} {{ math.round(-2.5) }} {{ math.floor(-1.5) }} {{ math.ceil(1.2) }} {{ math.abs(-3) }} {{ math.min(3, 1, 2) }} {{ math.max(3, 1, 2) }}",
    );
    assert_eq!(t.generator(1).next().unwrap(), "1.01 3 -2 -2 2 3 1 3");
}

#[test]
fn conditions_and_logic_short_circuit_and_return_operands() {
    let t = compile(
        r#"{{ set n = record.index }}{{ "even" if n % 2 == 0 else "odd" }}|{{ n > 1 and n < 3 }}|{{ null or "fallback" }}|{{ not n }}|{{ "a" < "b" }}|{{ "" ~ 1 == "1" }}"#,
    );
    let got: Vec<String> = t.generator(1).take(3).collect();
    assert_eq!(
        got,
        [
            "even|false|fallback|true|true|true",
            "odd|false|fallback|false|true|true",
            "even|true|fallback|false|true|true"
        ]
    );
}

#[test]
fn statement_lines_vanish_with_newlines_kept() {
    let src = "{{ set a = 1 }}\n  {{ set b = a + 1 }}  {{ set c = 3 }}\nfirst {{ b }}\n{{ set d = c }}\nlast {{ d }}\n";
    let t = Template::compile_with(src, &Options::new().keep_newlines(true)).unwrap();
    assert_eq!(t.generator(1).next().unwrap(), "first 2\nlast 3");
    // Without newlines kept, line breaks go as KDG removes them; blanks stay where written.
    assert_eq!(
        compile(src).generator(1).next().unwrap(),
        "    first 2last 3"
    );
}

#[test]
fn bare_words_stay_kdg_unless_they_are_expressions_over_names() {
    let kdg = compile("{{date.now(YYYY-MM-DD)}}");
    assert_eq!(kdg.warnings()[0].kind(), WarningKind::BareWordArgument);
    assert_eq!(kdg.generator(1).next().unwrap(), "2026-01-01");
    let v2 = compile(
        "{{ set a = 2 }}{{ set b = 5 }}{{ math.max(a, b) }} {{ math.round(a * b / 3, 1) }}",
    );
    assert!(v2.warnings().is_empty(), "{:?}", v2.warnings());
    assert_eq!(v2.generator(1).next().unwrap(), "5 3.3");
}

#[test]
fn kdg_calls_keep_their_output_inside_expressions() {
    // A KDG date keeps its format; a number keeps its printed text; a pick stays a JSON value.
    let t = compile(
        r#"{{ set at = date.now("YYYY-MM-DD") }}{{ set n = random.number({"min": 5, "max": 5, "precision": 0.01}) }}{{ set pick = random.arrayElement([1, "two"]) }}{"at": {{ at }}, "n": {{ n }}, "n2": {{ n * 2 }}, "pick": {{ pick }}, "later": "{{ date.add(at, 1, "days") }}"}"#,
    );
    let r: Value = serde_json::from_str(&t.generator(2).next().unwrap()).unwrap();
    assert_eq!(r["at"], "2026-01-01");
    assert_eq!(r["n"], 5);
    assert_eq!(r["n2"], 10);
    assert!(r["pick"] == 1 || r["pick"] == "two");
    assert_eq!(r["later"], "2026-01-02T00:00:00.000Z");
}

#[test]
fn both_delimiter_pairs_take_expressions() {
    let t = compile("<< set n = record.index * 2 >><<n + 1>> << \"x\" if n > 1 else \"y\" >>");
    let got: Vec<String> = t.generator(1).take(2).collect();
    assert_eq!(got, ["1 y", "3 x"]);
}

#[test]
fn names_are_checked_at_compile_time() {
    for (src, kind) in [
        ("{{ x }}", fakeplate::ErrorKind::UnknownFunction),
        ("{{ set a = 1 }}{{ b }}", fakeplate::ErrorKind::UnknownName),
        ("{{ a }}{{ set a = 1 }}", fakeplate::ErrorKind::UnknownName),
        (
            "{{ set a = 1 }}{{ set a = 2 }}",
            fakeplate::ErrorKind::BadName,
        ),
        ("{{ set date = 1 }}", fakeplate::ErrorKind::BadName),
        ("{{ set s = \"a\" }}{{ s - 1 }}", fakeplate::ErrorKind::Type),
    ] {
        let e = Template::compile(src).unwrap_err();
        assert_eq!(e.kind(), kind, "{src}: {e}");
    }
}

#[test]
fn key_templates_read_the_records_values() {
    let t = compile(
        r#"{{ set customer = random.number({"min": 1, "max": 50}) }}{{ set day = date.add(record.time, 1, "days") }}{"customer": {{ customer }}}"#,
    );
    let key = t
        .key_template(
            r#"{{ customer }}-{{ date.formatUtc(day, "YYYYMMDD") }}-{{ random.number(9) }}"#,
            &Options::new(),
        )
        .unwrap();
    let (mut records, mut keys) = (t.generator(3), key.generator(4));
    let (mut record, mut k) = (String::new(), String::new());
    for _ in 0..300 {
        record.clear();
        k.clear();
        records.next_into(&mut record);
        records.key_into(&mut keys, &mut k);
        let v: Value = serde_json::from_str(&record).unwrap();
        let parts: Vec<&str> = k.split('-').collect();
        assert_eq!(parts[0], v["customer"].to_string());
        assert!(parts[1].starts_with("2026010"), "{k}");
        assert!(parts[2].parse::<u8>().unwrap() <= 9);
    }
    // On its own, a key template sees the record's names as null.
    assert!(key.generator(1).next().unwrap().starts_with("--"));
    // The record's names are bound already.
    let e = t
        .key_template("{{ set customer = 1 }}", &Options::new())
        .unwrap_err();
    assert_eq!(e.kind(), fakeplate::ErrorKind::BadName);
}

#[test]
fn rounding_a_number_too_large_for_its_digits_gives_the_number() {
    // Issue 28, item 15: x × 10^digits overflows, but every f64 this large is whole already.
    for (src, want) in [
        ("{{ math.round(1e307, 2) }}", "1e+307"),
        ("{{ math.round(1.5e308, 1) }}", "1.5e+308"),
        (
            "{{ math.round(-1.7976931348623157e308, 15) }}",
            "-1.7976931348623157e+308",
        ),
        ("{{ math.round(4503599627370497, 3) }}", "4503599627370497"),
        ("{{ math.round(12.345, 2) }}", "12.35"),
    ] {
        assert_eq!(compile(src).generator(1).next().unwrap(), want, "{src}");
    }
}

#[test]
fn nested_values_are_bounded_by_what_they_print() {
    // Issue 28, item 14: the bound grew sixfold per level of nesting.
    let src = r#"{{ set a0 = 1 }}{{ set a1 = [a0] }}{{ set a2 = [a1] }}{{ set a3 = [a2] }}{{ set a4 = [a3] }}{{ set a5 = [a4] }}{"x":{{ a5 }}}"#;
    assert_eq!(
        compile(src).generator(1).next().unwrap(),
        r#"{"x":[[[[[1]]]]]}"#
    );
    let deep = r#"{{ set a = {"k": ["a", 1, true, null]} }}{{ set b = [a, a, {"in": [a, [a]]}] }}{{ set c = [b, [b, [b]]] }}{{ set d = [c, [c, [c]]] }}{{ set e = [d, [d, [d]]] }}{"x": {{ e }}, "s": "{{ e }}"}"#;
    let t = compile(deep);
    let record = t.generator(1).next().unwrap();
    let v: Value = serde_json::from_str(&record).unwrap();
    assert_eq!(v["x"][0][0][0][0]["k"][0], "a");
    assert_eq!(v["s"].as_str().unwrap(), v["x"].to_string());
}

#[test]
fn known_types_of_calls_are_checked_at_compile_time() {
    // Issue 28, item 1: `address.state * 2` compiled and printed null in every record.
    for (src, found) in [
        (
            r#"{{ set s = address.state }}{"x": {{ s * 2 }}}"#,
            "a string",
        ),
        (r#"{"x": {{ name.firstName - 1 }}}"#, "a string"),
        (r#"{"x": {{ math.round(address.city, 2) }}}"#, "a string"),
        (r#"{"x": {{ -finance.account }}}"#, "a string"),
        (
            r#"{"x": {{ address.state == 3 }}}"#,
            "compares a string with a number",
        ),
        (
            r#"{"x": {{ random.number(9) < name.lastName }}}"#,
            "compares a number with a string",
        ),
        (
            r#"{"x": {{ random.boolean == "true" }}}"#,
            "compares a boolean with a string",
        ),
        (
            r#"{"x": "{{ date.format(address.state, "YYYY") }}"}"#,
            "date.parse",
        ),
        (
            r#"{"x": {{ date.diff(record.time, name.firstName) }}}"#,
            "date.parse",
        ),
        (r#"{"x": {{ helpers.userCard * 2 }}}"#, "an array or object"),
        (r#"{"x": {{ company.suffixes * 2 }}}"#, "a string"),
        (
            r#"{"x": {{ random.arrayElement(["a", "b"]) * 2 }}}"#,
            "a string",
        ),
    ] {
        let e = Template::compile(src).expect_err(src);
        assert_eq!(e.kind(), fakeplate::ErrorKind::Type, "{src}: {e}");
        assert!(e.to_string().contains(found), "{src}: {e}");
    }
    // Numbers, numeric arrays and amounts without a symbol stay numbers; text dates parse.
    let t = compile(
        r#"{"a": {{ random.arrayElement([1, 2]) * 2 }}, "b": {{ finance.amount(1, 9, 2) + 1 }}, "c": {{ address.latitude * 1 }}, "d": "{{ date.format(date.parse("2026-01-02"), "YYYY") }}", "e": {{ address.state ~ 1 }}, "f": {{ address.state == "Ohio" }}}"#,
    );
    for r in json_records(&t, 3, 50) {
        assert!(
            r["a"].as_f64().is_some() && r["b"].as_f64().is_some(),
            "{r}"
        );
        assert!(r["c"].as_f64().is_some() && r["d"] == "2026", "{r}");
        assert!(r["e"].is_string() && r["f"].is_boolean(), "{r}");
    }
}

#[test]
fn every_catalogue_function_renders_the_type_it_declares() {
    use fakeplate::Returns;
    let mut checked = 0;
    for f in fakeplate::functions() {
        let Some(call) = f
            .example
            .strip_prefix("{{")
            .and_then(|e| e.strip_suffix("}}"))
            .filter(|c| !c.contains("}}") && !c.contains(' '))
        else {
            continue;
        };
        let src = match f.returns {
            Returns::Number => {
                format!(r#"{{{{ set v = {call} }}}}{{"v": {{{{ v }}}}, "n": {{{{ v * 1 }}}}}}"#)
            }
            _ => format!(r#"{{{{ set v = {call} }}}}{{"v": {{{{ v }}}}}}"#),
        };
        let t = match Template::compile(&src) {
            Ok(t) => t,
            Err(e) => panic!("{}: {src}: {e:#}", f.name),
        };
        for r in json_records(&t, 1 + checked, 20) {
            let v = &r["v"];
            let ok = match f.returns {
                // KDG prints text that is a JSON value (a zip code's digits) unquoted.
                Returns::String => v.is_string() || v.is_number(),
                // A date prints in its call's format (`x` is Unix milliseconds).
                Returns::Date => v.is_string() || v.is_number(),
                Returns::Number => v.is_number() && r["n"].is_number(),
                Returns::Boolean => v.is_boolean(),
                // In an expression a KDG array is its comma-joined text.
                Returns::Array => v.is_string(),
                Returns::Object => v.is_object(),
                _ => true,
            };
            assert!(ok, "{} declares {:?} and renders {r}", f.name, f.returns);
        }
        checked += 1;
    }
    assert!(
        checked > 120,
        "only {checked} functions have a plain example"
    );
}

#[test]
fn dates_outside_years_0_to_9999_print_iso_8601_expanded_years() {
    // As JavaScript's `toISOString`: a sign and six digits outside 0–9999, the same four digits
    // within; a moment format's `YYYY` stays moment's (`10000`).
    let src = r#"{{ set d = record.time }}{"t":"{{ d }}","y":"{{ date.formatUtc(d, "YYYY") }}","b":"{{ date.add("0000-01-01", -1, "days") }}"}"#;
    let clock = |start_ms| {
        Options::new().clock(Clock::Virtual {
            start_ms,
            step_ms: 50,
        })
    };
    let t = Template::compile_with(src, &clock(253_402_300_799_950)).unwrap();
    let rs: Vec<Value> = t
        .generator(1)
        .take(2)
        .map(|r| serde_json::from_str(&r).unwrap())
        .collect();
    assert_eq!(rs[0]["t"], "9999-12-31T23:59:59.950Z");
    assert_eq!(rs[1]["t"], "+010000-01-01T00:00:00.000Z");
    assert_eq!(rs[1]["y"], "10000");
    assert_eq!(rs[0]["b"], "-000001-12-31T00:00:00.000Z");
    // The first instant JavaScript's Date holds.
    let t = Template::compile_with(src, &clock(-8_640_000_000_000_000)).unwrap();
    let r: Value = serde_json::from_str(&t.generator(1).next().unwrap()).unwrap();
    assert_eq!(r["t"], "-271821-04-20T00:00:00.000Z");
}
