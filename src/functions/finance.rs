//! `finance.*`: accounts, amounts, currencies, transaction types, and later faker.js's card
//! numbers, IBANs, BICs, routing numbers and crypto addresses.

use fake::locales::{Data, EN};

use super::address::{COUNTRY_CODE, flag, push_digits, write_fixed, write_padded};
use super::company::{company_name_into, company_name_len};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::Error;
use crate::json;

/// faker.js 3.1.0's account types.
pub(super) const ACCOUNT_TYPE: &[&str] = &[
    "Checking",
    "Savings",
    "Money Market",
    "Investment",
    "Home Loan",
    "Credit Card",
    "Auto Loan",
    "Personal Loan",
];

pub(super) const TRANSACTION_TYPE: &[&str] = &["deposit", "withdrawal", "payment", "invoice"];

/// The 169 currency names, in faker.js 3.1.0's order (`fake`'s table is identical).
pub(super) const CURRENCY_NAME: &[&str] = <EN as Data>::CURRENCY_NAME;

const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const UPPER_DIGITS: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX: &[u8; 16] = b"0123456789abcdef";

/// The non-empty currency symbols, one entry per currency that has one: faker.js re-draws a
/// currency until its symbol is non-empty, which is a uniform pick from this list.
static CURRENCY_SYMBOLS: [&str; SYMBOL_COUNT] = non_empty(CURRENCY_SYMBOL);
const SYMBOL_COUNT: usize = count_non_empty(CURRENCY_SYMBOL);

