//! The catalogue functions of `date.*`, `lorem.*`, `phone.*`, `helpers.*`, `image.*` and
//! `system.*`: every function rendered bare and with representative arguments for 1,000
//! records with a fixed seed and virtual clock, its output checked by hand-written shape and
//! range checks, the same seed giving the same records, the record bound holding, and every
//! record parsing as JSON inside a string and in a value position. Then the argument faults:
//! compile errors with their exact line and column.

use std::collections::{BTreeMap, BTreeSet};

use fakeplate::{Clock, ErrorKind, Options, Template, functions};
use serde_json::Value;

/// 2026-11-26T14:14:42.360Z, one second per record.
const START_MS: i64 = 1_795_702_482_360;
const STEP_MS: i64 = 1000;
const SEED: u64 = 7;
const RECORDS: usize = 1000;
const DAY_MS: i64 = 86_400_000;

fn options() -> Options {
    Options::new().clock(Clock::Virtual {
        start_ms: START_MS,
        step_ms: STEP_MS,
    })
}

fn compile(src: &str) -> Template {
    Template::compile_with(src, &options()).unwrap_or_else(|e| panic!("{src:?} failed:\n{e:#}"))
}

fn records(t: &Template, seed: u64) -> Vec<String> {
    t.generator(seed).take(RECORDS).collect()
}

/// The record's time on the virtual clock.
fn now(i: usize) -> i64 {
    START_MS + i as i64 * STEP_MS
}

// ---------------------------------------------------------------------------------------------
// Small parsers for the checks

/// Unix ms of `YYYY-MM-DDTHH:mm:ss.SSSZ`.
fn iso_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 24 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[23] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss, ms) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + ms)
}

/// Whether `s` fills `pattern`, where `#` is any digit and everything else is literal.
fn fits(pattern: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pattern.chars().collect(), s.chars().collect());
    p.len() == s.len()
        && p.iter().zip(&s).all(|(p, c)| match p {
            '#' => c.is_ascii_digit(),
            p => p == c,
        })
}

const PHONE_FORMATS: [&str; 16] = [
    "###-###-####",
    "(###) ###-####",
    "1-###-###-####",
    "###.###.####",
    "###-###-#### x###",
    "(###) ###-#### x###",
    "1-###-###-#### x###",
    "###.###.#### x###",
    "###-###-#### x####",
    "(###) ###-#### x####",
    "1-###-###-#### x####",
    "###.###.#### x####",
    "###-###-#### x#####",
    "(###) ###-#### x#####",
    "1-###-###-#### x#####",
    "###.###.#### x#####",
];

fn is_phone(s: &str) -> bool {
    PHONE_FORMATS.iter().any(|f| fits(f, s))
}

fn is_word(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// `n` lower-case Latin words joined by `sep`.
fn is_words(s: &str, n: usize, sep: char) -> bool {
    let words: Vec<&str> = s.split(sep).collect();
    words.len() == n && words.iter().all(|w| is_word(w))
}

/// A lorem sentence of `words` words (any count in the range).
fn is_sentence(s: &str, words: std::ops::RangeInclusive<usize>) -> bool {
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let parts: Vec<&str> = body.split(' ').collect();
    let Some(first) = parts.first() else {
        return false;
    };
    let mut chars = first.chars();
    words.contains(&parts.len())
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase())
        && parts[1..].iter().all(|w| is_word(w))
}

/// Sentences of 3–10 words joined by `sep`, `count` of them.
fn is_sentences(s: &str, sep: &str, count: std::ops::RangeInclusive<usize>) -> bool {
    // Every sentence ends with a period, so sentences end where `.{sep}` stands.
    let parts: Vec<String> = if s.is_empty() {
        Vec::new()
    } else {
        let pieces: Vec<&str> = s.split(&format!(".{sep}")).collect();
        let last = pieces.len() - 1;
        pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i < last {
                    format!("{p}.")
                } else {
                    (*p).to_owned()
                }
            })
            .collect()
    };
    count.contains(&parts.len()) && parts.iter().all(|p| is_sentence(p, 3..=10))
}

