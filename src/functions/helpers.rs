//! `helpers.*`: faker.js helpers reachable from a template (symbols, slugs, shuffles, cards).
//!
//! The cards (`createCard`, `contextualCard`, `userCard`, `createTransaction`) print a JSON
//! object of faker.js's shape where KDG prints `[object Object]`. They are written straight
//! into the output from a static schema, which also gives their length bound.

use fake::locales::{Data, EN};

use super::data::{COUNTRY, FIRST_NAME, LAST_NAME, STATE};
use super::finance::{ACCOUNT_TYPE, TRANSACTION_TYPE};
use super::{
    CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, address, image, longest, lorem,
};
use super::{name, phone};
use crate::error::{Error, ErrorKind};
use crate::json::Context;
use crate::syntax::ast::{Arg, ArgKind};
use crate::time::moment::{Instant, MomentFormat};
use crate::value;

const ARRAY: Param = Param {
    name: "array",
    ty: "array",
    default: r#"["a","b","c"]"#,
};

const STRING: Param = Param {
    name: "string",
    ty: "string",
    default: "\"\"",
};

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "helpers.randomize",
        params: &[ARRAY],
        summary: "one element of the array, uniformly (as random.arrayElement)",
        example: r#"{{helpers.randomize(["red","green"])}}"#,
        returns: Returns::Varies,
        compile: randomize,
    },
    FnDef {
        name: "helpers.slugify",
        params: &[STRING],
        summary: "the string with spaces turned into - and characters other than A-Z a-z 0-9 _ . - removed",
        example: r#"{{helpers.slugify("Hello World!")}}"#,
        returns: Returns::String,
        compile: slugify,
    },
    FnDef {
        name: "helpers.replaceSymbolWithNumber",
        params: &[
            STRING,
            Param {
                name: "symbol",
                ty: "string (one character)",
                default: "#",
            },
        ],
        summary: "the string with each symbol replaced by a digit 0-9",
        example: "{{helpers.replaceSymbolWithNumber(\"###-###\")}}",
        returns: Returns::String,
        compile: replace_symbol_with_number,
    },
    FnDef {
        name: "helpers.replaceSymbols",
        params: &[STRING],
        summary: "the string with # replaced by a digit, ? by a letter A-Z and * by either",
        example: "{{helpers.replaceSymbols(\"??-####\")}}",
        returns: Returns::String,
        compile: replace_symbols,
    },
    FnDef {
        name: "helpers.shuffle",
        params: &[ARRAY],
        summary: "the array's elements in a uniformly random order (a list in text, a JSON array in a value)",
        example: r#"{{helpers.shuffle(["x","y","z"])}}"#,
        returns: Returns::Array,
        compile: shuffle,
    },
    FnDef {
        name: "helpers.mustache",
        params: &[
            Param {
                name: "str",
                ty: "string",
                default: "\"\"",
            },
            Param {
                name: "data",
                ty: "object",
                default: "{}",
            },
        ],
        summary: "str with each {{key}} replaced by the value of key in data",
        example: r#"{{helpers.mustache("Hi {{who}}", {"who":"Bob"})}}"#,
        returns: Returns::String,
        compile: mustache,
    },
    FnDef {
        name: "helpers.createCard",
        params: &[],
        summary: "a JSON object: name, username, email, address, phone, website, company, posts, accountHistory",
        example: "{{helpers.createCard}}",
        returns: Returns::Object,
        compile: create_card,
    },
    FnDef {
        name: "helpers.contextualCard",
        params: &[],
        summary: "a JSON object whose username and email derive from its name, with avatar and dob",
        example: "{{helpers.contextualCard}}",
        returns: Returns::Object,
        compile: contextual_card,
    },
    FnDef {
        name: "helpers.userCard",
        params: &[],
        summary: "a JSON object: name, username, email, address, phone, website, company",
        example: "{{helpers.userCard}}",
        returns: Returns::Object,
        compile: user_card,
    },
    FnDef {
        name: "helpers.createTransaction",
        params: &[],
        summary: "a JSON object: amount, date, business, name, type, account",
        example: "{{helpers.createTransaction}}",
        returns: Returns::Object,
        compile: create_transaction,
    },
];

/// Most elements `helpers.shuffle` takes: its permutation lives on the stack.
const MAX_SHUFFLE: usize = 1024;