const fn count_non_empty(items: &[&str]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < items.len() {
        if !items[i].is_empty() {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn non_empty<const N: usize>(items: &[&'static str]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut k) = (0, 0);
    while i < items.len() {
        if !items[i].is_empty() {
            out[k] = items[i];
            k += 1;
        }
        i += 1;
    }
    out
}

const NO_PARAMS: &[Param] = &[];

/// `finance.amount`'s parameters, which `commerce.price` shares.
pub(super) const AMOUNT_PARAMS: &[Param] = &[
    Param {
        name: "min",
        ty: "number",
        default: "0",
    },
    Param {
        name: "max",
        ty: "number",
        default: "1000",
    },
    Param {
        name: "dec",
        ty: "number",
        default: "2",
    },
    Param {
        name: "symbol",
        ty: "string",
        default: "\"\"",
    },
];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "finance.account",
        params: &[Param {
            name: "length",
            ty: "number",
            default: "8",
        }],
        summary: "an account number of length digits (0 means 8, as in faker.js)",
        example: "{{finance.account(12)}}",
        returns: Returns::String,
        compile: account,
    },
    FnDef {
        name: "finance.accountName",
        params: NO_PARAMS,
        summary: "an account type and `Account`: Credit Card Account",
        example: "{{finance.accountName}}",
        returns: Returns::String,
        compile: account_name,
    },
    FnDef {
        name: "finance.mask",
        params: &[
            Param {
                name: "length",
                ty: "number",
                default: "4",
            },
            Param {
                name: "parens",
                ty: "boolean",
                default: "false",
            },
            Param {
                name: "ellipsis",
                ty: "boolean",
                default: "false",
            },
        ],
        summary: "length digits (0 means 4), optionally after `...` and in parentheses",
        example: "{{finance.mask(4, true, true)}}",
        returns: Returns::String,
        compile: mask,
    },
    FnDef {
        name: "finance.amount",
        params: AMOUNT_PARAMS,
        summary: "a whole amount from min to max, printed with dec decimals after the symbol: 838.00",
        example: "{{finance.amount(10, 500, 2, \"$\")}}",
        returns: Returns::Varies,
        compile: amount,
    },
    FnDef {
        name: "finance.transactionType",
        params: NO_PARAMS,
        summary: "deposit, withdrawal, payment or invoice",
        example: "{{finance.transactionType}}",
        returns: Returns::String,
        compile: transaction_type,
    },
    FnDef {
        name: "finance.currencyCode",
        params: NO_PARAMS,
        summary: "an ISO 4217 code of one of 169 currencies (12 are compound: BOB BOV)",
        example: "{{finance.currencyCode}}",
        returns: Returns::String,
        compile: currency_code,
    },
    FnDef {
        name: "finance.currencyName",
        params: NO_PARAMS,
        summary: "a currency name: Australian Dollar",
        example: "{{finance.currencyName}}",
        returns: Returns::String,
        compile: currency_name,
    },
    FnDef {
        name: "finance.currencySymbol",
        params: NO_PARAMS,
        summary: "the symbol of a currency that has one: $, Kč, €",
        example: "{{finance.currencySymbol}}",
        returns: Returns::String,
        compile: currency_symbol,
    },
    FnDef {
        name: "finance.bitcoinAddress",
        params: NO_PARAMS,
        summary: "1 or 3 and 26-33 base58 characters (the shape, not a valid checksum)",
        example: "{{finance.bitcoinAddress}}",
        returns: Returns::String,
        compile: bitcoin_address,
    },
    FnDef {
        name: "finance.litecoinAddress",
        params: NO_PARAMS,
        summary: "L, M or 3 and 25-32 base58 characters (later faker.js; shape only)",
        example: "{{finance.litecoinAddress}}",
        returns: Returns::String,
        compile: litecoin_address,
    },
    FnDef {
        name: "finance.ethereumAddress",
        params: NO_PARAMS,
        summary: "0x and 40 lowercase hex digits (later faker.js)",
        example: "{{finance.ethereumAddress}}",
        returns: Returns::String,
        compile: ethereum_address,
    },
    FnDef {
        name: "finance.creditCardNumber",
        params: &[Param {
            name: "provider",
            ty: "string",
            default: "any",
        }],
        summary: "a card number with a valid Luhn check digit, for an issuer (visa, mastercard, \
                  american_express, discover, diners_club, jcb) or a format like \
                  \"4###-####-####-###L\" (later faker.js)",
        example: "{{finance.creditCardNumber(\"visa\")}}",
        returns: Returns::String,
        compile: credit_card_number,
    },
    FnDef {
        name: "finance.creditCardCVV",
        params: NO_PARAMS,
        summary: "three digits (later faker.js)",
        example: "{{finance.creditCardCVV}}",
        returns: Returns::String,
        compile: credit_card_cvv,
    },
    FnDef {
        name: "finance.iban",
        params: &[
            Param {
                name: "formatted",
                ty: "boolean",
                default: "false",
            },
            Param {
                name: "countryCode",
                ty: "string",
                default: "any",
            },
        ],
        summary: "an IBAN with valid check digits in its country's length and layout; \
                  formatted: in groups of four (later faker.js)",
        example: "{{finance.iban(true, \"DE\")}}",
        returns: Returns::String,
        compile: iban,
    },
    FnDef {
        name: "finance.bic",
        params: NO_PARAMS,
        summary: "a BIC (ISO 9362): bank, country and location, half with a branch (later faker.js)",
        example: "{{finance.bic}}",
        returns: Returns::String,
        compile: bic,
    },
    FnDef {
        name: "finance.routingNumber",
        params: NO_PARAMS,
        summary: "a US ABA routing number: a Federal Reserve symbol, 4 digits, a check digit \
                  (later faker.js)",
        example: "{{finance.routingNumber}}",
        returns: Returns::String,
        compile: routing_number,
    },
    FnDef {
        name: "finance.transactionDescription",
        params: NO_PARAMS,
        summary: "`payment transaction at Company using card ending with ***1234 for USD 52.10 in \
                  account ***12345678` (later faker.js)",
        example: "{{finance.transactionDescription}}",
        returns: Returns::String,
        compile: transaction_description,
    },
];

/// A compiled `finance.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// `n` digits.
    Digits(u64),
    /// `{type} Account`.
    AccountName,
    /// `(...1234)`.
    Mask {
        len: u64,
        parens: bool,
        ellipsis: bool,
    },
    /// A whole amount with `dec` zero decimals, after `symbol`.
    Amount {
        min: i64,
        max: i64,
        dec: u8,
        symbol: Box<str>,
    },
    /// A first character from `first`, then `min..=max` more base58 characters.
    Base58 {
        first: &'static [u8],
        min: u8,
        max: u8,
    },
    Ethereum,
    /// Card formats by issuer: an issuer is picked uniformly, then one of its formats.
    Card(Box<[Box<[CardFormat]>]>),
    /// An IBAN of one country (an index into [`IBAN`]) or of any.
    Iban {
        country: Option<usize>,
        formatted: bool,
    },
    Bic,
    RoutingNumber,
    TransactionDescription,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Digits(n) => usize::try_from(*n).unwrap_or(usize::MAX),
            Op::AccountName => longest(ACCOUNT_TYPE) + " Account".len(),
            Op::Mask { len, .. } => usize::try_from(*len)
                .unwrap_or(usize::MAX)
                .saturating_add(5),
            Op::Amount { dec, symbol, .. } => symbol.len() + 20 + 1 + usize::from(*dec),
            Op::Base58 { max, .. } => 1 + usize::from(*max),
            Op::Ethereum => 42,
            Op::Card(issuers) => issuers
                .iter()
                .flat_map(|formats| formats.iter())
                .map(CardFormat::max_len)
                .max()
                .unwrap_or(0),
            // 34 characters, and a space after each group of four.
            Op::Iban { .. } => 34 + 8,
            Op::Bic => 11,
            Op::RoutingNumber => 9,
            Op::TransactionDescription => {
                longest(TRANSACTION_TYPE)
                    + " transaction at ".len()
                    + company_name_len()
                    + " using card ending with ***".len()
                    + 4
                    + " for ".len()
                    + longest(CURRENCY_CODE)
                    + " 1000.00".len()
                    + " in account ***".len()
                    + 8
            }
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::Digits(n) => push_digits(cx, *n, out),
            Op::AccountName => {
                out.push_str(cx.rng.pick_str(ACCOUNT_TYPE));
                out.push_str(" Account");
            }
            Op::Mask {
                len,
                parens,
                ellipsis,
            } => {
                if *parens {
                    out.push('(');
                }
                if *ellipsis {
                    out.push_str("...");
                }
                push_digits(cx, *len, out);
                if *parens {
                    out.push(')');
                }
            }
            Op::Amount {
                min,
                max,
                dec,
                symbol,
            } => {
                out.push_str(symbol);
                out.push_str(itoa::Buffer::new().format(cx.rng.range_i64(*min, *max)));
                if *dec > 0 {
                    out.push('.');
                    for _ in 0..*dec {
                        out.push('0');
                    }
                }
            }
            Op::Base58 { first, min, max } => {
                out.push(char::from(first[cx.rng.index(first.len())]));
                let n = cx.rng.range_i64(i64::from(*min), i64::from(*max));
                push_from(cx, BASE58, n as u64, out);
            }
            Op::Ethereum => {
                out.push_str("0x");
                push_from(cx, HEX, 40, out);
            }
            Op::Card(issuers) => {
                let formats = &issuers[cx.rng.index(issuers.len())];
                formats[cx.rng.index(formats.len())].render(cx, out);
            }
            Op::Iban { country, formatted } => {
                let index = country.unwrap_or_else(|| cx.rng.index(IBAN.len()));
                iban_into(cx, index, *formatted, out);
            }
            Op::Bic => {
                push_from(cx, UPPER, 4, out);
                out.push_str(cx.rng.pick_str(COUNTRY_CODE));
                push_from(cx, UPPER_DIGITS, 2, out);
                if cx.rng.coin() {
                    if cx.rng.coin() {
                        push_from(cx, UPPER_DIGITS, 3, out);
                    } else {
                        out.push_str("XXX");
                    }
                }
            }
            Op::RoutingNumber => {
                let start = out.len();
                out.push_str(cx.rng.pick_str(ROUTING_SYMBOL));
                push_digits(cx, 4, out);
                let check = aba_check_digit(&out.as_bytes()[start..]);
                out.push(char::from(b'0' + check));
            }
            Op::TransactionDescription => {
                out.push_str(cx.rng.pick_str(TRANSACTION_TYPE));
                out.push_str(" transaction at ");
                company_name_into(cx, None, out);
                out.push_str(" using card ending with ***");
                push_digits(cx, 4, out);
                out.push_str(" for ");
                out.push_str(cx.rng.pick_str(CURRENCY_CODE));
                out.push(' ');
                // Later faker.js's `amount()`: 0.00 to 1000.00 in cents.
                write_fixed(out, cx.rng.range_i64(0, 100_000), 2);
                out.push_str(" in account ***");
                push_digits(cx, 8, out);
            }
        }
    }
}

