//! `internet.*`: addresses, user names, e-mail addresses, URLs, colours, passwords and the
//! later faker.js additions (`ipv6`, `port`, `httpMethod`, `httpStatusCode`).

use fake::locales::{Data, EN};

use super::data::{FIRST_NAME, LAST_NAME};
use super::random;
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::{Error, shorten};
use crate::json;
use crate::syntax::ast::ArgKind;
use crate::value;

const FIRST_LAST: [Param; 2] = [
    Param {
        name: "firstName",
        ty: "string",
        default: "random",
    },
    Param {
        name: "lastName",
        ty: "string",
        default: "random",
    },
];

/// A colour component's base.
const fn base(name: &'static str) -> Param {
    Param {
        name,
        ty: "number 0-255",
        default: "0",
    }
}

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "internet.ip",
        params: &[],
        summary: "an IPv4 address, four octets 0-255",
        example: "{{internet.ip}}",
        returns: Returns::String,
        compile: ip,
    },
    FnDef {
        name: "internet.avatar",
        params: &[],
        summary: "a uifaces avatar URL (https://s3.amazonaws.com/uifaces/faces/twitter/{user}/128.jpg)",
        example: "{{internet.avatar}}",
        returns: Returns::String,
        compile: avatar,
    },
    FnDef {
        name: "internet.email",
        params: &[
            FIRST_LAST[0],
            FIRST_LAST[1],
            Param {
                name: "provider",
                ty: "string",
                default: "gmail.com, yahoo.com or hotmail.com",
            },
        ],
        summary: "a user name, slugified, at a free e-mail provider: Sherman_Lakin89@hotmail.com",
        example: "{{internet.email}}",
        returns: Returns::String,
        compile: email,
    },
    FnDef {
        name: "internet.exampleEmail",
        params: &FIRST_LAST,
        summary: "a user name, slugified, at example.org, example.com or example.net",
        example: "{{internet.exampleEmail}}",
        returns: Returns::String,
        compile: example_email,
    },
    FnDef {
        name: "internet.userName",
        params: &FIRST_LAST,
        summary: "First{0-99}, First{.|_}Last or First{.|_}Last{0-99}, without apostrophes and spaces",
        example: "{{internet.userName}}",
        returns: Returns::String,
        compile: user_name,
    },
    FnDef {
        name: "internet.protocol",
        params: &[],
        summary: "http or https",
        example: "{{internet.protocol}}",
        returns: Returns::String,
        compile: protocol,
    },
    FnDef {
        name: "internet.url",
        params: &[],
        summary: "{protocol}://{domainName}, e.g. http://holly.net",
        example: "{{internet.url}}",
        returns: Returns::String,
        compile: url,
    },
    FnDef {
        name: "internet.domainName",
        params: &[],
        summary: "{domainWord}.{domainSuffix}, e.g. juana.com",
        example: "{{internet.domainName}}",
        returns: Returns::String,
        compile: domain_name,
    },
    FnDef {
        name: "internet.domainSuffix",
        params: &[],
        summary: "com, biz, info, name, net or org",
        example: "{{internet.domainSuffix}}",
        returns: Returns::String,
        compile: domain_suffix,
    },
    FnDef {
        name: "internet.domainWord",
        params: &[],
        summary: "a first name in lower case, e.g. brennon",
        example: "{{internet.domainWord}}",
        returns: Returns::String,
        compile: domain_word,
    },
    FnDef {
        name: "internet.userAgent",
        params: &[],
        summary: "a browser user agent in faker.js 3.1.0's grammar (Chrome, IE, Firefox, Safari, Opera)",
        example: "{{internet.userAgent}}",
        returns: Returns::String,
        compile: user_agent,
    },
    FnDef {
        name: "internet.color",
        params: &[
            base("baseRed255"),
            base("baseGreen255"),
            base("baseBlue255"),
        ],
        summary: "#rrggbb, each component the mean of a random 0-256 and its base",
        example: "{{internet.color(255, 255, 255)}}",
        returns: Returns::String,
        compile: color,
    },
    FnDef {
        name: "internet.mac",
        params: &[],
        summary: "a MAC address, six lowercase hex pairs joined by colons",
        example: "{{internet.mac}}",
        returns: Returns::String,
        compile: mac,
    },
    FnDef {
        name: "internet.password",
        params: &[
            Param {
                name: "len",
                ty: "number",
                default: "15",
            },
            Param {
                name: "memorable",
                ty: "boolean",
                default: "false",
            },
            Param {
                name: "pattern",
                ty: "regex character class, e.g. \"[a-z]\"",
                default: "\\w",
            },
            Param {
                name: "prefix",
                ty: "string",
                default: "",
            },
        ],
        summary: "len characters matching pattern (A-Z, a-z, 0-9, _), the prefix counted in; memorable alternates consonants and vowels",
        example: "{{internet.password(12)}}",
        returns: Returns::String,
        compile: password,
    },
    FnDef {
        name: "internet.session",
        params: &[],
        summary: "a number from 1.007e15 to 9.007e15, sometimes with a fraction (KDG)",
        example: "{{internet.session}}",
        returns: Returns::Number,
        compile: session,
    },
    FnDef {
        name: "internet.ipv6",
        params: &[],
        summary: "an IPv6 address, eight groups of four lowercase hex digits (later faker.js)",
        example: "{{internet.ipv6}}",
        returns: Returns::String,
        compile: ipv6,
    },
    FnDef {
        name: "internet.port",
        params: &[],
        summary: "a port number 0-65535 (later faker.js)",
        example: "{{internet.port}}",
        returns: Returns::Number,
        compile: port,
    },
    FnDef {
        name: "internet.httpMethod",
        params: &[],
        summary: "GET, POST, PUT, DELETE or PATCH (later faker.js)",
        example: "{{internet.httpMethod}}",
        returns: Returns::String,
        compile: http_method,
    },
    FnDef {
        name: "internet.httpStatusCode",
        params: &[Param {
            name: "options",
            ty: "{types: [informational | success | redirection | clientError | serverError]}",
            default: "all types",
        }],
        summary: "an HTTP status code of the given types (later faker.js)",
        example: r#"{{internet.httpStatusCode({"types":["success","clientError"]})}}"#,
        returns: Returns::Number,
        compile: http_status_code,
    },
];

