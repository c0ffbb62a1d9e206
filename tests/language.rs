//! The template language (DESIGN.md §2) and how values print in JSON and text templates (§3):
//! delimiters and escapes, what an expression may look like, argument forms, newline clean-up,
//! the KDG quirks accepted with a warning, and the places where fakeplate renders what KDG
//! cannot.
//!
//! Dates use a fixed virtual clock, so every expected string is exact.

use std::collections::BTreeSet;

use fakeplate::{Clock, Delimiters, Escape, Options, Template, WarningKind};
use serde_json::{Value, json};

/// 2026-11-26T14:14:42.360Z, one second per record.
const START_MS: i64 = 1_795_702_482_360;

fn options() -> Options {
    Options::new().clock(Clock::Virtual {
        start_ms: START_MS,
        step_ms: 1000,
    })
}

fn compile_with(src: &str, options: &Options) -> Template {
    Template::compile_with(src, options).unwrap_or_else(|e| panic!("{src:?} failed:\n{e:#}"))
}

fn compile(src: &str) -> Template {
    compile_with(src, &options())
}

fn records(t: &Template, seed: u64, n: usize) -> Vec<String> {
    t.generator(seed).take(n).collect()
}

fn first(src: &str) -> String {
    render_first(src, &options())
}

fn render_first(src: &str, options: &Options) -> String {
    compile_with(src, options).generator(1).next().unwrap()
}

fn parse(record: &str) -> Value {
    serde_json::from_str(record).unwrap_or_else(|e| panic!("not JSON ({e}): {record:?}"))
}

fn warning_kinds(t: &Template) -> Vec<WarningKind> {
    t.warnings().iter().map(|w| w.kind()).collect()
}

// ---------------------------------------------------------------------------------------------
// Delimiters