/// A compiled `helpers.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// The elements, printed for the context, in a random order; `array` wraps them in `[]`.
    Shuffle { items: Box<[Box<str>]>, array: bool },
    /// Each `symbol` of the pattern becomes a digit.
    SymbolWithNumber { pattern: Box<str>, symbol: char },
    /// `#`, `?` and `*` of the pattern become digits and letters.
    Symbols(Box<str>),
    /// An `image.*` call (`Func` has no variant of its own for images).
    /// A card, with the quote its strings use (`"`, or `\"` inside a JSON string).
    Card {
        card: &'static Node,
        quote: &'static str,
        iso: MomentFormat,
    },
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Shuffle { items, array } => {
                let total: usize = items.iter().map(|s| s.len() + 1).sum();
                total + if *array { 2 } else { 0 }
            }
            // A symbol may be wider than the digit that replaces it, never narrower.
            Op::SymbolWithNumber { pattern, .. } | Op::Symbols(pattern) => pattern.len(),
            Op::Card { card, quote, .. } => card.max_len(quote.len()),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Shuffle { items, array } => write_shuffled(cx, out, items, *array),
            Op::SymbolWithNumber { pattern, symbol } => {
                phone::replace_symbol_with_number(cx, pattern, *symbol, out);
            }
            Op::Symbols(pattern) => address::replace_symbols(cx, pattern, out),
            Op::Card { card, quote, iso } => {
                let mut state = State::default();
                card.write(
                    &mut Writer {
                        cx,
                        out,
                        quote,
                        iso,
                    },
                    &mut state,
                );
            }
        }
    }
}

/// An unbiased Fisher–Yates shuffle of the indices, then the items in that order.
fn write_shuffled(cx: &mut Cx<'_>, out: &mut String, items: &[Box<str>], array: bool) {
    let n = items.len();
    let mut order = [0u16; MAX_SHUFFLE];
    for (i, slot) in order[..n].iter_mut().enumerate() {
        *slot = i as u16;
    }
    for i in (1..n).rev() {
        let j = cx.rng.index(i + 1);
        order.swap(i, j);
    }
    if array {
        out.push('[');
    }
    for (k, &i) in order[..n].iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&items[usize::from(i)]);
    }
    if array {
        out.push(']');
    }
}

/// `text` printed for the context its tag stands in, as a constant string prints.
fn print_str(cx: &CallCx<'_, '_>, text: &str) -> Box<str> {
    let arg = Arg {
        kind: ArgKind::Str(text.into()),
        span: cx.span,
    };
    value::print_for(&arg, cx.ctx)
}

fn constant(cx: &CallCx<'_, '_>, text: &str) -> Compiled {
    Compiled::new(Func::Const(print_str(cx, text)), Shape::Printed)
}

/// The items of an array argument, or `default`, printed for the context.
fn printed_items(
    cx: &CallCx<'_, '_>,
    default: &[&str],
    allow_empty: bool,
) -> Result<Box<[Box<str>]>, Error> {
    match cx.arg(0) {
        None => Ok(default.iter().map(|s| print_str(cx, s)).collect()),
        Some(arg) => match &arg.kind {
            ArgKind::Array(items) if items.is_empty() && !allow_empty => {
                Err(cx.error(arg.span, "the array must not be empty"))
            }
            ArgKind::Array(items) => {
                Ok(items.iter().map(|a| value::print_for(a, cx.ctx)).collect())
            }
            _ => Err(cx.type_error(arg, "an array")),
        },
    }
}

/// A string argument, `""` when absent.
fn string_arg<'a>(cx: &'a CallCx<'_, '_>, i: usize) -> Result<&'a str, Error> {
    Ok(match cx.arg(i) {
        Some(a) => cx.string(a)?,
        None => "",
    })
}

fn randomize(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let items = printed_items(cx, &["a", "b", "c"], false)?;
    Ok(Compiled::new(Func::Choice(items), Shape::Printed))
}