/// faker.js 3.1.0 `internet.free_email` (the same three as `fake`'s).
const FREE_EMAIL: &[&str] = <EN as Data>::INTERNET_FREE_EMAIL_PROVIDER;
/// faker.js 3.1.0 `internet.example_email`.
const EXAMPLE_EMAIL: &[&str] = &["example.org", "example.com", "example.net"];
/// faker.js 3.1.0 `internet.domain_suffix` (`fake`'s list adds `io` and `co`).
const DOMAIN_SUFFIX: &[&str] = &["com", "biz", "info", "name", "net", "org"];
const PROTOCOL: &[&str] = &["http", "https"];
const HTTP_METHOD: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];

/// Later faker.js `internet.http_status_code`, by type.
const HTTP_STATUS: &[(&str, &[u16])] = &[
    ("informational", &[100, 101, 102, 103]),
    (
        "success",
        &[200, 201, 202, 203, 204, 205, 206, 207, 208, 226],
    ),
    (
        "redirection",
        &[300, 301, 302, 303, 304, 305, 306, 307, 308],
    ),
    (
        "clientError",
        &[
            400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416,
            417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
        ],
    ),
    (
        "serverError",
        &[500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
    ),
];

/// What `domainWord` strips from a first name (faker.js 3.1.0's character class).
const NOT_IN_DOMAIN: &[char] = &[
    '\\', '~', '#', '&', '*', '{', '}', '/', ':', '<', '>', '?', '|', '"', '\'',
];

/// Names given to `userName`/`email`, already stripped as the output would strip them; `None`
/// draws one per record.
#[derive(Debug)]
pub(crate) struct Names {
    first: Option<Box<str>>,
    last: Option<Box<str>>,
}

/// Where an e-mail address goes.
#[derive(Debug)]
pub(crate) enum Provider {
    Free,
    Example,
    Given(Box<str>),
}

/// A compiled `internet.password`.
#[derive(Debug)]
pub(crate) struct Password {
    prefix: Box<str>,
    /// Characters still to draw after the prefix.
    draws: usize,
    chars: PasswordChars,
}

#[derive(Debug)]
enum PasswordChars {
    /// Alternating lowercase consonants and vowels, starting with a vowel when the prefix ends
    /// in a consonant.
    Memorable { vowel_first: bool },
    /// Uniform over the printable ASCII characters the pattern matches.
    Class(Box<[u8]>),
}

/// A compiled `internet.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    Ipv4,
    Avatar,
    UserName(Names),
    Email { names: Names, provider: Provider },
    Url,
    DomainName,
    DomainWord,
    Color([u8; 3]),
    Mac,
    Password(Box<Password>),
    Session,
    Ipv6,
    UserAgent,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        let domain = longest(FIRST_NAME) + 1 + longest(DOMAIN_SUFFIX);
        match self {
            Op::Ipv4 => 15,
            Op::Avatar => super::image::AVATAR_MAX_LEN,
            Op::UserName(names) => names.max_len(),
            Op::Email { names, provider } => {
                names.max_len()
                    + 1
                    + match provider {
                        Provider::Free => longest(FREE_EMAIL),
                        Provider::Example => longest(EXAMPLE_EMAIL),
                        Provider::Given(p) => p.len(),
                    }
            }
            Op::Url => longest(PROTOCOL) + 3 + domain,
            Op::DomainName => domain,
            Op::DomainWord => longest(FIRST_NAME),
            Op::Color(_) => 7,
            Op::Mac => 17,
            Op::Password(p) => p.prefix.len() + p.draws,
            // 16 integer digits and at most a point and three fraction digits (an ulp is at
            // least 1/8 in this range).
            Op::Session => 24,
            Op::Ipv6 => 39,
            Op::UserAgent => super::user_agent::MAX_LEN,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Ipv4 => {
                let octets = cx.rng.next_u32().to_be_bytes();
                for (i, o) in octets.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    // Two digits at a time from a table: a third of itoa's instructions.
                    crate::time::moment::push_decimal(out, i64::from(*o));
                }
            }
            // The same avatars as `image.avatar`.
            Op::Avatar => super::image::write_avatar(cx, out),
            Op::UserName(names) => names.render(cx, out),
            Op::Email { names, provider } => {
                let domain = match provider {
                    Provider::Free => Domain::Free,
                    Provider::Example => Domain::Example,
                    Provider::Given(p) => Domain::Given(p),
                };
                push_email(cx, names.given(), domain, out);
            }
            Op::Url => {
                out.push_str(cx.rng.pick_str(PROTOCOL));
                out.push_str("://");
                push_domain_name(cx, out);
            }
            Op::DomainName => push_domain_name(cx, out),
            Op::DomainWord => push_domain_word(cx, out),
            Op::Color(base) => {
                out.push('#');
                for &b in base {
                    // faker.js: floor((number(256) + base) / 2), so 0..=255 for a base 0..=255.
                    let v = (cx.rng.below(257) + u64::from(b)) / 2;
                    push_hex(out, v >> 4);
                    push_hex(out, v & 15);
                }
            }
            Op::Mac => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let mut text = *b"00:00:00:00:00:00";
                // One draw per digit, in order, skipping the colons.
                for at in [0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16] {
                    text[at] = HEX[cx.rng.index(16)];
                }
                out.push_str(std::str::from_utf8(&text).unwrap_or_default());
            }
            Op::Password(p) => p.render(cx, out),
            Op::Session => {
                // KDG: Math.random() × (2^53 − 1 − 1007199254740991) + 1007199254740991.
                let v = cx.rng.unit_f64() * 8_000_000_000_000_000.0 + 1_007_199_254_740_991.0;
                value::write_js_number(out, v);
            }
            Op::Ipv6 => {
                let bits = (u128::from(cx.rng.next_u64()) << 64) | u128::from(cx.rng.next_u64());
                for group in 0..8 {
                    if group > 0 {
                        out.push(':');
                    }
                    for nibble in 0..4 {
                        let shift = 124 - 4 * (group * 4 + nibble);
                        push_hex(out, ((bits >> shift) & 15) as u64);
                    }
                }
            }
            Op::UserAgent => super::user_agent::write(cx.rng, out),
        }
    }
}

