//! Zero heap allocations per record once warm (DESIGN.md §7): a counting global allocator
//! around `System`, and every template the benches render (`benches/support/templates.rs`).
//!
//! The counter is thread-local, so tests running in parallel do not see each other's
//! allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use fakeplate::Template;

#[path = "../benches/support/templates.rs"]
mod templates;
// The minijinja port, for a comparison figure below.
#[cfg(feature = "unstable-internals")]
#[path = "../benches/support/jinja.rs"]
mod jinja;
#[cfg(feature = "unstable-internals")]
#[path = "../benches/support/timestamp.rs"]
mod timestamp;

use templates::{FAMILIES, RENTALS, SAKILA, SHAPES, TEMPLATE_FAMILIES, V2_RENTALS};

struct Counting;

thread_local! {
    // `const` and without a destructor: reading it never allocates, so the allocator may.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: allocations during thread teardown are not ours to count.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Past the first block boundary (256 records), so that a block switch is part of warm-up.
const WARM_UP: usize = 300;
const RECORDS: usize = 100_000;

/// Allocations (including reallocations) while rendering `RECORDS` records of `source` into
/// a reused buffer, after `WARM_UP` records.
fn allocations_after_warm_up(source: &str) -> u64 {
    allocations_of(&Template::compile(source).expect("bench templates compile"))
}

/// As [`allocations_after_warm_up`], for a template compiled with options of its own.
fn allocations_of(template: &Template) -> u64 {
    let mut records = template.generator(42);
    // Reserved up front: a longer record than any in warm-up must not count against the
    // engine when the caller's buffer grows.
    let mut out = String::with_capacity(4096);
    for _ in 0..WARM_UP {
        out.clear();
        records.next_into(&mut out);
    }
    let before = allocations();
    for _ in 0..RECORDS {
        out.clear();
        records.next_into(&mut out);
    }
    allocations() - before
}

fn find(cases: &[(&'static str, &'static str)], name: &str) -> &'static str {
    cases
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no bench template named {name}"))
        .1
}

fn assert_zero(name: &str, source: &str) {
    let n = allocations_after_warm_up(source);
    assert_eq!(
        n, 0,
        "{name}: {n} allocations in {RECORDS} records after warm-up"
    );
}

#[test]
fn counter_sees_allocations() {
    let before = allocations();
    let v: Vec<u8> = Vec::with_capacity(std::hint::black_box(64));
    drop(v);
    assert_eq!(allocations() - before, 1);
}

/// The harness catches an allocation per record: `Iterator::next` returns an owned `String`.
#[test]
fn counter_sees_per_record_allocations() {
    let template = Template::compile(SAKILA).expect("sakila compiles");
    let mut records = template.generator(42);
    let before = allocations();
    for _ in 0..1000 {
        drop(records.next());
    }
    assert!(allocations() - before >= 1000);
}

#[test]
fn sakila() {
    assert_zero("sakila", SAKILA);
}

/// Language v2: values in slots, strings in the arena, dates formatted per record.
#[test]
fn sakila_rentals() {
    assert_zero("sakila-rentals", RENTALS);
}

/// The v2 bench template of `benches/families.sh`, with its date caches and samplers.
#[test]
fn v2_rentals_bench_template() {
    assert_zero("v2-rentals", V2_RENTALS);
}

/// Entities: each attribute call on its own keyed stream, built on the stack.
#[test]
fn entities() {
    assert_zero(
        "entities",
        r#"{{ set c = entity.pick("customer", {"count": 599, "distribution": "zipf", "s": 1.07}) }}{"customer": {{ c.id }}, "name": "{{ c.name.findName }}", "email": "{{ c.internet.email }}"}"#,
    );
}

/// KDG calls with computed string arguments (issue 28): each of the seven takes its
/// arguments' texts as they are, on an entity's stream and on the record's, without compiling
/// a call per record.
#[test]
fn calls_with_computed_arguments() {
    assert_zero(
        "computed arguments on an entity",
        r#"{{ set c = entity.pick("customer", {"count": 50}) }}{"e": "{{ c.internet.email(c.name.firstName, c.name.lastName, c.name.lastName ~ ".org") }}", "x": "{{ c.internet.exampleEmail(c.name.firstName, c.name.lastName) }}", "u": "{{ c.internet.userName(c.name.firstName, c.name.lastName) }}", "f": "{{ c.name.findName(c.name.firstName, c.name.lastName) }}", "n": "{{ c.name.fullName(c.name.firstName) }}", "s": "{{ c.helpers.slugify(c.name.findName) }}", "r": "{{ c.helpers.replaceSymbols(c.name.lastName ~ "-##?*") }}"}"#,
    );
    assert_zero(
        "computed arguments in set expressions",
        r#"{{ set first = name.firstName }}{{ set last = name.lastName }}{{ set email = internet.email(first, last, "Ex" ~ last ~ ".org") }}{{ set user = internet.userName(first ~ " O'Hara", null) }}{"e": "{{ email }}", "x": "{{ internet.exampleEmail(first, "") }}", "u": "{{ user }}", "f": "{{ name.findName(null, last) }}", "n": "{{ name.fullName(first, last ~ " Jr") }}", "s": "{{ helpers.slugify(first ~ " " ~ last ~ "!") }}", "r": "{{ helpers.replaceSymbols(last ~ "-##?*") }}"}"#,
    );
}

