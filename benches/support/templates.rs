//! Templates the benches render, kept in one place so that `tests/alloc.rs` checks exactly
//! these for zero allocations per record (it includes this file through `#[path]`).

/// The project's original KDG template.
pub const SAKILA: &str = include_str!("../../templates/sakila.tmpl");

/// Its language v2 version: variables, arithmetic, dates, a sampler and a nullable field.
pub const RENTALS: &str = include_str!("../../templates/sakila-rentals.tmpl");

/// The language v2 bench template of `benches/families.sh` (`benches/templates/v2-rentals.tmpl`,
/// fakeplate only): 15 fields of a rental from `set`, dates, samplers, `random.unique`,
/// `helpers.maybe`, a condition and `~`.
pub const V2_RENTALS: &str = include_str!("../templates/v2-rentals.tmpl");

/// The KDG template families of `benches/families.sh` (`benches/templates/`): (name, template).
pub const TEMPLATE_FAMILIES: &[(&str, &str)] = &[
    ("csv-line", include_str!("../templates/csv-line.tmpl")),
    ("date-heavy", include_str!("../templates/date-heavy.tmpl")),
    ("identifiers", include_str!("../templates/identifiers.tmpl")),
    ("log-line", include_str!("../templates/log-line.tmpl")),
    ("nested-json", include_str!("../templates/nested-json.tmpl")),
    (
        "small-numeric",
        include_str!("../templates/small-numeric.tmpl"),
    ),
    ("text-heavy", include_str!("../templates/text-heavy.tmpl")),
    ("weighted", include_str!("../templates/weighted.tmpl")),
    (
        "wide-numeric",
        include_str!("../templates/wide-numeric.tmpl"),
    ),
];

/// Record shapes other than sakila's: (name, template).
pub const SHAPES: &[(&str, &str)] = &[
    (
        "csv",
        "{{random.uuid}},{{name.lastName}},{{address.stateAbbr}},{{random.number(100)}}",
    ),
    (
        "log",
        concat!(
            "{{internet.ip}} - - [{{date.utc(\"DD/MMM/YYYY:HH:mm:ss ZZ\")}}] \"",
            "{{random.weightedArrayElement({\"weights\":[0.7,0.2,0.1],\"data\":[\"GET\",\"POST\",\"DELETE\"]})}} ",
            "/{{random.arrayElement([\"home\",\"cart\",\"search\",\"login\"])}} HTTP/1.1\" ",
            "{{random.arrayElement([200,200,304,404,500])}} {{random.number({\"min\":200,\"max\":50000})}}",
        ),
    ),
    (
        "json",
        concat!(
            "{\"id\":\"{{random.alphaNumeric(8)}}\",\"name\":\"{{name.firstName}} {{name.lastName}}\",",
            "\"city\":\"{{address.city}}\",\"zip\":\"{{address.zipCode}}\",",
            "\"product\":\"{{commerce.productName}}\",\"price\":{{commerce.price}},",
            "\"purchased\":\"{{date.past}}\",\"gift\":{{random.boolean}}}",
        ),
    ),
];

/// One small template per function family: (name, template).
pub const FAMILIES: &[(&str, &str)] = &[
    (
        "random.number",
        "{{random.number({\"min\":1,\"max\":1000})}}",
    ),
    (
        "random.arrayElement",
        "{{random.arrayElement([\"ios\",\"android\",\"xbox\",\"social-media\",\"tech\",\"other\"])}}",
    ),
    (
        "random.weightedArrayElement",
        "{{random.weightedArrayElement({\"weights\":[0.3,0.1,0.6],\"data\":[\"rent\",\"buy\",\"trailer\"]})}}",
    ),
    ("random.uuid", "{{random.uuid}}"),
    // Ten records per second on the default clock: made from the minute's text once a
    // second, copied nine times.
    ("date.now(format)", "{{date.now(\"YYYY-MM-DD HH:mm:ss\")}}"),
    // Milliseconds change every record: the second's text and three digits.
    ("date.utc(x)", "{{date.utc(\"x\")}}"),
    ("internet.ip", "{{internet.ip}}"),
    (
        "name.firstName+lastName",
        "{{name.firstName}} {{name.lastName}}",
    ),
    ("address.city", "{{address.city}}"),
    ("commerce.productName", "{{commerce.productName}}"),
    // A quote and a backslash in every value, inside a JSON string: escaped per record.
    (
        "json-escaped string",
        "{\"code\":\"{{address.zipCode(\"\\\"?###\\\\#\")}}\"}",
    ),
];
