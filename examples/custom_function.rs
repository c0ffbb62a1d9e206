//! Registers a custom function, `sakila.filmTitle`, and uses it in a template.
//!
//! ```sh
//! cargo run --example custom_function
//! ```

use std::sync::Arc;

use fakeplate::{ArgumentError, Context, Function, Options, Render, Template};

const ADJECTIVES: &[&str] = &["ACADEMY", "ALIEN", "BLADE", "CHAMBER", "DINOSAUR", "GOLDEN"];
const NOUNS: &[&str] = &[
    "DINOSAUR",
    "CENTER",
    "PANIC",
    "ITALIAN",
    "SECRETARY",
    "HUNTER",
];

/// Titles in the style of the Sakila sample database: `ADJECTIVE NOUN`, optionally with a
/// sequel number up to `max_sequel`.
struct FilmTitle {
    max_sequel: u64,
}

impl Render for FilmTitle {
    fn render(&self, cx: &mut Context<'_>, out: &mut String) {
        let rng = cx.rng();
        out.push_str(rng.pick_str(ADJECTIVES));
        out.push(' ');
        out.push_str(rng.pick_str(NOUNS));
        let sequel = rng.below(self.max_sequel + 1);
        if sequel > 1 {
            out.push(' ');
            out.push_str(itoa::Buffer::new().format(sequel));
        }
    }

    fn max_len(&self) -> usize {
        8 + 1 + 9 + 1 + 20
    }
}

fn main() -> Result<(), fakeplate::Error> {
    let film_title = Function::new("sakila.filmTitle", |args| {
        let max_sequel = match args {
            [] => 0,
            [n] => n.as_u64().filter(|&n| n <= 9).ok_or_else(|| {
                ArgumentError::new("expected a sequel count from 0 to 9").at_argument(0)
            })?,
            _ => {
                return Err(ArgumentError::new(
                    "`sakila.filmTitle` takes at most 1 argument",
                ));
            }
        };
        Ok(Arc::new(FilmTitle { max_sequel }) as Arc<dyn Render>)
    });
    let options = Options::new().name("films.tmpl").function(film_title);
    let template = Template::compile_with(
        r#"{"film_id":{{random.number({"min":1,"max":1000})}},"title":"{{sakila.filmTitle(3)}}"}"#,
        &options,
    )?;
    for record in template.generator(42).take(5) {
        println!("{record}");
    }
    // Argument faults are compile errors with a position, like those of built-in functions.
    let err = Template::compile_with("{{sakila.filmTitle(12)}}", &options).unwrap_err();
    println!("{err:#}");
    Ok(())
}
