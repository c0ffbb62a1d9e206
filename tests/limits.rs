//! Every limit of `Options::limits`: past it, compiling fails with `ErrorKind::Limit` at the
//! position of the excess — never a panic, a stack overflow or unbounded memory.

use fakeplate::{ErrorKind, Limits, Options, Template};

fn limited(f: impl FnOnce(&mut Limits)) -> Options {
    let mut limits = Limits::default();
    f(&mut limits);
    Options::new().limits(limits)
}

fn limit_error(src: &str, options: &Options) -> (usize, usize, String) {
    let e = Template::compile_with(src, options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit, "{e:#}");
    (
        e.line().unwrap(),
        e.column().unwrap(),
        e.message().to_owned(),
    )
}

#[test]
fn template_size() {
    let options = limited(|l| l.template_bytes = 10);
    assert!(Template::compile_with("0123456789", &options).is_ok());
    let (line, col, msg) = limit_error("0123456789x", &options);
    assert_eq!((line, col), (1, 11));
    assert_eq!(msg, "template is 11 bytes, more than the limit of 10");
}

#[test]
fn tag_count() {
    let options = limited(|l| l.tags = 2);
    assert!(Template::compile_with("{{random.uuid}}{{random.uuid}}", &options).is_ok());
    let (line, col, _) = limit_error("{{random.uuid}}{{random.uuid}}\n{{random.uuid}}", &options);
    assert_eq!((line, col), (2, 1));
}

#[test]
fn nesting_depth() {
    let options = limited(|l| l.depth = 3);
    assert!(Template::compile_with("{{random.arrayElement([[[1]]])}}", &options).is_ok());
    let (_, col, msg) = limit_error("{{random.arrayElement([[[[1]]]])}}", &options);
    assert_eq!((col, msg.as_str()), (26, "arguments nested too deeply"));
    // Deeper than `MAX_DEPTH` cannot even be configured.
    let e =
        Template::compile_with("x", &limited(|l| l.depth = fakeplate::MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadOptions);
    // 100,000 brackets with the default limit: an error, not a stack overflow.
    let deep = format!("{{{{random.arrayElement({})}}}}", "[".repeat(100_000));
    assert_eq!(
        Template::compile(&deep).unwrap_err().kind(),
        ErrorKind::Limit
    );
}

#[test]
fn argument_items_and_strings() {
    let options = limited(|l| {
        l.argument_items = 3;
        l.argument_bytes = 5;
    });
    assert!(Template::compile_with(r#"{{random.arrayElement(["a","b","c"])}}"#, &options).is_ok());
    let (_, col, msg) = limit_error(r#"{{random.arrayElement(["a","b","c","d"])}}"#, &options);
    assert_eq!(col, 36);
    assert!(msg.contains("argument_items"), "{msg}");
    let (_, col, _) = limit_error(
        r#"{{random.objectElement({"a":1,"b":2,"c":3,"d":4})}}"#,
        &options,
    );
    assert_eq!(col, 43);
    assert!(Template::compile_with(r#"{{date.now("YYYY")}}"#, &options).is_ok());
    let (_, col, msg) = limit_error(r#"{{date.now("YYYY-MM")}}"#, &options);
    assert_eq!(col, 12);
    assert!(msg.contains("argument_bytes"), "{msg}");
}

#[test]
fn counts_and_record_size() {
    let options = limited(|l| {
        l.count = 50;
        l.record_bytes = 120;
    });
    assert!(Template::compile_with("{{random.alphaNumeric(50)}}", &options).is_ok());
    let (_, col, _) = limit_error("{{random.alphaNumeric(51)}}", &options);
    assert_eq!(col, 23);
    // Two 50-character values and 21 bytes of text fit; a third value does not.
    let ok = "{{random.alphaNumeric(50)}} and {{random.alphaNumeric(50)}} ok";
    let t = Template::compile_with(ok, &options).unwrap();
    assert!(t.max_record_bytes() <= 120);
    let (_, col, msg) = limit_error(
        "{{random.alphaNumeric(50)}}{{random.alphaNumeric(50)}}{{random.alphaNumeric(50)}}",
        &options,
    );
    assert_eq!(col, 55);
    assert!(
        msg.starts_with("records could reach more than 120 bytes"),
        "{msg}"
    );
}

/// `helpers.mustache` expands its data at compile time (issue 16): values that each name the
/// next key twice make 2⁴⁰ copies from 40 keys. The growth is computed before each step and
/// bounded by `record_bytes`, so this fails at once instead of taking gigabytes and minutes.
#[test]
fn mustache_expansion() {
    let data: Vec<String> = (0..40)
        .map(|i| format!(r#""k{i}":"{{{{k{}}}}}{{{{k{}}}}}""#, i + 1, i + 1))
        .chain(std::iter::once(r#""k40":"x""#.to_owned()))
        .collect();
    let src = format!(
        r#"{{{{helpers.mustache("{{{{k0}}}}", {{{}}})}}}}"#,
        data.join(",")
    );
    let started = std::time::Instant::now();
    let (line, col, msg) = limit_error(&src, &Options::new());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // At the data argument.
    assert_eq!((line, col), (1, 30));
    assert!(msg.contains("record_bytes"), "{msg}");
    // Within the limit, the same data expands as before: 2¹⁰ `x` from 10 keys.
    let small: Vec<String> = (0..10)
        .map(|i| format!(r#""k{i}":"{{{{k{}}}}}{{{{k{}}}}}""#, i + 1, i + 1))
        .chain(std::iter::once(r#""k10":"x""#.to_owned()))
        .collect();
    let src = format!(
        r#"{{{{helpers.mustache("{{{{k0}}}}", {{{}}})}}}}"#,
        small.join(",")
    );
    let t = Template::compile(&src).unwrap();
    assert_eq!(t.generator(1).next().unwrap(), "x".repeat(1024));
    let options = limited(|l| l.record_bytes = 1000);
    let (_, col, _) = limit_error(&src, &options);
    assert_eq!(col, 30);
    // Many keys over a long text that never match: the scanning is bounded too.
    let keys: Vec<String> = (0..2000).map(|i| format!(r#""k{i}":"y""#)).collect();
    let src = format!(
        r#"{{{{helpers.mustache("{{{{z}}}}{}", {{{}}})}}}}"#,
        "a".repeat(60_000),
        keys.join(",")
    );
    let (_, col, msg) = limit_error(&src, &Options::new());
    assert_eq!(col, 60_029);
    assert!(msg.contains("record_bytes"), "{msg}");
}

#[test]
fn whole_number_bounds_name_the_limit_they_enforce() {
    for (src, says) in [
        (
            r#"{{random.zipf({"n": 9007000000000001})}}"#,
            "`n` must be a whole number from 1 to 9007000000000000",
        ),
        (
            r#"{{random.unique({"max": 9007000000000001})}}"#,
            "`max` must be a whole number from -9007000000000000 to 9007000000000000",
        ),
    ] {
        let e = Template::compile(src).unwrap_err();
        assert!(e.message().contains(says), "{src}: {e}");
    }
    // The limit itself is accepted.
    Template::compile(r#"{{random.zipf({"n": 9007000000000000})}}"#).unwrap();
    Template::compile(r#"{{random.unique({"min": -9007000000000000, "max": 9007000000000000})}}"#)
        .unwrap();
}
