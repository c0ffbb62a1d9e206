//! Compile errors for malformed templates: the kind, where (1-based line and column counted in
//! characters), and the exact `{}` / `{:#}` text a user reads.
//!
//! The cases are the malformed forms real KDG users write (reference/kdg-templates.md §5, §6,
//! §10, §12 and E9) plus the faults fakeplate checks at compile time (DESIGN.md §4, §6).
//! Every expected message below was read and judged: it says what is wrong in the user's terms
//! and the column points at the character to fix.
//!
//! The tests at the end pin bugs and poor messages found by this file and fixed since.

use fakeplate::{Error, ErrorKind, Escape, Limits, Options, Template};

/// One malformed template and everything the user is told about it.
struct Case {
    src: &'static str,
    kind: ErrorKind,
    line: usize,
    column: usize,
    /// The whole `{}` text: `line:column: message`.
    display: &'static str,
}

const fn case(
    src: &'static str,
    kind: ErrorKind,
    line: usize,
    column: usize,
    display: &'static str,
) -> Case {
    Case {
        src,
        kind,
        line,
        column,
        display,
    }
}

fn compile_err_with(src: &str, options: &Options) -> Error {
    match Template::compile_with(src, options) {
        Ok(t) => panic!(
            "expected a compile error for {src:?}, but it compiled (first record {:?})",
            t.generator(0).next()
        ),
        Err(e) => e,
    }
}

fn compile_err(src: &str) -> Error {
    compile_err_with(src, &Options::new())
}

/// The line and column of byte `at` of `src`, computed independently of the crate.
fn line_col(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, src[line_start..at].chars().count() + 1)
}

/// Checks every case and reports all mismatches at once.
fn check_all(cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let e = match Template::compile(c.src) {
            Ok(_) => {
                failures.push(format!("{:?}: compiled, expected {:?}", c.src, c.kind));
                continue;
            }
            Err(e) => e,
        };
        let got = (e.kind(), e.line(), e.column(), e.to_string());
        let want = (c.kind, Some(c.line), Some(c.column), c.display.to_owned());
        if got != want {
            failures.push(format!(
                "{:?}\n      got:  {got:?}\n      want: {want:?}",
                c.src
            ));
            continue;
        }
        // The parts agree with each other and with the source.
        let range = e.range().expect("a located error has a range");
        assert!(range.start <= range.end && range.end <= c.src.len());
        assert_eq!(
            line_col(c.src, range.start),
            (c.line, c.column),
            "{:?}",
            c.src
        );
        assert_eq!(
            c.display,
            format!("{}:{}: {}", c.line, c.column, e.message()),
            "{:?}",
            c.src
        );
        assert_eq!(e.name(), None);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}

/// Tags that do not parse: unclosed, empty, stray characters.
#[test]
fn tag_syntax_errors() {
    use ErrorKind::*;
    check_all(&[
        case(
            "{{random.number",
            UnclosedTag,
            1,
            1,
            "1:1: tag is never closed: expected `}}`",
        ),
        case(
            "{{random.number(1,2)}",
            UnclosedTag,
            1,
            1,
            "1:1: tag is never closed: expected `}}`",
        ),
        case(
            "{{name.firstName}} {{",
            UnclosedTag,
            1,
            20,
            "1:20: tag is never closed: expected `}}`",
        ),
        // Pretty-printed JSON, tab-indented: line 3, and the tab counts as one column.
        case(
            "{\n\t\"a\": 1,\n\t\"b\": {{random.number({\"min\":1}\n}",
            UnclosedTag,
            3,
            7,
            "3:7: tag is never closed: expected `}}`",
        ),
        // A single `}` where `}}` was meant, with a later tag: points at the `}`.
        case(
            "{\n\t\"a\": 1,\n\t\"b\": {{random.number(5)},\n\t\"c\": \"{{name.firstName}}\"\n}",
            Syntax,
            3,
            25,
            "3:25: expected `}}` to close the tag, found `}`",
        ),
        case(
            "{{}}",
            Syntax,
            1,
            3,
            "1:3: empty tag: expected a function such as `random.number`",
        ),
        case(
            "{{ }}",
            Syntax,
            1,
            4,
            "1:4: empty tag: expected a function such as `random.number`",
        ),
        case(
            "{{.}}",
            Syntax,
            1,
            3,
            "1:3: expected a function name such as `random.number`",
        ),
        case("{{name.}}", Syntax, 1, 8, "1:8: expected a name after `.`"),
        // Filters (nunjucks, Jinja) are not part of the language (yet).
        case(
            "{{ name.firstName | upper }}",
            Syntax,
            1,
            19,
            "1:19: expected `}}` to close the tag, found `|` (filters are not supported: a tag holds one call)",
        ),
        case(
            "{{name.firstName -}}",
            Syntax,
            1,
            18,
            "1:18: expected `}}` to close the tag, found `-` (whitespace control such as `-}}` is not supported)",
        ),
        case(
            "{{random.number(5)(6)}}",
            Syntax,
            1,
            19,
            "1:19: expected `}}` to close the tag, found `(`",
        ),
        case(
            "{{random.number(5) random.number(6)}}",
            Syntax,
            1,
            20,
            "1:20: expected `}}` to close the tag, found `r`",
        ),
        // The template has `{{`, so `<< >>` is literal text and the `{{` is never closed.
        case(
            "<<name.firstName}} {{name.lastName>>",
            UnclosedTag,
            1,
            20,
            "1:20: tag is never closed: expected `}}`",
        ),
    ]);
}

