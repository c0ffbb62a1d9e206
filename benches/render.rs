//! Criterion benches for the render path (DESIGN.md §7, STYLE.md §10).
//!
//! - `compile`: compiling sakila.
//! - `sakila`: one record per iteration into a reused `String`: fakeplate, the hand-written
//!   Rust ceiling (same bytes from the same draws) and minijinja (same shape).
//! - `parallel`: `render_range` over 100,000 records on 1 and 2 threads.
//! - `shapes`, `families`: other record shapes, and one small template per function family.
//!
//! ```sh
//! cargo bench --features unstable-internals --bench render -- sakila
//! cargo bench --features unstable-internals --bench render -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Before timing, `check_peers` asserts that the ceiling renders exactly fakeplate's bytes for
//! the first 1,000 records of seed 42, and that minijinja renders the same JSON shape.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fakeplate::Template;

#[path = "support/ceiling.rs"]
mod ceiling;
#[path = "support/jinja.rs"]
mod jinja;
#[path = "support/templates.rs"]
mod templates;
#[path = "support/timestamp.rs"]
mod timestamp;

use ceiling::Ceiling;
use jinja::Jinja;
use templates::{FAMILIES, RENTALS, SAKILA, SHAPES, TEMPLATE_FAMILIES, V2_RENTALS};

const SEED: u64 = 42;

/// The comparison is only honest if the peers render what fakeplate renders.
fn check_peers(template: &Template) {
    let mut records = template.generator(SEED);
    let mut ceiling = Ceiling::new(SEED);
    let jinja = Jinja::new(SEED);
    let (mut ours, mut theirs, mut jinja_out) = (String::new(), String::new(), Vec::new());
    for i in 0..1000 {
        ours.clear();
        theirs.clear();
        jinja_out.clear();
        records.next_into(&mut ours);
        ceiling.next_into(&mut theirs);
        jinja.render_into(&mut jinja_out);
        assert_eq!(
            ours, theirs,
            "record {i}: the ceiling differs from fakeplate"
        );
        let jinja_text = std::str::from_utf8(&jinja_out).expect("minijinja writes UTF-8");
        // The port draws the same words in the same order but never switches ChaCha
        // stream, so it matches byte for byte up to the first block boundary.
        if i < fakeplate::BLOCK_LEN {
            assert_eq!(ours, jinja_text, "record {i}: minijinja differs in block 0");
        }
        assert_eq!(
            shape(&ours),
            shape(jinja_text),
            "record {i}: minijinja's shape differs"
        );
    }
}

/// Keys in order and the JSON type of each value.
fn shape(record: &str) -> Vec<(String, &'static str)> {
    let value: serde_json::Value = serde_json::from_str(record).expect("records are JSON");
    let object = value.as_object().expect("records are JSON objects");
    object
        .iter()
        .map(|(k, v)| {
            let ty = match v {
                serde_json::Value::Number(_) => "number",
                serde_json::Value::String(_) => "string",
                _ => "other",
            };
            (k.clone(), ty)
        })
        .collect()
}

fn compile(c: &mut Criterion) {
    c.bench_function("compile/sakila", |b| {
        b.iter(|| Template::compile(black_box(SAKILA)).expect("sakila compiles"));
    });
}

fn sakila(c: &mut Criterion) {
    let template = Template::compile(SAKILA).expect("sakila compiles");
    check_peers(&template);
    let mut group = c.benchmark_group("sakila");
    group.throughput(Throughput::Elements(1));
    group.bench_function("fakeplate", |b| {
        let mut records = template.generator(SEED);
        let mut out = String::with_capacity(256);
        b.iter(|| {
            out.clear();
            records.next_into(&mut out);
            black_box(&out);
        });
    });
    group.bench_function("ceiling", |b| {
        let mut records = Ceiling::new(SEED);
        let mut out = String::with_capacity(256);
        b.iter(|| {
            out.clear();
            records.next_into(&mut out);
            black_box(&out);
        });
    });
    group.bench_function("minijinja", |b| {
        let jinja = Jinja::new(SEED);
        let mut out = Vec::with_capacity(256);
        b.iter(|| {
            out.clear();
            jinja.render_into(&mut out);
            black_box(&out);
        });
    });
    group.finish();
}

fn parallel(c: &mut Criterion) {
    const N: u64 = 100_000;
    let template = Template::compile(SAKILA).expect("sakila compiles");
    let mut group = c.benchmark_group("parallel");
    group.throughput(Throughput::Elements(N));
    // About 10-20 ms an iteration: fewer samples keep short runs within their time.
    group.sample_size(20);
    for threads in [1usize, 2] {
        group.bench_with_input(
            BenchmarkId::new("render_range", threads),
            &threads,
            |b, &threads| {
                let mut out = String::new();
                b.iter(|| {
                    out.clear();
                    template.render_range(SEED, 0..N, threads, "\n", &mut out);
                    black_box(&out);
                });
            },
        );
    }
    group.finish();
}

/// One record per iteration into a reused buffer, for each (name, template).
fn per_record(c: &mut Criterion, group_name: &str, cases: &[(&str, &str)]) {
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements(1));
    for &(name, source) in cases {
        let template = Template::compile(source).expect("bench templates compile");
        group.bench_function(name, |b| {
            let mut records = template.generator(SEED);
            let mut out = String::with_capacity(256);
            b.iter(|| {
                out.clear();
                records.next_into(&mut out);
                black_box(&out);
            });
        });
    }
    group.finish();
}

fn shapes(c: &mut Criterion) {
    per_record(c, "shapes", SHAPES);
}

fn families(c: &mut Criterion) {
    per_record(c, "families", FAMILIES);
}

/// Whole KDG templates, one per family (`benches/families.sh` races them against KDG).
fn template_families(c: &mut Criterion) {
    per_record(c, "template-families", TEMPLATE_FAMILIES);
}

/// Language v2 beside the KDG template it extends (`sakila/fakeplate` above).
fn language_v2(c: &mut Criterion) {
    per_record(
        c,
        "v2",
        &[("sakila-rentals", RENTALS), ("v2-rentals", V2_RENTALS)],
    );
}

criterion_group!(
    benches,
    compile,
    sakila,
    parallel,
    shapes,
    families,
    template_families,
    language_v2
);
criterion_main!(benches);