fn shuffle(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let items = printed_items(cx, &["a", "b", "c"], true)?;
    if items.len() > MAX_SHUFFLE {
        return Err(cx.error(
            cx.args[0].span,
            format!(
                "`helpers.shuffle` takes at most {MAX_SHUFFLE} elements, not {}",
                items.len()
            ),
        ));
    }
    let array = cx.ctx == Context::Value;
    if items.len() <= 1 {
        // Nothing to shuffle: print it now.
        let mut s = String::new();
        s.push_str(if array { "[" } else { "" });
        if let Some(only) = items.first() {
            s.push_str(only);
        }
        s.push_str(if array { "]" } else { "" });
        return Ok(Compiled::new(Func::Const(s.into()), Shape::Printed));
    }
    Ok(Compiled::new(
        Func::Helpers(Op::Shuffle { items, array }),
        Shape::Printed,
    ))
}

/// faker.js's `slugify`: spaces become `-`, then everything but `[A-Za-z0-9_.-]` goes.
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_slug(s, &mut out);
    out
}

/// [`slug`] of `s`, appended to `out`.
pub(super) fn push_slug(s: &str, out: &mut String) {
    out.extend(
        s.chars()
            .map(|c| if c == ' ' { '-' } else { c })
            .filter(|&c| is_slug_char(c)),
    );
}

fn is_slug_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn slugify(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    Ok(constant(cx, &slug(string_arg(cx, 0)?)))
}

fn replace_symbol_with_number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let pattern = string_arg(cx, 0)?;
    let symbol = match cx.arg(1) {
        None => '#',
        Some(arg) => {
            let mut chars = cx.string(arg)?.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => return Err(cx.error(arg.span, "the symbol must be one character")),
            }
        }
    };
    if !pattern.contains(symbol) {
        return Ok(constant(cx, pattern));
    }
    Ok(Compiled::new(
        Func::Helpers(Op::SymbolWithNumber {
            pattern: pattern.into(),
            symbol,
        }),
        phone::pattern_shape(pattern),
    ))
}

fn replace_symbols(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let pattern = string_arg(cx, 0)?;
    if !pattern.contains(['#', '?', '*']) {
        return Ok(constant(cx, pattern));
    }
    Ok(Compiled::new(
        Func::Helpers(Op::Symbols(pattern.into())),
        phone::pattern_shape(pattern),
    ))
}

/// faker.js's `mustache`: for each key of `data` in order, every `{{key}}` is replaced by the
/// value's text. Keys are matched literally (faker.js builds a regular expression from them).
///
/// Values that name later keys grow the text at every step (40 keys whose values each name the
/// next key twice make 2⁴⁰ copies), so the length after each step is computed before the step
/// is taken: past `max_bytes` (or the template's own length, if longer), `Err` with that
/// length. The text scanned over all steps is
/// bounded too (`SCAN_FACTOR × max_bytes`, with the length `u64::MAX` as the error), so that
/// many keys over a long text cannot take minutes either.
fn substitute(template: &str, data: &[(&str, String)], max_bytes: usize) -> Result<String, u64> {
    /// How many times over its largest size the text may be scanned, over all keys.
    const SCAN_FACTOR: usize = 64;
    let mut scan_budget = max_bytes.saturating_mul(SCAN_FACTOR);
    let max_bytes = max_bytes.max(template.len());
    let mut text = template.to_owned();
    for (key, value) in data {
        // Every tag starts with `{{`: without one, nothing is left to replace.
        if !text.contains("{{") {
            break;
        }
        scan_budget = scan_budget.checked_sub(text.len()).ok_or(u64::MAX)?;
        let tag = format!("{{{{{key}}}}}");
        let count = text.matches(&tag).count() as u64;
        if count == 0 {
            continue;
        }
        // Arithmetic on u64 wide enough for any product of two lengths under 2³²; saturating
        // beyond, which is over any limit anyway.
        let grown = (text.len() as u64 - count * tag.len() as u64)
            .saturating_add(count.saturating_mul(value.len() as u64));
        if grown > max_bytes as u64 {
            return Err(grown);
        }
        text = text.replace(&tag, value);
    }
    Ok(text)
}