/// Names that do not resolve, with the nearest known name suggested.
#[test]
fn unknown_names() {
    use ErrorKind::*;
    check_all(&[
        case(
            r#"{"s": "{{adress.state}}"}"#,
            UnknownNamespace,
            1,
            10,
            "1:10: unknown namespace `adress` (did you mean `address.state`?)",
        ),
        case(
            "{{random.numbr}}",
            UnknownFunction,
            1,
            3,
            "1:3: unknown function `random.numbr` (did you mean `random.number`?)",
        ),
        // Names are case-sensitive, as in KDG; the suggestion fixes the case.
        case(
            "{{random.alphanumeric(5)}}",
            UnknownFunction,
            1,
            3,
            "1:3: unknown function `random.alphanumeric` (did you mean `random.alphaNumeric`?)",
        ),
        case(
            "{{Random.number}}",
            UnknownNamespace,
            1,
            3,
            "1:3: unknown namespace `Random` (did you mean `random.number`?)",
        ),
        case(
            "{{faker.random.numbr}}",
            UnknownFunction,
            1,
            3,
            "1:3: unknown function `random.numbr` (did you mean `random.number`?)",
        ),
        case(
            "{{nope.x}}",
            UnknownNamespace,
            1,
            3,
            "1:3: unknown namespace `nope`",
        ),
        // Inherited JavaScript members resolve in KDG (quirk 19); here they are unknown.
        case(
            "{{random.toString}}",
            UnknownFunction,
            1,
            3,
            "1:3: unknown function `random.toString`",
        ),
        // A bare name: KDG says `Invalid method: name.undefined`.
        case(
            "{{name}}",
            UnknownFunction,
            1,
            3,
            "1:3: `name` is not a function: write `namespace.function`, e.g. `random.number`",
        ),
        // `{% set x = 1 %}` is literal text; `{{x}}` is a bare name.
        case(
            "{% set x = 1 %}{{x}}",
            UnknownFunction,
            1,
            18,
            "1:18: `x` is not a function: write `namespace.function`, e.g. `random.number`",
        ),
        // A template with no `{{` uses `<< >>`, so a KDG placeholder alone becomes a tag.
        case(
            "account <<ACCOUNT_NO>>",
            UnknownFunction,
            1,
            11,
            "1:11: `ACCOUNT_NO` is not a function: write `namespace.function`, e.g. `random.number`; this template has no `{{`, so `<< >>` are its tags (Delimiters::Braces keeps `<<…>>` as text)",
        ),
        // Columns count characters: `名前` is two columns, not six bytes.
        case(
            r#"{"名前": "{{name.frstName}}"}"#,
            UnknownFunction,
            1,
            11,
            "1:11: unknown function `name.frstName` (did you mean `name.firstName`?)",
        ),
        // CRLF line endings: the `\r` is not a column.
        case(
            "{\r\n  \"a\": {{random.numbr}}\r\n}",
            UnknownFunction,
            2,
            10,
            "2:10: unknown function `random.numbr` (did you mean `random.number`?)",
        ),
        // The second tag is the faulty one.
        case(
            "{{random.number(5)}} {{name.frstName}}",
            UnknownFunction,
            1,
            24,
            "1:24: unknown function `name.frstName` (did you mean `name.firstName`?)",
        ),
    ]);
}