impl Names {
    fn max_len(&self) -> usize {
        let first = self.first.as_ref().map_or(longest(FIRST_NAME), |f| f.len());
        let last = self.last.as_ref().map_or(longest(LAST_NAME), |l| l.len());
        first + 1 + last + 2
    }

    fn given(&self) -> [Option<Given<'_>>; 2] {
        [
            self.first.as_deref().map(Given::Stripped),
            self.last.as_deref().map(Given::Stripped),
        ]
    }

    fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        push_user_name(cx, self.given(), out);
    }
}

/// A first or last name given to `userName`/`email`: stripped already, or text to strip as it
/// is written (with the test of the characters kept).
#[derive(Clone, Copy)]
pub(super) enum Given<'a> {
    Stripped(&'a str),
    Raw(&'a str, fn(char) -> bool),
}

impl Given<'_> {
    fn push(self, out: &mut String) {
        match self {
            Given::Stripped(s) => out.push_str(s),
            Given::Raw(s, keep) => out.extend(s.chars().filter(|&c| keep(c))),
        }
    }
}

/// A name's text as `userName` takes it: an empty text draws one, as in faker.js.
pub(super) fn given_user(text: Option<&str>) -> Option<Given<'_>> {
    text.filter(|s| !s.is_empty())
        .map(|s| Given::Raw(s, keep_in_user_name))
}