/// Data rows and entities (issue 15): the sakila event stream with its store table.
#[test]
fn sakila_stream_with_rows_and_entities() {
    let stores = fakeplate::DataSet::from_csv(include_bytes!("../templates/stores.csv")).unwrap();
    let template = Template::compile_with(
        include_str!("../templates/sakila-stream.tmpl"),
        &fakeplate::Options::new().data("stores", stores),
    )
    .expect("sakila-stream compiles");
    let n = allocations_of(&template);
    assert_eq!(n, 0, "sakila-stream: {n} allocations in {RECORDS} records");
}

/// Stamping by a traffic profile and late events allocates nothing per record either: a
/// Poisson schedule draws a leaf of 64 arrivals in place, a periodic one keeps its second.
#[test]
fn sakila_with_traffic_profiles() {
    use fakeplate::Options;
    use fakeplate::pace::{Late, PeriodicTable, Schedule};
    let table = PeriodicTable::parse_csv("weekday,hour,mu,sigma\nThu,0,300,30\n", "t").unwrap();
    for (name, schedule) in [
        (
            "poisson",
            Schedule::parse("poisson(sine(100,50,1m))").unwrap(),
        ),
        ("periodic", Schedule::periodic(table, true)),
    ] {
        let options = Options::new()
            .schedule(schedule)
            .late(Late::new(0.1, 60_000).unwrap());
        let n = allocations_of(&Template::compile_with(SAKILA, &options).unwrap());
        assert_eq!(n, 0, "{name}: {n} allocations in {RECORDS} records");
    }
}

/// One test per named template of `$list`; `$covered` lists the names for the check below.
macro_rules! cases {
    ($list:ident, $covered:ident: $($test:ident => $name:literal),+ $(,)?) => {
        const $covered: &[&str] = &[$($name),+];
        $(
            #[test]
            fn $test() {
                assert_zero($name, find($list, $name));
            }
        )+
    };
}

cases!(SHAPES, SHAPES_COVERED:
    shape_csv => "csv",
    shape_log => "log",
    shape_json => "json",
);

cases!(FAMILIES, FAMILIES_COVERED:
    family_number => "random.number",
    family_array_element => "random.arrayElement",
    family_weighted => "random.weightedArrayElement",
    family_uuid => "random.uuid",
    family_date_now_format => "date.now(format)",
    family_date_utc_x => "date.utc(x)",
    family_ip => "internet.ip",
    family_names => "name.firstName+lastName",
    family_city => "address.city",
    family_product_name => "commerce.productName",
    family_json_escaped => "json-escaped string",
);

/// The whole-template families of `benches/families.sh`.
#[test]
fn template_families() {
    for (name, source) in TEMPLATE_FAMILIES {
        assert_zero(name, source);
    }
}

/// For BENCHMARKS.md's comparison, not a property of fakeplate: minijinja's allocations per
/// sakila record (`cargo test --all-features --test alloc minijinja -- --nocapture`).
#[cfg(feature = "unstable-internals")]
#[test]
fn minijinja_allocations_for_comparison() {
    let engine = jinja::Jinja::new(42);
    let mut out = Vec::with_capacity(4096);
    for _ in 0..WARM_UP {
        out.clear();
        engine.render_into(&mut out);
    }
    let before = allocations();
    for _ in 0..RECORDS {
        out.clear();
        engine.render_into(&mut out);
    }
    let per_record = (allocations() - before) as f64 / RECORDS as f64;
    eprintln!("minijinja: {per_record:.2} allocations per sakila record");
    assert!(per_record > 0.0);
}

/// Every template the benches render has a test above.
#[test]
fn every_bench_template_is_covered() {
    for (list, covered) in [(SHAPES, SHAPES_COVERED), (FAMILIES, FAMILIES_COVERED)] {
        let names: Vec<&str> = list.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, covered);
    }
}