/// Arguments that are not JSON (KDG silently prints `NaN`, one character or `Invalid Date`).
#[test]
fn argument_syntax_errors() {
    use ErrorKind::*;
    check_all(&[
        case(
            r#"{{random.number({"min":1,"max":3,})}}"#,
            BadArgumentSyntax,
            1,
            34,
            "1:34: trailing comma before `}`",
        ),
        case(
            r#"{{random.arrayElement(["a","b",])}}"#,
            BadArgumentSyntax,
            1,
            32,
            "1:32: trailing comma before `]`",
        ),
        case(
            "{{random.number({min:1,max:3})}}",
            BadArgumentSyntax,
            1,
            18,
            "1:18: object keys must be quoted: write `\"key\"`",
        ),
        case(
            r#"{{random.arrayElement([\"a\"])}}"#,
            BadArgumentSyntax,
            1,
            24,
            "1:24: backslash outside a string: arguments are plain JSON, write `\"` rather than `\\\"`",
        ),
        case(
            r#"{{random.arrayElement(["a])}}"#,
            BadArgumentSyntax,
            1,
            24,
            "1:24: unterminated string",
        ),
        case(
            r#"{{random.number("70)}}"#,
            BadArgumentSyntax,
            1,
            17,
            "1:17: unterminated string",
        ),
        case(
            r#"{{random.arrayElement(["\q"])}}"#,
            BadArgumentSyntax,
            1,
            25,
            "1:25: invalid escape sequence in a string",
        ),
        case(
            r#"{{random.arrayElement(["\u12"])}}"#,
            BadArgumentSyntax,
            1,
            25,
            "1:25: invalid escape sequence in a string",
        ),
        case(
            r#"{{random.arrayElement(["a" "b"])}}"#,
            BadArgumentSyntax,
            1,
            28,
            "1:28: expected `,` or `]` in an array",
        ),
        case(
            "{{random.arrayElement(['a','b')}}",
            BadArgumentSyntax,
            1,
            31,
            "1:31: expected `,` or `]` in an array",
        ),
        case(
            r#"{{random.number({"min":1 "max":2})}}"#,
            BadArgumentSyntax,
            1,
            26,
            "1:26: expected `,` or `}` in an object",
        ),
        case(
            r#"{{random.number({"min" 1})}}"#,
            BadArgumentSyntax,
            1,
            24,
            "1:24: expected `:` after a key",
        ),
        // KDG's E9 form: quotes escaped as if the template were a JSON string.
        case(
            r#"{"eventType": "{{random.weightedArrayElement({\"weights\":[0.5,0.5],\"data\":[\"a\",\"b\"]})}}"}"#,
            BadArgumentSyntax,
            1,
            47,
            "1:47: backslash outside a string: arguments are plain JSON, write `\"` rather than `\\\"`",
        ),
        case(
            r#"{{random.number({\"min\":1})}}"#,
            BadArgumentSyntax,
            1,
            18,
            "1:18: backslash outside a string: arguments are plain JSON, write `\"` rather than `\\\"`",
        ),
        // A missing comma: the caret is on the second argument, not on the first.
        case(
            "{{random.number(1 2)}}",
            BadArgumentSyntax,
            1,
            19,
            "1:19: expected `,` or `)` after an argument",
        ),
        case(
            "{{random.number(1,\n2\n3)}}",
            BadArgumentSyntax,
            3,
            1,
            "3:1: expected `,` or `)` after an argument",
        ),
        // The `)` is missing: the tag's `}}` comes right after the object.
        case(
            r#"{{random.number({"min":1}}}"#,
            BadArgumentSyntax,
            1,
            26,
            "1:26: expected `,` or `)` after an argument",
        ),
    ]);
}

/// Arguments that parse but make no sense for the function.
#[test]
fn bad_argument_values() {
    use ErrorKind::*;
    check_all(&[
        case(
            r#"{{random.number({"min":5,"max":1})}}"#,
            BadArgument,
            1,
            24,
            "1:24: min (5) is greater than max (1)",
        ),
        case(
            "{{random.number(5, 1)}}",
            BadArgument,
            1,
            17,
            "1:17: min (5) is greater than max (1)",
        ),
        case(
            "{{random.number(-5)}}",
            BadArgument,
            1,
            17,
            "1:17: min (0) is greater than max (-5)",
        ),
        case(
            r#"{{random.number({"precision":0})}}"#,
            BadArgument,
            1,
            30,
            "1:30: precision must be greater than 0",
        ),
        case(
            "{{random.number(1,2,-1)}}",
            BadArgument,
            1,
            21,
            "1:21: precision must be greater than 0",
        ),
        case(
            r#"{{random.number({"min":1.5,"max":1.7,"precision":1})}}"#,
            BadArgument,
            1,
            50,
            "1:50: no multiple of precision 1 lies between min 1.5 and max 1.7",
        ),
        case(
            r#"{{random.number("70")}}"#,
            BadArgument,
            1,
            17,
            "1:17: `random.number` expects a number or an object {\"min\", \"max\", \"precision\"} here, not a string",
        ),
        // Pretty-printed over lines: the fault is on line 2.
        case(
            "{{random.number({\"min\":1,\n\"max\":\"9\"})}}",
            BadArgument,
            2,
            7,
            "2:7: `random.number` expects a number here, not a string",
        ),
        case(
            r#"{{random.number({"min":1,"maximum":3})}}"#,
            BadArgument,
            1,
            26,
            "1:26: unknown key `maximum`: expected `min`, `max` or `precision`",
        ),
        case(
            r#"{{random.number({"min":1},2)}}"#,
            BadArgument,
            1,
            27,
            "1:27: give either an object or numbers, not both",
        ),
        case(
            "{{random.number(1,2,3,4)}}",
            BadArgument,
            1,
            23,
            "1:23: `random.number` takes at most 3 arguments",
        ),
        case(
            "{{random.uuid(1)}}",
            BadArgument,
            1,
            15,
            "1:15: `random.uuid` takes no arguments",
        ),
        case(
            "{{name.firstName(1, 2)}}",
            BadArgument,
            1,
            21,
            "1:21: `name.firstName` takes at most 1 argument",
        ),
        case(
            r#"{{date.now("YYYY", "x")}}"#,
            BadArgument,
            1,
            20,
            "1:20: `date.now` takes at most 1 argument",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[0.5,0.5],"data":["a"]})}}"#,
            BadArgument,
            1,
            42,
            "1:42: 2 weights for 1 data item: give one weight per item",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[0.5,-1],"data":["a","b"]})}}"#,
            BadArgument,
            1,
            47,
            "1:47: weights must not be negative",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[0,0],"data":["a","b"]})}}"#,
            BadArgument,
            1,
            42,
            "1:42: at least one weight must be greater than 0",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[],"data":[]})}}"#,
            BadArgument,
            1,
            42,
            "1:42: `weights` must not be empty",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[1,"2"],"data":[1,2]})}}"#,
            BadArgument,
            1,
            45,
            "1:45: `random.weightedArrayElement` expects a number here, not a string",
        ),
        case(
            r#"{{random.weightedArrayElement({"weights":[1]})}}"#,
            BadArgument,
            1,
            31,
            "1:31: missing `data`",
        ),
        case(
            "{{random.arrayElement([])}}",
            BadArgument,
            1,
            23,
            "1:23: the array must not be empty",
        ),
        // KDG picks one character of the string.
        case(
            r#"{{random.arrayElement("abc")}}"#,
            BadArgument,
            1,
            23,
            "1:23: `random.arrayElement` expects an array here, not a string",
        ),
        case(
            r#"{{random.objectElement({"a":1}, "both")}}"#,
            BadArgument,
            1,
            33,
            "1:33: field must be \"value\" or \"key\"",
        ),
        case(
            "{{random.alphaNumeric(2.5)}}",
            BadArgument,
            1,
            23,
            "1:23: a count must be a whole number",
        ),
    ]);
}

