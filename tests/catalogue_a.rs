//! The catalogue functions of `address.*`, `company.*`, `finance.*`, `hacker.*`,
//! `random.word` and `random.words`: every function, bare and with representative arguments,
//! over 1,000 records of a fixed seed and virtual clock. Each case checks the output's shape
//! and range by hand, that the same seed gives the same records, that the tag renders as valid
//! JSON inside a string and in a value position (printing what the text template prints), and
//! that argument faults are compile errors at the exact line and column.

use std::collections::BTreeSet;

use fakeplate::{Clock, ErrorKind, Options, Template};
use serde_json::Value;

const SEED: u64 = 7;
const RECORDS: usize = 1000;

fn options() -> Options {
    Options::new().clock(Clock::Virtual {
        start_ms: 1_795_702_482_360,
        step_ms: 1000,
    })
}

fn compile(src: &str) -> Template {
    Template::compile_with(src, &options()).unwrap_or_else(|e| panic!("{src:?} failed:\n{e:#}"))
}

fn records(t: &Template, seed: u64) -> Vec<String> {
    t.generator(seed).take(RECORDS).collect()
}

type Check = fn(&str) -> Result<(), String>;

/// A tag (without braces), the check every output must pass, and the fewest distinct outputs
/// expected in 1,000 records.
struct Case {
    tag: &'static str,
    check: Check,
    distinct: usize,
}

const fn case(tag: &'static str, check: Check, distinct: usize) -> Case {
    Case {
        tag,
        check,
        distinct,
    }
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

fn one_of(s: &str, set: &[&str]) -> Result<(), String> {
    ensure(set.contains(&s), || format!("not one of {set:?}"))
}

fn digits(s: &str, lens: std::ops::RangeInclusive<usize>) -> Result<(), String> {
    ensure(
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()),
        || format!("expected {lens:?} digits"),
    )
}

/// A number printed with exactly `decimals` decimals, in `lo..=hi`.
fn fixed(s: &str, decimals: usize, lo: f64, hi: f64) -> Result<f64, String> {
    let frac = s.split_once('.').map_or(0, |(_, f)| f.len());
    ensure(frac == decimals, || format!("expected {decimals} decimals"))?;
    ensure(!s.starts_with("-0") || s.starts_with("-0."), || {
        "odd zero".into()
    })?;
    let v: f64 = s.parse().map_err(|_| "not a number".to_string())?;
    ensure((lo..=hi).contains(&v), || format!("out of {lo}..={hi}"))?;
    Ok(v)
}

/// `lat,lon`, four decimals each.
fn lat_lon(s: &str) -> Result<(f64, f64), String> {
    let (lat, lon) = s.split_once(',').ok_or("no comma")?;
    Ok((fixed(lat, 4, -90.0, 90.0)?, fixed(lon, 4, -180.0, 180.0)?))
}

/// Great-circle distance in km (haversine, mean Earth radius).
fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// Within `km` of `centre` (4-decimal rounding moves a point by at most 8 m).
fn near(s: &str, centre: (f64, f64), km: f64) -> Result<(), String> {
    let p = lat_lon(s)?;
    let d = km_between(centre, p);
    ensure(d <= km + 0.01, || format!("{d} km from {centre:?}"))
}

/// Words of letters, digits and `'-/.&(),` separated by single spaces.
fn words(s: &str) -> Result<(), String> {
    ensure(
        !s.is_empty()
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && !s.contains("  ")
            && s.chars()
                .all(|c| c.is_alphanumeric() || " '-/.&(),".contains(c)),
        || "not words".into(),
    )
}

fn capitalised(s: &str) -> Result<(), String> {
    words(s)?;
    ensure(s.starts_with(|c: char| c.is_ascii_uppercase()), || {
        "not capitalised".into()
    })
}

