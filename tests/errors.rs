use fakeplate::*;
#[test]
fn probe() {
    let cases: Vec<String> = vec![
        "{{random.number".into(),
        "{\n\t\"a\": 1,\n\t\"b\": {{random.number({\"min\":1}\n}".into(),
        "{\"s\": \"{{adress.state}}\"}".into(),
        "{{random.numbr}}".into(),
        "{{name}}".into(),
        "{{}}".into(),
        "{{ }}".into(),
        "x {{ }} y".into(),
        r#"{{random.number({"min":5,"max":1})}}"#.into(),
        r#"{{random.number({"precision":0})}}"#.into(),
        r#"{{random.number("70")}}"#.into(),
        r#"{{random.number({"min":1,"max":3,})}}"#.into(),
        r#"{{random.number({min:1,max:3})}}"#.into(),
        r#"{{random.number({\"min\":1})}}"#.into(),
        r#"{{random.arrayElement(["a)}}"#.into(),
        r#"{{random.arrayElement(["a])}}"#.into(),
        r#"{{random.arrayElement(["\q"])}}"#.into(),
        r#"{{random.number(1 2)}}"#.into(),
        r#"{{random.number(1, 2 3)}}"#.into(),
        r#"{{random.arrayElement(["a" "b"])}}"#.into(),
        r#"{{random.weightedArrayElement({"weights":[0.5,0.5],"data":["a"]})}}"#.into(),
        r#"{{random.weightedArrayElement({"weights":[0.5,-1],"data":["a","b"]})}}"#.into(),
        r#"{{random.weightedArrayElement({"weights":[0,0],"data":["a","b"]})}}"#.into(),
        r#"{{random.arrayElement([])}}"#.into(),
        r#"{{random.number({"min":1,"maximum":3})}}"#.into(),
        r#"{{date.now("iso")}}"#.into(),
        r#"{{date.now("YYYY-MM-DD iso")}}"#.into(),
        r#"{{date.between("2026-02-01","2026-01-01")}}"#.into(),
        r#"{{date.between("yesterday","2026-01-01")}}"#.into(),
        r#"{{date.between("2026-01-01","tomorrow")}}"#.into(),
        r#"{{random.uuid(1)}}"#.into(),
        r#"{{random.uuid()}}"#.into(),
        format!("{{{{random.arrayElement({})}}}}", "[".repeat(100_000)),
        format!(
            "{{{{random.arrayElement({}1{})}}}}",
            "[".repeat(100),
            "]".repeat(100)
        ),
        "{{ name.firstName | upper }}".into(),
        "{{name.firstName}} {{".into(),
        "{{random.number(5)} rest".into(),
        "{{name.}}".into(),
        "{{.}}".into(),
        "{{- name.firstName }}".into(),
        "{{name.firstName -}}".into(),
        "{% set x = 1 %}{{x}}".into(),
        "{{random.number(5)(6)}}".into(),
        "{{random.number((5))}}".into(),
        "{{random.toString}}".into(),
        "{{random.alphanumeric}}".into(),
        "{{date.now(5)}}".into(),
        "{{random.alphaNumeric(1000000)}}".into(),
        "{{random.number(1e400)}}".into(),
        "{{nope.x}}".into(),
        "{{Random.number}}".into(),
        "{{random.number(-)}}".into(),
        "{{random.number(01)}}".into(),
        "{{random.number(1.)}}".into(),
        "{{random.number(, 1)}}".into(),
        "{{random.number(1,)}}".into(),
        "{{random.arrayElement(['a','b')}}".into(),
        "{{random.arrayElement(\"abc\")}}".into(),
        "{{random.weightedArrayElement({\"weights\":[1]})}}".into(),
        "{{date.now(\"YYYY\", \"x\")}}".into(),
        "{{date.now(\"YYYY [unclosed\")}}".into(),
        "{{random.number({\"min\":\"1\"})}}".into(),
        "{{random.number(1,2,3,4)}}".into(),
        "{{random.number({\"min\":1},2)}}".into(),
        "{{random.number(0.5,0.7,0.3)}}".into(),
        "{{random.arrayElement([\"\\u12\"])}}".into(),
        "é{{random.numbr}}".into(),
        "{{random.number({\"min\":1 \"max\":2})}}".into(),
        "{{random.number({\"min\" 1})}}".into(),
        "{{random.number}".into(),
    ];
    for c in &cases {
        let shown: String = if c.len() > 120 {
            format!("{}…({} bytes)", &c[..60], c.len())
        } else {
            c.clone()
        };
        match Template::compile(c) {
            Ok(t) => println!(
                "OK   {shown:?} warnings={:?} out={:?}",
                t.warnings()
                    .iter()
                    .map(|w| w.to_string())
                    .collect::<Vec<_>>(),
                t.generator(1).next()
            ),
            Err(e) => {
                let alt = format!("{e:#}");
                println!(
                    "ERR  {shown:?}\n     {:?} {:?}\n{}",
                    e.kind(),
                    e.range(),
                    if alt.len() < 2000 { alt } else { e.to_string() }
                )
            }
        }
    }
    let e = Template::compile_with("{{random.numbr}}", &Options::new().name("t.tmpl")).unwrap_err();
    println!("{e}\n{e:#}");
    let e = Template::compile_with(
        "{\"a\": {{random.number}} x}",
        &Options::new().escape(Escape::Json),
    )
    .unwrap_err();
    println!("{:?} {e}\n{e:#}", e.kind());
    let e = Template::compile_with("a,{{random.number}}", &Options::new().escape(Escape::Json))
        .unwrap_err();
    println!("{:?} {e}\n{e:#}", e.kind());
}