fn mustache(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let template = string_arg(cx, 0)?;
    let data: Vec<(&str, String)> = match cx.arg(1) {
        None => Vec::new(),
        Some(arg) => {
            let ArgKind::Object(members) = &arg.kind else {
                return Err(cx.type_error(arg, "an object"));
            };
            members
                .iter()
                .map(|(key, v)| {
                    let mut text = String::new();
                    value::write_text(&mut text, &v.kind);
                    (&*key.name, text)
                })
                .collect()
        }
    };
    let max = cx.limits.record_bytes;
    match substitute(template, &data, max) {
        Ok(text) => Ok(constant(cx, &text)),
        Err(grown) => Err(Error::at(
            ErrorKind::Limit,
            if grown == u64::MAX {
                format!(
                    "`helpers.mustache` would scan its text too many times: too many keys for a \
                     text this long (the limit follows record_bytes, {max}; raise Options::limits)"
                )
            } else {
                format!(
                    "`helpers.mustache` would expand to {grown} bytes, more than a record may \
                     have ({max}, record_bytes; raise Options::limits)"
                )
            },
            cx.src,
            cx.args.get(1).map_or(cx.span, |a| a.span),
        )),
    }
}

fn card(cx: &CallCx<'_, '_>, card: &'static Node) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    let quote = if cx.ctx == Context::InString {
        "\\\""
    } else {
        "\""
    };
    Ok(Compiled::new(
        Func::Helpers(Op::Card {
            card,
            quote,
            iso: MomentFormat::iso_millis(),
        }),
        Shape::Printed,
    ))
}

fn create_card(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    card(cx, &CREATE_CARD)
}

fn contextual_card(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    card(cx, &CONTEXTUAL_CARD)
}

fn user_card(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    card(cx, &USER_CARD)
}

fn create_transaction(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    card(cx, &TRANSACTION)
}

// ---------------------------------------------------------------------------------------------
// Cards

/// faker.js 3.1.0's English data the cards draw from that `fake` and `data` do not carry.
const CATCH_ADJECTIVE: &[&str] = <EN as Data>::COMPANY_BUZZWORD_HEAD;
const CATCH_DESCRIPTOR: &[&str] = <EN as Data>::COMPANY_BUZZWORD_MIDDLE;
const CATCH_NOUN: &[&str] = <EN as Data>::COMPANY_BUZZWORD_TAIL;
const BS_ADJECTIVE: &[&str] = <EN as Data>::COMPANY_BS_ADJ;
const BS_BUZZ: &[&str] = <EN as Data>::COMPANY_BS_VERBS;
const BS_NOUN: &[&str] = <EN as Data>::COMPANY_BS_NOUNS;
const FREE_EMAIL: &[&str] = <EN as Data>::INTERNET_FREE_EMAIL_PROVIDER;
const DOMAIN_SUFFIX: &[&str] = &["com", "biz", "info", "name", "net", "org"];

/// `new Date(2012, 1, 2)` of `createTransaction`, as JSON.stringify prints it in UTC.
const TRANSACTION_DATE: &str = "2012-02-02T00:00:00.000Z";
/// contextualCard's `dob` reference, `Sat Sep 20 1992 21:35:02 GMT+0200`, in Unix ms.
const DOB_REF_MS: i64 = 717_017_702_000;
const DOB_SPAN_MS: i64 = 50 * 365 * 86_400_000;

/// One piece of a card.
#[derive(Debug)]
pub(crate) enum Node {
    Object(&'static [(&'static str, Node)]),
    Array(&'static [Node]),
    /// A string value, drawn per record.
    Str(Gen),
}

/// A value faker.js draws for a card field, named after the faker.js call.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Gen {
    FindName,
    UserName,
    Email,
    StreetName,
    StreetAddress {
        full: bool,
    },
    SecondaryAddress,
    City,
    State,
    Country,
    ZipCode,
    Latitude,
    Longitude,
    Phone,
    DomainName,
    CompanyName,
    CatchPhrase,
    Bs,
    LoremWords,
    LoremSentence,
    LoremSentences,
    LoremParagraph,
    Amount,
    Fixed(&'static str),
    /// `accountName() + " " + mask()`.
    AccountNameMask,
    TransactionType,
    Account,
    Avatar,
    /// `date.past(50, refDate)` as an ISO 8601 string.
    Dob,
    /// contextualCard's first name, remembered for the user name and email.
    ContextName,
    /// `userName(name)`, remembered for the email.
    ContextUserName,
    /// `email(userName)`.
    ContextEmail,
}

/// What contextualCard remembers between fields.
#[derive(Default)]
struct State {
    first: &'static str,
    tail: Tail,
}

/// faker.js's `userName` after the first name: `{0-99}`, `{.|_}Last` or `{.|_}Last{0-99}`.
#[derive(Clone, Copy, Default)]
struct Tail {
    pattern: u8,
    sep: char,
    last: &'static str,
    num: u8,
}