/// `n` characters drawn uniformly from `chars` (ASCII).
fn push_from(cx: &mut Cx<'_>, chars: &[u8], n: u64, out: &mut String) {
    for _ in 0..n {
        out.push(char::from(chars[cx.rng.index(chars.len())]));
    }
}

/// The ABA check digit of eight digits: weights 3, 7, 1 repeating, sum a multiple of 10.
fn aba_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .zip([3, 7, 1].iter().cycle())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The Luhn check digit for the digits of `text` (other characters are skipped).
fn luhn_check_digit(text: &[u8]) -> u8 {
    let sum: u32 = text
        .iter()
        .rev()
        .filter(|b| b.is_ascii_digit())
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            // The payload digit next to the check digit is doubled, then every second one.
            if i % 2 == 0 {
                let dd = 2 * d;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// One token of a card number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CardToken {
    /// A literal digit or separator.
    Lit(u8),
    /// `#`: a random digit.
    Digit,
    /// `#{min,max}`: that many random digits.
    Digits { min: u8, max: u8 },
    /// `[lo-hi]`: a number in the range, zero-padded to `width` digits.
    Range { lo: u32, hi: u32, width: u8 },
    /// `L`: the Luhn check digit of everything before it.
    Luhn,
}

/// A parsed card number format.
#[derive(Debug)]
pub(crate) struct CardFormat(Box<[CardToken]>);

/// Most digits a custom card format may produce.
const MAX_CARD_DIGITS: usize = 64;

impl CardFormat {
    /// Parses later faker.js's card format language: digits, `#`, `#{m,n}`, `[a-b]`,
    /// separators `-`, ` ` and `.`, and a final `L` for the Luhn check digit.
    fn parse(format: &str) -> Result<CardFormat, String> {
        let bytes = format.as_bytes();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            let token = match b {
                b'0'..=b'9' | b'-' | b' ' | b'.' => CardToken::Lit(b),
                b'#' if bytes.get(i) == Some(&b'{') => {
                    let close = format[i..]
                        .find('}')
                        .ok_or("unclosed `{` in a card format")?;
                    let inner = &format[i + 1..i + close];
                    i += close + 1;
                    let (min, max) = inner.split_once(',').unwrap_or((inner, inner));
                    let count = |s: &str| s.trim().parse::<u8>().ok().filter(|&n| n <= 64);
                    match (count(min), count(max)) {
                        (Some(min), Some(max)) if min <= max => CardToken::Digits { min, max },
                        _ => {
                            return Err(format!(
                                "bad repeat `#{{{inner}}}`: use #{{n}} or #{{m,n}}"
                            ));
                        }
                    }
                }
                b'#' => CardToken::Digit,
                b'[' => {
                    let close = format[i..]
                        .find(']')
                        .ok_or("unclosed `[` in a card format")?;
                    let inner = &format[i..i + close];
                    i += close + 1;
                    let bad =
                        || format!("bad range `[{inner}]`: use [a-b] with a <= b, as in [51-55]");
                    let (lo, hi) = inner.split_once('-').ok_or_else(bad)?;
                    let digits = |s: &str| {
                        (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| s.parse::<u32>().ok())
                            .flatten()
                    };
                    match (digits(lo), digits(hi)) {
                        (Some(l), Some(h)) if l <= h => CardToken::Range {
                            lo: l,
                            hi: h,
                            width: hi.len() as u8,
                        },
                        _ => return Err(bad()),
                    }
                }
                b'L' if i == bytes.len() => CardToken::Luhn,
                b'L' => return Err("`L` (the check digit) must come last".into()),
                _ => {
                    let c = format[i - 1..].chars().next().unwrap_or('?');
                    return Err(format!(
                        "unexpected `{c}` in a card format: use digits, #, #{{m,n}}, [a-b], -, \
                         spaces and a final L"
                    ));
                }
            };
            tokens.push(token);
        }
        let card = CardFormat(tokens.into_boxed_slice());
        if card.max_len() > MAX_CARD_DIGITS * 2 {
            return Err(format!(
                "a card format may produce at most {MAX_CARD_DIGITS} digits"
            ));
        }
        Ok(card)
    }

    fn max_len(&self) -> usize {
        self.0
            .iter()
            .map(|t| match *t {
                CardToken::Lit(_) | CardToken::Digit | CardToken::Luhn => 1,
                CardToken::Digits { max, .. } => usize::from(max),
                CardToken::Range { width, hi, .. } => {
                    usize::from(width).max(itoa::Buffer::new().format(hi).len())
                }
            })
            .sum()
    }

    fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let start = out.len();
        for token in self.0.iter() {
            match *token {
                CardToken::Lit(b) => out.push(char::from(b)),
                CardToken::Digit => push_digits(cx, 1, out),
                CardToken::Digits { min, max } => {
                    let n = cx.rng.range_i64(i64::from(min), i64::from(max));
                    push_digits(cx, n as u64, out);
                }
                CardToken::Range { lo, hi, width } => {
                    let v = cx.rng.range_i64(i64::from(lo), i64::from(hi));
                    write_padded(out, v as u64, usize::from(width));
                }
                CardToken::Luhn => {
                    let check = luhn_check_digit(&out.as_bytes()[start..]);
                    out.push(char::from(b'0' + check));
                }
            }
        }
    }
}

