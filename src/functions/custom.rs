//! Functions users register before compiling: a dotted name, an argument check run at compile
//! time, and a renderer that appends to the record from the record's own random stream.

use std::fmt;
use std::sync::Arc;

use crate::rng::Rng;

/// What a custom function's renderer gets for each record.
pub struct Context<'a> {
    pub(crate) rng: &'a mut Rng,
    pub(crate) now_ms: i64,
}

impl Context<'_> {
    /// The record's random stream: draw from it, and only from it, so that records stay
    /// reproducible and random access stays exact.
    pub fn rng(&mut self) -> &mut Rng {
        self.rng
    }

    /// The record's time on the generator's clock, Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }
}

/// A compiled call of a custom function: appends one value per record.
pub trait Render: Send + Sync {
    /// Appends the value for one record to `out`.
    fn render(&self, cx: &mut Context<'_>, out: &mut String);

    /// An upper bound on the bytes [`render`](Render::render) appends; it bounds the size of a
    /// record (see [`Limits::record_bytes`](crate::Limits::record_bytes)). Output past it is
    /// cut at a character boundary.
    fn max_len(&self) -> usize {
        1024
    }
}

/// Why a custom function refused its arguments; becomes a compile error pointing at the
/// argument (or at the call).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentError {
    pub(crate) message: String,
    pub(crate) argument: Option<usize>,
}

impl ArgumentError {
    /// An error about the call as a whole.
    pub fn new(message: impl Into<String>) -> ArgumentError {
        ArgumentError {
            message: message.into(),
            argument: None,
        }
    }

    /// Points the error at argument `index` (0-based).
    pub fn at_argument(mut self, index: usize) -> ArgumentError {
        self.argument = Some(index);
        self
    }
}

type Check = dyn Fn(&[serde_json::Value]) -> Result<Arc<dyn Render>, ArgumentError> + Send + Sync;

/// A function a template can call, registered with [`Options::function`](crate::Options::function).
///
/// ```
/// use std::sync::Arc;
/// use fakeplate::{ArgumentError, Context, Function, Options, Render, Template};
///
/// /// `{{sakila.rating}}`: one of the MPAA ratings, or one of the ratings given.
/// struct Rating(Vec<String>);
///
/// impl Render for Rating {
///     fn render(&self, cx: &mut Context<'_>, out: &mut String) {
///         let i = cx.rng().index(self.0.len());
///         out.push_str(&self.0[i]);
///     }
///     fn max_len(&self) -> usize {
///         self.0.iter().map(String::len).max().unwrap_or(0)
///     }
/// }
///
/// let rating = Function::new("sakila.rating", |args| {
///     let ratings = match args {
///         [] => ["G", "PG", "PG-13", "R", "NC-17"].map(String::from).to_vec(),
///         [serde_json::Value::Array(items)] if !items.is_empty() => items
///             .iter()
///             .map(|v| v.as_str().map(String::from).ok_or_else(|| {
///                 ArgumentError::new("ratings must be strings").at_argument(0)
///             }))
///             .collect::<Result<_, _>>()?,
///         _ => return Err(ArgumentError::new("expected a non-empty array of ratings")),
///     };
///     Ok(Arc::new(Rating(ratings)) as Arc<dyn Render>)
/// });
/// let options = Options::new().function(rating);
/// let t = Template::compile_with(r#"{"rating":"{{sakila.rating}}"}"#, &options)?;
/// let record = t.generator(1).next_json().unwrap();
/// assert!(["G", "PG", "PG-13", "R", "NC-17"].contains(&record["rating"].as_str().unwrap()));
///
/// let err = Template::compile_with(r#"{{sakila.rating([1])}}"#, &options).unwrap_err();
/// assert_eq!(err.to_string(), "1:17: ratings must be strings");
/// # Ok::<(), fakeplate::Error>(())
/// ```
#[derive(Clone)]
pub struct Function {
    pub(crate) name: String,
    pub(crate) check: Arc<Check>,
}

impl Function {
    /// A function called as `name` (a dotted path such as `sakila.filmTitle`). `check` runs at
    /// compile time with the call's arguments, decoded as JSON, and returns the renderer or an
    /// error.
    pub fn new(
        name: impl Into<String>,
        check: impl Fn(&[serde_json::Value]) -> Result<Arc<dyn Render>, ArgumentError>
        + Send
        + Sync
        + 'static,
    ) -> Function {
        Function {
            name: name.into(),
            check: Arc::new(check),
        }
    }

    /// The name templates call it by.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Function")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Function {
    fn eq(&self, other: &Function) -> bool {
        self.name == other.name && Arc::ptr_eq(&self.check, &other.check)
    }
}

impl Eq for Function {}

/// Renders a custom call, holding its output to the bound it declared.
pub(crate) fn render(r: &dyn Render, max_len: usize, cx: &mut super::Cx<'_>, out: &mut String) {
    let start = out.len();
    r.render(
        &mut Context {
            rng: cx.rng,
            now_ms: cx.now_ms,
        },
        out,
    );
    if out.len() - start > max_len {
        let mut end = start + max_len;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
}