impl Tail {
    /// Bytes a tail can add: a separator, a last name and two digits.
    fn max_len() -> usize {
        1 + longest(LAST_NAME) + 2
    }

    fn draw(cx: &mut Cx<'_>) -> Tail {
        Tail {
            pattern: cx.rng.below(3) as u8,
            sep: if cx.rng.coin() { '.' } else { '_' },
            last: cx.rng.pick_str(LAST_NAME),
            num: cx.rng.below(100) as u8,
        }
    }

    fn write(&self, out: &mut String, slug: bool) {
        if self.pattern == 0 {
            push_number(out, self.num);
            return;
        }
        out.push(self.sep);
        push_user(out, self.last, slug);
        if self.pattern == 2 {
            push_number(out, self.num);
        }
    }
}

fn push_number(out: &mut String, n: u8) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Text as `userName` keeps it (no `'` or space), and with `slug` as `slugify` then keeps it.
fn push_user(out: &mut String, s: &str, slug: bool) {
    out.extend(
        s.chars()
            .filter(|&c| c != '\'' && c != ' ' && (!slug || is_slug_char(c))),
    );
}

/// Where a card is written: the record's randomness, the output and how quotes print.
struct Writer<'w, 'c> {
    cx: &'w mut Cx<'c>,
    out: &'w mut String,
    quote: &'static str,
    iso: &'w MomentFormat,
}

impl Node {
    fn write(&self, w: &mut Writer<'_, '_>, state: &mut State) {
        match self {
            Node::Object(members) => {
                w.out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        w.out.push(',');
                    }
                    w.out.push_str(w.quote);
                    w.out.push_str(key);
                    w.out.push_str(w.quote);
                    w.out.push(':');
                    value.write(w, state);
                }
                w.out.push('}');
            }
            Node::Array(items) => {
                w.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        w.out.push(',');
                    }
                    item.write(w, state);
                }
                w.out.push(']');
            }
            Node::Str(gen_) => {
                w.out.push_str(w.quote);
                gen_.write(w, state);
                w.out.push_str(w.quote);
            }
        }
    }

    fn max_len(&self, quote: usize) -> usize {
        match self {
            Node::Object(members) => {
                2 + members
                    .iter()
                    .map(|(k, v)| 1 + 2 * quote + k.len() + 1 + v.max_len(quote))
                    .sum::<usize>()
            }
            Node::Array(items) => 2 + items.iter().map(|v| 1 + v.max_len(quote)).sum::<usize>(),
            Node::Str(g) => 2 * quote + g.max_len(),
        }
    }
}

impl Gen {
    fn max_len(self) -> usize {
        let first = longest(FIRST_NAME);
        let street_name = address::street_name_len();
        let email = first + Tail::max_len() + 1 + longest(FREE_EMAIL);
        match self {
            Gen::FindName => name::Op::FindName {
                first: None,
                last: None,
            }
            .max_len(),
            Gen::UserName => first + Tail::max_len(),
            Gen::Email => email,
            Gen::StreetName => street_name,
            Gen::StreetAddress { full } => 6 + street_name + if full { 10 } else { 0 },
            Gen::SecondaryAddress => address::SECONDARY_LEN,
            Gen::City => address::Op::City(None).max_len(),
            Gen::State => longest(STATE),
            Gen::Country => longest(COUNTRY),
            Gen::ZipCode => "#####-####".len(),
            Gen::Latitude => "-90.0000".len(),
            Gen::Longitude => "-180.0000".len(),
            Gen::Phone => phone::PHONE_MAX_LEN,
            Gen::DomainName => first + 1 + longest(DOMAIN_SUFFIX),
            Gen::CompanyName => super::company::company_name_len(),
            Gen::CatchPhrase => {
                longest(CATCH_ADJECTIVE) + longest(CATCH_DESCRIPTOR) + longest(CATCH_NOUN) + 2
            }
            Gen::Bs => longest(BS_ADJECTIVE) + longest(BS_BUZZ) + longest(BS_NOUN) + 2,
            Gen::LoremWords => lorem::sentence_max(Some(3)),
            Gen::LoremSentence => lorem::sentence_max(None),
            Gen::LoremSentences => lorem::sentences_max(None, 1),
            Gen::LoremParagraph => lorem::paragraph_max(3),
            Gen::Amount => "1000.00".len(),
            Gen::Fixed(s) => s.len(),
            Gen::AccountNameMask => longest(ACCOUNT_TYPE) + " Account ####".len(),
            Gen::TransactionType => longest(TRANSACTION_TYPE),
            Gen::Account => 8,
            Gen::Avatar => image::AVATAR_MAX_LEN,
            Gen::Dob => "1992-09-20T19:35:02.000Z".len(),
            Gen::ContextName => first,
            Gen::ContextUserName => first + Tail::max_len(),
            Gen::ContextEmail => email + Tail::max_len(),
        }
    }

