//! The functions of language v2 (`record.*`, `math.*`, `date.add` …, the samplers,
//! `random.unique`, `helpers.maybe`) as catalogue entries, for `fakeplate functions`,
//! FUNCTIONS.md and name suggestions. Their arguments are expressions, so the compiler
//! compiles them itself (`compile::expr`), never through [`FnDef::compile`].

use super::{CallCx, Compiled, FnDef, Param, Returns};
use crate::error::Error;

const fn param(name: &'static str, ty: &'static str, default: &'static str) -> Param {
    Param { name, ty, default }
}

/// Never called: the compiler routes these names to `compile::expr` first.
fn in_expressions(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    Err(cx.error(
        cx.span,
        format!("`{}` is compiled as an expression", cx.def.name),
    ))
}

const fn def(
    name: &'static str,
    params: &'static [Param],
    summary: &'static str,
    example: &'static str,
    returns: Returns,
) -> FnDef {
    FnDef {
        name,
        params,
        summary,
        example,
        returns,
        compile: in_expressions,
    }
}

pub(super) const RECORD: &[FnDef] = &[
    def(
        "record.index",
        &[],
        "the record's index: 0 for the first record of a run from index 0",
        "{{ record.index + 1 }}",
        Returns::Number,
    ),
    def(
        "record.time",
        &[],
        "the record's time on the clock in use, as a date (ISO 8601 in UTC when printed)",
        r#"{{ date.format(record.time, "HH:mm") }}"#,
        Returns::Date,
    ),
];

pub(super) const MATH: &[FnDef] = &[
    def(
        "math.round",
        &[param("x", "number", ""), param("digits", "number", "0")],
        "x rounded to `digits` decimals, halves up (on x's shortest decimal form)",
        "{{ math.round(2.345, 2) }}",
        Returns::Number,
    ),
    def(
        "math.floor",
        &[param("x", "number", "")],
        "the largest whole number not above x",
        "{{ math.floor(record.index / 10) }}",
        Returns::Number,
    ),
    def(
        "math.ceil",
        &[param("x", "number", "")],
        "the smallest whole number not below x",
        "{{ math.ceil(7 / 2) }}",
        Returns::Number,
    ),
    def(
        "math.abs",
        &[param("x", "number", "")],
        "x without its sign",
        "{{ math.abs(-3) }}",
        Returns::Number,
    ),
    def(
        "math.min",
        &[param("a, b, …", "number", "")],
        "the smallest of the arguments",
        "{{ math.min(record.index, 3) }}",
        Returns::Number,
    ),
    def(
        "math.max",
        &[param("a, b, …", "number", "")],
        "the largest of the arguments",
        "{{ math.max(record.index - 1, 0) }}",
        Returns::Number,
    ),
];

pub(super) const DATE: &[FnDef] = &[
    def(
        "date.add",
        &[
            param("d", "date", ""),
            param("amount", "number", ""),
            param("unit", "string", ""),
        ],
        "d plus amount units: milliseconds, seconds, minutes, hours, days, weeks, months, quarters or years (moment.js add: months clamp the day; day amounts round)",
        r#"{{ date.add(record.time, 3, "days") }}"#,
        Returns::Date,
    ),
    def(
        "date.diff",
        &[
            param("a", "date", ""),
            param("b", "date", ""),
            param("unit", "string", "milliseconds"),
        ],
        "whole units from b to a, truncated toward zero (moment.js diff)",
        r#"{{ date.diff(record.time, "2026-01-01", "hours") }}"#,
        Returns::Number,
    ),
    def(
        "date.format",
        &[
            param("d", "date", ""),
            param("format", "format", "YYYY-MM-DDTHH:mm:ssZ"),
        ],
        "d as a moment.js format in the configured time zone",
        r#"{{ date.format(record.time, "YYYY-MM-DD HH:mm") }}"#,
        Returns::String,
    ),
    def(
        "date.formatUtc",
        &[
            param("d", "date", ""),
            param("format", "format", "YYYY-MM-DDTHH:mm:ss[Z]"),
        ],
        "d as a moment.js format in UTC",
        r#"{{ date.formatUtc(record.time, "x") }}"#,
        Returns::String,
    ),
    def(
        "date.parse",
        &[param("text", "string", "")],
        "an ISO 8601 date or date-time as a date (without an offset: local time in the configured time zone); null when the text is not one",
        r#"{{ date.parse("2026-03-01T09:00:00Z") }}"#,
        Returns::Date,
    ),
];