/// `##### Name Suffix` with 3 to 5 digits.
fn street_address(s: &str) -> Result<(), String> {
    let (number, street) = s.split_once(' ').ok_or("no space")?;
    digits(number, 3..=5)?;
    street_name(street.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.'))
}

fn street_name(s: &str) -> Result<(), String> {
    capitalised(s)?;
    ensure(s.contains(' '), || "one word".into())
}

fn secondary(s: &str) -> Result<(), String> {
    let n = s
        .strip_prefix("Apt. ")
        .or_else(|| s.strip_prefix("Suite "))
        .ok_or("no Apt./Suite")?;
    digits(n, 3..=3)
}

fn full_street_address(s: &str) -> Result<(), String> {
    let k = s
        .rfind(" Apt. ")
        .or_else(|| s.rfind(" Suite "))
        .ok_or("no secondary")?;
    street_address(&s[..k])?;
    secondary(&s[k + 1..])
}

fn zip(s: &str) -> Result<(), String> {
    match s.split_once('-') {
        Some((a, b)) => digits(a, 5..=5).and(digits(b, 4..=4)),
        None => digits(s, 5..=5),
    }
}

fn zip_in(s: &str, lo: u32, hi: u32) -> Result<(), String> {
    digits(s, 5..=5)?;
    let v: u32 = s.parse().unwrap();
    ensure((lo..=hi).contains(&v), || format!("out of {lo}..={hi}"))
}

fn company_name(s: &str) -> Result<(), String> {
    capitalised(s)?;
    let ok = s.contains(" - ")
        || s.contains(", ") && s.contains(" and ")
        || ["Inc", "and Sons", "LLC", "Group"]
            .iter()
            .any(|x| s.ends_with(&format!(" {x}")));
    ensure(ok, || "not a company name pattern".into())
}

fn three_words(s: &str) -> Result<(), String> {
    words(s)?;
    ensure(s.split(' ').count() >= 3, || "fewer than 3 words".into())
}

fn lower_words(s: &str) -> Result<(), String> {
    words(s)?;
    ensure(!s.chars().any(|c| c.is_ascii_uppercase()), || {
        "upper case".into()
    })
}

fn luhn_ok(s: &str) -> bool {
    let ds: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                (2 * d) % 10 + 2 * d / 10
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn card(s: &str) -> Result<(), String> {
    ensure(s.chars().all(|c| c.is_ascii_digit() || c == '-'), || {
        "not a card number".into()
    })?;
    let n = s.chars().filter(char::is_ascii_digit).count();
    ensure((13..=19).contains(&n), || format!("{n} digits"))?;
    ensure(luhn_ok(s), || "bad Luhn check digit".into())
}

fn iban_ok(s: &str) -> Result<(), String> {
    let compact: String = s.chars().filter(|c| *c != ' ').collect();
    ensure((15..=34).contains(&compact.len()), || "bad length".into())?;
    ensure(compact[..2].chars().all(|c| c.is_ascii_uppercase()), || {
        "no country".into()
    })?;
    ensure(compact[2..4].chars().all(|c| c.is_ascii_digit()), || {
        "no check digits".into()
    })?;
    ensure(
        compact
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        || "bad characters".into(),
    )?;
    // ISO 13616: move the first four to the end, letters as 10-35; the remainder mod 97 is 1.
    let rearranged = compact[4..].chars().chain(compact[..4].chars());
    let rem = rearranged.fold(0u32, |r, c| match c.to_digit(36) {
        Some(v) if v < 10 => (r * 10 + v) % 97,
        Some(v) => (r * 100 + v) % 97,
        None => r,
    });
    ensure(rem == 1, || format!("checksum remainder {rem}"))
}

fn base58(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() && !"0OIl".contains(c))
}

fn aba_ok(s: &str) -> Result<(), String> {
    digits(s, 9..=9)?;
    let d: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap()).collect();
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8];
    ensure(sum % 10 == 0, || "bad ABA check digit".into())?;
    let prefix: u32 = s[..2].parse().unwrap();
    ensure(
        (1..=12).contains(&prefix) || (21..=32).contains(&prefix),
        || format!("prefix {prefix}"),
    )
}

fn amount(s: &str, lo: i64, hi: i64, decimals: usize, symbol: &str) -> Result<(), String> {
    let n = s.strip_prefix(symbol).ok_or("no symbol")?;
    let (whole, frac) = n.split_once('.').unwrap_or((n, ""));
    ensure(
        frac.len() == decimals && frac.bytes().all(|b| b == b'0'),
        || "bad decimals".into(),
    )?;
    let v: i64 = whole.parse().map_err(|_| "not whole".to_string())?;
    ensure((lo..=hi).contains(&v), || format!("out of {lo}..={hi}"))
}

const DIRECTIONS: &[&str] = &[
    "North",
    "East",
    "South",
    "West",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
];
const DIRECTION_ABBRS: &[&str] = &["N", "E", "S", "W", "NE", "NW", "SE", "SW"];
const PARIS: (f64, f64) = (48.8566, 2.3522);
const NEW_YORK: (f64, f64) = (40.7128, -74.006);

