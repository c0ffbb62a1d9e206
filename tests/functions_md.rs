//! FUNCTIONS.md, the reference table for humans, is generated from `fakeplate::functions()`;
//! this test fails when the two disagree (regenerate with
//! `FAKEPLATE_BLESS=1 cargo test --test functions_md`), and checks that every function's example
//! compiles and renders.

use fakeplate::{ErrorKind, Template};

fn generate() -> String {
    let mut md = String::from(
        "# Functions\n\n\
         Every function a template can call, generated from `fakeplate::functions()` \
         (`fakeplate functions` prints the same). Parameters are positional, as in faker.js \
         3.1.0; `null` or a missing argument takes the default.\n",
    );
    let mut namespace = "";
    for f in fakeplate::functions() {
        let ns = f.name.split('.').next().unwrap_or("");
        if ns != namespace {
            namespace = ns;
            md.push_str(&format!(
                "\n## {ns}\n\n| Function | Parameters | Returns | Example |\n|---|---|---|---|\n"
            ));
        }
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| match p.default {
                "" => format!("`{}`: {}", p.name, p.ty),
                d => format!("`{}`: {} = `{d}`", p.name, p.ty),
            })
            .collect();
        let cell = |s: &str| s.replace('|', "\\|");
        md.push_str(&format!(
            "| `{}` | {} | {} | `{}` |\n",
            f.name,
            cell(&params.join("<br>")),
            cell(f.summary),
            cell(f.example)
        ));
    }
    md
}

#[test]
fn functions_md_is_generated_from_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/FUNCTIONS.md");
    let md = generate();
    if std::env::var_os("FAKEPLATE_BLESS").is_some() {
        std::fs::write(path, &md).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).expect("FUNCTIONS.md exists");
    assert!(
        on_disk == md,
        "FUNCTIONS.md is out of date: run FAKEPLATE_BLESS=1 cargo test --test functions_md"
    );
}

#[test]
fn every_function_compiles_bare_or_with_its_example_and_renders() {
    let mut names = std::collections::HashSet::new();
    for f in fakeplate::functions() {
        assert!(names.insert(f.name), "{} is listed twice", f.name);
        assert!(
            f.example.contains(f.name),
            "{}: example {} does not call it",
            f.name,
            f.example
        );
        // The data functions read the data sets their examples name.
        let options = fakeplate::Options::new()
            .data(
                "stores",
                fakeplate::DataSet::from_csv(b"store_id,staff\n1,2\n2,8\n").unwrap(),
            )
            .data(
                "films",
                fakeplate::DataSet::from_csv(b"film_id,title\n1,ACADEMY DINOSAUR\n").unwrap(),
            );
        let t = Template::compile_with(f.example, &options)
            .unwrap_or_else(|e| panic!("{}: {e:#}", f.name));
        let mut g = t.generator(1);
        for _ in 0..50 {
            let record = g.next().unwrap();
            assert!(record.len() <= t.max_record_bytes(), "{}", f.name);
        }
        // Bare, unless a parameter is required (a required one has no default).
        let required = f.params.iter().any(|p| p.default.is_empty());
        match Template::compile(&format!("{{{{{}}}}}", f.name)) {
            Ok(_) => {}
            Err(e) => {
                assert!(
                    required,
                    "{} fails bare but lists no required parameter: {e}",
                    f.name
                );
                assert_eq!(e.kind(), ErrorKind::BadArgument, "{}: {e}", f.name);
            }
        }
    }
}
