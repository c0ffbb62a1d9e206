//! Several templates in one stream (`Template::mix`, `render|stream|deliver|verify A B
//! --weights`): the mix ratio holds, every record is a pure function of (templates, weights,
//! seed, index) whatever the threads or parts, each template keeps its own escaping and
//! delimiters, entities keep their attributes across templates, keys follow their record's
//! template, and `verify` accepts exactly the mix.

mod support;

use fakeplate::{MixError, Template};

const VIEW: &str = r#"{{ set customer = entity.pick("customer", {"count": 50}) }}{"type":"view","i":{{ record.index }},"customer":{{ customer.id }},"name":"{{ customer.name.firstName }}","page":{{random.number(99)}}}"#;
/// Another delimiter pair, and a quote in its values that JSON escaping must catch.
const BUY: &str = r#"<< set customer = entity.pick("customer", {"count": 50}) >>{"type":"buy","i":<< record.index >>,"customer":<< customer.id >>,"name":"<< customer.name.firstName >>","note":"<<random.arrayElement(["say \"hi\"", "plain"])>>"}"#;

fn view_and_buy() -> Template {
    let view = Template::compile(VIEW).unwrap();
    let buy = Template::compile(BUY).unwrap();
    Template::mix(&[(view, 3), (buy, 1)]).unwrap()
}

fn parse(record: &str) -> serde_json::Value {
    serde_json::from_str(record).unwrap_or_else(|e| panic!("{record}: {e}"))
}

#[test]
fn the_ratio_holds_and_records_are_json_of_their_template() {
    let mix = view_and_buy();
    let records: Vec<String> = mix.generator(9).take(8000).collect();
    let mut buys = 0;
    for (i, r) in records.iter().enumerate() {
        let v = parse(r);
        assert_eq!(v["i"], i as u64, "record.index is the index in the mix");
        match v["type"].as_str().unwrap() {
            "buy" => {
                buys += 1;
                assert!(["say \"hi\"", "plain"].contains(&v["note"].as_str().unwrap()));
            }
            "view" => assert!(v["page"].as_u64().unwrap() <= 99),
            other => panic!("{other}"),
        }
        assert_eq!(mix.member_of(9, i as u64), usize::from(v["type"] == "buy"));
    }
    // 1 in 4: 2000 expected, standard deviation about 39.
    assert!((1800..2200).contains(&buys), "{buys}");
}

#[test]
fn entities_keep_their_attributes_across_templates() {
    let mix = view_and_buy();
    let mut names = std::collections::HashMap::new();
    let mut both = std::collections::HashSet::new();
    for r in mix.generator(4).take(3000) {
        let v = parse(&r);
        let id = v["customer"].as_u64().unwrap();
        let name = v["name"].as_str().unwrap().to_owned();
        let kind = v["type"].as_str().unwrap().to_owned();
        let (known, kinds) = names
            .entry(id)
            .or_insert_with(|| (name.clone(), std::collections::HashSet::new()));
        assert_eq!(*known, name, "customer {id}");
        kinds.insert(kind);
        if kinds.len() == 2 {
            both.insert(id);
        }
    }
    assert!(
        both.len() > 40,
        "customers seen in both templates: {}",
        both.len()
    );
}