/// A name's text as `email` takes it.
pub(super) fn given_email(text: Option<&str>) -> Option<Given<'_>> {
    text.filter(|s| !s.is_empty())
        .map(|s| Given::Raw(s, keep_in_email))
}

/// What `userName` keeps of a given name: all but `'` and spaces.
fn keep_in_user_name(c: char) -> bool {
    c != '\'' && c != ' '
}

/// What `email` keeps of a given name: what `helpers.slugify` keeps (`A-Z a-z 0-9 _ . -`).
fn keep_in_email(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Where an e-mail address goes, borrowed.
#[derive(Clone, Copy)]
pub(super) enum Domain<'a> {
    Free,
    Example,
    Given(&'a str),
}

/// `email`'s provider argument: none or empty is a free provider.
pub(super) fn domain_of(text: Option<&str>) -> Domain<'_> {
    match text {
        None | Some("") => Domain::Free,
        Some(p) => Domain::Given(p),
    }
}

/// faker.js 3.1.0 `email`: a user name, `@` and the provider.
pub(super) fn push_email(
    cx: &mut Cx<'_>,
    names: [Option<Given<'_>>; 2],
    domain: Domain<'_>,
    out: &mut String,
) {
    push_user_name(cx, names, out);
    out.push('@');
    out.push_str(match domain {
        Domain::Free => cx.rng.pick_str(FREE_EMAIL),
        Domain::Example => cx.rng.pick_str(EXAMPLE_EMAIL),
        Domain::Given(p) => p,
    });
}

/// faker.js 3.1.0 `userName`: pattern 0..=2 is `First{0-99}`, `First{.|_}Last` or
/// `First{.|_}Last{0-99}`.
pub(super) fn push_user_name(
    cx: &mut Cx<'_>,
    [first, last]: [Option<Given<'_>>; 2],
    out: &mut String,
) {
    match first {
        Some(f) => f.push(out),
        // English first names are letters only: nothing to strip.
        None => out.push_str(cx.rng.pick_str(FIRST_NAME)),
    }
    let pattern = cx.rng.below(3);
    if pattern > 0 {
        out.push(if cx.rng.coin() { '.' } else { '_' });
        match last {
            Some(l) => l.push(out),
            None => {
                for c in cx.rng.pick_str(LAST_NAME).chars() {
                    if c != '\'' {
                        out.push(c);
                    }
                }
            }
        }
    }
    if pattern != 1 {
        out.push_str(itoa::Buffer::new().format(cx.rng.below(100)));
    }
}

impl Password {
    fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        const VOWELS: &[u8] = b"aeiou";
        const CONSONANTS: &[u8] = b"bcdfghjklmnpqrstvwxyz";
        out.push_str(&self.prefix);
        match &self.chars {
            PasswordChars::Memorable { vowel_first } => {
                for i in 0..self.draws {
                    let vowel = (i % 2 == 0) == *vowel_first;
                    let set = if vowel { VOWELS } else { CONSONANTS };
                    out.push(char::from(set[cx.rng.index(set.len())]));
                }
            }
            PasswordChars::Class(set) => {
                for _ in 0..self.draws {
                    out.push(char::from(set[cx.rng.index(set.len())]));
                }
            }
        }
    }
}

fn push_hex(out: &mut String, nibble: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(char::from(HEX[(nibble & 15) as usize]));
}

fn push_domain_word(cx: &mut Cx<'_>, out: &mut String) {
    for c in cx.rng.pick_str(FIRST_NAME).chars() {
        if !NOT_IN_DOMAIN.contains(&c) {
            out.extend(c.to_lowercase());
        }
    }
}

fn push_domain_name(cx: &mut Cx<'_>, out: &mut String) {
    push_domain_word(cx, out);
    out.push('.');
    out.push_str(cx.rng.pick_str(DOMAIN_SUFFIX));
}

fn ip(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Ipv4), Shape::Plain))
}