#[test]
fn kdg_template_keeps_literal_angle_placeholders() {
    // Real KDG templates carry placeholders such as `<<ACCOUNT_NO>>` to be replaced later.
    let t = compile(r#"{"account":"<<ACCOUNT_NO>>","name":"{{name.firstName}}"}"#);
    assert!(t.is_json());
    assert!(t.warnings().is_empty());
    for record in records(&t, 3, 20) {
        let v = parse(&record);
        assert_eq!(v["account"], "<<ACCOUNT_NO>>");
        let name = v["name"].as_str().unwrap();
        assert!(
            !name.is_empty() && !name.contains(['{', '}', '<', '>']),
            "{name}"
        );
    }
}

#[test]
fn template_without_braces_uses_angle_tags() {
    let t = compile("<<name.firstName>>,<< random.number(5) >>,{x},}}");
    for record in records(&t, 3, 50) {
        let fields: Vec<&str> = record.split(',').collect();
        assert_eq!(fields.len(), 4, "{record}");
        assert!(
            !fields[0].is_empty() && !fields[0].contains('<'),
            "{record}"
        );
        let n: u32 = fields[1].parse().unwrap();
        assert!(n <= 5, "{record}");
        assert_eq!(&fields[2..], ["{x}", "}}"]);
    }
}

#[test]
fn fixed_delimiters() {
    let src = "<<name.firstName>> {{name.lastName}}";
    let braces = render_first(src, &options().delimiters(Delimiters::Braces));
    assert!(braces.starts_with("<<name.firstName>> "), "{braces}");
    assert!(!braces.contains("{{"), "{braces}");

    let angles = render_first(src, &options().delimiters(Delimiters::Angles));
    assert!(angles.ends_with(" {{name.lastName}}"), "{angles}");
    assert!(!angles.contains("<<"), "{angles}");

    // With both pairs, each tag is a call, in order: the same draws as two brace tags.
    let both = compile_with(src, &options().delimiters(Delimiters::Both));
    let same = compile("{{name.firstName}} {{name.lastName}}");
    assert_eq!(records(&both, 9, 20), records(&same, 9, 20));

    // In angle mode a `}}` or `>>` inside an argument is just part of a string.
    let t = compile(r#"<<random.arrayElement([">>", "}}"])>>"#);
    let seen: BTreeSet<String> = records(&t, 1, 64).into_iter().collect();
    assert_eq!(seen, BTreeSet::from([">>".to_owned(), "}}".to_owned()]));
}

#[test]
fn backslash_escapes_a_delimiter() {
    let v = r#"random.arrayElement(["v"])"#;
    let cases = [
        // `\{{` is a literal `{{`; nothing else about the backslash changes.
        (format!(r"\{{{{name}}}} {{{{{v}}}}}"), "{{name}} v"),
        (format!(r"a\b \<< {{{{{v}}}}} \{{{{"), r"a\b \<< v {{"),
        // In angle mode `\<<` is the escape.
        (format!(r"\<<name>> <<{v}>>"), "<<name>> v"),
        // `\\{{` in a JSON string is an escaped backslash before a tag, as in KDG.
        (
            format!(r#"{{"path":"C:\\{{{{{v}}}}}"}}"#),
            r#"{"path":"C:\\v"}"#,
        ),
        // An odd run of backslashes escapes the opener.
        (format!(r"\\\{{{{x}}}} {{{{{v}}}}}"), r"\\{{x}} v"),
    ];
    for (src, want) in cases {
        assert_eq!(first(&src), want, "{src}");
    }
    let t = compile(r#"{"path":"C:\\{{random.arrayElement(["v"])}}"}"#);
    assert!(t.is_json());
    assert_eq!(parse(&records(&t, 0, 1)[0])["path"], "C:\\v");
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[test]
fn whitespace_is_allowed_anywhere_inside_a_tag() {
    let plain = compile("{{random.number(500)}}");
    for src in [
        "{{ random.number(500) }}",
        "{{  random.number (  500  )  }}",
        "{{\n\trandom . number\n(\n500\n)\n}}",
        "{{\u{a0}random.number(500)\u{a0}}}",
        "<< random.number( 500 ) >>",
    ] {
        let t = compile(src);
        assert!(t.warnings().is_empty(), "{src}");
        assert_eq!(records(&t, 5, 20), records(&plain, 5, 20), "{src:?}");
    }
}

#[test]
fn empty_parentheses_are_a_call_without_arguments() {
    for (with, without) in [
        ("{{random.uuid()}}", "{{random.uuid}}"),
        ("{{name.firstName( )}}", "{{name.firstName}}"),
        ("{{date.now()}}", "{{date.now}}"),
        ("{{random.number()}}", "{{random.number}}"),
    ] {
        let t = compile(with);
        assert!(t.warnings().is_empty(), "{with}");
        assert_eq!(
            records(&t, 4, 10),
            records(&compile(without), 4, 10),
            "{with}"
        );
    }
}

#[test]
fn faker_prefix_is_accepted() {
    let t = compile("{{faker.name.firstName}} {{faker.random.number(9)}}");
    assert!(t.warnings().is_empty());
    let plain = compile("{{name.firstName}} {{random.number(9)}}");
    assert_eq!(records(&t, 2, 20), records(&plain, 2, 20));
}

#[test]
fn extra_path_segments_are_ignored_with_a_warning() {
    let src = "{\n  \"x\": {{random.number.float({\"max\":5})}}\n}";
    let t = compile_with(src, &options().name("meter.json"));
    assert!(t.is_json());
    let [w] = t.warnings() else {
        panic!("expected one warning: {:?}", t.warnings())
    };
    assert_eq!(w.kind(), WarningKind::ExtraPathSegments);
    assert_eq!((w.line(), w.column()), (2, 24));
    assert_eq!(
        &src[w.span().start as usize..w.span().end as usize],
        "float"
    );
    assert_eq!(
        w.message(),
        "`float` after `random.number` is ignored, as KDG ignores it"
    );
    assert_eq!(
        w.to_string(),
        "meter.json:2:24: warning: `float` after `random.number` is ignored, as KDG ignores it"
    );
    assert_eq!(
        format!("{w:#}"),
        concat!(
            "meter.json:2:24: warning: `float` after `random.number` is ignored, as KDG ignores it\n",
            "  |\n",
            "2 |   \"x\": {{random.number.float({\"max\":5})}}\n",
            "  |                        ^^^^^",
        )
    );
    // It renders exactly as `random.number`.
    let plain = compile("{\n  \"x\": {{random.number({\"max\":5})}}\n}");
    assert_eq!(records(&t, 8, 30), records(&plain, 8, 30));

    let t = compile("{{address.state.foo.bar}}");
    assert_eq!(
        t.warnings()[0].to_string(),
        "1:17: warning: `foo.bar` after `address.state` is ignored, as KDG ignores it"
    );
}

#[test]
fn current_timestamp_is_date_now_at_every_occurrence() {
    let t = compile("{{current.timestamp}}|{{date.now}}|{{current.timestamp}}");
    assert!(t.warnings().is_empty());
    let records = records(&t, 0, 2);
    assert_eq!(
        records,
        [
            "2026-11-26T14:14:42+00:00|2026-11-26T14:14:42+00:00|2026-11-26T14:14:42+00:00",
            "2026-11-26T14:14:43+00:00|2026-11-26T14:14:43+00:00|2026-11-26T14:14:43+00:00",
        ]
    );
    // In the configured offset, like `date.now`.
    let t = compile_with(
        "{{current.timestamp}} {{date.utc}}",
        &options().utc_offset_secs(-6 * 3600),
    );
    assert_eq!(
        t.generator(0).next().unwrap(),
        "2026-11-26T08:14:42-06:00 2026-11-26T14:14:42Z"
    );
}

#[test]
fn literal_tags_print_their_value() {
    let cases = [
        (r#"{{"text"}}"#, "text"),
        ("{{'single'}}", "single"),
        ("{{ 42 }}", "42"),
        ("{{-1.50}}", "-1.5"),
        (r#"{{[1,"a"]}}"#, "1,a"),
        (r#"{{ {"k":1} }}"#, r#"{"k":1}"#),
        (r#"{{{"k":1}}}"#, r#"{"k":1}"#),
        ("{{true}}", "true"),
        (r#"x={{"q\""}}"#, "x=q\""),
    ];
    for (src, want) in cases {
        assert_eq!(first(src), want, "{src}");
    }
    // In a JSON template each literal prints for its context.
    let t = compile(
        r#"{"a":{{"text"}}, "b":"x{{"q\""}}", "c":{{42}}, "d":{{[1,"a"]}}, "e":{{true}}, "f":{{null}}}"#,
    );
    assert!(t.is_json());
    let record = t.generator(0).next().unwrap();
    assert_eq!(
        record,
        r#"{"a":"text", "b":"xq\"", "c":42, "d":[1,"a"], "e":true, "f":null}"#
    );
    assert_eq!(
        parse(&record),
        json!({"a":"text","b":"xq\"","c":42,"d":[1,"a"],"e":true,"f":null})
    );
}

// ---------------------------------------------------------------------------------------------
// Arguments

#[test]
fn bare_word_argument_is_one_string_with_a_warning() {
    let t = compile("{{date.now(YYYY-MM-DD)}}");
    assert_eq!(records(&t, 0, 1), ["2026-11-26"]);
    let [w] = t.warnings() else {
        panic!("expected one warning: {:?}", t.warnings())
    };
    assert_eq!(w.kind(), WarningKind::BareWordArgument);
    assert_eq!(
        w.to_string(),
        "1:12: warning: `YYYY-MM-DD` is not a valid argument, so it is passed as one string, as KDG does; quote it: (\"YYYY-MM-DD\")"
    );

    // Spread over lines, with spaces inside: the word is trimmed and found on line 2.
    let t = compile("{\"d\":\"{{date.utc(\n   YYYY-MM-DD HH:mm\n)}}\"}");
    assert_eq!(records(&t, 0, 1), [r#"{"d":"2026-11-26 14:14"}"#]);
    assert_eq!(warning_kinds(&t), [WarningKind::BareWordArgument]);
    assert_eq!((t.warnings()[0].line(), t.warnings()[0].column()), (2, 4));

    // Quoted, there is nothing to warn about.
    let t = compile(r#"{{date.now("YYYY-MM-DD")}}"#);
    assert!(t.warnings().is_empty());
    assert_eq!(records(&t, 0, 1), ["2026-11-26"]);
}

#[test]
fn single_quoted_strings() {
    // KDG passes `['ab','cd']` as raw text and prints one character of it.
    let t = compile("{{random.arrayElement(['ab','cd'])}}");
    assert!(t.warnings().is_empty());
    let seen: BTreeSet<String> = records(&t, 1, 64).into_iter().collect();
    assert_eq!(seen, BTreeSet::from(["ab".to_owned(), "cd".to_owned()]));

    // KDG keeps the apostrophes: `'2026'`.
    assert_eq!(first("{{date.now('YYYY')}}"), "2026");

    let t = compile(r#"{{random.arrayElement(['it\'s', 'say "hi"'])}}"#);
    let seen: BTreeSet<String> = records(&t, 1, 64).into_iter().collect();
    assert_eq!(
        seen,
        BTreeSet::from(["it's".to_owned(), "say \"hi\"".to_owned()])
    );
}

#[test]
fn positional_arguments_to_random_number() {
    // KDG prints `NaN` for `random.number(10,20)`.
    let t = compile("{{random.number(10, 20)}}");
    let values: Vec<i64> = records(&t, 6, 2000)
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    assert!(values.iter().all(|v| (10..=20).contains(v)));
    assert_eq!(values.iter().min(), Some(&10));
    assert_eq!(values.iter().max(), Some(&20));

    // With a precision, exact decimals.
    let t = compile("{{random.number(0.5, 0.7, 0.1)}}");
    let seen: BTreeSet<String> = records(&t, 6, 200).into_iter().collect();
    assert_eq!(
        seen,
        BTreeSet::from(["0.5".to_owned(), "0.6".to_owned(), "0.7".to_owned()])
    );
}

// ---------------------------------------------------------------------------------------------
// Newlines

#[test]
fn newlines_are_removed_from_literal_text_and_the_ends_trimmed() {
    let one = r#"random.arrayElement(["x"])"#;
    let cases = [
        (
            format!("  a\r\nb\n{{{{{one}}}}}\r\n c  \n"),
            "abx c".to_owned(),
        ),
        ("a\rb".to_owned(), "ab".to_owned()),
        // Tabs and spaces inside the text stay; the ends are trimmed.
        (
            "\t{\n\t\"a\": 1\n}\n\n".to_owned(),
            "{\t\"a\": 1}".to_owned(),
        ),
        // KDG's E2: a pretty-printed template with arguments over several lines, CRLF.
        (
            concat!(
                "{\r\n",
                "    \"meterId\": {{random.number(\r\n",
                "        {\r\n",
                "            \"min\": 7,\r\n",
                "            \"max\": 7\r\n",
                "        }\r\n",
                "    )}},\r\n",
                "    \"state\": \"{{random.arrayElement(\r\n",
                "        [\"ON\"]\r\n",
                "    )}}\"\r\n",
                "}\r\n",
            )
            .to_owned(),
            r#"{    "meterId": 7,    "state": "ON"}"#.to_owned(),
        ),
        // A raw line break inside an argument string is removed too, as KDG removes it.
        (
            "{{random.arrayElement([\"a\r\nb\"])}}".to_owned(),
            "ab".to_owned(),
        ),
    ];
    for (src, want) in cases {
        assert_eq!(first(&src), want, "{src:?}");
    }
    assert!(compile("{\r\n  \"a\": {{random.number}}\r\n}").is_json());
}

#[test]
fn keep_newlines_keeps_interior_line_breaks() {
    let keep = options().keep_newlines(true);
    assert_eq!(
        render_first("\na\nb {{\"x\"}}\r\nc\n", &keep),
        "a\nb x\r\nc"
    );
    assert_eq!(
        render_first("{{random.arrayElement([\"a\nb\"])}}", &keep),
        "a\nb"
    );
    // Inside tags, line breaks are whitespace either way.
    assert_eq!(render_first("{{\nrandom.number(\n0\n)\n}}", &keep), "0");
    // A JSON template stays JSON: line breaks between tokens are JSON whitespace.
    let t = compile_with("{\n  \"n\": \"{{name.firstName}}\"\n}", &keep);
    assert!(t.is_json());
    let record = t.generator(0).next().unwrap();
    assert!(record.starts_with("{\n  \"n\": \""), "{record:?}");
    parse(&record);
}

#[test]
fn keep_newlines_line_break_inside_a_json_string_is_not_json() {
    let src = "{\"a\":\"x\ny{{name.firstName}}\"}";
    let t = compile_with(src, &options().keep_newlines(true));
    for record in records(&t, 0, 3) {
        assert!(
            !t.is_json() || serde_json::from_str::<Value>(&record).is_ok(),
            "is_json() but {record:?} is not JSON"
        );
    }
    assert_eq!(warning_kinds(&t), [WarningKind::NotJson]);
    assert_eq!((t.warnings()[0].line(), t.warnings()[0].column()), (1, 8));
    let e = Template::compile_with(src, &options().keep_newlines(true).escape(Escape::Json))
        .unwrap_err();
    assert_eq!(e.kind(), fakeplate::ErrorKind::NotJson);
}

// ---------------------------------------------------------------------------------------------
// Where KDG's first-`}}` rule fails, a parser does not

#[test]
fn literal_double_brace_before_a_tag_renders() {
    // KDG's E7 (`Invalid module:` there). It is not valid JSON (one `}` too many), so it
    // renders as text, with a warning that points at the extra text.
    let t = compile(r#"{"a":{"b":1}},"c":"{{name.firstName}}"}"#);
    assert!(!t.is_json());
    assert_eq!(warning_kinds(&t), [WarningKind::NotJson]);
    assert_eq!(
        t.warnings()[0].to_string(),
        "1:14: warning: template starts like JSON but is not JSON (text after the end of the JSON value); rendering it as text, without JSON escaping"
    );
    for record in records(&t, 2, 10) {
        let name = record
            .strip_prefix(r#"{"a":{"b":1}},"c":""#)
            .and_then(|r| r.strip_suffix("\"}"))
            .unwrap_or_else(|| panic!("{record}"));
        assert!(!name.is_empty() && !name.contains(['{', '}']), "{record}");
    }

    // Valid compact nested JSON that KDG also cannot render.
    let t = compile(r#"{"a":{"b":{"c":"{{name.firstName}}"}},"z":"{{name.lastName}}"}"#);
    assert!(t.is_json());
    assert!(t.warnings().is_empty());
    for record in records(&t, 2, 10) {
        let v = parse(&record);
        assert!(
            v["a"]["b"]["c"].is_string() && v["z"].is_string(),
            "{record}"
        );
    }

    // `}}` and `)` inside an argument string do not end the tag.
    let t = compile(r#"{{random.arrayElement(["}}", ")", "a)b"])}}"#);
    let seen: BTreeSet<String> = records(&t, 1, 64).into_iter().collect();
    assert_eq!(
        seen,
        BTreeSet::from(["}}".to_owned(), ")".to_owned(), "a)b".to_owned()])
    );
}

#[test]
fn extra_braces_around_a_tag() {
    // A brace after the tag's `}}` is text, as in KDG (`{{random.number}}}` → `47686}`).
    for record in records(&compile("{{random.number(5)}}}"), 1, 20) {
        let n = record
            .strip_suffix('}')
            .unwrap_or_else(|| panic!("{record}"));
        assert!(n.parse::<u32>().unwrap() <= 5);
    }
    // KDG's E4 idiom: a tag that ends the object.
    let t = compile(r#"{"n":{{random.number(5)}},"ok":{{random.boolean}}}"#);
    assert!(t.is_json());
    for record in records(&t, 1, 20) {
        assert!(parse(&record)["ok"].is_boolean());
    }
    // `{{{random.number(5)}}}` fails in KDG (`Invalid module: {random`); here the extra braces
    // are text around the tag. A tag holding a literal object still starts at the first `{{`.
    for record in records(&compile("{{{random.number(5)}}}"), 1, 20) {
        assert!(record.starts_with('{') && record.ends_with('}'), "{record}");
    }
    assert_eq!(records(&compile(r#"{{{"a":1}}}"#), 1, 1)[0], r#"{"a":1}"#);
}

// ---------------------------------------------------------------------------------------------
// JSON templates

#[test]
fn values_inside_json_strings_are_escaped() {
    let data = [
        "say \"hi\"",
        r"back\slash",
        "two\nlines\tand a tab",
        "\u{1}\u{1f}",
        "\"on\"",
        "é ☃ 𝄞",
        "</script>",
    ];
    let src = format!(
        r#"{{"v":"{{{{random.arrayElement({})}}}}","k":{{"{{{{random.arrayElement({})}}}}":1}}}}"#,
        serde_json::to_string(&data).unwrap(),
        serde_json::to_string(&data).unwrap()
    );
    let t = compile(&src);
    assert!(t.is_json());
    let mut seen = BTreeSet::new();
    for record in records(&t, 5, 300) {
        let v = parse(&record);
        let s = v["v"].as_str().unwrap().to_owned();
        assert!(data.contains(&s.as_str()), "{record}");
        let key = v["k"].as_object().unwrap().keys().next().unwrap().clone();
        assert!(data.contains(&key.as_str()), "{record}");
        seen.insert(s);
    }
    assert_eq!(seen.len(), data.len());
}

#[test]
fn values_in_json_value_positions() {
    // (argument data, how it prints in a value position)
    let cases = [
        // Pre-quoted data, KDG's idiom: a string that is itself a JSON value goes in as-is.
        (r#""\"on\"""#, r#""on""#),
        (r#""32""#, "32"),
        (r#""-1.5e3""#, "-1.5e3"),
        (r#""true""#, "true"),
        (r#""null""#, "null"),
        (r#""{\"a\":1}""#, r#"{"a":1}"#),
        // Anything else is quoted and escaped.
        (r#""plain""#, r#""plain""#),
        (r#""a\"b""#, r#""a\"b""#),
        (r#""1 2""#, r#""1 2""#),
        (r#""[1,""#, r#""[1,""#),
        (r#""\"a""#, r#""\"a""#),
        (r#""""#, r#""""#),
        (r#""01""#, r#""01""#),
        // Non-strings print as JSON.
        ("32", "32"),
        ("2.50", "2.5"),
        ("false", "false"),
        ("null", "null"),
        (r#"[1,"a",{"b":null}]"#, r#"[1,"a",{"b":null}]"#),
    ];
    for (item, want) in cases {
        let src = format!(r#"{{"v":{{{{random.arrayElement([{item}])}}}}}}"#);
        let t = compile(&src);
        assert!(t.is_json(), "{src}");
        let record = t.generator(0).next().unwrap();
        assert_eq!(record, format!(r#"{{"v":{want}}}"#), "{src}");
        parse(&record);
    }

    // Functions: a plain string gets quotes; numbers, booleans and number-like formats do not.
    let t = compile(concat!(
        r#"{"name":{{name.firstName}},"n":{{random.number(9)}},"b":{{random.boolean}},"#,
        r#""at":{{date.now}},"ms":{{date.now("x")}},"year":{{date.now("YYYY")}},"#,
        r#""day":{{date.now("YYYY-MM-DD")}},"id":{{random.uuid}}}"#,
    ));
    assert!(t.is_json());
    let v = parse(&t.generator(0).next().unwrap());
    assert!(v["name"].is_string() && v["id"].is_string());
    assert!(v["n"].is_u64() && v["b"].is_boolean());
    assert_eq!(v["at"], "2026-11-26T14:14:42+00:00");
    assert_eq!(v["ms"], json!(START_MS));
    assert_eq!(v["year"], 2026);
    assert_eq!(v["day"], "2026-11-26");

    // A template that is only a tag is JSON when asked to be.
    let t = compile_with(
        r#"{{random.arrayElement(["x\"y"])}}"#,
        &options().escape(Escape::Json),
    );
    assert_eq!(t.generator(0).next().unwrap(), r#""x\"y""#);
}

#[test]
fn json_templates_always_render_valid_json() {
    let templates = [
        r#"{"id":"{{random.uuid}}","ts":{{date.now("x")}},"reading":{{random.number({"min":-20,"max":45})}},"mode":{{random.weightedArrayElement({"weights":[0.5,0.5],"data":["\"eco\"","\"boost\""]})}},"ok":{{random.boolean}}}"#,
        r#"[{{random.number}}, "{{name.firstName}} {{name.lastName}}", {{random.arrayElement(["a\"", 1, [2], {"c":"\\"}])}}]"#,
        "{\n\t\"kwh\": {{random.number({\"min\": 0, \"max\": 5, \"precision\": 0.01})}},\n\t\"state\": \"{{address.state}}\"\n}",
        r#"{"{{random.alphaNumeric(4)}}":{{random.alphaNumeric(3)}},"m":{{date.utc("M")}},"mm":{{date.utc("MM")}}}"#,
    ];
    for src in templates {
        let t = compile(src);
        assert!(t.is_json(), "{src}");
        assert!(t.warnings().is_empty(), "{src}: {:?}", t.warnings());
        for record in records(&t, 11, 500) {
            parse(&record);
        }
    }
}

#[test]
fn not_json_warning_carries_the_fault_position() {
    let src = "{\n  \"a\": 1,\n  \"b\": {{random.arrayElement([\"x\\\"y\"])}} oops\n}";
    let t = compile_with(src, &options().name("bad.json"));
    assert!(!t.is_json());
    let [w] = t.warnings() else {
        panic!("expected one warning: {:?}", t.warnings())
    };
    assert_eq!(w.kind(), WarningKind::NotJson);
    assert_eq!((w.line(), w.column()), (3, 42));
    assert_eq!(
        w.to_string(),
        "bad.json:3:42: warning: template starts like JSON but is not JSON (expected `,` or `}`); rendering it as text, without JSON escaping"
    );
    // Rendered as text: the value is not escaped.
    assert_eq!(
        t.generator(0).next().unwrap(),
        r#"{  "a": 1,  "b": x"y oops}"#
    );
    // Text that does not start like JSON gets no warning.
    assert!(compile("id={{random.number}}").warnings().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Text templates

#[test]
fn text_templates_print_values_as_kdg_does() {
    let t = compile(concat!(
        r#"{{random.arrayElement(["a,\"b\""])}},{{random.arrayElement([[1,"x",[2]]])}},"#,
        r#"{{random.arrayElement([{"k":"v","n":[1]}])}},{{random.arrayElement(["\"on\""])}},"#,
        r#"{{random.arrayElement([2.50])}},{{random.arrayElement([null])}}"#,
    ));
    assert!(!t.is_json());
    assert_eq!(
        t.generator(0).next().unwrap(),
        r#"a,"b",1,x,2,{"k":"v","n":[1]},"on",2.5,null"#
    );

    // KDG's E1 and E3 shapes.
    let t =
        compile("{{random.uuid}},{{name.lastName}},{{address.stateAbbr}},{{random.number(500)}}");
    for record in records(&t, 3, 50) {
        let f: Vec<&str> = record.split(',').collect();
        assert_eq!(f.len(), 4, "{record}");
        assert_eq!(f[0].len(), 36);
        assert_eq!(f[2].len(), 2);
        assert!(f[3].parse::<u32>().unwrap() <= 500);
    }
    let t = compile(
        r#"{{internet.ip}} - - [{{date.utc("DD/MMM/YYYY:HH:mm:ss ZZ")}}] "GET /{{random.number(9)}} HTTP/1.1" 200"#,
    );
    let record = t.generator(0).next().unwrap();
    assert!(
        record.contains(" - - [26/Nov/2026:14:14:42 +0000] \"GET /"),
        "{record}"
    );

    // Escape::Text prints a JSON-looking template unescaped, without a warning.
    let t = compile_with(
        r#"{"a":"{{random.arrayElement(["x\"y"])}}"}"#,
        &options().escape(Escape::Text),
    );
    assert!(!t.is_json());
    assert!(t.warnings().is_empty());
    assert_eq!(t.generator(0).next().unwrap(), r#"{"a":"x"y"}"#);
}

#[test]
fn generated_values_are_never_template_text() {
    // KDG renders generated `{{…}}` again and interprets `$&` and `$$` (quirks 15, 16).
    let data = [
        "{{name.firstName}}",
        "}}",
        "<<name.firstName>>",
        ">>",
        "$&",
        "$$",
        "$'",
        r"\{{x",
    ];
    let tags: Vec<String> = data
        .iter()
        .map(|d| {
            format!(
                "{{{{random.arrayElement([{}])}}}}",
                serde_json::to_string(d).unwrap()
            )
        })
        .collect();
    assert_eq!(first(&tags.join("|")), data.join("|"));

    let angle_tags = tags
        .iter()
        .map(|t| format!("<<{}>>", &t[2..t.len() - 2]))
        .collect::<Vec<_>>();
    // (Explicit angles: the data holds `{{`, so the automatic choice would be braces.)
    assert_eq!(
        render_first(
            &angle_tags.join("|"),
            &options().delimiters(Delimiters::Angles)
        ),
        data.join("|")
    );

    // Inside a JSON string they are just characters.
    let src = format!(r#"{{"v":"{}"}}"#, tags.join("|"));
    let t = compile(&src);
    assert!(t.is_json());
    assert_eq!(parse(&t.generator(0).next().unwrap())["v"], data.join("|"));
}
