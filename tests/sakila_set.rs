//! The sakila set (issue 15): a film dimension, a customer dimension and an event stream from
//! three templates, rendered apart, join on every event: the stream's entities keep the
//! attributes the dimension tables give them, and the store row comes from `stores.csv`.

use std::collections::HashMap;

use fakeplate::{DataSet, Options, Template};
use serde_json::Value;

fn template(name: &str, options: &Options) -> Template {
    let path = format!("{}/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    Template::compile_with(&source, options).unwrap_or_else(|e| panic!("{e:#}"))
}

fn rows(t: &Template, seed: u64, n: usize) -> Vec<Value> {
    t.generator(seed)
        .take(n)
        .map(|r| serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}")))
        .collect()
}

#[test]
fn every_event_finds_its_film_customer_and_store() {
    let stores_csv =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/stores.csv")).unwrap();
    let stores = DataSet::from_csv(&stores_csv).unwrap();
    let plain = Options::new();
    let with_stores = Options::new().data("stores", stores);
    let films: HashMap<u64, Value> = rows(&template("sakila-films.tmpl", &plain), 7, 1000)
        .into_iter()
        .map(|f| (f["film_id"].as_u64().unwrap(), f))
        .collect();
    let customers: HashMap<u64, Value> = rows(&template("sakila-customers.tmpl", &plain), 7, 599)
        .into_iter()
        .map(|c| (c["customer_id"].as_u64().unwrap(), c))
        .collect();
    assert_eq!((films.len(), customers.len()), (1000, 599));
    for c in customers.values() {
        let email = format!(
            "{}.{}@sakilacustomer.org",
            c["first_name"].as_str().unwrap(),
            c["last_name"].as_str().unwrap()
        );
        assert_eq!(c["email"], email.as_str());
    }
    let stream = template("sakila-stream.tmpl", &with_stores);
    let mut popularity: HashMap<u64, u32> = HashMap::new();
    for e in rows(&stream, 7, 10_000) {
        let film = &films[&e["film_id"].as_u64().unwrap()];
        assert_eq!(film["title"], e["title"], "{e}");
        let customer = &customers[&e["customer_id"].as_u64().unwrap()];
        assert_eq!(customer["store_id"], e["store_id"], "{e}");
        let city = if e["store_id"] == 1 {
            "Lethbridge"
        } else {
            "Woodridge"
        };
        assert_eq!(e["city"], city);
        *popularity
            .entry(e["film_id"].as_u64().unwrap())
            .or_default() += 1;
    }
    // Zipf popularity with s = 1.07 over 1,000 films: film 1 takes 1 / Σ k^-1.07 of the
    // events (about 16.6%), within four standard deviations.
    let expected = 1.0 / (1..=1000).map(|k| f64::from(k).powf(-1.07)).sum::<f64>();
    let top = f64::from(popularity[&1]) / 10_000.0;
    assert!((top - expected).abs() < 0.015, "{top} against {expected}");
    // The same join with the stream rendered on two threads.
    let mut parallel = String::new();
    stream.render_range(7, 0..3000, 2, "\n", &mut parallel);
    let sequential: String = stream.generator(7).take(3000).map(|r| r + "\n").collect();
    assert_eq!(parallel, sequential);
}