fn avatar(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Avatar), Shape::Plain))
}

/// The given first and last names, stripped as faker.js strips them from the result: `'` and
/// spaces for a user name, and for an e-mail address also everything `helpers.slugify` drops
/// (all but `A-Z a-z 0-9 _ . -`). An empty name draws one, as in faker.js (`"" || random`).
fn names(cx: &CallCx<'_, '_>, slug: bool) -> Result<Names, Error> {
    let keep: fn(char) -> bool = if slug {
        keep_in_email
    } else {
        keep_in_user_name
    };
    let given = |i| -> Result<Option<Box<str>>, Error> {
        match cx.arg(i) {
            None => Ok(None),
            Some(arg) => {
                let s = cx.string(arg)?;
                Ok((!s.is_empty()).then(|| s.chars().filter(|&c| keep(c)).collect()))
            }
        }
    };
    Ok(Names {
        first: given(0)?,
        last: given(1)?,
    })
}

fn user_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let names = names(cx, false)?;
    let given: Vec<&str> = [names.first.as_deref(), names.last.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let shape = if given.iter().any(|s| json::needs_escape(s)) {
        Shape::Text
    } else if given.is_empty() {
        // Letters, `.`, `_` and digits, never only digits: never a JSON value.
        Shape::Plain
    } else {
        // A given `"12"` makes `1234`: checked per record.
        Shape::Unescaped
    };
    Ok(Compiled::new(Func::Internet(Op::UserName(names)), shape))
}

fn email_with(cx: &CallCx<'_, '_>, provider: Provider) -> Result<Compiled, Error> {
    let names = names(cx, true)?;
    // The local part is slugified and an `@` always follows: only a given provider can need
    // escaping.
    let shape = match &provider {
        Provider::Given(p) if json::needs_escape(p) => Shape::Text,
        _ => Shape::Plain,
    };
    Ok(Compiled::new(
        Func::Internet(Op::Email { names, provider }),
        shape,
    ))
}

fn email(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let provider = match cx.arg(2) {
        None => Provider::Free,
        Some(arg) => match cx.string(arg)? {
            "" => Provider::Free,
            p => Provider::Given(p.into()),
        },
    };
    email_with(cx, provider)
}

fn example_email(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    email_with(cx, Provider::Example)
}

fn protocol(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(PROTOCOL))
}

fn url(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Url), Shape::Plain))
}

fn domain_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::DomainName), Shape::Plain))
}

fn domain_suffix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(DOMAIN_SUFFIX))
}

fn domain_word(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    // Lower-case letters; no first name is `true`, `false` or `null`.
    Ok(Compiled::new(Func::Internet(Op::DomainWord), Shape::Plain))
}

fn user_agent(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    // Letters, digits, spaces and `()./;:_,`: never escaped, never a JSON value.
    Ok(Compiled::new(Func::Internet(Op::UserAgent), Shape::Plain))
}

fn color(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let mut bases = [0u8; 3];
    for (i, b) in bases.iter_mut().enumerate() {
        if let Some(arg) = cx.arg(i) {
            *b = cx.int_in(arg, 0, 255)? as u8;
        }
    }
    Ok(Compiled::new(
        Func::Internet(Op::Color(bases)),
        Shape::Plain,
    ))
}

fn mac(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Mac), Shape::Plain))
}