fn is_iso_between(s: &str, lo: i64, hi: i64) -> bool {
    iso_ms(s).is_some_and(|ms| (lo..=hi).contains(&ms))
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `-90.0000`-style: exactly four decimals within `±limit`.
fn is_fixed4(s: &str, limit: f64) -> bool {
    let Some((int, frac)) = s.split_once('.') else {
        return false;
    };
    let int = int.strip_prefix('-').unwrap_or(int);
    is_digits(frac, 4)
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<f64>().is_ok_and(|v| v.abs() <= limit)
}

const LOREMPIXEL: &str = "http://lorempixel.com/";
const CATEGORIES: [&str; 13] = [
    "abstract",
    "animals",
    "business",
    "cats",
    "city",
    "food",
    "nightlife",
    "fashion",
    "people",
    "nature",
    "sports",
    "technics",
    "transport",
];

fn is_avatar(s: &str) -> bool {
    s.strip_prefix("https://s3.amazonaws.com/uifaces/faces/twitter/")
        .and_then(|u| u.strip_suffix("/128.jpg"))
        .is_some_and(|u| {
            (1..=15).contains(&u.len())
                && u.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `http://lorempixel.com/{w}/{h}/{category}?{0-99999}` when randomized.
fn is_randomized(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('?'))
        .is_some_and(|n| !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A file name as faker.js builds it: lower case, no spaces, commas or hyphens, `.ext`.
fn is_file_name(s: &str, ext_ok: fn(&str) -> bool) -> bool {
    let Some((stem, ext)) = s.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && !stem.contains([' ', ',', '-', '\\', '/'])
        && !stem.chars().any(|c| c.is_uppercase())
        && ext_ok(ext)
}

fn is_ext(e: &str) -> bool {
    !e.is_empty()
        && e.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

const COMMON_EXTS: [&str; 24] = [
    "pdf", "mpga", "mp2", "mp2a", "mp3", "m2a", "m3a", "wav", "png", "jpeg", "jpg", "jpe", "gif",
    "mp4", "mp4v", "mpg4", "mpeg", "mpg", "mpe", "m1v", "m2v", "html", "htm", "shtml",
];

const FILE_TYPES: [&str; 12] = [
    "application",
    "audio",
    "chemical",
    "font",
    "image",
    "message",
    "model",
    "multipart",
    "text",
    "video",
    "x-conference",
    "x-shader",
];

fn is_dir(s: &str) -> bool {
    s.starts_with('/')
        && (s.len() == 1 || !s.ends_with('/'))
        && s[1..]
            .split('/')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------------
// Cards

/// The object's members, which must be exactly `keys` (their order is checked on the raw
/// text by `card_keys_keep_faker_js_order`).
fn obj<'a>(v: &'a Value, keys: &[&str]) -> &'a serde_json::Map<String, Value> {
    let o = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    let found: BTreeSet<&str> = o.keys().map(String::as_str).collect();
    assert_eq!(found, keys.iter().copied().collect(), "keys of {v}");
    o
}

fn str_of<'a>(o: &'a serde_json::Map<String, Value>, k: &str) -> &'a str {
    o[k].as_str()
        .unwrap_or_else(|| panic!("{k} is not a string: {}", o[k]))
}

fn check_geo(v: &Value) -> bool {
    let g = obj(v, &["lat", "lng"]);
    is_fixed4(str_of(g, "lat"), 90.0) && is_fixed4(str_of(g, "lng"), 180.0)
}

fn check_company(v: &Value) -> bool {
    let c = obj(v, &["name", "catchPhrase", "bs"]);
    ["name", "catchPhrase", "bs"]
        .iter()
        .all(|k| str_of(c, k).split(' ').count() >= 2)
}

fn check_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        && ["gmail.com", "yahoo.com", "hotmail.com"].contains(&domain)
}

fn check_website(s: &str) -> bool {
    s.split_once('.').is_some_and(|(w, suffix)| {
        !w.is_empty()
            && w.chars().all(|c| c.is_ascii_lowercase())
            && ["com", "biz", "info", "name", "net", "org"].contains(&suffix)
    })
}

fn check_transaction(v: &Value) -> bool {
    let t = obj(
        v,
        &["amount", "date", "business", "name", "type", "account"],
    );
    let amount = str_of(t, "amount");
    let name = str_of(t, "name");
    amount
        .strip_suffix(".00")
        .and_then(|a| a.parse::<u32>().ok())
        .is_some_and(|a| a <= 1000)
        && str_of(t, "date") == "2012-02-02T00:00:00.000Z"
        && !str_of(t, "business").is_empty()
        && name
            .rsplit_once(" Account ")
            .is_some_and(|(_, mask)| is_digits(mask, 4))
        && ["deposit", "withdrawal", "payment", "invoice"].contains(&str_of(t, "type"))
        && is_digits(str_of(t, "account"), 8)
}

fn check_short_address(v: &Value) -> bool {
    let a = obj(v, &["street", "suite", "city", "zipcode", "geo"]);
    str_of(a, "street").contains(' ')
        && (fits("Apt. ###", str_of(a, "suite")) || fits("Suite ###", str_of(a, "suite")))
        && !str_of(a, "city").is_empty()
        && (fits("#####", str_of(a, "zipcode")) || fits("#####-####", str_of(a, "zipcode")))
        && check_geo(&a["geo"])
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn check_create_card(s: &str) -> bool {
    let v = parse(s);
    let c = obj(
        &v,
        &[
            "name",
            "username",
            "email",
            "address",
            "phone",
            "website",
            "company",
            "posts",
            "accountHistory",
        ],
    );
    let a = obj(
        &c["address"],
        &[
            "streetA", "streetB", "streetC", "streetD", "city", "state", "country", "zipcode",
            "geo",
        ],
    );
    let posts = c["posts"].as_array().unwrap();
    let history = c["accountHistory"].as_array().unwrap();
    str_of(c, "name").contains(' ')
        && !str_of(c, "username").contains([' ', '\''])
        && check_email(str_of(c, "email"))
        && str_of(a, "streetB")
            .split(' ')
            .next()
            .is_some_and(|n| (3..=5).contains(&n.len()))
        && (str_of(a, "streetC").contains(" Apt. ") || str_of(a, "streetC").contains(" Suite "))
        && check_geo(&a["geo"])
        && is_phone(str_of(c, "phone"))
        && check_website(str_of(c, "website"))
        && check_company(&c["company"])
        && posts.len() == 3
        && posts.iter().all(|p| {
            let p = obj(p, &["words", "sentence", "sentences", "paragraph"]);
            is_words(str_of(p, "words"), 3, ' ')
                && is_sentence(str_of(p, "sentence"), 3..=10)
                && is_sentences(str_of(p, "sentences"), " ", 2..=6)
        })
        && history.len() == 3
        && history.iter().all(check_transaction)
}

fn check_contextual_card(s: &str) -> bool {
    let v = parse(s);
    let c = obj(
        &v,
        &[
            "name", "username", "avatar", "email", "dob", "phone", "address", "website", "company",
        ],
    );
    let (name, username, email) = (str_of(c, "name"), str_of(c, "username"), str_of(c, "email"));
    // 1992-09-20T19:35:02Z minus 1 s to 50 × 365 days.
    let dob_ref = 717_017_702_000;
    username.starts_with(&name.replace(['\'', ' '], ""))
        && email.starts_with(username)
        && check_email(email)
        && is_avatar(str_of(c, "avatar"))
        && is_iso_between(
            str_of(c, "dob"),
            dob_ref - 50 * 365 * DAY_MS,
            dob_ref - 1000,
        )
        && is_phone(str_of(c, "phone"))
        && check_short_address(&c["address"])
        && check_website(str_of(c, "website"))
        && check_company(&c["company"])
}

fn check_user_card(s: &str) -> bool {
    let v = parse(s);
    let c = obj(
        &v,
        &[
            "name", "username", "email", "address", "phone", "website", "company",
        ],
    );
    check_email(str_of(c, "email"))
        && check_short_address(&c["address"])
        && is_phone(str_of(c, "phone"))
        && check_company(&c["company"])
}

// ---------------------------------------------------------------------------------------------
// The table

/// A tag and the check of its text form for record `i`.
type Check = fn(usize, &str) -> bool;

/// Every function of these namespaces, bare and with arguments.
const CASES: &[(&str, Check)] = &[
    // date: the clock functions (outputs pinned elsewhere) and the random instants.
    ("date.now", |i, s| {
        let minute = (now(i) - START_MS + 42_360) / 60_000;
        s.len() == 25
            && s.ends_with("+00:00")
            && s.starts_with(&format!("2026-11-26T14:{:02}:", 14 + minute))
    }),
    ("date.utc", |_, s| s.len() == 20 && s.ends_with('Z')),
    ("date.simTime(\"x\")", |i, s| s == now(i).to_string()),
    ("date.past", |i, s| {
        is_iso_between(s, now(i) - 365 * DAY_MS, now(i) - 1000)
    }),
    ("date.past(5, \"2020-01-01\")", |_, s| {
        is_iso_between(
            s,
            1_577_836_800_000 - 5 * 365 * DAY_MS,
            1_577_836_800_000 - 1000,
        )
    }),
    ("date.future(2)", |i, s| {
        is_iso_between(s, now(i) + 1000, now(i) + 2 * 365 * DAY_MS)
    }),
    ("date.recent(3)", |i, s| {
        is_iso_between(s, now(i) - 3 * DAY_MS, now(i) - 1000)
    }),
    ("date.between(\"2026-01-01\",\"2026-01-02\")", |_, s| {
        is_iso_between(s, 1_767_225_600_000, 1_767_312_000_000)
    }),
    ("date.month", |_, s| MONTHS.contains(&s)),
    ("date.month({\"abbr\":true})", |_, s| {
        MONTHS.iter().any(|m| &m[..3] == s)
    }),
    ("date.month({\"abbr\":false,\"context\":true})", |_, s| {
        MONTHS.contains(&s)
    }),
    ("date.weekday", |_, s| WEEKDAYS.contains(&s)),
    ("date.weekday({\"abbr\":true,\"context\":true})", |_, s| {
        WEEKDAYS.iter().any(|m| &m[..3] == s)
    }),
    ("date.soon", |i, s| {
        is_iso_between(s, now(i) + 1000, now(i) + DAY_MS)
    }),
    ("date.soon(3, \"2026-01-01T00:00:00Z\")", |_, s| {
        is_iso_between(s, 1_767_225_601_000, 1_767_225_600_000 + 3 * DAY_MS)
    }),
    ("date.betweens(\"2026-01-01\",\"2026-01-02\")", |_, s| {
        s == "2026-01-01T06:00:00.000Z,2026-01-01T12:00:00.000Z,2026-01-01T18:00:00.000Z"
    }),
    (
        "date.betweens(\"2026-01-01\",\"2026-01-02\",2,\"HH:mm\")",
        |_, s| s == "08:00,16:00",
    ),
    ("date.betweens(0,1000,0)", |_, s| s.is_empty()),
    // lorem
    ("lorem.word", |_, s| is_word(s)),
    ("lorem.word(7)", |_, s| is_word(s)),
    ("lorem.words", |_, s| is_words(s, 3, ' ')),
    ("lorem.words(6)", |_, s| is_words(s, 6, ' ')),
    ("lorem.words(0)", |_, s| s.is_empty()),
    ("lorem.sentence", |_, s| is_sentence(s, 3..=10)),
    ("lorem.sentence(4)", |_, s| is_sentence(s, 4..=4)),
    ("lorem.sentence(1, 5)", |_, s| is_sentence(s, 1..=1)),
    ("lorem.sentences", |_, s| is_sentences(s, " ", 2..=6)),
    ("lorem.sentences(3, \" | \")", |_, s| {
        is_sentences(s, " | ", 3..=3)
    }),
    ("lorem.sentences(2, \"\\t\\\"\")", |_, s| {
        is_sentences(s, "\t\"", 2..=2)
    }),
    ("lorem.paragraph", |_, s| is_sentences(s, " ", 3..=6)),
    ("lorem.paragraph(1)", |_, s| is_sentences(s, " ", 1..=4)),
    ("lorem.paragraphs", |_, s| {
        let p: Vec<&str> = s.split("\n \r").collect();
        p.len() == 3 && p.iter().all(|p| is_sentences(p, " ", 3..=6))
    }),
    ("lorem.paragraphs(2, \"<br>\")", |_, s| {
        let p: Vec<&str> = s.split("<br>").collect();
        p.len() == 2 && p.iter().all(|p| is_sentences(p, " ", 3..=6))
    }),
    ("lorem.text", |_, s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphabetic() || " .\n\r".contains(c))
    }),
    ("lorem.lines", |_, s| is_sentences(s, "\n", 1..=5)),
    ("lorem.lines(2)", |_, s| is_sentences(s, "\n", 2..=2)),
    ("lorem.slug", |_, s| is_words(s, 3, '-')),
    ("lorem.slug(5)", |_, s| is_words(s, 5, '-')),
    // phone
    ("phone.phoneNumber", |_, s| is_phone(s)),
    ("phone.phoneNumber(\"(###) ###\")", |_, s| {
        fits("(###) ###", s)
    }),
    ("phone.phoneNumber(\"####\")", |_, s| fits("####", s)),
    ("phone.phoneNumberFormat", |_, s| fits("###-###-####", s)),
    ("phone.phoneNumberFormat(19)", |_, s| {
        fits("###.###.#### x#####", s)
    }),
    ("phone.phoneFormats", |_, s| PHONE_FORMATS.contains(&s)),
    // helpers
    ("helpers.randomize", |_, s| ["a", "b", "c"].contains(&s)),
    ("helpers.randomize([\"x\",2,true])", |_, s| {
        ["x", "2", "true"].contains(&s)
    }),
    ("helpers.slugify", |_, s| s.is_empty()),
    ("helpers.slugify(\"Hello World! ça va?\")", |_, s| {
        s == "Hello-World-a-va"
    }),
    ("helpers.replaceSymbolWithNumber", |_, s| s.is_empty()),
    ("helpers.replaceSymbolWithNumber(\"###-###\")", |_, s| {
        fits("###-###", s)
    }),
    (
        "helpers.replaceSymbolWithNumber(\"#*-**\", \"*\")",
        |_, s| s.starts_with('#') && fits("#-##", &s[1..]),
    ),
    ("helpers.replaceSymbols", |_, s| s.is_empty()),
    ("helpers.replaceSymbols(\"??-####\")", |_, s| {
        let b = s.as_bytes();
        b.len() == 7
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2] == b'-'
            && is_digits(&s[3..], 4)
    }),
    ("helpers.shuffle", |_, s| {
        is_permutation(s, &["a", "b", "c"])
    }),
    ("helpers.shuffle([1,\"two\",3,\"four\",5])", |_, s| {
        is_permutation(s, &["1", "two", "3", "four", "5"])
    }),
    ("helpers.shuffle([\"only\"])", |_, s| s == "only"),
    ("helpers.mustache", |_, s| s.is_empty()),
    ("helpers.mustache(\"no tags\")", |_, s| s == "no tags"),
    (
        "helpers.mustache(\"{{who}} has {{n}} and {{who}}\", {\"who\":\"Ann\",\"n\":[1,2]})",
        |_, s| s == "Ann has 1,2 and Ann",
    ),
    ("helpers.createCard", |_, s| check_create_card(s)),
    ("helpers.contextualCard", |_, s| check_contextual_card(s)),
    ("helpers.userCard", |_, s| check_user_card(s)),
    ("helpers.createTransaction", |_, s| {
        check_transaction(&parse(s))
    }),
    // image
    ("image.image", |_, s| {
        CATEGORIES
            .iter()
            .any(|c| s == format!("{LOREMPIXEL}640/480/{c}"))
    }),
    ("image.image(200, 100, true)", |_, s| {
        CATEGORIES
            .iter()
            .any(|c| is_randomized(s, &format!("{LOREMPIXEL}200/100/{c}")))
    }),
    ("image.avatar", |_, s| is_avatar(s)),
    ("image.imageUrl", |_, s| {
        s == "http://lorempixel.com/640/480"
    }),
    ("image.imageUrl(100)", |_, s| {
        s == "http://lorempixel.com/100/480"
    }),
    ("image.imageUrl(1, 2, \"cats\", true)", |_, s| {
        is_randomized(s, "http://lorempixel.com/1/2/cats")
    }),
    ("image.abstract", |_, s| {
        s == "http://lorempixel.com/640/480/abstract"
    }),
    ("image.animals(10)", |_, s| {
        s == "http://lorempixel.com/10/480/animals"
    }),
    ("image.business(10, 20)", |_, s| {
        s == "http://lorempixel.com/10/20/business"
    }),
    ("image.cats(10, 20, true)", |_, s| {
        is_randomized(s, "http://lorempixel.com/10/20/cats")
    }),
    ("image.city", |_, s| s.ends_with("/640/480/city")),
    ("image.food", |_, s| s.ends_with("/640/480/food")),
    ("image.nightlife", |_, s| s.ends_with("/640/480/nightlife")),
    ("image.fashion", |_, s| s.ends_with("/640/480/fashion")),
    ("image.people", |_, s| s.ends_with("/640/480/people")),
    ("image.nature", |_, s| s.ends_with("/640/480/nature")),
    ("image.sports", |_, s| s.ends_with("/640/480/sports")),
    ("image.technics", |_, s| s.ends_with("/640/480/technics")),
    ("image.transport(1, 1, false)", |_, s| {
        s.ends_with("/1/1/transport")
    }),
    ("image.dataUri", |_, s| {
        s.starts_with("data:image/svg+xml;charset=UTF-8,%3Csvg%20")
            && s.contains("width%3D%22640%22%20height%3D%22480%22")
            && s.contains("fill%3D%22grey%22")
            && s.ends_with("640x480%3C%2Ftext%3E%3C%2Fsvg%3E")
    }),
    ("image.dataUri(3, 5, \"#ff8800\")", |_, s| {
        s.contains("fill%3D%22%23ff8800%22") && s.contains("x%3D%221.5%22%20y%3D%222.5%22")
    }),
    // system
    ("system.fileName", |_, s| is_file_name(s, is_ext)),
    ("system.fileName(\"Tar-GZ\")", |_, s| {
        is_file_name(s, |e| e == "tar_gz")
    }),
    ("system.fileName(null, \"image/jpeg\")", |_, s| {
        is_file_name(s, |e| ["jpeg", "jpg", "jpe"].contains(&e))
    }),
    ("system.commonFileName", |_, s| {
        is_file_name(s, |e| COMMON_EXTS.contains(&e))
    }),
    ("system.commonFileName(\"csv\")", |_, s| {
        is_file_name(s, |e| e == "csv")
    }),
    ("system.commonFileName(\"\", \"text/plain\")", |_, s| {
        is_file_name(s, |e| {
            ["txt", "text", "conf", "def", "list", "log", "in", "ini"].contains(&e)
        })
    }),
    ("system.mimeType", |_, s| {
        s.split_once('/')
            .is_some_and(|(top, sub)| FILE_TYPES.contains(&top) && !sub.is_empty())
    }),
    ("system.commonFileType", |_, s| {
        ["video", "audio", "image", "text", "application"].contains(&s)
    }),
    ("system.commonFileExt", |_, s| COMMON_EXTS.contains(&s)),
    ("system.commonFileExt(\"ignored\")", |_, s| {
        COMMON_EXTS.contains(&s)
    }),
    ("system.fileType", |_, s| FILE_TYPES.contains(&s)),
    ("system.fileExt", |_, s| is_ext(s)),
    ("system.fileExt(\"audio/mpeg\")", |_, s| {
        ["mpga", "mp2", "mp2a", "mp3", "m2a", "m3a"].contains(&s)
    }),
    ("system.directoryPath", |_, s| is_dir(s)),
    ("system.filePath", |_, s| {
        s.rsplit_once('/')
            .is_some_and(|(dir, file)| is_dir(dir) && is_file_name(file, is_ext))
    }),
    ("system.semver", |_, s| fits("#.#.#", s)),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn is_permutation(s: &str, items: &[&str]) -> bool {
    let mut got: Vec<&str> = s.split(',').collect();
    let mut want = items.to_vec();
    got.sort_unstable();
    want.sort_unstable();
    got == want
}

/// The text form of a JSON value in a value position: what the text template prints.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        Value::Object(_) => v.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn every_function_renders_its_shape_in_text() {
    for (tag, check) in CASES {
        let t = compile(&format!("{{{{{tag}}}}}"));
        assert!(!t.is_json(), "{tag}");
        let first = records(&t, SEED);
        for (i, r) in first.iter().enumerate() {
            assert!(check(i, r), "{tag}: record {i} is {r:?}");
            assert!(r.len() <= t.max_record_bytes(), "{tag}: {} bytes", r.len());
        }
        assert_eq!(first, records(&t, SEED), "{tag}: same seed, other records");
    }
}

