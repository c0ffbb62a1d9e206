//! The project's original template: exact bytes for fixed seeds, determinism, random access,
//! and every range and frequency the template asks for.

use std::collections::{HashMap, HashSet};

use fakeplate::{BLOCK_LEN, Template};
use serde_json::Value;

const SAKILA: &str = include_str!("../templates/sakila.tmpl");

fn sakila() -> Template {
    Template::compile(SAKILA).expect("sakila compiles")
}

fn records(t: &Template, seed: u64, n: usize) -> String {
    let mut out = String::new();
    let mut g = t.generator(seed);
    for _ in 0..n {
        g.next_into(&mut out);
        out.push('\n');
    }
    out
}

/// Golden files hold the exact bytes of the first 1,000 records. Changing them is a breaking
/// change, recorded in CHANGELOG.md; regenerate with `FAKEPLATE_BLESS=1 cargo test --test sakila`.
#[test]
fn golden_records() {
    let t = sakila();
    for seed in [42u64, 7] {
        let path = format!(
            "{}/tests/golden/sakila-seed-{seed}.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let got = records(&t, seed, 1000);
        if std::env::var_os("FAKEPLATE_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).expect("golden file exists");
        assert!(got == want, "seed {seed}: records differ from {path}");
    }
}

#[test]
fn template_is_byte_for_byte_the_original() {
    assert_eq!(SAKILA.len(), 489);
    assert!(SAKILA.contains("\t\"weights\": [0.3, 0.1, 0.6],\n"));
}

#[test]
fn same_seed_same_records_other_seed_other_records() {
    let t = sakila();
    assert_eq!(records(&t, 1, 300), records(&t, 1, 300));
    assert_eq!(records(&t, 1, 300), records(&sakila(), 1, 300));
    assert_ne!(records(&t, 1, 300), records(&t, 2, 300));
}

#[test]
fn random_access_equals_sequential_across_block_boundaries() {
    let t = sakila();
    let n = 3 * BLOCK_LEN as usize + 5;
    let sequential: Vec<String> = t.generator(99).take(n).collect();
    let b = BLOCK_LEN;
    for i in [0, 1, b - 1, b, b + 1, 2 * b - 1, 2 * b, 3 * b, 3 * b + 4] {
        let mut one = String::new();
        t.render_record(99, i, &mut one);
        assert_eq!(one, sequential[i as usize], "record {i}");
    }
    // Seeking forwards and backwards on one generator.
    let mut g = t.generator(99);
    for i in [2 * b + 3, 5, b, 0] {
        g.seek(i);
        assert_eq!(g.next().unwrap(), sequential[i as usize], "seek {i}");
    }
    assert_eq!(
        t.generator(99).nth(b as usize + 2).unwrap(),
        sequential[b as usize + 2]
    );
}

#[test]
fn every_record_is_json_with_the_ranges_asked_for() {
    let t = sakila();
    assert!(t.is_json());
    assert!(t.warnings().is_empty());
    let distributors: HashSet<&str> = [
        "amazon prime",
        "google play",
        "apple itunes",
        "twitter",
        "microsoft",
        "meta",
        "youtube",
    ]
    .into();
    let platforms: HashSet<&str> =
        ["ios", "android", "xbox", "social-media", "tech", "other"].into();
    let mut seen_films = HashSet::new();
    let mut seen_states = HashSet::new();
    let mut seen = (HashSet::new(), HashSet::new());
    for (i, record) in t.generator(5).take(20_000).enumerate() {
        assert!(record.starts_with("{\t\"timestamp\":\""), "{record}");
        let v: Value = serde_json::from_str(&record).unwrap_or_else(|e| panic!("{e}: {record}"));
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), 6);
        let film = obj["film_id"].as_u64().unwrap();
        assert!((1..=1000).contains(&film));
        seen_films.insert(film);
        let d = obj["distributor"].as_str().unwrap();
        assert!(distributors.contains(d), "{d}");
        seen.0.insert(d.to_owned());
        let p = obj["platform"].as_str().unwrap();
        assert!(platforms.contains(p), "{p}");
        seen.1.insert(p.to_owned());
        seen_states.insert(obj["state"].as_str().unwrap().to_owned());
        // The virtual clock: 2026-01-01T00:00:00Z plus 100 ms per record.
        let secs = i / 10;
        let want = format!(
            "2026-01-01T{:02}:{:02}:{:02}+00:00",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        assert_eq!(obj["timestamp"], want.as_str());
    }
    assert!(seen_films.contains(&1) && seen_films.contains(&1000));
    assert!(seen_films.len() > 990);
    assert_eq!(seen.0.len(), 7);
    assert_eq!(seen.1.len(), 6);
    assert_eq!(seen_states.len(), 50);
}

#[test]
fn weighted_event_type_within_one_point_of_30_10_60() {
    let t = sakila();
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut buf = String::new();
    let mut g = t.generator(2026);
    let n = 100_000;
    for _ in 0..n {
        buf.clear();
        g.next_into(&mut buf);
        let v: Value = serde_json::from_str(&buf).unwrap();
        *counts
            .entry(v["eventType"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for (event, share) in [("rent", 30.0), ("buy", 10.0), ("trailer", 60.0)] {
        let got = f64::from(counts[event]) * 100.0 / f64::from(n);
        assert!(
            (got - share).abs() <= 1.0,
            "{event}: {got:.2}% (want {share}%)"
        );
    }
    assert_eq!(counts.len(), 3);
}

#[test]
fn template_is_send_sync_and_generators_move_across_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    fn movable<T: Send>() {}
    shareable::<Template>();
    movable::<fakeplate::Generator>();
    let t = sakila();
    let from_threads: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2u64)
            .map(|i| {
                let t = t.clone();
                s.spawn(move || {
                    let mut one = String::new();
                    t.render_record(42, i, &mut one);
                    one
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(from_threads, t.generator(42).take(2).collect::<Vec<_>>());
}