    fn write(self, w: &mut Writer<'_, '_>, state: &mut State) {
        let (cx, out) = (&mut *w.cx, &mut *w.out);
        match self {
            Gen::FindName => name::Op::FindName {
                first: None,
                last: None,
            }
            .render(cx, out),
            Gen::UserName => {
                let first = cx.rng.pick_str(FIRST_NAME);
                push_user(out, first, false);
                Tail::draw(cx).write(out, false);
            }
            Gen::Email => {
                let first = cx.rng.pick_str(FIRST_NAME);
                push_user(out, first, true);
                Tail::draw(cx).write(out, true);
                out.push('@');
                out.push_str(cx.rng.pick_str(FREE_EMAIL));
            }
            Gen::StreetName => address::street_name_into(cx, out),
            Gen::StreetAddress { full } => {
                let digits = 5 - cx.rng.below(3) as usize;
                push_digits(cx, out, digits);
                out.push(' ');
                address::street_name_into(cx, out);
                if full {
                    out.push(' ');
                    address::secondary_address_into(cx, out);
                }
            }
            Gen::SecondaryAddress => address::secondary_address_into(cx, out),
            Gen::City => address::Op::City(None).render(cx, out),
            Gen::State => out.push_str(cx.rng.pick_str(STATE)),
            Gen::Country => out.push_str(cx.rng.pick_str(COUNTRY)),
            Gen::ZipCode => {
                let format = if cx.rng.coin() { "#####" } else { "#####-####" };
                address::replace_symbols(cx, format, out);
            }
            Gen::Latitude => write_fixed4(out, cx.rng.range_i64(0, 1_800_000) - 900_000),
            Gen::Longitude => write_fixed4(out, cx.rng.range_i64(0, 3_600_000) - 1_800_000),
            Gen::Phone => phone::write_phone_number(cx, out),
            Gen::DomainName => {
                // faker.js's domainWord: a first name without ``\~#&*{}/:<>?|"'``, lower-cased.
                let word = cx.rng.pick_str(FIRST_NAME);
                out.extend(
                    word.chars()
                        .filter(|c| !"\\~#&*{}/:<>?|\"'".contains(*c))
                        .flat_map(char::to_lowercase),
                );
                out.push('.');
                out.push_str(cx.rng.pick_str(DOMAIN_SUFFIX));
            }
            Gen::CompanyName => super::company::company_name_into(cx, None, out),
            Gen::CatchPhrase => {
                write_words(cx, out, &[CATCH_ADJECTIVE, CATCH_DESCRIPTOR, CATCH_NOUN])
            }
            Gen::Bs => write_words(cx, out, &[BS_ADJECTIVE, BS_BUZZ, BS_NOUN]),
            Gen::LoremWords => lorem::write_words(cx, out, 3, ' '),
            Gen::LoremSentence => lorem::write_sentence(cx, out, None),
            Gen::LoremSentences => lorem::write_sentences(cx, out, None, " "),
            Gen::LoremParagraph => lorem::write_paragraph(cx, out, 3),
            Gen::Amount => {
                out.push_str(itoa::Buffer::new().format(cx.rng.range_i64(0, 1000)));
                out.push_str(".00");
            }
            Gen::Fixed(s) => out.push_str(s),
            Gen::AccountNameMask => {
                out.push_str(cx.rng.pick_str(ACCOUNT_TYPE));
                out.push_str(" Account ");
                push_digits(cx, out, 4);
            }
            Gen::TransactionType => out.push_str(cx.rng.pick_str(TRANSACTION_TYPE)),
            Gen::Account => push_digits(cx, out, 8),
            Gen::Avatar => image::write_avatar(cx, out),
            Gen::Dob => {
                let ms = DOB_REF_MS - cx.rng.range_i64(1000, DOB_SPAN_MS);
                w.iso.write(
                    out,
                    Instant {
                        ms,
                        offset_secs: 0,
                        utc: true,
                    },
                );
            }
            Gen::ContextName => {
                state.first = cx.rng.pick_str(FIRST_NAME);
                out.push_str(state.first);
            }
            Gen::ContextUserName => {
                state.tail = Tail::draw(cx);
                push_user(out, state.first, false);
                state.tail.write(out, false);
            }
            Gen::ContextEmail => {
                // email(userName): userName(userName) slugified, so the user name gets a tail.
                push_user(out, state.first, true);
                state.tail.write(out, true);
                Tail::draw(cx).write(out, true);
                out.push('@');
                out.push_str(cx.rng.pick_str(FREE_EMAIL));
            }
        }
    }
}