fn password(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(4)?;
    let len = match cx.arg(0) {
        None => 15,
        Some(arg) => match cx.count(arg)? {
            0 => return Err(cx.error(arg.span, "a password needs a length of at least 1")),
            n => n as usize,
        },
    };
    let memorable = match cx.arg(1) {
        None => false,
        Some(arg) => match arg.kind {
            ArgKind::Bool(b) => b,
            _ => return Err(cx.type_error(arg, "true or false")),
        },
    };
    let prefix: Box<str> = match cx.arg(3) {
        None => "".into(),
        Some(arg) => cx.string(arg)?.into(),
    };
    let chars = match cx.arg(2) {
        Some(arg) if memorable => {
            cx.string(arg)?;
            return Err(cx.error(
                arg.span,
                "a memorable password alternates consonants and vowels: leave out the pattern",
            ));
        }
        Some(arg) => {
            let set = char_class(cx.string(arg)?).map_err(|why| cx.error(arg.span, why))?;
            PasswordChars::Class(set.into_boxed_slice())
        }
        None if memorable => PasswordChars::Memorable {
            vowel_first: prefix.chars().last().is_some_and(|c| {
                c.is_ascii_alphabetic() && !"aeiou".contains(c.to_ascii_lowercase())
            }),
        },
        None => PasswordChars::Class(
            (33u8..=126)
                .filter(|&c| is_word(c))
                .collect::<Vec<u8>>()
                .into_boxed_slice(),
        ),
    };
    // The prefix counts towards the length, in JavaScript string units.
    let draws = len.saturating_sub(prefix.encode_utf16().count());
    let escapes = match &chars {
        PasswordChars::Class(set) => set.iter().any(|&c| c == b'"' || c == b'\\'),
        PasswordChars::Memorable { .. } => false,
    };
    let shape = if escapes || json::needs_escape(&prefix) {
        Shape::Text
    } else {
        // `12345` is a JSON value: checked per record.
        Shape::Unescaped
    };
    Ok(Compiled::new(
        Func::Internet(Op::Password(Box::new(Password {
            prefix,
            draws,
            chars,
        }))),
        shape,
    ))
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The printable ASCII characters (33–126, what faker.js's password generator draws from) that
/// a one-character regex matches: `\w`, `\d`, `\s` and their negations, `.`, or a bracket class
/// such as `[a-z]`, `[^0-9]`, `[A-Za-z0-9!@#\-]`. Anything else is refused with the reason.
fn char_class(pattern: &str) -> Result<Vec<u8>, String> {
    const HINT: &str = "a pattern is one regex character class, such as \"[a-z]\" or \"\\\\w\"";
    let b = pattern.as_bytes();
    let mut set = [false; 128];
    let mut negate = false;
    match b {
        [b'\\', c] => escape_class(&mut set, *c).ok_or(HINT)?,
        [b'.'] => set.iter_mut().for_each(|m| *m = true),
        [b'[', inner @ .., b']'] => {
            let inner = match inner {
                [b'^', rest @ ..] => {
                    negate = true;
                    rest
                }
                _ => inner,
            };
            bracket(&mut set, inner)?;
        }
        _ => return Err(HINT.to_owned()),
    }
    let chars: Vec<u8> = (33u8..=126)
        .filter(|&c| set[usize::from(c)] != negate)
        .collect();
    if chars.is_empty() {
        return Err(format!(
            "the pattern {pattern:?} matches no printable character"
        ));
    }
    Ok(chars)
}

/// Adds a class escape (`w`, `d`, `s`, `W`, `D`, `S` after a backslash); `None` for others.
fn escape_class(set: &mut [bool; 128], c: u8) -> Option<()> {
    let test: fn(u8) -> bool = match c {
        b'w' => is_word,
        b'W' => |c| !is_word(c),
        b'd' => |c| c.is_ascii_digit(),
        b'D' => |c| !c.is_ascii_digit(),
        b's' => |c| c.is_ascii_whitespace(),
        b'S' => |c| !c.is_ascii_whitespace(),
        _ => return None,
    };
    for (i, m) in set.iter_mut().enumerate() {
        *m |= test(i as u8);
    }
    Some(())
}

/// The inside of `[...]`: literal characters, `a-z` ranges, class escapes and escaped
/// punctuation (`\]`, `\-`, `\\`).
fn bracket(set: &mut [bool; 128], inner: &[u8]) -> Result<(), String> {
    if inner.is_empty() {
        return Err("an empty character class matches nothing".to_owned());
    }
    /// One literal character at `i`, and the index after it; `None` for a class escape.
    fn literal(inner: &[u8], i: usize) -> Result<(Option<u8>, usize), String> {
        match inner[i] {
            b'\\' => match inner.get(i + 1) {
                Some(&c) if c.is_ascii_punctuation() => Ok((Some(c), i + 2)),
                Some(&c) if b"wWdDsS".contains(&c) => Ok((None, i + 2)),
                Some(&c) => Err(format!(
                    "unsupported escape `\\{}` in the pattern",
                    char::from(c)
                )),
                None => Err("the pattern ends with a backslash".to_owned()),
            },
            b']' | b'[' => Err(format!(
                "write `\\{}` for a literal `{}` in a character class",
                char::from(inner[i]),
                char::from(inner[i])
            )),
            c if (b' '..=b'~').contains(&c) => Ok((Some(c), i + 1)),
            _ => Err("a pattern may only use printable ASCII characters".to_owned()),
        }
    }
    let mut i = 0;
    while i < inner.len() {
        let (lo, next) = literal(inner, i)?;
        let Some(lo) = lo else {
            escape_class(set, inner[i + 1]).expect("checked by literal");
            i = next;
            continue;
        };
        // `a-z`, unless the `-` is the last character (then it is literal).
        if inner.get(next) == Some(&b'-') && next + 1 < inner.len() {
            let (hi, after) = literal(inner, next + 1)?;
            let Some(hi) = hi else {
                return Err("a range cannot end in a class escape".to_owned());
            };
            if lo > hi {
                return Err(format!(
                    "the range `{}-{}` is out of order",
                    char::from(lo),
                    char::from(hi)
                ));
            }
            (lo..=hi).for_each(|c| set[usize::from(c)] = true);
            i = after;
        } else {
            set[usize::from(lo)] = true;
            i = next;
        }
    }
    Ok(())
}

fn session(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Session), Shape::Number))
}