/// Card formats by issuer (later faker.js's English data, MIT).
const CARD_ISSUERS: &[(&str, &[&str])] = &[
    (
        "american_express",
        &["34##-######-####L", "37##-######-####L"],
    ),
    ("diners_club", &["30[0-5]#-######-###L", "36##-######-###L"]),
    ("discover", &["6011-####-####-###L", "65##-####-####-###L"]),
    (
        "jcb",
        &[
            "3528-####-####-###L",
            "3529-####-####-###L",
            "35[3-8]#-####-####-###L",
        ],
    ),
    (
        "mastercard",
        &["2[221-720]-####-####-###L", "5[1-5]##-####-####-###L"],
    ),
    ("visa", &["4###########L", "4###-####-####-###L"]),
];

/// A character class of a BBAN part.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// Digits.
    N,
    /// Upper-case letters.
    A,
    /// Digits or upper-case letters (digits 80% of the time, as in faker.js).
    C,
}

use Class::{A, C, N};

/// Writes an IBAN of `IBAN[index]`'s country: the BBAN, then the ISO 13616 check digits
/// (98 − the remainder mod 97 of the BBAN, the country code and `00`, letters as 10–35).
fn iban_into(cx: &mut Cx<'_>, index: usize, formatted: bool, out: &mut String) {
    let (country, parts) = IBAN[index];
    let mut bban = [0u8; 30];
    let mut n = 0;
    for &(count, class) in parts {
        for _ in 0..count {
            bban[n] = match class {
                N => b'0' + cx.rng.below(10) as u8,
                A => UPPER[cx.rng.index(26)],
                C if cx.rng.below(10) < 8 => b'0' + cx.rng.below(10) as u8,
                C => UPPER[cx.rng.index(26)],
            };
            n += 1;
        }
    }
    let check = 98 - mod97(bban[..n].iter().chain(country.as_bytes()).chain(b"00"));
    let check = [b'0' + check / 10, b'0' + check % 10];
    let all = country.as_bytes().iter().chain(&check).chain(&bban[..n]);
    for (i, &b) in all.enumerate() {
        if formatted && i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(char::from(b));
    }
}