#[test]
fn every_function_renders_valid_json_in_strings_and_values() {
    for (tag, check) in CASES {
        let src = format!("{{\"s\":\"{{{{{tag}}}}}\",\"v\":{{{{{tag}}}}}}}");
        let t = compile(&src);
        assert!(t.is_json(), "{src}");
        let first = records(&t, SEED);
        for (i, r) in first.iter().enumerate() {
            assert!(r.len() <= t.max_record_bytes(), "{tag}: {} bytes", r.len());
            let v = parse(r);
            let s = v["s"]
                .as_str()
                .unwrap_or_else(|| panic!("{tag}: s is {}", v["s"]));
            assert!(check(i, s), "{tag}: record {i} string is {s:?}");
            let text = text_of(&v["v"]);
            assert!(check(i, &text), "{tag}: record {i} value is {}", v["v"]);
        }
        assert_eq!(first, records(&t, SEED), "{tag}");
    }
}

#[test]
fn lists_are_json_arrays_in_value_positions() {
    let t = compile(
        r#"[{{helpers.shuffle([1,"a",{"k":null}])}},{{date.betweens("2026-01-01","2026-01-02",1)}},{{date.betweens(0,4,3,"x")}},{{helpers.shuffle(["\"quoted\""])}}]"#,
    );
    for r in records(&t, 3) {
        let v = parse(&r);
        let shuffled = v[0].as_array().unwrap();
        assert_eq!(shuffled.len(), 3);
        for item in [
            serde_json::json!(1),
            "a".into(),
            serde_json::json!({"k":null}),
        ] {
            assert!(shuffled.contains(&item), "{r}");
        }
        assert_eq!(v[1], serde_json::json!(["2026-01-01T12:00:00.000Z"]));
        assert_eq!(v[2], serde_json::json!(["1", "2", "3"]));
        // A string that is itself JSON goes in as that JSON, as in random.arrayElement.
        assert_eq!(v[3], serde_json::json!(["quoted"]));
    }
}