fn cases() -> Vec<Case> {
    vec![
        // address, faker.js 3.1.0
        case("address.state", capitalised, 40),
        case(
            "address.stateAbbr",
            |s| {
                ensure(
                    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()),
                    || "not XX".into(),
                )
            },
            40,
        ),
        case("address.city", capitalised, 500),
        case(
            "address.city(1)",
            |s| ensure(s.split(' ').count() >= 2, || "no prefix".into()).and(capitalised(s)),
            500,
        ),
        case("address.zipCode", zip, 900),
        case(
            r#"address.zipCode("??-###")"#,
            |s| {
                let b = s.as_bytes();
                ensure(
                    s.len() == 6
                        && b[..2].iter().all(u8::is_ascii_uppercase)
                        && b[2] == b'-'
                        && b[3..].iter().all(u8::is_ascii_digit),
                    || "not ??-###".into(),
                )
            },
            900,
        ),
        case("address.country", capitalised, 200),
        case(
            "address.cityPrefix",
            |s| {
                one_of(
                    s,
                    &["North", "East", "West", "South", "New", "Lake", "Port"],
                )
            },
            7,
        ),
        case(
            "address.citySuffix",
            |s| {
                one_of(
                    s,
                    &[
                        "town", "ton", "land", "ville", "berg", "burgh", "borough", "bury", "view",
                        "port", "mouth", "stad", "furt", "chester", "fort", "haven", "side",
                        "shire",
                    ],
                )
            },
            18,
        ),
        case("address.cityName", capitalised, 500),
        case("address.streetName", street_name, 900),
        case("address.streetAddress", street_address, 990),
        case("address.streetAddress(false)", street_address, 990),
        case("address.streetAddress(true)", full_street_address, 990),
        case("address.streetSuffix", capitalised, 150),
        case("address.streetPrefix", |s| one_of(s, &["a", "b", "c"]), 3),
        case("address.secondaryAddress", secondary, 600),
        case(
            "address.county",
            |s| {
                one_of(
                    s,
                    &[
                        "Avon",
                        "Bedfordshire",
                        "Berkshire",
                        "Borders",
                        "Buckinghamshire",
                        "Cambridgeshire",
                    ],
                )
            },
            6,
        ),
        case(
            "address.countryCode",
            |s| {
                ensure(
                    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()),
                    || "not XX".into(),
                )
            },
            200,
        ),
        case(
            "address.latitude",
            |s| fixed(s, 4, -90.0, 90.0).map(drop),
            999,
        ),
        case(
            "address.longitude",
            |s| fixed(s, 4, -180.0, 180.0).map(drop),
            999,
        ),
        case(
            "address.latitude(10, -10, 2)",
            |s| fixed(s, 2, -10.0, 10.0).map(drop),
            600,
        ),
        case(
            "address.longitude(-70, -75, 1)",
            |s| fixed(s, 1, -75.0, -70.0).map(drop),
            51,
        ),
        case(
            "address.latitude(45.5)",
            |s| fixed(s, 4, -90.0, 45.5).map(drop),
            999,
        ),
        case(
            "address.longitude(null, 179.9999)",
            |s| one_of(s, &["179.9999", "180.0000"]),
            2,
        ),
        case("address.nearbyGPSCoordinate", |s| lat_lon(s).map(drop), 999),
        case(
            "address.nearbyGPSCoordinate({})",
            |s| lat_lon(s).map(drop),
            999,
        ),
        case(
            r#"address.nearbyGPSCoordinate({"coordinate":[48.8566,2.3522],"radius":2,"isMetric":true})"#,
            |s| near(s, PARIS, 2.0),
            900,
        ),
        case(
            r#"address.nearbyGPSCoordinate({"coordinate":["40.7128","-74.006"]})"#,
            |s| near(s, NEW_YORK, 10.0 * 1.609344),
            990,
        ),
        case(
            r#"address.nearbyGPSCoordinate({"coordinate":[40.7128,-74.006],"radius":0})"#,
            |s| one_of(s, &["40.7128,-74.0060"]),
            1,
        ),
        case(
            "address.nearbyGPSCoordinate([0, 179.999], 50, true)",
            |s| near(s, (0.0, 179.999), 50.0),
            990,
        ),
        case(
            "address.nearbyGPSCoordinate([89.99, 0], 100)",
            |s| near(s, (89.99, 0.0), 160.9344),
            990,
        ),
        case("address.direction", |s| one_of(s, DIRECTIONS), 8),
        case("address.direction(true)", |s| one_of(s, DIRECTION_ABBRS), 8),
        case(
            "address.cardinalDirection",
            |s| one_of(s, &DIRECTIONS[..4]),
            4,
        ),
        case(
            "address.cardinalDirection(true)",
            |s| one_of(s, &DIRECTION_ABBRS[..4]),
            4,
        ),
        case(
            "address.ordinalDirection",
            |s| one_of(s, &DIRECTIONS[4..]),
            4,
        ),
        case(
            "address.ordinalDirection(true)",
            |s| one_of(s, &DIRECTION_ABBRS[4..]),
            4,
        ),
        case(
            "address.timeZone",
            |s| {
                ensure(s.contains('/') && !s.contains(' '), || {
                    "not Area/City".into()
                })
            },
            100,
        ),
        case("address.zipCodeByState", zip, 900),
        case(
            r#"address.zipCodeByState("CA")"#,
            |s| zip_in(s, 90001, 96162),
            900,
        ),
        case(
            r#"address.zipCodeByState("new york")"#,
            |s| zip_in(s, 10001, 14925),
            900,
        ),
        case(
            r#"address.zipCodeByState("MA")"#,
            |s| zip_in(s, 1001, 2791),
            650,
        ),
        case(
            r#"address.zipCodeByState("PR")"#,
            |s| {
                zip_in(s, 601, 988).and(ensure(
                    !(800..=900).contains(&s.parse::<u32>().unwrap()),
                    || "between PR's ranges".into(),
                ))
            },
            200,
        ),
        // company
        case(
            "company.suffixes",
            |s| one_of(s, &["Inc,and Sons,LLC,Group"]),
            1,
        ),
        case("company.companyName", company_name, 950),
        case(
            "company.companyName(0)",
            |s| {
                company_name(s).and(ensure(!s.contains(" - ") && !s.contains(", "), || {
                    "pattern".into()
                }))
            },
            700,
        ),
        case(
            "company.companyName(1)",
            |s| company_name(s).and(ensure(s.contains(" - "), || "pattern".into())),
            990,
        ),
        case(
            "company.companyName(2)",
            |s| {
                company_name(s).and(ensure(s.contains(", ") && s.contains(" and "), || {
                    "pattern".into()
                }))
            },
            990,
        ),
        case(
            "company.companySuffix",
            |s| one_of(s, &["Inc", "and Sons", "LLC", "Group"]),
            4,
        ),
        case(
            "company.catchPhrase",
            |s| capitalised(s).and(three_words(s)),
            990,
        ),
        case("company.bs", three_words, 990),
        case("company.catchPhraseAdjective", capitalised, 95),
        case("company.catchPhraseDescriptor", words, 95),
        case("company.catchPhraseNoun", words, 95),
        case("company.bsAdjective", words, 60),
        case("company.bsBuzz", lower_words, 55),
        case("company.bsNoun", words, 40),
        // hacker
        case(
            "hacker.abbreviation",
            |s| {
                ensure(
                    s.len() <= 4 && s.bytes().all(|b| b.is_ascii_uppercase()),
                    || "not an abbreviation".into(),
                )
            },
            29,
        ),
        case("hacker.adjective", words, 18),
        case("hacker.noun", lower_words, 24),
        case("hacker.verb", lower_words, 18),
        case(
            "hacker.ingverb",
            |s| {
                lower_words(s).and(ensure(
                    s.split(' ').next().unwrap().ends_with("ing"),
                    || "not -ing".into(),
                ))
            },
            16,
        ),
        case(
            "hacker.phrase",
            |s| {
                words(&s.replace('!', ""))
                    .and(ensure(s.ends_with('!') && !s.contains("{{"), || {
                        "not a phrase".into()
                    }))
            },
            990,
        ),
        // finance, faker.js 3.1.0
        case("finance.account", |s| digits(s, 8..=8), 1000),
        case("finance.account(12)", |s| digits(s, 12..=12), 1000),
        case("finance.account(0)", |s| digits(s, 8..=8), 1000),
        case(
            "finance.accountName",
            |s| capitalised(s).and(ensure(s.ends_with(" Account"), || "no Account".into())),
            8,
        ),
        case("finance.mask", |s| digits(s, 4..=4), 900),
        case(
            "finance.mask(6, true, true)",
            |s| {
                let inner = s
                    .strip_prefix("(...")
                    .and_then(|s| s.strip_suffix(')'))
                    .ok_or("not (...)")?;
                digits(inner, 6..=6)
            },
            990,
        ),
        case(
            "finance.mask(3, false, true)",
            |s| digits(s.strip_prefix("...").ok_or("no ...")?, 3..=3),
            550,
        ),
        case("finance.amount", |s| amount(s, 0, 1000, 2, ""), 550),
        case(
            r#"finance.amount(-50, 50, 0, "€")"#,
            |s| amount(s, -50, 50, 0, "€"),
            95,
        ),
        case("finance.amount(5, 5, 3)", |s| one_of(s, &["5.000"]), 1),
        case(
            "finance.transactionType",
            |s| one_of(s, &["deposit", "withdrawal", "payment", "invoice"]),
            4,
        ),
        case(
            "finance.currencyCode",
            |s| {
                let ok = s
                    .split(' ')
                    .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
                ensure(ok && s.len() <= 7, || "not a code".into())
            },
            140,
        ),
        case("finance.currencyName", capitalised, 140),
        case(
            "finance.currencySymbol",
            |s| {
                ensure(
                    !s.is_empty() && s.chars().count() <= 4 && !s.contains(' '),
                    || "not a symbol".into(),
                )
            },
            30,
        ),
        case(
            "finance.bitcoinAddress",
            |s| {
                ensure(
                    (27..=34).contains(&s.len())
                        && (s.starts_with('1') || s.starts_with('3'))
                        && base58(s),
                    || "not a bitcoin address".into(),
                )
            },
            1000,
        ),
        // finance, later faker.js
        case(
            "finance.litecoinAddress",
            |s| {
                ensure(
                    (26..=33).contains(&s.len()) && s.starts_with(['L', 'M', '3']) && base58(s),
                    || "not a litecoin address".into(),
                )
            },
            1000,
        ),
        case(
            "finance.ethereumAddress",
            |s| {
                let hex = s.strip_prefix("0x").ok_or("no 0x")?;
                ensure(
                    hex.len() == 40
                        && hex
                            .bytes()
                            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                    || "not 40 hex digits".into(),
                )
            },
            1000,
        ),
        case("finance.creditCardNumber", card, 1000),
        case(
            r#"finance.creditCardNumber("visa")"#,
            |s| card(s).and(ensure(s.starts_with('4'), || "not visa".into())),
            1000,
        ),
        case(
            r#"finance.creditCardNumber("american_express")"#,
            |s| {
                card(s)?;
                ensure(
                    (s.starts_with("34") || s.starts_with("37")) && s.len() == 17,
                    || "not amex".into(),
                )
            },
            1000,
        ),
        case(
            r#"finance.creditCardNumber("mastercard")"#,
            |s| {
                card(s)?;
                let bin: u32 = s[..4].parse().unwrap();
                ensure(
                    (2221..=2720).contains(&bin) || (5100..=5599).contains(&bin),
                    || "not mastercard".into(),
                )
            },
            1000,
        ),
        case(
            r#"finance.creditCardNumber("6767-#{4,6}-[10-12]L")"#,
            |s| {
                let ok = s.starts_with("6767-") && (13..=15).contains(&s.len()) && luhn_ok(s);
                ensure(ok, || "not the custom format".into())
            },
            900,
        ),
        case("finance.creditCardCVV", |s| digits(s, 3..=3), 550),
        case("finance.iban", iban_ok, 1000),
        case(
            r#"finance.iban(true, "DE")"#,
            |s| {
                iban_ok(s)?;
                ensure(
                    s.starts_with("DE") && s.len() == 27 && s.split(' ').all(|g| g.len() <= 4),
                    || "not a formatted German IBAN".into(),
                )
            },
            1000,
        ),
        case(
            r#"finance.iban(false, "gb")"#,
            |s| {
                iban_ok(s)?;
                ensure(
                    s.starts_with("GB")
                        && s.len() == 22
                        && s[4..8].bytes().all(|b| b.is_ascii_uppercase()),
                    || "not a British IBAN".into(),
                )
            },
            1000,
        ),
        case(
            "finance.bic",
            |s| {
                ensure(
                    (s.len() == 8 || s.len() == 11)
                        && s[..6].bytes().all(|b| b.is_ascii_uppercase())
                        && s[6..]
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                    || "not a BIC".into(),
                )
            },
            1000,
        ),
        case("finance.routingNumber", aba_ok, 990),
        case(
            "finance.transactionDescription",
            |s| {
                let (kind, rest) = s
                    .split_once(" transaction at ")
                    .ok_or("no transaction at")?;
                one_of(kind, &["deposit", "withdrawal", "payment", "invoice"])?;
                let (company, rest) = rest
                    .split_once(" using card ending with ***")
                    .ok_or("no card")?;
                company_name(company)?;
                let (card, rest) = rest.split_once(" for ").ok_or("no for")?;
                digits(card, 4..=4)?;
                let (money, account) = rest.split_once(" in account ***").ok_or("no account")?;
                digits(account, 8..=8)?;
                let (_, value) = money.rsplit_once(' ').ok_or("no amount")?;
                fixed(value, 2, 0.0, 1000.0).map(drop)
            },
            1000,
        ),
        // random.word, random.words
        case("random.word", words, 500),
        case(r#"random.word("noun")"#, words, 500),
        case("random.words", words, 900),
        case(
            "random.words(5)",
            |s| {
                words(s).and(ensure(s.split(' ').count() >= 5, || {
                    "fewer than 5 words".into()
                }))
            },
            1000,
        ),
        case("random.words(0)", |s| one_of(s, &[""]), 1),
    ]
}