pub(super) const RANDOM: &[FnDef] = &[
    def(
        "random.unique",
        &[param(
            "options",
            "{min, max}",
            r#"{"min": 0, "max": 99999}"#,
        )],
        "a whole number in min..max that no other record among any max-min+1 consecutive ones has (a seeded permutation of the index)",
        r#"{{ random.unique({"min": 1, "max": 1000000}) }}"#,
        Returns::Number,
    ),
    def(
        "random.normal",
        &[param(
            "options",
            "{mean, sd, min, max, precision}",
            r#"{"mean": 0, "sd": 1}"#,
        )],
        "a normally distributed number, redrawn into min..max, rounded to precision",
        r#"{{ random.normal({"mean": 30, "sd": 5, "min": 0, "precision": 0.1}) }}"#,
        Returns::Number,
    ),
    def(
        "random.exponential",
        &[param(
            "options",
            "{mean, min, max, precision}",
            r#"{"mean": 1, "min": 0}"#,
        )],
        "an exponentially distributed number (waiting times), redrawn into min..max",
        r#"{{ random.exponential({"mean": 120, "precision": 1}) }}"#,
        Returns::Number,
    ),
    def(
        "random.poisson",
        &[param("options", "{mean}", r#"{"mean": 1}"#)],
        "a whole number from a Poisson distribution (counts of events)",
        r#"{{ random.poisson({"mean": 4}) }}"#,
        Returns::Number,
    ),
    def(
        "random.zipf",
        &[param("options", "{n, s}", r#"{"n": 100, "s": 1}"#)],
        "a rank in 1..n with probability proportional to rank^-s: rank 1 the most frequent",
        r#"{{ random.zipf({"n": 1000, "s": 1.07}) }}"#,
        Returns::Number,
    ),
];

pub(super) const HELPERS: &[FnDef] = &[def(
    "helpers.maybe",
    &[
        param("value", "any", ""),
        param("options", "{probability}", r#"{"probability": 0.5}"#),
    ],
    "the value with the given probability, else null (null prints `null` as a JSON value and nothing inside a string)",
    r#"{"coupon": {{ helpers.maybe(random.alphaNumeric(8), {"probability": 0.25}) }}}"#,
    Returns::Varies,
)];

pub(super) const DATA: &[FnDef] = &[
    def(
        "data.row",
        &[
            param("name", "string", ""),
            param("options", "{weights}", "{}: uniform"),
        ],
        "a row of a data set (--data NAME=PATH, Options::data), uniform or weighted by a number column; read its fields with `row.COLUMN`",
        r#"{{ set store = data.row("stores", {"weights": "staff"}) }}{{ store.store_id }}"#,
        Returns::Row,
    ),
    def(
        "data.lookup",
        &[
            param("name", "string", ""),
            param("column", "string", ""),
            param("value", "any", ""),
        ],
        "the first row of the data set whose column equals value (indexed once); a row of nulls when none does",
        r#"{{ set film = data.lookup("films", "film_id", random.number({"min": 1, "max": 1000})) }}{{ film.title }}"#,
        Returns::Row,
    ),
];

pub(super) const ENTITY: &[FnDef] = &[
    def(
        "entity.pick",
        &[
            param("kind", "string", ""),
            param(
                "options",
                "{count, distribution, s}",
                r#"{"count": 1000, "distribution": "uniform"}"#,
            ),
        ],
        "an entity of the kind, id in 1..count (uniform, or zipf with exponent s); `e.id` is its id and `e.ns.method(…)` the same value for that entity in every record",
        r#"{{ set film = entity.pick("film", {"count": 1000, "distribution": "zipf", "s": 1.07}) }}{{ film.commerce.productName }}"#,
        Returns::Entity,
    ),
    def(
        "entity.get",
        &[param("kind", "string", ""), param("id", "number", "")],
        "the entity of the kind with this id (a whole number from 0), for dimension tables that join with entity.pick",
        r#"{{ set customer = entity.get("customer", record.index + 1) }}{{ customer.name.findName }}"#,
        Returns::Entity,
    ),
];

/// Whether `name` is a function of language v2 (compiled as an expression).
pub(crate) fn is_v2(name: &str) -> bool {
    [RECORD, MATH, DATE, RANDOM, HELPERS, DATA, ENTITY]
        .iter()
        .any(|table| table.iter().any(|f| f.name == name))
}