fn push_digits(cx: &mut Cx<'_>, out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(char::from(b'0' + cx.rng.below(10) as u8));
    }
}

/// `v / 10^4` with exactly four decimals, as JavaScript's `toFixed(4)` prints it.
fn write_fixed4(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    out.push_str(itoa::Buffer::new().format(a / 10_000));
    out.push('.');
    let frac = a % 10_000;
    for d in [1000, 100, 10, 1] {
        out.push(char::from(b'0' + (frac / d % 10) as u8));
    }
}

/// One word of each table, joined by spaces.
fn write_words(cx: &mut Cx<'_>, out: &mut String, tables: &[&[&str]]) {
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(cx.rng.pick_str(table));
    }
}

const GEO: Node = Node::Object(&[
    ("lat", Node::Str(Gen::Latitude)),
    ("lng", Node::Str(Gen::Longitude)),
]);

const COMPANY: Node = Node::Object(&[
    ("name", Node::Str(Gen::CompanyName)),
    ("catchPhrase", Node::Str(Gen::CatchPhrase)),
    ("bs", Node::Str(Gen::Bs)),
]);

const POST: Node = Node::Object(&[
    ("words", Node::Str(Gen::LoremWords)),
    ("sentence", Node::Str(Gen::LoremSentence)),
    ("sentences", Node::Str(Gen::LoremSentences)),
    ("paragraph", Node::Str(Gen::LoremParagraph)),
]);

/// The short address of userCard and contextualCard.
const ADDRESS: Node = Node::Object(&[
    ("street", Node::Str(Gen::StreetName)),
    ("suite", Node::Str(Gen::SecondaryAddress)),
    ("city", Node::Str(Gen::City)),
    ("zipcode", Node::Str(Gen::ZipCode)),
    ("geo", GEO),
]);

/// faker.js 3.1.0's `createTransaction`.
static TRANSACTION: Node = TRANSACTION_NODE;

/// faker.js 3.1.0's `createCard`.
static CREATE_CARD: Node = Node::Object(&[
    ("name", Node::Str(Gen::FindName)),
    ("username", Node::Str(Gen::UserName)),
    ("email", Node::Str(Gen::Email)),
    (
        "address",
        Node::Object(&[
            ("streetA", Node::Str(Gen::StreetName)),
            ("streetB", Node::Str(Gen::StreetAddress { full: false })),
            ("streetC", Node::Str(Gen::StreetAddress { full: true })),
            ("streetD", Node::Str(Gen::SecondaryAddress)),
            ("city", Node::Str(Gen::City)),
            ("state", Node::Str(Gen::State)),
            ("country", Node::Str(Gen::Country)),
            ("zipcode", Node::Str(Gen::ZipCode)),
            ("geo", GEO),
        ]),
    ),
    ("phone", Node::Str(Gen::Phone)),
    ("website", Node::Str(Gen::DomainName)),
    ("company", COMPANY),
    ("posts", Node::Array(&[POST, POST, POST])),
    (
        "accountHistory",
        Node::Array(&[TRANSACTION_NODE, TRANSACTION_NODE, TRANSACTION_NODE]),
    ),
]);

/// [`TRANSACTION`] as a constant, to nest it in createCard.
const TRANSACTION_NODE: Node = Node::Object(&[
    ("amount", Node::Str(Gen::Amount)),
    ("date", Node::Str(Gen::Fixed(TRANSACTION_DATE))),
    ("business", Node::Str(Gen::CompanyName)),
    ("name", Node::Str(Gen::AccountNameMask)),
    ("type", Node::Str(Gen::TransactionType)),
    ("account", Node::Str(Gen::Account)),
]);

