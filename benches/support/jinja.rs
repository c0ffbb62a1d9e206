//! `templates/sakila.tmpl` on minijinja: what a Rust user would write instead of fakeplate.
//! The same record shape (the one-line form fakeplate renders, tabs kept) from functions
//! registered on the environment, drawing from fakeplate's ChaCha8 `Rng` so that both engines
//! pay the same for randomness and the comparison measures the engines.
//!
//! Shared by `benches/render.rs` and `examples/minijinja_sakila.rs` through `#[path]` (with
//! `timestamp.rs`).

use std::cell::RefCell;

use fake::locales::{Data, EN};
use fakeplate::Clock;
use fakeplate::internals::Rng;
use minijinja::{Environment, Error, ErrorKind, Value};

/// The sakila template in Jinja syntax. No file extension in its name, so no auto-escaping.
const SAKILA_JINJA: &str = concat!(
    "{\t\"timestamp\":\"{{ date_now() }}\",",
    "\t\"eventType\":\"{{ weighted([0.3, 0.1, 0.6], [\"rent\", \"buy\", \"trailer\"]) }}\",",
    "\t\"film_id\":{{ random_number(1, 1000) }},",
    "\t\"distributor\":\"{{ array_element([\"amazon prime\", \"google play\", \"apple itunes\", ",
    "\"twitter\", \"microsoft\", \"meta\", \"youtube\"]) }}\",",
    "\t\"platform\": \"{{ array_element([\"ios\", \"android\", \"xbox\", \"social-media\", ",
    "\"tech\", \"other\"]) }}\",",
    "\t\"state\":\"{{ address_state() }}\"}",
);

/// Per-thread generator state: minijinja functions are `Fn + Send + Sync`, and a thread-local
/// costs less than a lock on every draw.
struct Sim {
    rng: Rng,
    index: u64,
    /// The second `stamp` holds, formatted once per second as fakeplate does.
    second: i64,
    stamp: Value,
}

thread_local! {
    static SIM: RefCell<Option<Sim>> = const { RefCell::new(None) };
}

fn with_sim<T>(f: impl FnOnce(&mut Sim) -> T) -> T {
    SIM.with(|s| f(s.borrow_mut().as_mut().expect("Jinja::new sets the state")))
}

fn date_now() -> Value {
    with_sim(|sim| {
        let ms = Clock::DEFAULT_START_MS + Clock::DEFAULT_STEP_MS * sim.index as i64;
        sim.index += 1;
        let second = ms.div_euclid(1000);
        if second != sim.second {
            let mut text = String::with_capacity(25);
            crate::timestamp::write_timestamp(&mut text, second);
            sim.second = second;
            sim.stamp = Value::from(text);
        }
        sim.stamp.clone()
    })
}

fn weighted(weights: Value, data: Value) -> Result<Value, Error> {
    let mut total = 0.0;
    for w in weights.try_iter()? {
        total += f64::try_from(w)?;
    }
    let u = with_sim(|sim| sim.rng.unit_f64()) * total;
    let mut acc = 0.0;
    let mut chosen = 0;
    for (i, w) in weights.try_iter()?.enumerate() {
        acc += f64::try_from(w)?;
        chosen = i;
        if u < acc {
            break;
        }
    }
    data.get_item_by_index(chosen)
}

fn random_number(min: i64, max: i64) -> Value {
    Value::from(with_sim(|sim| sim.rng.range_i64(min, max)))
}

fn array_element(items: Value) -> Result<Value, Error> {
    let len = items
        .len()
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not an array"))?;
    let i = with_sim(|sim| sim.rng.index(len));
    items.get_item_by_index(i)
}

fn address_state() -> Value {
    Value::from(with_sim(|sim| {
        sim.rng.pick_str(<EN as Data>::ADDRESS_STATE)
    }))
}

/// A minijinja environment holding the sakila template, its functions seeded for this thread.
pub struct Jinja {
    env: Environment<'static>,
}

impl Jinja {
    /// Compiles the template and (re)seeds this thread's generator state.
    pub fn new(seed: u64) -> Jinja {
        SIM.with(|s| {
            *s.borrow_mut() = Some(Sim {
                rng: Rng::for_block(seed, 0),
                index: 0,
                second: i64::MIN,
                stamp: Value::UNDEFINED,
            });
        });
        let mut env = Environment::new();
        env.add_function("date_now", date_now);
        env.add_function("weighted", weighted);
        env.add_function("random_number", random_number);
        env.add_function("array_element", array_element);
        env.add_function("address_state", address_state);
        env.add_template("sakila", SAKILA_JINJA)
            .expect("the Jinja port of sakila compiles");
        Jinja { env }
    }

    /// Appends the next record (no line break).
    #[inline]
    pub fn render_into(&self, out: &mut Vec<u8>) {
        let template = self.env.get_template("sakila").expect("added in new");
        // Streams into the caller's buffer (render_to_write is deprecated; `render` returning
        // a String measured the same).
        template
            .render_captured_to((), &mut *out)
            .expect("the sakila port renders");
    }
}