/// The remainder mod 97 of the number the characters spell, letters counting as 10–35.
fn mod97<'a>(chars: impl Iterator<Item = &'a u8>) -> u8 {
    let mut r = 0u32;
    for &c in chars {
        r = if c.is_ascii_digit() {
            (r * 10 + u32::from(c - b'0')) % 97
        } else {
            (r * 100 + u32::from(c - b'A') + 10) % 97
        };
    }
    r as u8
}

fn account(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = match cx.arg(0) {
        None => 8,
        // faker.js: `length || 8`.
        Some(arg) => match cx.count(arg)? {
            0 => 8,
            n => n,
        },
    };
    // `4821` is a JSON number, `0351` is not: checked per record in value positions.
    Ok(Compiled::new(
        Func::Finance(Op::Digits(n)),
        Shape::Unescaped,
    ))
}

fn account_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Finance(Op::AccountName), Shape::Plain))
}

fn mask(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let len = match cx.arg(0) {
        None => 4,
        // faker.js: a length of 0 means the default.
        Some(arg) => match cx.count(arg)? {
            0 => 4,
            n => n,
        },
    };
    let parens = flag(cx, 1)?;
    let ellipsis = flag(cx, 2)?;
    let shape = if parens || ellipsis {
        Shape::Plain
    } else {
        Shape::Unescaped
    };
    Ok(Compiled::new(
        Func::Finance(Op::Mask {
            len,
            parens,
            ellipsis,
        }),
        shape,
    ))
}

pub(super) fn amount(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(4)?;
    const BOUND: i64 = 1_000_000_000_000_000;
    let min = cx
        .arg(0)
        .map(|a| cx.int_in(a, -BOUND, BOUND))
        .transpose()?
        .unwrap_or(0);
    let max = cx
        .arg(1)
        .map(|a| cx.int_in(a, -BOUND, BOUND))
        .transpose()?
        .unwrap_or(1000);
    if min > max {
        let span = cx.arg(0).map_or(cx.span, |a| a.span);
        return Err(cx.error(span, format!("min ({min}) is greater than max ({max})")));
    }
    let dec = cx
        .arg(2)
        .map(|a| cx.int_in(a, 0, 20))
        .transpose()?
        .unwrap_or(2) as u8;
    let symbol: Box<str> = cx
        .arg(3)
        .map(|a| cx.string(a))
        .transpose()?
        .unwrap_or("")
        .into();
    let shape = if json::needs_escape(&symbol) {
        Shape::Text
    } else {
        // `838.00` is a JSON number: checked per record in value positions.
        Shape::Unescaped
    };
    Ok(Compiled::new(
        Func::Finance(Op::Amount {
            min,
            max,
            dec,
            symbol,
        }),
        shape,
    ))
}

/// A table function without arguments.
fn table0(cx: &CallCx<'_, '_>, items: &'static [&'static str]) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(items))
}

fn transaction_type(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, TRANSACTION_TYPE)
}

fn currency_code(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, CURRENCY_CODE)
}

fn currency_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, CURRENCY_NAME)
}

fn currency_symbol(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, &CURRENCY_SYMBOLS)
}

/// An op without arguments.
fn op0(cx: &CallCx<'_, '_>, op: Op, shape: Shape) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Finance(op), shape))
}

fn bitcoin_address(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    // faker.js 3.1.0: 27 to 34 characters in all. All digits is possible (a JSON number).
    let op = Op::Base58 {
        first: b"13",
        min: 26,
        max: 33,
    };
    op0(cx, op, Shape::Unescaped)
}

fn litecoin_address(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    // Later faker.js: 26 to 33 characters in all.
    let op = Op::Base58 {
        first: b"LM3",
        min: 25,
        max: 32,
    };
    op0(cx, op, Shape::Unescaped)
}

fn ethereum_address(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    op0(cx, Op::Ethereum, Shape::Plain)
}

fn credit_card_cvv(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    op0(cx, Op::Digits(3), Shape::Unescaped)
}

fn bic(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    op0(cx, Op::Bic, Shape::Plain)
}

fn routing_number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    op0(cx, Op::RoutingNumber, Shape::Unescaped)
}