/// moment.js formats and dates, checked at compile time.
#[test]
fn date_errors() {
    use ErrorKind::*;
    check_all(&[
        case(
            "{{date.now(5)}}",
            BadArgument,
            1,
            12,
            "1:12: `date.now` expects a string here, not a number",
        ),
        case(
            r#"{{date.between("2026-02-01","2026-01-01")}}"#,
            BadArgument,
            1,
            29,
            "1:29: `to` is earlier than `from`",
        ),
        case(
            r#"{{date.between("yesterday","2026-01-01")}}"#,
            BadArgument,
            1,
            16,
            "1:16: `yesterday` is not a date: write ISO 8601, e.g. \"2026-01-31\" or \"2026-01-31T12:00:00Z\"",
        ),
        case(
            r#"{{date.between("2026-01-01","tomorrow")}}"#,
            BadArgument,
            1,
            29,
            "1:29: `tomorrow` is not a date: write ISO 8601, e.g. \"2026-01-31\" or \"2026-01-31T12:00:00Z\"",
        ),
        case(
            r#"{{date.between("2026-13-01","2026-12-01")}}"#,
            BadArgument,
            1,
            16,
            "1:16: `2026-13-01` is not a date: write ISO 8601, e.g. \"2026-01-31\" or \"2026-01-31T12:00:00Z\"",
        ),
        // KDG can only pass one argument, so this is KDG issue #22's `Invalid Date`.
        case(
            r#"{{date.between("2026-01-01")}}"#,
            BadArgument,
            1,
            3,
            "1:3: `date.between` needs two dates: date.between(\"2026-01-01\", \"2026-12-31\")",
        ),
    ]);
}

#[test]
fn limits_are_errors_with_positions() {
    // 100,000 `[` in an argument: a Limit error at the first bracket past the default depth
    // (64), never a stack overflow.
    let src = format!("{{{{random.arrayElement({})}}}}", "[".repeat(100_000));
    let e = compile_err(&src);
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!((e.line(), e.column()), (Some(1), Some(87)));
    assert_eq!(e.to_string(), "1:87: arguments nested too deeply");

    // The same in a literal tag and in nested objects.
    let e = compile_err(&format!("{{{{{}}}}}", "[".repeat(100_000)));
    assert_eq!((e.kind(), e.column()), (ErrorKind::Limit, Some(67)));
    let e = compile_err(&format!(
        "{{{{random.number({})}}}}",
        r#"{"a":"#.repeat(100_000)
    ));
    assert_eq!(e.kind(), ErrorKind::Limit);

    // Configured limits.
    let mut limits = Limits::default();
    limits.depth = 3;
    let e = compile_err_with(
        "{{random.arrayElement([[[[1]]]])}}",
        &Options::new().limits(limits),
    );
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(e.to_string(), "1:26: arguments nested too deeply");

    let mut limits = Limits::default();
    limits.tags = 2;
    let e = compile_err_with(
        "{{random.number}}{{random.number}}{{random.number}}",
        &Options::new().limits(limits),
    );
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(e.to_string(), "1:35: more than 2 tags");

    let e = compile_err(&"{{random.number}}".repeat(10_001));
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(e.message(), "more than 10000 tags");
    assert_eq!(e.range(), Some(170_000..170_002));

    let mut limits = Limits::default();
    limits.template_bytes = 10;
    let e = compile_err_with("{{random.number}}", &Options::new().limits(limits));
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(
        e.to_string(),
        "1:11: template is 17 bytes, more than the limit of 10"
    );

    let e = compile_err("{{random.alphaNumeric(1000000)}}");
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(
        e.to_string(),
        "1:23: count over the limit of 10000 (raise it with Options::limits)"
    );
    let mut limits = Limits::default();
    limits.count = 5;
    let e = compile_err_with("{{random.alphaNumeric(6)}}", &Options::new().limits(limits));
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(
        e.to_string(),
        "1:23: count over the limit of 5 (raise it with Options::limits)"
    );
}

