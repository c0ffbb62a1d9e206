use fakeplate::*;
fn show(src: &str, o: &Options) {
    match Template::compile_with(src, o) {
        Ok(t) => {
            let recs: Vec<String> = t.generator(7).take(3).collect();
            println!(
                "OK   {src:?} json={} warnings={:?}\n     {:?}",
                t.is_json(),
                t.warnings()
                    .iter()
                    .map(|w| format!("{:?} {w}", w.kind()))
                    .collect::<Vec<_>>(),
                recs
            )
        }
        Err(e) => println!("ERR  {src:?} {:?} {e}", e.kind()),
    }
}
#[test]
fn probe() {
    let o = Options::new().clock(Clock::Virtual {
        start_ms: 1_795_702_482_360,
        step_ms: 1000,
    });
    let cases: Vec<String> = vec![
        "{\"eventType\": \"{{random.weightedArrayElement({\\\"weights\\\":[0.5,0.5],\\\"data\\\":[\\\"a\\\",\\\"b\\\"]})}}\"}".into(),
        r#"{{random.arrayElement([\"a\"])}}"#.into(),
        "{{name.firstName}} <<ACCOUNT_NO>>".into(),
        "<<name.firstName>> and {x}".into(),
        "<< name.firstName >>,<<random.number(5)>>".into(),
        r"\{{name.firstName}} {{name.lastName}}".into(),
        r"\<<x>> <<name.lastName>>".into(),
        r"a\b {{random.number(3)}} \{{ \<<".into(),
        "{{  random.number (  5  )  }}".into(),
        "{{\n\trandom . number\n(\n5\n)\n}}".into(),
        "{{random.number()}}".into(),
        "{{faker.random.number(5)}}".into(),
        "{{faker.name}}".into(),
        "{\n  \"x\": {{random.number.float({\"max\":5})}}\n}".into(),
        "{{current.timestamp}} {{date.now}} {{current.timestamp}}".into(),
        "{{date.now(YYYY-MM-DD)}}".into(),
        "{{date.now( YYYY-MM-DD )}}".into(),
        "{{random.arrayElement(['a','b'])}}".into(),
        "{{date.now('YYYY')}}".into(),
        "{{random.arrayElement(['it\\'s'])}}".into(),
        "{{random.number(10, 20)}}".into(),
        "  a\r\nb\n{{random.number(3)}}\r\n c  \n".into(),
        "{\"a\":{\"b\":1}},\"c\":\"{{name.firstName}}\"}".into(),
        "{\"a\":{\"b\":1},\"c\":\"{{name.firstName}}\"}".into(),
        "{{{random.number(5)}}}".into(),
        "{\"n\":{{{random.number(5)}}}}".into(),
        "{{\"text\"}}".into(),
        "{\"a\":{{\"text\"}}, \"b\":\"x{{\"q\\\"\"}}\", \"c\":{{42}}, \"d\":{{[1,\"a\"]}}, \"e\":{{true}}, \"f\":{{null}}}".into(),
        "x={{[1,\"a\"]}} {{{\"k\":1}}} {{\"q\\\"\"}}".into(),
        "{\"s\":\"{{random.arrayElement([\"say \\\"hi\\\"\", \"back\\\\slash\"])}}\"}".into(),
        "{\"s\":{{random.arrayElement([\"\\\"on\\\"\",\"\\\"off\\\"\"])}}}".into(),
        "{\"s\":{{random.arrayElement([\"32\"])}}}".into(),
        "{\"s\":{{random.arrayElement([\"plain\"])}}}".into(),
        "{\"s\":{{random.arrayElement([\"a\\\"b\"])}}}".into(),
        "{\"s\":{{name.firstName}}}".into(),
        "{\"s\":{{date.now(\"x\")}}, \"y\":{{date.now(\"YYYY\")}}, \"z\":{{date.now(\"YYYY-MM\")}}}".into(),
        "{{random.arrayElement([\"a,\\\"b\\\"\"])}},{{random.arrayElement([[1,2]])}},{{random.arrayElement([{\"k\":\"v\"}])}}".into(),
        "{\n  \"a\": 1,\n  \"b\": {{random.number}} oops\n}".into(),
        "[{{random.number}}, {{random.number}}]".into(),
        "{{random.arrayElement([\"{{name.firstName}}\",\"}}\",\"<<x>>\",\"$&\",\"$$\"])}}".into(),
        "{\"v\":\"{{random.arrayElement([\"{{name.firstName}}\",\"}}\",\"<<x>>\",\"$&\"])}}\"}".into(),
        "{{random.number(\n  {\n    \"min\": 1,\n    \"max\": 3\n  }\n)}}".into(),
        "{{random.arrayElement([\"a\nb\"])}}".into(),
        "{{date.utc}} {{date.now}} {{date.now(\"x\")}}".into(),
    ];
    for c in &cases {
        show(c, &o);
    }
    show(
        "a\nb {{random.number(3)}}\r\nc\n",
        &o.clone().keep_newlines(true),
    );
    show(
        "{{random.arrayElement([\"a\nb\"])}}",
        &o.clone().keep_newlines(true),
    );
    show(
        "<<name.firstName>> {{x}}",
        &o.clone().delimiters(Delimiters::Angles),
    );
    show(
        "<<name.firstName>> {{name.lastName}}",
        &o.clone().delimiters(Delimiters::Both),
    );
    show(
        "<<name.firstName>> {{name.lastName}}",
        &o.clone().delimiters(Delimiters::Braces),
    );
    show(
        "{\"a\":\"{{random.arrayElement([\"x\\\"y\"])}}\"}",
        &o.clone().escape(Escape::Text),
    );
    show(
        "{{random.arrayElement([\"x\\\"y\"])}}",
        &o.clone().escape(Escape::Json),
    );
    show(
        "\"{{random.arrayElement([\"x\\\"y\"])}}\"",
        &o.clone().escape(Escape::Json),
    );
}