fn transaction_description(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    op0(cx, Op::TransactionDescription, Shape::Plain)
}

fn issuer_formats(formats: &[&str]) -> Box<[CardFormat]> {
    formats
        .iter()
        .map(|f| CardFormat::parse(f).expect("built-in card formats parse"))
        .collect()
}

fn credit_card_number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let issuers: Box<[Box<[CardFormat]>]> = match cx.arg(0) {
        None => CARD_ISSUERS
            .iter()
            .map(|(_, formats)| issuer_formats(formats))
            .collect(),
        Some(arg) => {
            let given = cx.string(arg)?;
            if given.contains('#') {
                let format = CardFormat::parse(given).map_err(|e| cx.error(arg.span, e))?;
                Box::new([Box::new([format]) as Box<[CardFormat]>])
            } else {
                let key = given.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                let (_, formats) = CARD_ISSUERS
                    .iter()
                    .find(|(name, _)| *name == key)
                    .ok_or_else(|| {
                        let names: Vec<&str> = CARD_ISSUERS.iter().map(|(n, _)| *n).collect();
                        cx.error(
                            arg.span,
                            format!(
                                "unknown card issuer `{given}`: expected one of {}, or a format \
                                 with # such as \"4###-####-####-###L\"",
                                names.join(", ")
                            ),
                        )
                    })?;
                Box::new([issuer_formats(formats)])
            }
        }
    };
    // Digits only (`4###########L`) is a JSON number: checked per record in value positions.
    Ok(Compiled::new(
        Func::Finance(Op::Card(issuers)),
        Shape::Unescaped,
    ))
}

fn iban(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let formatted = flag(cx, 0)?;
    let country = match cx.arg(1) {
        None => None,
        Some(arg) => {
            let given = cx.string(arg)?;
            let found = IBAN
                .iter()
                .position(|(code, _)| code.eq_ignore_ascii_case(given.trim()));
            Some(found.ok_or_else(|| {
                let codes: Vec<&str> = IBAN.iter().map(|(c, _)| *c).collect();
                cx.error(
                    arg.span,
                    format!(
                        "no IBAN format for country `{given}`; known: {}",
                        codes.join(" ")
                    ),
                )
            })?)
        }
    };
    Ok(Compiled::new(
        Func::Finance(Op::Iban { country, formatted }),
        Shape::Plain,
    ))
}

/// faker.js 3.1.0's currency codes, in [`CURRENCY_NAME`]'s order (`fake` drops the second
/// code of the 12 compound ones).
pub(super) const CURRENCY_CODE: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB BOV", "BRL", "BSD", "BWP", "BYR", "BZD", "CAD", "CDF",
    "CHF", "CLP CLF", "CNY", "COP COU", "CRC", "CUP CUC", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EEK", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF",
    "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG USD", "HUF", "IDR", "ILS", "INR", "INR BTN", "IQD",
    "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LTL", "LVL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
    "MNT", "MOP", "MRO", "MUR", "MVR", "MWK", "MXN MXV", "MYR", "MZN", "NGN", "NIO", "NOK", "NPR",
    "NZD", "OMR", "PAB USD", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLL", "SOS", "SRD", "STD", "SVC USD",
    "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
    "USD", "UYU UYI", "UZS", "VEF", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC",
    "XBD", "XCD", "XDR", "XFU", "XOF", "XPD", "XPF", "XPT", "XTS", "YER", "ZAR", "ZAR LSL",
    "ZAR NAD", "ZMK", "ZWL",
];

/// faker.js 3.1.0's currency symbols, in [`CURRENCY_NAME`]'s order (empty for most).
const CURRENCY_SYMBOL: &[&str] = &[
    "", "؋", "Lek", "", "ƒ", "", "$", "$", "ƒ", "ман", "KM", "$", "", "лв", "", "", "$", "$", "$b",
    "R$", "$", "P", "p.", "BZ$", "$", "", "CHF", "$", "¥", "$", "₡", "₱", "", "Kč", "", "kr",
    "RD$", "", "", "£", "", "", "€", "$", "£", "£", "", "", "£", "", "", "Q", "$", "$", "L", "kn",
    "", "Ft", "Rp", "₪", "", "", "", "﷼", "kr", "J$", "", "¥", "", "лв", "៛", "", "₩", "₩", "",
    "$", "лв", "₭", "£", "₨", "$", "Lt", "Ls", "", "", "", "", "ден", "", "₮", "", "", "₨", "", "",
    "$", "RM", "MT", "₦", "C$", "kr", "₨", "$", "﷼", "B/.", "S/.", "", "Php", "₨", "zł", "Gs", "﷼",
    "lei", "Дин.", "руб", "", "﷼", "$", "₨", "", "kr", "$", "£", "", "S", "$", "", "$", "£", "",
    "฿", "", "", "", "", "TL", "TT$", "NT$", "", "₴", "", "$", "$U", "лв", "Bs", "₫", "", "", "",
    "", "", "", "", "", "", "$", "", "", "", "", "", "", "", "﷼", "R", "", "", "", "",
];