#[test]
fn cards_are_objects_in_values_and_escaped_in_strings() {
    let t = compile(r#"{"card":{{helpers.userCard}},"text":"{{helpers.userCard}}"}"#);
    for r in records(&t, 11) {
        let v = parse(&r);
        assert!(v["card"].is_object(), "{r}");
        let inner = parse(v["text"].as_str().unwrap());
        assert!(check_user_card(&inner.to_string()));
    }
}

#[test]
fn card_keys_keep_faker_js_order() {
    for (tag, keys) in [
        (
            "helpers.createCard",
            &[
                "\"name\"",
                "\"username\"",
                "\"email\"",
                "\"address\":{\"streetA\"",
                "\"streetB\"",
                "\"streetC\"",
                "\"streetD\"",
                "\"city\"",
                "\"state\"",
                "\"country\"",
                "\"zipcode\"",
                "\"geo\":{\"lat\"",
                "\"lng\"",
                "\"phone\"",
                "\"website\"",
                "\"company\":{\"name\"",
                "\"catchPhrase\"",
                "\"bs\"",
                "\"posts\":[{\"words\"",
                "\"accountHistory\":[{\"amount\"",
            ][..],
        ),
        (
            "helpers.contextualCard",
            &[
                "{\"name\"",
                "\"username\"",
                "\"avatar\"",
                "\"email\"",
                "\"dob\"",
                "\"phone\"",
                "\"address\":{\"street\"",
                "\"suite\"",
                "\"website\"",
                "\"company\"",
            ][..],
        ),
        (
            "helpers.createTransaction",
            &[
                "{\"amount\"",
                "\"date\"",
                "\"business\"",
                "\"name\"",
                "\"type\"",
                "\"account\"",
            ][..],
        ),
    ] {
        let r = compile(&format!("{{{{{tag}}}}}"))
            .generator(1)
            .next()
            .unwrap();
        let mut at = 0;
        for key in keys {
            let found = r[at..]
                .find(key)
                .unwrap_or_else(|| panic!("{tag}: {key} missing or out of order in {r}"));
            at += found + key.len();
        }
    }
}

#[test]
fn shuffle_is_unbiased() {
    let t = compile(r#"{{helpers.shuffle(["a","b","c"])}}"#);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in t.generator(5).take(60_000) {
        *counts.entry(r).or_default() += 1;
    }
    assert_eq!(counts.len(), 6, "{counts:?}");
    // Each of the six orders has probability 1/6: 10,000 ± 5 standard deviations.
    for (order, n) in &counts {
        assert!((9_550..=10_450).contains(n), "{order}: {n} of 60000");
    }
}

#[test]
fn uniform_picks_cover_their_tables() {
    for (tag, want) in [
        ("date.month", 12),
        ("date.weekday({\"abbr\":true})", 7),
        ("phone.phoneFormats", 16),
        ("image.image", 13),
        ("system.fileType", 12),
        ("system.commonFileType", 5),
        ("system.commonFileExt", 24),
    ] {
        let t = compile(&format!("{{{{{tag}}}}}"));
        let seen: BTreeSet<String> = t.generator(SEED).take(20_000).collect();
        assert_eq!(seen.len(), want, "{tag}: {seen:?}");
    }
}

#[test]
fn phone_numbers_use_every_format_with_faker_js_odds() {
    let t = compile("{{phone.phoneNumber}}");
    let plain = t
        .generator(SEED)
        .take(20_000)
        .filter(|r| !r.contains(" x"))
        .count();
    // 8 of the 20 formats have no extension.
    assert!((7_600..=8_400).contains(&plain), "{plain}");
}

#[test]
fn examples_compile_and_render() {
    let mine = ["date.", "lorem.", "phone.", "helpers.", "image.", "system."];
    let mut count = 0;
    for f in functions().filter(|f| mine.iter().any(|p| f.name.starts_with(p))) {
        let t = compile(f.example);
        let r = t.generator(1).next().unwrap();
        assert!(!r.is_empty() || f.name == "date.betweens", "{}", f.name);
        assert!(!f.summary.is_empty(), "{}", f.name);
        count += 1;
    }
    // 7 + 4 + 5 (v2) date, 9 lorem, 3 phone, 10 + 1 (v2) helpers, 17 image, 10 system.
    assert_eq!(count, 66);
}

// ---------------------------------------------------------------------------------------------
// Argument faults

/// A faulty template, the text the error must point at (its first occurrence after a `@`
/// marker, which is removed), and a part of the message.
const FAULTS: &[(&str, &str)] = &[
    ("{{date.month(@true)}}", "an object"),
    ("{{date.month({\"abbr\":@1})}}", "true or false"),
    ("{{date.month({@\"short\":true})}}", "unknown key"),
    (
        "{{date.weekday({\"abbr\":true}, @1)}}",
        "at most 1 argument",
    ),
    ("{{date.soon(@\"x\")}}", "a number"),
    ("{{date.soon(@0)}}", "more than one second"),
    ("{{date.soon(1, @\"yesterday\")}}", "is not a date"),
    ("{{@date.betweens(\"2026-01-01\")}}", "needs two dates"),
    (
        "{{date.betweens(\"2026-02-01\", @\"2026-01-01\")}}",
        "earlier",
    ),
    ("{{date.betweens(0, 1, @-1)}}", "negative"),
    ("{{date.betweens(0, 1, @1.5)}}", "whole number"),
    ("{{lorem.word(@\"x\")}}", "a number"),
    ("{{lorem.words(@-3)}}", "negative"),
    ("{{lorem.words(@\"3\")}}", "a number"),
    ("{{lorem.sentence(3, @\"x\")}}", "a number"),
    ("{{lorem.sentences(2, @3)}}", "a string"),
    ("{{lorem.paragraph(@2.5)}}", "whole number"),
    ("{{lorem.paragraphs(2, @[])}}", "a string"),
    ("{{lorem.text(@{})}}", "a number"),
    ("{{lorem.lines(@true)}}", "a number"),
    ("{{lorem.slug(1, @2)}}", "at most 1 argument"),
    ("{{phone.phoneNumber(@5)}}", "a string"),
    ("{{phone.phoneNumberFormat(@20)}}", "from 0 to 19"),
    ("{{phone.phoneNumberFormat(@\"1\")}}", "a number"),
    ("{{phone.phoneFormats(@1)}}", "no arguments"),
    ("{{helpers.randomize(@[])}}", "must not be empty"),
    ("{{helpers.randomize(@\"abc\")}}", "an array"),
    ("{{helpers.slugify(@1)}}", "a string"),
    (
        "{{helpers.replaceSymbolWithNumber(\"##\", @\"ab\")}}",
        "one character",
    ),
    ("{{helpers.replaceSymbolWithNumber(@[])}}", "a string"),
    (
        "{{helpers.replaceSymbols(null, @\"x\")}}",
        "at most 1 argument",
    ),
    ("{{helpers.shuffle(@{\"a\":1})}}", "an array"),
    ("{{helpers.mustache(\"{{a}}\", @[1])}}", "an object"),
    ("{{helpers.mustache(@1)}}", "a string"),
    ("{{helpers.createCard(@1)}}", "no arguments"),
    ("{{helpers.userCard(@1)}}", "no arguments"),
    ("{{helpers.contextualCard(@1)}}", "no arguments"),
    ("{{helpers.createTransaction(@1)}}", "no arguments"),
    ("{{image.image(@0)}}", "from 1 to 100000"),
    ("{{image.image(1, 1, @\"yes\")}}", "true or false"),
    ("{{image.avatar(@1)}}", "no arguments"),
    ("{{image.imageUrl(1, 1, @2)}}", "a string"),
    ("{{image.imageUrl(1, 1, \"x\", @1)}}", "true or false"),
    ("{{image.cats(@-1)}}", "from 1 to 100000"),
    ("{{image.transport(1, @100001)}}", "from 1 to 100000"),
    ("{{image.dataUri(1, 1, @\"red\\\"\")}}", "CSS colour"),
    (
        "{{image.dataUri(1, 1, \"red\", @4)}}",
        "at most 3 arguments",
    ),
    ("{{system.fileName(@1)}}", "a string"),
    (
        "{{system.fileName(null, @\"nope/nope\")}}",
        "not in fakeplate's MIME table",
    ),
    (
        "{{system.commonFileName(\"x\", @\"multipart/mixed\")}}",
        "no file extensions",
    ),
    ("{{system.mimeType(@1)}}", "no arguments"),
    ("{{system.commonFileExt(@1)}}", "a string"),
    (
        "{{system.fileExt(@\"image/jpg\")}}",
        "not in fakeplate's MIME table",
    ),
    ("{{system.directoryPath(@1)}}", "no arguments"),
    ("{{system.semver(@1)}}", "no arguments"),
];

#[test]
fn argument_faults_are_compile_errors_at_the_argument() {
    for (marked, message) in FAULTS {
        // The same fault on the third line, after a JSON prefix, tests lines and columns.
        for prefix in ["", "{\n  \"a\": 1,\n  \"b\": \"x "] {
            let at = marked.find('@').unwrap() + prefix.len();
            let body = marked.replacen('@', "", 1);
            let src = format!("{prefix}{body}");
            let before = &src[..at];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            let err = match Template::compile_with(&src, &options()) {
                Ok(_) => panic!("{src:?} compiled"),
                Err(e) => e,
            };
            assert_eq!(err.kind(), ErrorKind::BadArgument, "{src}: {err}");
            assert_eq!(
                (err.line(), err.column()),
                (Some(line), Some(column)),
                "{src}: {err}"
            );
            assert!(err.message().contains(message), "{src}: {err}");
        }
    }
}

#[test]
fn counts_past_the_limit_are_limit_errors() {
    for src in [
        "{{lorem.words(10001)}}",
        "{{lorem.sentences(20000)}}",
        "{{date.betweens(0, 1, 1e9)}}",
    ] {
        let err = Template::compile_with(src, &options()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Limit, "{src}: {err}");
    }
}