fn ipv6(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Internet(Op::Ipv6), Shape::Plain))
}

fn port(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(
        Func::Random(random::Op::Int { lo: 0, hi: 65_535 }),
        Shape::Number,
    ))
}

fn http_method(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(HTTP_METHOD))
}

fn http_status_code(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let mut wanted = [true; 5];
    if let Some(arg) = cx.arg(0) {
        let ArgKind::Object(members) = &arg.kind else {
            return Err(cx.type_error(arg, "an object {\"types\": [...]}"));
        };
        for (key, types) in members {
            if key.name != "types" {
                return Err(cx.error(
                    key.span,
                    format!("unknown key `{}`: expected `types`", shorten(&key.name)),
                ));
            }
            let ArgKind::Array(items) = &types.kind else {
                return Err(cx.type_error(types, "an array of status types"));
            };
            if items.is_empty() {
                return Err(cx.error(types.span, "`types` must not be empty"));
            }
            wanted = [false; 5];
            for item in items {
                let name = cx.string(item)?;
                let k = HTTP_STATUS
                    .iter()
                    .position(|(t, _)| *t == name)
                    .ok_or_else(|| {
                        cx.error(
                            item.span,
                            format!(
                                "unknown status type `{name}`: expected informational, success, redirection, clientError or serverError"
                            ),
                        )
                    })?;
                wanted[k] = true;
            }
        }
    }
    // Numbers print the same in every context.
    let codes: Box<[Box<str>]> = HTTP_STATUS
        .iter()
        .zip(wanted)
        .filter(|(_, w)| *w)
        .flat_map(|((_, codes), _)| codes.iter())
        .map(|c| c.to_string().into_boxed_str())
        .collect();
    Ok(Compiled::new(Func::Choice(codes), Shape::Printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(p: &str) -> String {
        String::from_utf8(char_class(p).unwrap()).unwrap()
    }

    #[test]
    fn character_classes() {
        assert_eq!(class("[a-e]"), "abcde");
        assert_eq!(class("\\d"), "0123456789");
        assert_eq!(class("[0-2x-]"), "-012x");
        assert_eq!(class("[\\]\\\\]"), "\\]");
        assert_eq!(class("[^!-z]"), "{|}~");
        assert_eq!(class("[\\d_]"), "0123456789_");
        assert_eq!(class("\\w").len(), 63);
        assert_eq!(class("\\W").len(), 94 - 63);
        assert_eq!(class(".").len(), 94);
        assert_eq!(class("[A-Ca-c]"), "ABCabc");
        for bad in [
            "", "abc", "[", "[]", "[z-a]", "[a-\\d]", "\\s", "[\\q]", "[é]", "\\", "[a]b", "[[]",
        ] {
            assert!(char_class(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tables() {
        assert_eq!(FREE_EMAIL, ["gmail.com", "yahoo.com", "hotmail.com"]);
        let codes: usize = HTTP_STATUS.iter().map(|(_, c)| c.len()).sum();
        assert_eq!(codes, 4 + 10 + 9 + 29 + 11);
    }
}