/// Federal Reserve routing symbols, the first four digits of an ABA routing number (later
/// faker.js's English data, MIT).
const ROUTING_SYMBOL: &[&str] = &[
    "0110", "0111", "0112", "0113", "0114", "0115", "0116", "0117", "0118", "0119", "0210", "0211",
    "0212", "0213", "0214", "0215", "0216", "0219", "0220", "0223", "0260", "0280", "0310", "0311",
    "0312", "0313", "0319", "0360", "0410", "0412", "0420", "0421", "0422", "0423", "0430", "0432",
    "0433", "0434", "0440", "0441", "0442", "0510", "0514", "0515", "0519", "0520", "0521", "0522",
    "0530", "0531", "0532", "0539", "0540", "0550", "0560", "0570", "0610", "0611", "0612", "0613",
    "0620", "0621", "0622", "0630", "0631", "0632", "0640", "0641", "0642", "0650", "0651", "0652",
    "0653", "0654", "0655", "0660", "0670", "0710", "0711", "0712", "0719", "0720", "0724", "0730",
    "0739", "0740", "0749", "0750", "0759", "0810", "0812", "0813", "0815", "0819", "0820", "0829",
    "0830", "0839", "0840", "0841", "0842", "0843", "0863", "0865", "0910", "0911", "0912", "0913",
    "0914", "0915", "0918", "0919", "0920", "0921", "0929", "0960", "1010", "1011", "1012", "1019",
    "1020", "1021", "1022", "1023", "1030", "1031", "1039", "1040", "1041", "1049", "1070", "1110",
    "1111", "1113", "1119", "1120", "1122", "1123", "1130", "1131", "1140", "1149", "1163", "1210",
    "1211", "1212", "1213", "1214", "1220", "1221", "1222", "1223", "1224", "1230", "1231", "1232",
    "1233", "1240", "1241", "1242", "1243", "1250", "1251", "1252",
];