/// faker.js 3.1.0's `contextualCard`.
static CONTEXTUAL_CARD: Node = Node::Object(&[
    ("name", Node::Str(Gen::ContextName)),
    ("username", Node::Str(Gen::ContextUserName)),
    ("avatar", Node::Str(Gen::Avatar)),
    ("email", Node::Str(Gen::ContextEmail)),
    ("dob", Node::Str(Gen::Dob)),
    ("phone", Node::Str(Gen::Phone)),
    ("address", ADDRESS),
    ("website", Node::Str(Gen::DomainName)),
    ("company", COMPANY),
]);

/// faker.js 3.1.0's `userCard`.
static USER_CARD: Node = Node::Object(&[
    ("name", Node::Str(Gen::FindName)),
    ("username", Node::Str(Gen::UserName)),
    ("email", Node::Str(Gen::Email)),
    ("address", ADDRESS),
    ("phone", Node::Str(Gen::Phone)),
    ("website", Node::Str(Gen::DomainName)),
    ("company", COMPANY),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn slugs() {
        assert_eq!(slug("Hello World!"), "Hello-World");
        assert_eq!(slug("a.b_c-d é/ f"), "a.b_c-d--f");
        assert_eq!(slug(""), "");
    }

    #[test]
    fn mustache_replaces_every_occurrence_in_key_order() {
        let data = [("a", "{{b}}".to_owned()), ("b", "x".to_owned())];
        let s = |t| substitute(t, &data, 100).unwrap();
        assert_eq!(s("{{a}}-{{b}}-{{a}} {{c}}"), "x-x-x {{c}}");
        assert_eq!(s("{{ a }}"), "{{ a }}");
        // The text may be as long as the template on the way.
        assert_eq!(substitute("{{a}}{{a}}{{a}}", &data, 3).unwrap(), "xxx");
        let doubling = [("a", "{{b}}{{b}}".to_owned()), ("b", "x".to_owned())];
        assert_eq!(substitute("{{a}}{{a}}{{a}}", &doubling, 20), Err(30));
        assert_eq!(
            substitute("{{a}}{{a}}{{a}}", &doubling, 30).unwrap(),
            "xxxxxx"
        );
    }

    #[test]
    fn fixed4() {
        let p = |v| {
            let mut s = String::new();
            write_fixed4(&mut s, v);
            s
        };
        assert_eq!(p(-900_000), "-90.0000");
        assert_eq!(p(-5), "-0.0005");
        assert_eq!(p(0), "0.0000");
        assert_eq!(p(1_800_000), "180.0000");
        assert_eq!(p(123_456), "12.3456");
    }

    #[test]
    fn dob_reference_is_faker_js_date() {
        // `new Date("Sat Sep 20 1992 21:35:02 GMT+0200 (CEST)")`.
        let mut s = String::new();
        MomentFormat::iso_millis().write(
            &mut s,
            Instant {
                ms: DOB_REF_MS,
                offset_secs: 0,
                utc: true,
            },
        );
        assert_eq!(s, "1992-09-20T19:35:02.000Z");
    }

    /// Card values are written unescaped inside quotes: no table may hold a character that
    /// JSON would escape.
    #[test]
    fn card_tables_never_need_escaping() {
        let tables: &[&[&str]] = &[
            FIRST_NAME,
            LAST_NAME,
            STATE,
            COUNTRY,
            <EN as Data>::ADDRESS_STREET_SUFFIX,
            <EN as Data>::COMPANY_SUFFIX,
            CATCH_ADJECTIVE,
            CATCH_DESCRIPTOR,
            CATCH_NOUN,
            BS_ADJECTIVE,
            BS_BUZZ,
            BS_NOUN,
            FREE_EMAIL,
            DOMAIN_SUFFIX,
            ACCOUNT_TYPE,
            TRANSACTION_TYPE,
            lorem::LOREM_WORD,
            phone::PHONE_FORMATS,
            super::super::data::CITY_PREFIX,
            super::super::data::CITY_SUFFIX,
            super::super::data::NAME_PREFIX,
            super::super::data::NAME_SUFFIX,
        ];
        for table in tables {
            for s in *table {
                assert!(!json::needs_escape(s), "{s:?}");
            }
        }
    }
}
