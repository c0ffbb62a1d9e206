//! Text templates print values as KDG prints them (unescaped), pinned by golden files; and the
//! three escape modes.

use fakeplate::{ErrorKind, Escape, Options, Template, WarningKind};

/// KDG's own examples (reference E1 and E3) and a pipe-separated key=value line.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "csv",
        "{{random.uuid}},{{name.lastName}},{{address.stateAbbr}},{{random.number(500)}}",
    ),
    (
        "log",
        r#"{{internet.ip}} - - [{{date.utc("DD/MMM/YYYY:HH:mm:ss ZZ")}}] "{{random.weightedArrayElement({"weights":[0.7,0.2,0.1],"data":["GET","POST","PUT"]})}} /api/{{random.arrayElement(["orders","items","users"])}}/{{random.number(9999)}} HTTP/1.1" {{random.weightedArrayElement({"weights":[0.85,0.1,0.05],"data":[200,404,503]})}} {{random.number({"min":200,"max":40000})}}"#,
    ),
    (
        "pipe",
        r#"user={{name.findName}}|city={{address.city}}|quote={{random.arrayElement(["say \"hi\"", "back\\slash", "a,b"])}}|price={{commerce.price}}|kwh={{random.number({"min":0,"max":5,"precision":0.01})}}"#,
    ),
];

#[test]
fn golden_text_records() {
    for (name, src) in TEMPLATES {
        let t = Template::compile(src).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert!(!t.is_json(), "{name}");
        let mut got = String::new();
        t.generator(11)
            .write_records(50, "\n", &mut StringWriter(&mut got))
            .unwrap();
        let path = format!(
            "{}/tests/golden/{name}-seed-11.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        if std::env::var_os("FAKEPLATE_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).expect("golden file exists");
        assert!(got == want, "{name}: records differ from {path}");
    }
}

struct StringWriter<'a>(&'a mut String);

impl std::io::Write for StringWriter<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.push_str(std::str::from_utf8(b).unwrap());
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn text_values_are_not_escaped() {
    let t = Template::compile(r#"q={{random.arrayElement(["say \"hi\"\n"])}}"#).unwrap();
    assert_eq!(t.generator(1).next().unwrap(), "q=say \"hi\"\n");
}

#[test]
fn log_line_shape() {
    let t = Template::compile(TEMPLATES[1].1).unwrap();
    let re_ok = |r: &str| {
        let (ip, rest) = r.split_once(" - - [").unwrap();
        assert_eq!(
            ip.split('.').filter(|o| o.parse::<u8>().is_ok()).count(),
            4,
            "{r}"
        );
        assert!(rest.starts_with("01/Jan/2026:00:"), "{r}");
        assert!(rest.contains(" +0000] \""), "{r}");
    };
    t.generator(2).take(200).for_each(|r| re_ok(&r));
}

#[test]
fn escape_modes() {
    let not_json = "{\"a\": {{random.number}},\n \"b\": x}";
    // Auto: starts like JSON, is not JSON: text, with a warning at the fault.
    let t = Template::compile(not_json).unwrap();
    assert!(!t.is_json());
    let w = &t.warnings()[0];
    assert_eq!(w.kind(), WarningKind::NotJson);
    assert_eq!((w.line(), w.column()), (2, 7));
    // Json: the same fault is an error.
    let e = Template::compile_with(not_json, &Options::new().escape(Escape::Json)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert_eq!(
        e.to_string(),
        "2:7: template is not JSON: expected a JSON value"
    );
    // Json mode accepts any JSON value, including a lone tag.
    let t =
        Template::compile_with("{{name.lastName}}", &Options::new().escape(Escape::Json)).unwrap();
    assert!(t.generator(1).next().unwrap().starts_with('"'));
    // Text: a JSON template prints unescaped.
    let src = r#"{"a":"{{random.arrayElement(["\""])}}"}"#;
    let text = Template::compile_with(src, &Options::new().escape(Escape::Text)).unwrap();
    assert_eq!(text.generator(1).next().unwrap(), r#"{"a":"""}"#);
    let auto = Template::compile(src).unwrap();
    assert_eq!(auto.generator(1).next().unwrap(), r#"{"a":"\""}"#);
}