#[test]
fn both_delimiters_close_with_their_own_closer() {
    let e = compile_err_with(
        "<<name.firstName}} {{name.lastName>>",
        &Options::new().delimiters(fakeplate::Delimiters::Both),
    );
    assert_eq!(e.kind(), ErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "1:17: expected `>>` to close the tag, found `}`"
    );
}

#[test]
fn deep_json_template_text_does_not_overflow() {
    // 100,000 `[` of literal text: in the default mode the template is rendered as text, with a
    // warning; nothing recurses.
    let src = format!("{}{{{{random.number(9)}}}}", "[".repeat(100_000));
    let t = Template::compile(&src).expect("compiles as text");
    assert!(!t.is_json());
    assert_eq!(t.warnings().len(), 1);
    assert_eq!(t.warnings()[0].kind(), fakeplate::WarningKind::NotJson);
    let record = t.generator(1).next().unwrap();
    assert_eq!(record.len(), 100_001);
}

#[test]
fn escape_json_on_a_non_json_template_is_an_error_at_the_fault() {
    let json = Options::new().escape(Escape::Json);
    let e = compile_err_with(r#"{"a": {{random.number}} x}"#, &json);
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert_eq!(
        e.to_string(),
        "1:25: template is not JSON: expected `,` or `}`"
    );

    let e = compile_err_with("id,{{random.number}}", &json);
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert_eq!(
        e.to_string(),
        "1:1: template is not JSON: expected a JSON value"
    );

    let e = compile_err_with("{\n\t\"a\": {{random.number}},\n\t\"b\" 2\n}", &json);
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert_eq!(
        e.to_string(),
        "3:6: template is not JSON: expected `:` after a key"
    );

    // A raw tab inside a JSON string is not JSON either.
    let e = compile_err_with("{\"a\":\"x\ty{{name.firstName}}\"}", &json);
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert_eq!(
        e.to_string(),
        "1:8: template is not JSON: control character in a JSON string"
    );
}

#[test]
fn name_prefixes_errors() {
    let named = Options::new().name("events.tmpl");
    let e = compile_err_with("{{random.numbr}}", &named);
    assert_eq!(e.name(), Some("events.tmpl"));
    assert_eq!(
        e.to_string(),
        "events.tmpl:1:3: unknown function `random.numbr` (did you mean `random.number`?)"
    );
    // The message itself carries no prefix.
    assert_eq!(
        e.message(),
        "unknown function `random.numbr` (did you mean `random.number`?)"
    );

    let e = compile_err_with(
        r#"{"a": {{random.number}} x}"#,
        &Options::new().escape(Escape::Json).name("ev.json"),
    );
    assert_eq!(
        e.to_string(),
        "ev.json:1:25: template is not JSON: expected `,` or `}`"
    );

    // Invalid options have a name but no position.
    let e = compile_err_with("{{random.number}}", &named.clone().utc_offset_secs(100_000));
    assert_eq!(e.kind(), ErrorKind::BadOptions);
    assert_eq!((e.line(), e.column(), e.range()), (None, None, None));
    assert_eq!(
        e.to_string(),
        "events.tmpl: the UTC offset must be within ±24 hours"
    );
    assert_eq!(format!("{e:#}"), e.to_string());
}

// ---------------------------------------------------------------------------------------------
// `{:#}`: the source line and a caret under the span.

#[test]
fn alternate_display_unclosed_tag_in_tab_indented_json() {
    let e = compile_err("{\n\t\"a\": 1,\n\t\"b\": {{random.number({\"min\":1}\n}");
    // The caret line repeats the tab so that the caret lines up under `{{`.
    assert_eq!(
        format!("{e:#}"),
        "3:7: tag is never closed: expected `}}`\n  |\n3 | \t\"b\": {{random.number({\"min\":1}\n  | \t     ^^"
    );
}

#[test]
fn alternate_display_unknown_name_with_template_name() {
    let src = "{\n  \"state\": \"{{adress.state}}\",\n  \"n\": {{random.number(9)}}\n}";
    let e = compile_err_with(src, &Options::new().name("events.json"));
    assert_eq!(
        format!("{e:#}"),
        concat!(
            "events.json:2:15: unknown namespace `adress` (did you mean `address.state`?)\n",
            "  |\n",
            "2 |   \"state\": \"{{adress.state}}\",\n",
            "  |               ^^^^^^^^^^^^",
        )
    );
}

#[test]
fn alternate_display_min_greater_than_max_spans_both_bounds() {
    let e = compile_err(r#"{{random.number({"min":5,"max":1})}}"#);
    assert_eq!(
        format!("{e:#}"),
        concat!(
            "1:24: min (5) is greater than max (1)\n",
            "  |\n",
            "1 | {{random.number({\"min\":5,\"max\":1})}}\n",
            "  |                        ^^^^^^^^^",
        )
    );
}

#[test]
fn alternate_display_gutter_widens_past_line_nine() {
    let src = format!("{}{{{{random.numbr}}}}", "\n".repeat(11));
    // The leading blank lines are trimmed from the output, not from positions.
    let e = compile_err(&src);
    assert_eq!(
        format!("{e:#}"),
        concat!(
            "12:3: unknown function `random.numbr` (did you mean `random.number`?)\n",
            "   |\n",
            "12 | {{random.numbr}}\n",
            "   |   ^^^^^^^^^^^^",
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Bugs and poor messages found by this file, fixed; kept as regression tests.

#[test]
fn trailing_comma_in_argument_list() {
    let e = compile_err("{{random.arrayElement(['a','b'],)}}");
    assert_eq!(e.kind(), ErrorKind::BadArgumentSyntax);
    assert_eq!(e.to_string(), "1:33: trailing comma before `)`");

    let e = compile_err("{{random.number(1,)}}");
    assert_eq!(e.kind(), ErrorKind::BadArgumentSyntax);
    assert_eq!(e.to_string(), "1:19: trailing comma before `)`");

    // A doubled comma inside an array is an argument fault, not a template syntax error.
    let e = compile_err(r#"{{random.arrayElement(["a",,"b"])}}"#);
    assert_eq!(e.kind(), ErrorKind::BadArgumentSyntax);
    assert_eq!(e.column(), Some(28));
    assert!(e.message().contains("expected a value"), "{}", e.message());
}

#[test]
fn number_out_of_range() {
    let e = compile_err("{{random.number(1e400)}}");
    assert_eq!(e.kind(), ErrorKind::BadArgument);
    assert_eq!(
        e.to_string(),
        "1:17: number out of range: at most 30 significant digits and 30 decimal places"
    );
}

#[test]
fn malformed_number_argument() {
    for (src, column) in [
        ("{{random.number(1.)}}", 17),
        ("{{random.number(-)}}", 17),
        ("{{random.number(01)}}", 17),
    ] {
        let e = compile_err(src);
        assert_eq!(e.kind(), ErrorKind::BadArgumentSyntax, "{src}");
        assert_eq!(e.column(), Some(column), "{src}");
        assert!(
            e.message().contains("malformed number"),
            "{src}: {}",
            e.message()
        );
    }
}

#[test]
fn whitespace_control_dash() {
    let e = compile_err("{{- name.firstName }}");
    assert_eq!(e.kind(), ErrorKind::Syntax);
    assert_eq!(e.column(), Some(3));
    assert!(!e.message().contains("number"), "{}", e.message());
}

#[test]
fn triple_braces() {
    // `{{{name}}}` reads as a literal `{`, the tag, and a literal `}`.
    let t = Template::compile("{{{random.number(5)}}}").unwrap();
    for record in t.generator(1).take(50) {
        let inner = record
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap();
        assert!(inner.parse::<u32>().unwrap() <= 5, "{record}");
    }
}

#[test]
fn unclosed_bracket_in_a_format() {
    // moment prints the `[` and reads the rest as tokens; fakeplate does too, and warns.
    let t = Template::compile(r#"{{date.now("YYYY [unclosed")}}"#).unwrap();
    let w = t
        .warnings()
        .iter()
        .find(|w| w.message().contains("unclosed `[`"))
        .expect("a warning about the `[`");
    assert_eq!(w.kind(), fakeplate::WarningKind::PrintedAsIs);
    assert_eq!(w.column(), 18);
    assert!(t.generator(0).next().unwrap().starts_with("2026 ["));
}

#[test]
fn deep_json_template_is_a_limit_error() {
    let mut limits = Limits::default();
    limits.depth = 3;
    let e = compile_err_with(
        r#"{"a":{"b":{"c":{"d":{{random.number}}}}}}"#,
        &Options::new().limits(limits).escape(Escape::Json),
    );
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!((e.line(), e.column()), (Some(1), Some(16)));
}

/// A megabyte-long name (issue 16): the message quotes its start, the excerpt a window of the
/// line, and no "did you mean" search runs over it (an edit distance on it is quadratic).
#[test]
fn megabyte_names_give_short_messages_quickly() {
    let long = "a".repeat(1_000_000);
    for (src, kind) in [
        (format!("{{{{{long}.bbb}}}}"), ErrorKind::UnknownNamespace),
        (format!("{{{{random.{long}}}}}"), ErrorKind::UnknownFunction),
        (format!("{{{{{long}}}}}"), ErrorKind::UnknownFunction),
    ] {
        let started = std::time::Instant::now();
        let e = compile_err(&src);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(e.kind(), kind);
        let shown = format!("{e:#}");
        assert!(
            shown.len() < 1000,
            "{} bytes: {}",
            shown.len(),
            &shown[..2000]
        );
        assert!(
            e.message().contains(&format!("{}…`", "a".repeat(50))),
            "{e}"
        );
    }
}

/// A fault at column 500,000 of a long line (issue 16): the excerpt shows a window of the line
/// around it, with `…` at both ends, and the caret under the right character.
#[test]
fn fault_far_into_a_long_line() {
    // Two-byte characters before and after, so that bytes and characters differ.
    let src = format!(
        "{}{{{{adress.state}}}}{}",
        "é".repeat(499_997),
        "ü".repeat(10_000)
    );
    let e = compile_err(&src);
    assert_eq!(e.kind(), ErrorKind::UnknownNamespace);
    assert_eq!((e.line(), e.column()), (Some(1), Some(500_000)));
    let shown = format!("{e:#}");
    assert!(shown.len() < 1000, "{shown}");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "{shown}");
    let (line, carets) = (lines[2], lines[3]);
    assert!(line.starts_with("1 | …é") && line.ends_with("ü…"), "{line}");
    // The caret line is spaces, then carets under `adress.state`.
    let at = carets.chars().position(|c| c == '^').unwrap();
    let width = carets.chars().filter(|&c| c == '^').count();
    let under: String = line.chars().skip(at).take(width).collect();
    assert_eq!(under, "adress.state", "{shown}");
    assert!(line.chars().count() <= 130, "{line}");
}

/// What moment.js prints as is renders as KDG renders it, with a warning whose caret is under
/// the fault inside the string (or under the whole argument when the string has escapes).
#[test]
fn formats_moment_prints_as_is_are_warnings_where_the_fault_is() {
    let cases = [
        (
            r#"{{date.now("iso")}}"#,
            1,
            13,
            "`i`, `o` print as themselves",
            "i0o",
        ),
        (
            r#"{{date.now("YYYY-MM-DD iso")}}"#,
            1,
            24,
            "`i`, `o` print as themselves",
            "2026-01-01 i0o",
        ),
        (
            "{{date.now('iso')}}",
            1,
            13,
            "`i`, `o` print as themselves",
            "i0o",
        ),
        (
            "{{date.now(\n\"YYYY-MM-DD iso\")}}",
            2,
            13,
            "`i`, `o` print as themselves",
            "2026-01-01 i0o",
        ),
        (
            r#"{{date.now("\u0059YYY iso")}}"#,
            1,
            12,
            "`i`, `o` print as themselves",
            "2026 i0o",
        ),
        (
            r#"{{date.now("YYYY-MM-DD Q[")}}"#,
            1,
            25,
            "unclosed `[` prints as `[`",
            "2026-01-01 1[",
        ),
        (
            r#"{{date.now("HH w|")}}"#,
            1,
            16,
            "`w|` is not a moment.js format token",
            "00 w|",
        ),
    ];
    for (src, line, column, message, rendered) in cases {
        let t = Template::compile(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let w = &t.warnings()[0];
        assert_eq!(w.kind(), fakeplate::WarningKind::PrintedAsIs, "{src}");
        assert_eq!((w.line(), w.column()), (line, column), "{src}: {w}");
        assert!(w.message().starts_with(message), "{src}: {w}");
        assert_eq!(t.generator(0).next().unwrap(), rendered, "{src}");
    }
    let iso = Template::compile(r#"{{date.now("iso")}}"#).unwrap();
    assert!(
        iso.warnings()[0]
            .message()
            .contains("for ISO 8601 write `YYYY-MM-DDTHH:mm:ssZ`")
    );
    assert_eq!(
        format!("{:#}", iso.warnings()[0]),
        "1:13: warning: `i`, `o` print as themselves: moment.js has no such token; wrap them in [brackets] to say so; for ISO 8601 write `YYYY-MM-DDTHH:mm:ssZ` (or call `date.now` with no format)\n  |\n1 | {{date.now(\"iso\")}}\n  |             ^"
    );
}

/// Issue 17 item 2: an unclosed `(`, `[` or `{` keeps the error where its closer was expected
/// and adds a label at the opener; a missing comma (the bracket is closed later) adds none.
#[test]
fn unclosed_brackets_label_their_opener() {
    // (template, primary column, opener column, opener)
    let cases = [
        (r#"{{random.arrayElement(["a", "b"]}}"#, 33, 22, '('),
        (r#"{{random.arrayElement(["a", "b")}}"#, 32, 23, '['),
        (r#"{{random.arrayElement([{"w": 1])}}"#, 31, 24, '{'),
        // v2: a parenthesised expression, a call's arguments, an array.
        (r#"{{ (record.index + 1 }}"#, 22, 4, '('),
        (r#"{{ random.number(1 + 2 }}"#, 24, 17, '('),
        (r#"{{ [1, 2 }}"#, 10, 4, '['),
        // The closer of the call expected where the tag ends, with `<< >>` too.
        (r#"<<random.number(5>>"#, 18, 16, '('),
    ];
    for (src, column, opener, c) in cases {
        let e = compile_err(src);
        assert_eq!(e.column(), Some(column), "{src}: {e:#}");
        let labels = e.labels();
        assert_eq!(labels.len(), 1, "{src}: {e:#}");
        assert_eq!((labels[0].line(), labels[0].column()), (1, opener), "{src}");
        assert_eq!(
            labels[0].message(),
            format!("unclosed `{c}` opened here"),
            "{src}"
        );
        assert_eq!(&src[labels[0].span().range()], c.to_string(), "{src}");
    }
    for src in [
        r#"{{random.number(1 2)}}"#,
        r#"{{random.arrayElement(["a" "b"])}}"#,
        r#"{{date.now("YYYY)}}"#,
    ] {
        assert!(compile_err(src).labels().is_empty(), "{src}");
    }
}

/// A string that swallowed the tag's closer (its closing quote missing, it ended at a quote
/// of the JSON around the tag) gets a label at its opening quote.
#[test]
fn string_past_the_closer_labels_its_opening_quote() {
    let src = r#"{"day": "{{date.now("YYYY-MM-DD)}}"}"#;
    let e = compile_err(src);
    let messages: Vec<(usize, &str)> = e
        .labels()
        .iter()
        .map(|l| (l.column(), l.message()))
        .collect();
    assert_eq!(
        messages,
        [
            (20, "unclosed `(` opened here"),
            (
                21,
                "this string runs past `}}`: is its closing quote missing?"
            ),
        ]
    );
    let src = "<<random.arrayElement(['x', 'y)>> it's";
    let e = compile_err(src);
    assert_eq!(e.labels().len(), 1, "{e:#}");
    assert_eq!(e.labels()[0].column(), 29);
    // A string that holds `}}` and is closed is not blamed for a missing comma elsewhere
    // when the error is before it.
    let e = compile_err(r#"{{random.arrayElement(["a" "}}"])}}"#);
    assert!(e.labels().is_empty(), "{e:#}");
}

/// The label is drawn under the error's source line, or under its own when it is on another.
#[test]
fn alternate_display_draws_labels() {
    let e = compile_err(r#"{{random.arrayElement(["a", "b"]}}"#);
    assert_eq!(
        format!("{e:#}"),
        "1:33: expected `,` or `)` after an argument\n  |\n1 | {{random.arrayElement([\"a\", \"b\"]}}\n  |                                 ^\n  |                      - unclosed `(` opened here"
    );
    let src = "{\"a\": {{random.arrayElement([\n\"x\",\n\"y\"\n}}}";
    let e = compile_err(src);
    assert_eq!(
        format!("{e:#}"),
        "4:1: expected `,` or `]` in an array\n  |\n4 | }}}\n  | ^\n  |\n1 | {\"a\": {{random.arrayElement([\n  |                             - unclosed `[` opened here"
    );
    // An opener outside the shown window of a long line gets its own window.
    let src = format!("{{{{random.arrayElement([\"{}\"}}}}", "x".repeat(300));
    let e = compile_err(&src);
    let text = format!("{e:#}");
    assert_eq!(text.matches("\n1 | ").count(), 2, "{text}");
    assert!(text.ends_with("- unclosed `[` opened here"), "{text}");
}

/// Parentheses around a value nested thousands deep: the error is the depth limit at the
/// first `(` past it, not a stray `)` thousands of columns later.
#[test]
fn deep_parentheses_point_at_the_first_past_the_limit() {
    let deep = 5000;
    for (open, close) in [
        ("{{random.number(", ")}}"),
        ("{{ random.number(", ") }}"),
        ("{{ ", " }}"),
    ] {
        let src = format!("{open}{}5{}{close}", "(".repeat(deep), ")".repeat(deep));
        let e = compile_err(&src);
        assert_eq!(e.kind(), ErrorKind::Limit, "{open}: {e}");
        assert_eq!(e.message(), "parentheses nested too deeply (Limits::depth)");
        let at = e.range().unwrap().start;
        assert_eq!(&src[at..at + 1], "(");
        // Within the default limit of 64 levels from the tag's start.
        let level = at - open.len();
        assert!((55..64).contains(&level), "{open}: paren {level}");
    }
    // Unbalanced: the error at the tag's end, the label at the call's `(`.
    let e = compile_err("{{random.number((((5)))}}");
    assert_eq!(e.column(), Some(24), "{e:#}");
    assert_eq!(e.labels()[0].column(), 16);
    // The limit follows `Limits::depth`.
    let src = format!(
        "{{{{random.number({}5{})}}}}",
        "(".repeat(20),
        ")".repeat(20)
    );
    let mut limits = Limits::default();
    limits.depth = 8;
    let options = Options::new().limits(limits);
    let e = compile_err_with(&src, &options);
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
    assert!(Template::compile(&src).is_ok());
}