/// The text of a value printed in a JSON value position, as the text template prints it.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn field(record: &str) -> Value {
    let v: Value =
        serde_json::from_str(record).unwrap_or_else(|e| panic!("not JSON ({e}): {record:?}"));
    v["v"].clone()
}

#[test]
fn every_function_renders_its_shape() {
    let mut failures = Vec::new();
    for c in cases() {
        let t = compile(&format!("{{{{{}}}}}", c.tag));
        let text = records(&t, SEED);
        for r in &text {
            if let Err(e) = (c.check)(r) {
                failures.push(format!("{}: {r:?}: {e}", c.tag));
                break;
            }
            assert!(
                r.len() <= t.max_record_bytes(),
                "{}: {r:?} over the bound",
                c.tag
            );
        }
        let distinct = text.iter().collect::<BTreeSet<_>>().len();
        if distinct < c.distinct {
            failures.push(format!("{}: {distinct} distinct < {}", c.tag, c.distinct));
        }
        assert_eq!(text, records(&t, SEED), "{}: not reproducible", c.tag);
        if c.distinct > 1 {
            assert_ne!(text, records(&t, SEED + 1), "{}: seed ignored", c.tag);
        }

        // In a JSON string: the same text, escaped.
        let t = compile(&format!("{{\"v\":\"{{{{{}}}}}\"}}", c.tag));
        assert!(t.is_json(), "{}", c.tag);
        for (r, want) in records(&t, SEED).iter().zip(&text) {
            assert!(
                r.len() <= t.max_record_bytes(),
                "{}: {r:?} over the bound",
                c.tag
            );
            match field(r) {
                Value::String(s) if s == *want => {}
                other => failures.push(format!("{} in a string: {other} for {want:?}", c.tag)),
            }
        }

        // In a value position: valid JSON, the same value.
        let t = compile(&format!("{{\"v\":{{{{{}}}}}}}", c.tag));
        assert!(t.is_json(), "{}", c.tag);
        for (r, want) in records(&t, SEED).iter().zip(&text) {
            assert!(
                r.len() <= t.max_record_bytes(),
                "{}: {r:?} over the bound",
                c.tag
            );
            let v = field(r);
            let same = match &v {
                Value::Number(_) => serde_json::from_str::<Value>(want).ok().as_ref() == Some(&v),
                _ => value_text(&v) == *want,
            };
            if !same {
                failures.push(format!("{} as a value: {v} for {want:?}", c.tag));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_function_has_a_case_and_a_working_example() {
    let ours = ["address.", "company.", "finance.", "hacker.", "random.word"];
    let cases = cases();
    for f in fakeplate::functions().filter(|f| ours.iter().any(|p| f.name.starts_with(p))) {
        assert!(
            cases
                .iter()
                .any(|c| c.tag == f.name || c.tag.starts_with(&format!("{}(", f.name))),
            "no case for {}",
            f.name
        );
        assert!(!f.summary.is_empty(), "{}", f.name);
        let t = compile(f.example);
        assert_eq!(t.generator(1).take(10).count(), 10, "{}", f.example);
    }
}

#[test]
fn value_positions_print_arrays_as_json() {
    let t = compile(r#"{"s":{{company.suffixes}},"p":{{address.nearbyGPSCoordinate([1, 2], 1)}}}"#);
    for r in records(&t, SEED) {
        let v: Value = serde_json::from_str(&r).unwrap();
        assert_eq!(
            v["s"],
            serde_json::json!(["Inc", "and Sons", "LLC", "Group"])
        );
        let p = v["p"].as_array().unwrap();
        assert_eq!(p.len(), 2);
        let (lat, lon) = (p[0].as_str().unwrap(), p[1].as_str().unwrap());
        near(&format!("{lat},{lon}"), (1.0, 2.0), 1.609344).unwrap();
    }
}

#[test]
fn nearby_points_fill_the_disc_uniformly() {
    // Uniform by area: a quarter of the points within half the radius, none outside it.
    let t = compile(
        r#"{{address.nearbyGPSCoordinate({"coordinate":[-33.8688,151.2093],"radius":20,"isMetric":true})}}"#,
    );
    let points: Vec<f64> = t
        .generator(3)
        .take(20_000)
        .map(|r| km_between((-33.8688, 151.2093), lat_lon(&r).unwrap()))
        .collect();
    let inner = points.iter().filter(|&&d| d < 10.0).count() as f64 / points.len() as f64;
    assert!((0.235..0.265).contains(&inner), "{inner}");
    assert!(points.iter().all(|&d| d <= 20.01));
    assert!(points.iter().any(|&d| d > 19.9), "the rim is reached");
    // Miles by default: 10 miles is 16.09 km.
    let t = compile(r#"{{address.nearbyGPSCoordinate({"coordinate":[0,0]})}}"#);
    let far = t
        .generator(3)
        .take(5000)
        .map(|r| km_between((0.0, 0.0), lat_lon(&r).unwrap()))
        .fold(0.0, f64::max);
    assert!((15.9..=16.1).contains(&far), "{far}");
}

#[test]
fn latitude_bounds_are_inclusive_on_the_grid() {
    // The 1e-4 grid down to min = -90, which is reachable.
    let t = compile("{{address.latitude(-89.9998)}}");
    let seen: BTreeSet<String> = t.generator(1).take(2000).collect();
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["-89.9998", "-89.9999", "-90.0000"]
    );
}

#[test]
fn words_are_evenly_spread_over_the_methods() {
    // Job titles, hacker words and product names all appear; currency names are one method of
    // 27 (about 3.7%).
    let t = compile("{{random.word}}");
    let all: Vec<String> = t.generator(5).take(27_000).collect();
    let has = |w: &str| all.iter().any(|r| r == w);
    assert!(has("Liason") && has("JSON") && has("backing up") && has("Avon"));
    assert!(all.iter().any(|r| r.ends_with(" Account")));
    assert!(
        all.iter()
            .any(|r| r.split(' ').count() == 3 && r.starts_with(char::is_uppercase))
    );
    let share = all
        .iter()
        .filter(|r| ["deposit", "withdrawal", "payment", "invoice"].contains(&r.as_str()))
        .count();
    assert!((800..1200).contains(&share), "{share}");
    let t = compile("{{random.words}}");
    let counts: BTreeSet<usize> = t
        .generator(5)
        .take(300)
        .map(|r| r.split(' ').count())
        .collect();
    assert!(counts.contains(&1) && counts.contains(&3));
}

#[test]
fn currency_symbols_are_weighted_by_currency() {
    // 22 of the 103 currencies with a symbol use `$`.
    let t = compile("{{finance.currencySymbol}}");
    let dollars = t.generator(9).take(10_300).filter(|s| s == "$").count();
    assert!((2000..2400).contains(&dollars), "{dollars}");
}

/// An argument fault on line 3: the tag, and the text at which the error must point.
const FAULTS: &[(&str, &str)] = &[
    ("address.state(1, 2)", "2"),
    ("address.stateAbbr(1)", "1"),
    ("address.city(4)", "4"),
    (r#"address.city("x")"#, r#""x""#),
    ("address.zipCode(5)", "5"),
    ("address.cityPrefix(true)", "true"),
    ("address.streetAddress(\"yes\")", "\"yes\""),
    ("address.streetAddress(true, 1)", "1"),
    ("address.latitude(91)", "91"),
    ("address.latitude(10, 20)", "10"),
    ("address.latitude(null, 95)", "95"),
    ("address.latitude(10, -10, 11)", "11"),
    ("address.latitude(0.55, 0.51, 1)", "0.55"),
    ("address.latitude(1, 0, 1.5)", "1.5"),
    ("address.longitude(-181)", "-181"),
    (r#"address.longitude("east")"#, r#""east""#),
    ("address.nearbyGPSCoordinate(5)", "5"),
    (
        r#"address.nearbyGPSCoordinate({"coordinate":[91,0]})"#,
        "91",
    ),
    (
        r#"address.nearbyGPSCoordinate({"coordinate":[0,"x"]})"#,
        r#""x""#,
    ),
    (r#"address.nearbyGPSCoordinate({"coordinate":[1]})"#, "[1]"),
    (
        r#"address.nearbyGPSCoordinate({"coordinate":"1,2"})"#,
        r#""1,2""#,
    ),
    (r#"address.nearbyGPSCoordinate({"radius":-1})"#, "-1"),
    (r#"address.nearbyGPSCoordinate({"radius":12500})"#, "12500"),
    (r#"address.nearbyGPSCoordinate({"radius":"5"})"#, r#""5""#),
    (
        r#"address.nearbyGPSCoordinate({"isMetric":"yes"})"#,
        r#""yes""#,
    ),
    (
        r#"address.nearbyGPSCoordinate({"centre":[1,2]})"#,
        r#""centre""#,
    ),
    (r#"address.nearbyGPSCoordinate({"radius":1}, 2)"#, "2"),
    (r#"address.nearbyGPSCoordinate([1,2], "far")"#, r#""far""#),
    ("address.nearbyGPSCoordinate([1,2], 1, 1)", "1)"),
    ("address.direction(1)", "1"),
    (r#"address.cardinalDirection("N")"#, r#""N""#),
    ("address.ordinalDirection(true, true)", "true)"),
    (r#"address.zipCodeByState("ZZ")"#, r#""ZZ""#),
    ("address.zipCodeByState(5)", "5"),
    ("company.suffixes(1)", "1"),
    ("company.companyName(3)", "3"),
    (r#"company.companyName("x")"#, r#""x""#),
    ("company.bs(1)", "1"),
    ("hacker.phrase(1)", "1"),
    ("finance.account(-1)", "-1"),
    ("finance.account(1.5)", "1.5"),
    (r#"finance.mask("4")"#, r#""4""#),
    ("finance.mask(4, 1)", "1"),
    (r#"finance.mask(4, true, "x")"#, r#""x""#),
    ("finance.amount(10, 5)", "10"),
    ("finance.amount(1.5)", "1.5"),
    ("finance.amount(0, 10, 21)", "21"),
    ("finance.amount(0, 10, 2, 5)", "5"),
    (r#"finance.creditCardNumber("unknown")"#, r#""unknown""#),
    (r#"finance.creditCardNumber("4##x")"#, r#""4##x""#),
    (r#"finance.creditCardNumber("4L##")"#, r#""4L##""#),
    ("finance.creditCardNumber(4)", "4"),
    (r#"finance.iban("DE")"#, r#""DE""#),
    (r#"finance.iban(true, "XX")"#, r#""XX""#),
    ("finance.iban(true, 5)", "5"),
    ("finance.bic(1)", "1"),
    ("random.words(-1)", "-1"),
    (r#"random.words("a")"#, r#""a""#),
    ("random.word(1, 2)", "2"),
];

#[test]
fn argument_faults_point_at_the_argument() {
    let mut failures = Vec::new();
    for (tag, at) in FAULTS {
        let line = format!("x {{{{{tag}}}}}");
        let src = format!("id,name\n{{{{random.uuid}}}},a\n{line}\n");
        let want_col = line[..line.rfind(at).unwrap()].chars().count() + 1;
        match Template::compile_with(&src, &options()) {
            Ok(_) => failures.push(format!("{tag}: compiled")),
            Err(e) => {
                let got = (e.kind(), e.line(), e.column());
                if got != (ErrorKind::BadArgument, Some(3), Some(want_col)) {
                    failures.push(format!("{tag}: got {got:?}, want column {want_col}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn counts_over_the_limit_are_limit_errors() {
    for tag in [
        "finance.account(100000)",
        "finance.mask(20000)",
        "random.words(10001)",
    ] {
        let e = Template::compile_with(&format!("{{{{{tag}}}}}"), &options()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit, "{tag}");
    }
}