/// IBAN layouts by country: the BBAN's parts after the country code and check digits (ISO
/// 13616, as in later faker.js's table, MIT).
const IBAN: &[(&str, &[(u8, Class)])] = &[
    ("AD", &[(8, N), (12, C)]),
    ("AE", &[(19, N)]),
    ("AL", &[(8, N), (16, C)]),
    ("AT", &[(16, N)]),
    ("AZ", &[(4, A), (20, N)]),
    ("BA", &[(16, N)]),
    ("BE", &[(12, N)]),
    ("BG", &[(4, A), (6, N), (8, C)]),
    ("BH", &[(4, A), (14, C)]),
    ("BR", &[(23, N), (1, A), (1, C)]),
    ("CH", &[(5, N), (12, C)]),
    ("CR", &[(18, N)]),
    ("CY", &[(8, N), (16, C)]),
    ("CZ", &[(20, N)]),
    ("DE", &[(18, N)]),
    ("DK", &[(14, N)]),
    ("DO", &[(4, A), (20, N)]),
    ("EE", &[(16, N)]),
    ("ES", &[(20, N)]),
    ("FI", &[(14, N)]),
    ("FO", &[(14, N)]),
    ("FR", &[(10, N), (11, C), (2, N)]),
    ("GB", &[(4, A), (14, N)]),
    ("GE", &[(2, A), (16, N)]),
    ("GI", &[(4, A), (15, C)]),
    ("GL", &[(14, N)]),
    ("GR", &[(7, N), (16, C)]),
    ("GT", &[(24, C)]),
    ("HR", &[(17, N)]),
    ("HU", &[(24, N)]),
    ("IE", &[(4, A), (14, N)]),
    ("IL", &[(19, N)]),
    ("IR", &[(22, N)]),
    ("IS", &[(22, N)]),
    ("IT", &[(1, A), (10, N), (12, C)]),
    ("JO", &[(4, A), (22, N)]),
    ("KW", &[(4, A), (22, C)]),
    ("KZ", &[(3, N), (13, C)]),
    ("LB", &[(4, N), (20, C)]),
    ("LI", &[(5, N), (12, C)]),
    ("LT", &[(16, N)]),
    ("LU", &[(3, N), (13, C)]),
    ("LV", &[(4, A), (13, C)]),
    ("MC", &[(10, N), (11, C), (2, N)]),
    ("MD", &[(20, C)]),
    ("ME", &[(18, N)]),
    ("MK", &[(3, N), (10, C), (2, N)]),
    ("MR", &[(23, N)]),
    ("MT", &[(4, A), (5, N), (18, C)]),
    ("MU", &[(4, A), (19, N), (3, A)]),
    ("NL", &[(4, A), (10, N)]),
    ("NO", &[(11, N)]),
    ("PK", &[(4, A), (16, N)]),
    ("PL", &[(24, N)]),
    ("PS", &[(4, A), (21, N)]),
    ("PT", &[(21, N)]),
    ("QA", &[(4, A), (21, C)]),
    ("RO", &[(4, A), (16, C)]),
    ("RS", &[(18, N)]),
    ("SA", &[(2, N), (18, C)]),
    ("SE", &[(20, N)]),
    ("SI", &[(15, N)]),
    ("SK", &[(20, N)]),
    ("SM", &[(1, A), (10, N), (12, C)]),
    ("TL", &[(19, N)]),
    ("TN", &[(20, N)]),
    ("TR", &[(22, N)]),
    ("VG", &[(4, A), (16, N)]),
    ("XK", &[(16, N)]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_tables_line_up() {
        let fake_codes = <EN as Data>::CURRENCY_CODE;
        assert_eq!(CURRENCY_NAME.len(), 169);
        assert_eq!(CURRENCY_CODE.len(), 169);
        assert_eq!(CURRENCY_SYMBOL.len(), 169);
        // `fake` keeps the first code of a compound one: the tables are in the same order.
        for (ours, theirs) in CURRENCY_CODE.iter().zip(fake_codes) {
            assert_eq!(&ours[..3], *theirs);
        }
        assert_eq!(CURRENCY_CODE.iter().filter(|c| c.contains(' ')).count(), 12);
        let name =
            |code: &str| CURRENCY_NAME[CURRENCY_CODE.iter().position(|c| *c == code).unwrap()];
        assert_eq!(name("CZK"), "Czech Koruna");
        assert_eq!(
            CURRENCY_SYMBOL[CURRENCY_CODE.iter().position(|c| *c == "CZK").unwrap()],
            "Kč"
        );
        assert_eq!(name("BOB BOV"), "Boliviano Mvdol");
        assert!(CURRENCY_SYMBOLS.iter().all(|s| !s.is_empty()));
        assert_eq!(
            CURRENCY_SYMBOLS.len(),
            CURRENCY_SYMBOL.iter().filter(|s| !s.is_empty()).count()
        );
        assert_eq!(CURRENCY_SYMBOLS.iter().filter(|s| **s == "$").count(), 22);
    }

    #[test]
    fn check_digits() {
        // Known valid numbers.
        assert_eq!(luhn_check_digit(b"7992739871"), 3);
        assert_eq!(luhn_check_digit(b"4111-1111-1111-111"), 1);
        assert_eq!(luhn_check_digit(b"37828224631000"), 5);
        assert_eq!(aba_check_digit(b"11100002"), 5); // 111000025
        assert_eq!(aba_check_digit(b"02100002"), 1); // 021000021, JPMorgan Chase
        // GB82 WEST 1234 5698 7654 32, the ISO 13616 example.
        assert_eq!(98 - mod97(b"WEST12345698765432GB00".iter()), 82);
        assert_eq!(98 - mod97(b"370400440532013000DE00".iter()), 89);
    }

    #[test]
    fn card_formats() {
        use CardToken::*;
        let f = CardFormat::parse("5[1-5]##-#{2,3}L").unwrap();
        assert_eq!(
            &*f.0,
            &[
                Lit(b'5'),
                Range {
                    lo: 1,
                    hi: 5,
                    width: 1
                },
                Digit,
                Digit,
                Lit(b'-'),
                Digits { min: 2, max: 3 },
                Luhn
            ]
        );
        assert_eq!(f.max_len(), 9);
        let f = CardFormat::parse("2[221-720]").unwrap();
        assert_eq!(
            &*f.0,
            &[
                Lit(b'2'),
                Range {
                    lo: 221,
                    hi: 720,
                    width: 3
                }
            ]
        );
        for bad in [
            "4L#", "4x##", "4[5-1]", "4[a-b]", "#{3", "#{9,2}", "4##é", "#{65}",
        ] {
            assert!(CardFormat::parse(bad).is_err(), "{bad}");
        }
        for (_, formats) in CARD_ISSUERS {
            for f in *formats {
                assert!(CardFormat::parse(f).is_ok(), "{f}");
            }
        }
    }

    #[test]
    fn iban_layouts() {
        assert_eq!(IBAN.len(), 69);
        for (country, parts) in IBAN {
            let len: usize = parts.iter().map(|(n, _)| usize::from(*n)).sum();
            assert!((11..=30).contains(&len), "{country}");
        }
        let len = |c: &str| {
            4 + IBAN
                .iter()
                .find(|(k, _)| *k == c)
                .unwrap()
                .1
                .iter()
                .map(|(n, _)| usize::from(*n))
                .sum::<usize>()
        };
        assert_eq!(
            (len("DE"), len("GB"), len("FR"), len("NO"), len("MT")),
            (22, 22, 27, 15, 31)
        );
    }
}