#[test]
fn keys_follow_the_template_of_their_record() {
    let a =
        Template::compile(r#"{{ set pk = "a-" ~ random.number(999) }}{"pk":"{{ pk }}"}"#).unwrap();
    let b =
        Template::compile(r#"{{ set pk = "b-" ~ random.number(9) }}{"pk":"{{ pk }}"}"#).unwrap();
    let mix = Template::mix(&[(a, 1), (b, 1)]).unwrap();
    let key = mix.key_template("{{ pk }}", &Default::default()).unwrap();
    let (mut records, mut keys) = (mix.generator(1), key.generator(2));
    let (mut record, mut k) = (String::new(), String::new());
    for _ in 0..500 {
        record.clear();
        k.clear();
        records.next_into(&mut record);
        records.key_into(&mut keys, &mut k);
        assert_eq!(parse(&record)["pk"], k.as_str());
    }
}

#[test]
fn threads_seek_and_records_are_the_sequential_ones() {
    let mix = view_and_buy();
    let sequential: String = mix.generator(5).take(3000).map(|r| r + "\n").collect();
    let mut parallel = String::new();
    mix.render_range(5, 0..3000, 4, "\n", &mut parallel);
    assert_eq!(parallel, sequential);
    let mut one = String::new();
    mix.render_record(5, 2999, &mut one);
    assert_eq!(
        one + "\n",
        sequential.lines().last().unwrap().to_owned() + "\n"
    );
}

#[test]
fn bad_mixes_are_refused() {
    assert_eq!(Template::mix(&[]).unwrap_err(), MixError::Empty);
    let t = Template::compile("x").unwrap();
    assert_eq!(
        Template::mix(&[(t.clone(), 2), (t, 0)]).unwrap_err(),
        MixError::ZeroWeight { index: 2 }
    );
}

#[cfg(feature = "cli")]
mod cli {
    use super::support::{TempDir, assert_usage_errors, fakeplate, text};
    use super::{BUY, VIEW};

    /// A scratch directory holding `view.tmpl` and `buy.tmpl`.
    fn scratch(name: &str) -> TempDir {
        let dir = TempDir::new(&format!("mix-{name}"));
        std::fs::write(dir.0.join("view.tmpl"), VIEW).unwrap();
        std::fs::write(dir.0.join("buy.tmpl"), BUY).unwrap();
        dir
    }

    fn run(args: &[&str]) -> String {
        let o = fakeplate(args);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        text(&o.stdout)
    }

    #[test]
    fn render_mixes_by_weight_the_same_on_any_thread_count_and_in_parts() {
        let dir = scratch("render");
        let (view, buy) = (dir.file("view.tmpl"), dir.file("buy.tmpl"));
        let base = ["render", &view, &buy, "--weights", "1,3", "--count", "4000"];
        let one = run(&base);
        let two = run(&[&base[..], &["--threads", "2"]].concat());
        assert_eq!(one, two);
        let parts: String = (0..3)
            .map(|k| run(&[&base[..], &["--shard", &format!("{k}/3")]].concat()))
            .collect();
        assert_eq!(one, parts);
        let buys = one
            .lines()
            .filter(|l| l.contains(r#""type":"buy""#))
            .count();
        // 3 in 4: 3000 expected, standard deviation about 27.
        assert!((2850..3150).contains(&buys), "{buys}");
        // Equal shares without --weights.
        let even = run(&["render", &view, &buy, "--count", "4000"]);
        let buys = even
            .lines()
            .filter(|l| l.contains(r#""type":"buy""#))
            .count();
        assert!((1850..2150).contains(&buys), "{buys}");
    }

    #[test]
    fn verify_expects_the_mix() {
        let dir = scratch("verify");
        let (view, buy) = (dir.file("view.tmpl"), dir.file("buy.tmpl"));
        let out = dir.file("out.jsonl");
        let common = ["--weights", "2,1", "--count", "3000", "--seed", "8"];
        run(&[&["render", &view, &buy, "--output", &out][..], &common].concat());
        let o = fakeplate(&[&["verify", &view, &buy, "--from", &out][..], &common].concat());
        let report = text(&o.stdout) + &text(&o.stderr);
        assert!(o.status.success(), "{report}");
        assert!(
            report.contains(
                "verify: 3000 expected, 3000 found, 0 missing, 0 duplicated, 0 unexpected"
            ),
            "{report}"
        );
        // The same records read as the other weights are not the run.
        let o = fakeplate(&[
            "verify",
            &view,
            &buy,
            "--from",
            &out,
            "--weights",
            "1,2",
            "--count",
            "3000",
            "--seed",
            "8",
        ]);
        assert_eq!(o.status.code(), Some(1));
    }

    #[test]
    fn usage_errors() {
        let dir = scratch("usage");
        let (view, buy) = (dir.file("view.tmpl"), dir.file("buy.tmpl"));
        let cases: &[(&[&str], &str)] = &[
            (
                &["render", &view, &buy, "--weights", "3"],
                "1 weights for 2 templates",
            ),
            (
                &["render", &view, &buy, "--weights", "3,0"],
                "weight 2 (\"0\") is not a whole number",
            ),
            (
                &["render", &view, "-", "--weights", "1,1"],
                "only the first template may be standard input",
            ),
            (
                &["render", &view, "--weights", "1,2"],
                "2 weights for 1 template;",
            ),
        ];
        assert_usage_errors(cases);
        // A template error names its file.
        let bad = dir.file("bad.tmpl");
        std::fs::write(&bad, "{{random.nope}}").unwrap();
        let o = fakeplate(&["render", &view, &bad]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o.stderr).contains("bad.tmpl"), "{}", text(&o.stderr));
    }
}

#[test]
fn a_key_reading_a_name_one_template_lacks_names_that_template() {
    let a = Template::compile(r#"{{ set pk = 1 }}{"a":{{ pk }}}"#).unwrap();
    let b = Template::compile(r#"{"b":1}"#).unwrap();
    let mix = Template::mix(&[(a, 1), (b, 1)]).unwrap();
    let options = fakeplate::Options::new().name("--key");
    let err = mix.key_template("{{ pk }}", &options).unwrap_err();
    assert_eq!(err.name(), Some("--key (for template 2 of the mix)"));
}
