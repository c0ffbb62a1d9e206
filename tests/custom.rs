//! Custom functions: determinism, random access, error positions, name rules, output bound.

use std::sync::Arc;

use fakeplate::{ArgumentError, Context, ErrorKind, Function, Options, Render, Template};

struct Digits(usize);

impl Render for Digits {
    fn render(&self, cx: &mut Context<'_>, out: &mut String) {
        for _ in 0..self.0 {
            out.push(char::from(b'0' + cx.rng().below(10) as u8));
        }
    }
    fn max_len(&self) -> usize {
        self.0
    }
}

fn digits(name: &str) -> Function {
    Function::new(name, |args| match args {
        [] => Ok(Arc::new(Digits(4)) as Arc<dyn Render>),
        [n] => n
            .as_u64()
            .filter(|&n| (1..=64).contains(&n))
            .map(|n| Arc::new(Digits(n as usize)) as Arc<dyn Render>)
            .ok_or_else(|| ArgumentError::new("expected a length from 1 to 64").at_argument(0)),
        _ => Err(ArgumentError::new("takes at most one argument")),
    })
}

#[test]
fn same_seed_same_records_and_random_access() {
    let options = Options::new().function(digits("acme.code"));
    let t = Template::compile_with("{{acme.code(8)}}-{{random.number(9)}}", &options).unwrap();
    let a: Vec<String> = t.generator(3).take(600).collect();
    let b: Vec<String> = t.generator(3).take(600).collect();
    assert_eq!(a, b);
    assert_ne!(a, t.generator(4).take(600).collect::<Vec<_>>());
    for i in [0u64, 255, 256, 599] {
        let mut one = String::new();
        t.render_record(3, i, &mut one);
        assert_eq!(one, a[i as usize]);
    }
    assert!(a.iter().all(|r| r.len() == 10 && r.as_bytes()[8] == b'-'));
}

#[test]
fn argument_faults_point_at_the_argument_or_the_call() {
    let options = Options::new().function(digits("acme.code"));
    let e = Template::compile_with("x {{ acme.code(100) }}", &options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadArgument);
    assert_eq!(e.to_string(), "1:16: expected a length from 1 to 64");
    let e = Template::compile_with("{{acme.code(1, 2)}}", &options).unwrap_err();
    assert_eq!(e.to_string(), "1:3: takes at most one argument");
}

#[test]
fn names_are_dotted_paths_that_do_not_shadow_built_ins() {
    for bad in ["code", "acme.", "acme..code", "1acme.code", "acme.co-de"] {
        let e = Template::compile_with("x", &Options::new().function(digits(bad))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadOptions, "{bad}");
    }
    let e =
        Template::compile_with("x", &Options::new().function(digits("random.number"))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadOptions);
    // Any depth of path, with no "extra segment" warning.
    let t = Template::compile_with(
        "{{acme.ids.code}}",
        &Options::new().function(digits("acme.ids.code")),
    )
    .unwrap();
    assert!(t.warnings().is_empty());
    assert_eq!(t.generator(1).next().unwrap().len(), 4);
}

#[test]
fn output_is_json_safe_and_bounded() {
    struct Liar;
    impl Render for Liar {
        fn render(&self, _: &mut Context<'_>, out: &mut String) {
            out.push_str("say \"hi\" ééé");
        }
        fn max_len(&self) -> usize {
            11
        }
    }
    let liar = Function::new("acme.liar", |_| Ok(Arc::new(Liar) as Arc<dyn Render>));
    let t = Template::compile_with(
        r#"{"s":"{{acme.liar}}","v":{{acme.liar}}}"#,
        &Options::new().function(liar),
    )
    .unwrap();
    let v = t.generator(1).next_json().unwrap();
    // Cut to 11 bytes at a character boundary, then escaped or quoted for its context.
    assert_eq!(v["s"], "say \"hi\" é");
    assert_eq!(v["v"], "say \"hi\" é");
}
