//! `address.*`: US states, cities, streets, zip codes, countries and coordinates.

use std::f64::consts::PI;

use fake::locales::{Data, EN};

use super::data::{CITY_PREFIX, CITY_SUFFIX, COUNTRY, FIRST_NAME, LAST_NAME, STATE, STATE_ABBR};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::{Error, Span};
use crate::json::{self, Context};
use crate::syntax::ast::{Arg, ArgKind};
use crate::value::Decimal;

/// Street suffixes (the same 225 as faker.js 3.1.0).
pub(super) const STREET_SUFFIX: &[&str] = <EN as Data>::ADDRESS_STREET_SUFFIX;
/// ISO 3166-1 alpha-2 codes (the same 250 as faker.js 3.1.0).
pub(super) const COUNTRY_CODE: &[&str] = <EN as Data>::ADDRESS_COUNTRY_CODE;
const TIME_ZONE: &[&str] = <EN as Data>::ADDRESS_TIME_ZONE;
/// faker.js 3.1.0's English counties (UK, as there).
pub(super) const COUNTY: &[&str] = &[
    "Avon",
    "Bedfordshire",
    "Berkshire",
    "Borders",
    "Buckinghamshire",
    "Cambridgeshire",
];
/// English has no street prefixes: faker.js falls back to `arrayElement`'s default.
const STREET_PREFIX: &[&str] = &["a", "b", "c"];
const CARDINAL: &[&str] = &["North", "East", "South", "West"];
const CARDINAL_ABBR: &[&str] = &["N", "E", "S", "W"];
const ORDINAL: &[&str] = &["Northeast", "Northwest", "Southeast", "Southwest"];
const ORDINAL_ABBR: &[&str] = &["NE", "NW", "SE", "SW"];
const DIRECTION: &[&str] = &[
    "North",
    "East",
    "South",
    "West",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
];
const DIRECTION_ABBR: &[&str] = &["N", "E", "S", "W", "NE", "NW", "SE", "SW"];

/// Mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f64 = 6371.0088;
const KM_PER_MILE: f64 = 1.609_344;

const USE_ABBR: &[Param] = &[Param {
    name: "useAbbr",
    ty: "boolean",
    default: "false",
}];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "address.state",
        params: &[],
        summary: "a US state name",
        example: "{{address.state}}",
        returns: Returns::String,
        compile: state,
    },
    FnDef {
        name: "address.stateAbbr",
        params: &[],
        summary: "a US state abbreviation",
        example: "{{address.stateAbbr}}",
        returns: Returns::String,
        compile: state_abbr,
    },
    FnDef {
        name: "address.city",
        params: &[Param {
            name: "format",
            ty: "number 0-3",
            default: "random",
        }],
        summary: "a city name in one of faker.js's four patterns",
        example: "{{address.city}}",
        returns: Returns::String,
        compile: city,
    },
    FnDef {
        name: "address.zipCode",
        params: &[Param {
            name: "format",
            ty: "string",
            default: "##### or #####-####",
        }],
        summary: "a zip code; in a format, # is a digit, ? a letter A-Z, * either",
        example: "{{address.zipCode}}",
        returns: Returns::String,
        compile: zip_code,
    },
    FnDef {
        name: "address.country",
        params: &[],
        summary: "a country name",
        example: "{{address.country}}",
        returns: Returns::String,
        compile: country,
    },
    FnDef {
        name: "address.cityPrefix",
        params: &[],
        summary: "a city prefix: North, New, Port, ...",
        example: "{{address.cityPrefix}}",
        returns: Returns::String,
        compile: city_prefix,
    },
    FnDef {
        name: "address.citySuffix",
        params: &[],
        summary: "a city suffix: furt, chester, mouth, ...",
        example: "{{address.citySuffix}}",
        returns: Returns::String,
        compile: city_suffix,
    },
    FnDef {
        name: "address.cityName",
        params: &[],
        summary: "a real US city name (later faker.js)",
        example: "{{address.cityName}}",
        returns: Returns::String,
        compile: city_name,
    },
    FnDef {
        name: "address.streetName",
        params: &[],
        summary: "a first or last name and a street suffix: Isaias Mall",
        example: "{{address.streetName}}",
        returns: Returns::String,
        compile: street_name,
    },
    FnDef {
        name: "address.streetAddress",
        params: &[Param {
            name: "useFullAddress",
            ty: "boolean",
            default: "false",
        }],
        summary: "a 3-5 digit number and a street name; full: with an apartment or suite",
        example: "{{address.streetAddress(true)}}",
        returns: Returns::String,
        compile: street_address,
    },
    FnDef {
        name: "address.streetSuffix",
        params: &[],
        summary: "a street suffix: Prairie, Crossroad, ...",
        example: "{{address.streetSuffix}}",
        returns: Returns::String,
        compile: street_suffix,
    },
    FnDef {
        name: "address.streetPrefix",
        params: &[],
        summary: "a, b or c (English has no street prefixes)",
        example: "{{address.streetPrefix}}",
        returns: Returns::String,
        compile: street_prefix,
    },
    FnDef {
        name: "address.secondaryAddress",
        params: &[],
        summary: "Apt. ### or Suite ###",
        example: "{{address.secondaryAddress}}",
        returns: Returns::String,
        compile: secondary_address,
    },
    FnDef {
        name: "address.county",
        params: &[],
        summary: "a county: Avon, Bedfordshire, ...",
        example: "{{address.county}}",
        returns: Returns::String,
        compile: county,
    },
    FnDef {
        name: "address.countryCode",
        params: &[],
        summary: "an ISO 3166-1 alpha-2 country code",
        example: "{{address.countryCode}}",
        returns: Returns::String,
        compile: country_code,
    },
    FnDef {
        name: "address.latitude",
        params: &[
            Param {
                name: "max",
                ty: "number",
                default: "90",
            },
            Param {
                name: "min",
                ty: "number",
                default: "-90",
            },
            Param {
                name: "precision",
                ty: "number 0-10",
                default: "4",
            },
        ],
        summary: "a latitude from min to max with exactly precision decimals: -22.1044",
        example: "{{address.latitude}}",
        returns: Returns::Number,
        compile: latitude,
    },
    FnDef {
        name: "address.longitude",
        params: &[
            Param {
                name: "max",
                ty: "number",
                default: "180",
            },
            Param {
                name: "min",
                ty: "number",
                default: "-180",
            },
            Param {
                name: "precision",
                ty: "number 0-10",
                default: "4",
            },
        ],
        summary: "a longitude from min to max with exactly precision decimals: -87.1216",
        example: "{{address.longitude}}",
        returns: Returns::Number,
        compile: longitude,
    },
    FnDef {
        name: "address.nearbyGPSCoordinate",
        params: &[
            Param {
                name: "options",
                ty: "{coordinate, radius, isMetric} | coordinate",
                default: "{}",
            },
            Param {
                name: "radius",
                ty: "number",
                default: "10",
            },
            Param {
                name: "isMetric",
                ty: "boolean",
                default: "false",
            },
        ],
        summary: "`lat,lon` uniformly within radius (miles, or km if isMetric) of coordinate \
                  (default: a random point)",
        example: r#"{{address.nearbyGPSCoordinate({"coordinate":[48.8566,2.3522],"radius":2,"isMetric":true})}}"#,
        returns: Returns::String,
        compile: nearby_gps_coordinate,
    },
    FnDef {
        name: "address.direction",
        params: USE_ABBR,
        summary: "one of the eight compass directions (later faker.js)",
        example: "{{address.direction}}",
        returns: Returns::String,
        compile: direction,
    },
    FnDef {
        name: "address.cardinalDirection",
        params: USE_ABBR,
        summary: "North, East, South or West; N, E, S or W (later faker.js)",
        example: "{{address.cardinalDirection}}",
        returns: Returns::String,
        compile: cardinal_direction,
    },
    FnDef {
        name: "address.ordinalDirection",
        params: USE_ABBR,
        summary: "Northeast, Northwest, Southeast or Southwest; NE, ... (later faker.js)",
        example: "{{address.ordinalDirection(true)}}",
        returns: Returns::String,
        compile: ordinal_direction,
    },
    FnDef {
        name: "address.timeZone",
        params: &[],
        summary: "an IANA time zone name: America/Chicago (later faker.js)",
        example: "{{address.timeZone}}",
        returns: Returns::String,
        compile: time_zone,
    },
    FnDef {
        name: "address.zipCodeByState",
        params: &[Param {
            name: "state",
            ty: "string",
            default: "any",
        }],
        summary: "a 5-digit zip code of the US state (abbreviation or name) (later faker.js)",
        example: r#"{{address.zipCodeByState("CA")}}"#,
        returns: Returns::String,
        compile: zip_code_by_state,
    },
];

/// A compiled `address.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// faker.js's city patterns; `None` picks one of the four per record.
    City(Option<u8>),
    /// A symbol pattern per record, chosen uniformly from the list.
    Symbols(Box<[Box<str>]>),
    /// `{firstName or lastName} {streetSuffix}`.
    StreetName,
    /// `##### {streetName}` (3 to 5 digits), with a secondary address when `full`.
    StreetAddress { full: bool },
    /// `Apt. ###` or `Suite ###`.
    SecondaryAddress,
    /// `k / 10^scale` with exactly `scale` decimals, for a whole `k` in `lo..=hi`.
    Fixed { lo: i64, hi: i64, scale: u8 },
    /// A point near a centre.
    Nearby(Nearby),
    /// A 5-digit zip code from one of the ranges, chosen uniformly.
    ZipRanges(&'static [(u32, u32)]),
}

/// A compiled `address.nearbyGPSCoordinate`.
#[derive(Debug)]
pub(crate) struct Nearby {
    /// Latitude and longitude in radians; `None` draws a centre per record.
    centre: Option<(f64, f64)>,
    /// The radius as an angle at the Earth's centre, radians (at most π).
    angle: f64,
    /// Print as a JSON array of two strings (value position) rather than `lat,lon`.
    json: bool,
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::City(_) => {
                longest(CITY_PREFIX)
                    + 1
                    + longest(FIRST_NAME).max(longest(LAST_NAME))
                    + longest(CITY_SUFFIX)
            }
            // Every symbol becomes one ASCII character; other characters stay.
            Op::Symbols(patterns) => longest(patterns),
            Op::StreetName => street_name_len(),
            Op::StreetAddress { full } => {
                5 + 1 + street_name_len() + if *full { 1 + SECONDARY_LEN } else { 0 }
            }
            Op::SecondaryAddress => SECONDARY_LEN,
            // A sign, 19 digits, a point.
            Op::Fixed { scale, .. } => 21 + usize::from(*scale),
            // `-180.0000` twice, a comma, and quotes and brackets in JSON.
            Op::Nearby(n) => 2 * 9 + if n.json { 7 } else { 1 },
            Op::ZipRanges(_) => 5,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::City(pattern) => {
                let pattern = pattern.unwrap_or_else(|| cx.rng.below(4) as u8);
                if pattern <= 1 {
                    out.push_str(cx.rng.pick_str(CITY_PREFIX));
                    out.push(' ');
                }
                out.push_str(
                    cx.rng
                        .pick_str(if pattern == 3 { LAST_NAME } else { FIRST_NAME }),
                );
                if pattern != 1 {
                    out.push_str(cx.rng.pick_str(CITY_SUFFIX));
                }
            }
            Op::Symbols(patterns) => {
                let pattern = match patterns.as_ref() {
                    [only] => only,
                    many => cx.rng.pick_str(many),
                };
                replace_symbols(cx, pattern, out);
            }
            Op::StreetName => street_name_into(cx, out),
            Op::StreetAddress { full } => {
                let digits = 5 - cx.rng.below(3);
                push_digits(cx, digits, out);
                out.push(' ');
                street_name_into(cx, out);
                if *full {
                    out.push(' ');
                    secondary_address_into(cx, out);
                }
            }
            Op::SecondaryAddress => secondary_address_into(cx, out),
            Op::Fixed { lo, hi, scale } => write_fixed(out, cx.rng.range_i64(*lo, *hi), *scale),
            Op::Nearby(n) => n.render(cx, out),
            Op::ZipRanges(ranges) => {
                let (lo, hi) = ranges[cx.rng.index(ranges.len())];
                let zip = cx.rng.range_i64(i64::from(lo), i64::from(hi));
                write_padded(out, zip as u64, 5);
            }
        }
    }
}

/// `Suite ###`.
pub(super) const SECONDARY_LEN: usize = 9;

pub(super) fn street_name_len() -> usize {
    longest(FIRST_NAME).max(longest(LAST_NAME)) + 1 + longest(STREET_SUFFIX)
}

/// faker.js's `streetName`: the suffix is drawn first, then a last or a first name.
pub(super) fn street_name_into(cx: &mut Cx<'_>, out: &mut String) {
    let suffix = cx.rng.pick_str(STREET_SUFFIX);
    let names = if cx.rng.coin() { FIRST_NAME } else { LAST_NAME };
    out.push_str(cx.rng.pick_str(names));
    out.push(' ');
    out.push_str(suffix);
}

pub(super) fn secondary_address_into(cx: &mut Cx<'_>, out: &mut String) {
    out.push_str(if cx.rng.coin() { "Suite " } else { "Apt. " });
    push_digits(cx, 3, out);
}

/// `n` random decimal digits (leading zeros possible, as faker.js's `#`).
pub(super) fn push_digits(cx: &mut Cx<'_>, n: u64, out: &mut String) {
    for _ in 0..n {
        out.push(char::from(b'0' + cx.rng.below(10) as u8));
    }
}

/// `v` with at least `width` digits, zero-padded.
pub(super) fn write_padded(out: &mut String, v: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(v);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// `k / 10^scale` with exactly `scale` decimals, as JavaScript's `toFixed` prints it (but
/// without `-0.0000`).
pub(super) fn write_fixed(out: &mut String, k: i64, scale: u8) {
    if k < 0 {
        out.push('-');
    }
    let abs = k.unsigned_abs();
    let pow = 10u64.pow(u32::from(scale));
    out.push_str(itoa::Buffer::new().format(abs / pow));
    if scale > 0 {
        out.push('.');
        write_padded(out, abs % pow, usize::from(scale));
    }
}

impl Nearby {
    fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let (lat1, lon1) = self.centre.unwrap_or_else(|| {
            // KDG's default centre: address.latitude() and address.longitude().
            let lat = cx.rng.range_i64(-900_000, 900_000) as f64 / 1e4;
            let lon = cx.rng.range_i64(-1_800_000, 1_800_000) as f64 / 1e4;
            (lat.to_radians(), lon.to_radians())
        });
        let bearing = cx.rng.unit_f64() * 2.0 * PI;
        let distance = cap_distance(self.angle, cx.rng.unit_f64());
        let (lat2, lon2) = destination(lat1, lon1, bearing, distance);
        let lat = (lat2.to_degrees() * 1e4).round() as i64;
        let lon = (lon2.to_degrees() * 1e4).round() as i64;
        if self.json {
            out.push_str("[\"");
            write_fixed(out, lat, 4);
            out.push_str("\",\"");
            write_fixed(out, lon, 4);
            out.push_str("\"]");
        } else {
            write_fixed(out, lat, 4);
            out.push(',');
            write_fixed(out, lon, 4);
        }
    }
}

/// The angular distance of a point drawn uniformly (by area) from a spherical cap of angular
/// radius `angle`, given a uniform `u` in `[0, 1)`.
///
/// The area within angle θ of the centre is proportional to `1 − cos θ = 2 sin²(θ/2)`; setting
/// it to `u` times the cap's gives `sin(θ/2) = √u · sin(angle/2)`, which stays accurate for
/// radii of a few metres where `1 − cos` would cancel.
fn cap_distance(angle: f64, u: f64) -> f64 {
    2.0 * libm::asin((u.sqrt() * libm::sin(angle / 2.0)).clamp(-1.0, 1.0))
}

/// The great-circle destination from `(lat, lon)` along `bearing` over the angle `distance`
/// (all radians), with the longitude wrapped into `[-π, π]`.
///
/// The trigonometry is `libm`'s, written in Rust: the platform's maths library may differ in
/// the last bit between systems, and seeded output must not.
fn destination(lat: f64, lon: f64, bearing: f64, distance: f64) -> (f64, f64) {
    let (sin_lat, cos_lat) = (libm::sin(lat), libm::cos(lat));
    let (sin_d, cos_d) = (libm::sin(distance), libm::cos(distance));
    let lat2 =
        libm::asin((sin_lat * cos_d + cos_lat * sin_d * libm::cos(bearing)).clamp(-1.0, 1.0));
    let lon2 = lon
        + libm::atan2(
            libm::sin(bearing) * sin_d * cos_lat,
            cos_d - sin_lat * libm::sin(lat2),
        );
    let wrapped = (lon2 + PI).rem_euclid(2.0 * PI) - PI;
    (lat2, wrapped)
}

/// faker.js's `helpers.replaceSymbols`: `#` → digit, `?` → `A`–`Z`, `*` → either.
pub(super) fn replace_symbols(cx: &mut Cx<'_>, pattern: &str, out: &mut String) {
    const LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let digit = |cx: &mut Cx<'_>| char::from(b'0' + cx.rng.below(10) as u8);
    let letter = |cx: &mut Cx<'_>| char::from(LETTERS[cx.rng.index(26)]);
    for c in pattern.chars() {
        match c {
            '#' => out.push(digit(cx)),
            '?' => out.push(letter(cx)),
            '*' => {
                let c = if cx.rng.coin() { letter(cx) } else { digit(cx) };
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

fn state(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?; // faker.js's `useAbbr` is accepted and, as there, ignored.
    Ok(Compiled::table(STATE))
}

fn state_abbr(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(STATE_ABBR))
}

fn country(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(COUNTRY))
}

fn city(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let pattern = cx.arg(0).map(|a| cx.int_in(a, 0, 3)).transpose()?;
    Ok(Compiled::new(
        Func::Address(Op::City(pattern.map(|p| p as u8))),
        Shape::Plain,
    ))
}

fn zip_code(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let patterns: Box<[Box<str>]> = match cx.arg(0) {
        None => Box::new(["#####".into(), "#####-####".into()]),
        Some(arg) => Box::new([cx.string(arg)?.into()]),
    };
    let shape = if patterns.iter().any(|p| json::needs_escape(p)) {
        Shape::Text
    } else {
        // `12345` is a JSON number: checked per record in value positions.
        Shape::Unescaped
    };
    Ok(Compiled::new(Func::Address(Op::Symbols(patterns)), shape))
}

/// A table function without arguments.
fn table0(cx: &CallCx<'_, '_>, items: &'static [&'static str]) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(items))
}

fn city_prefix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, CITY_PREFIX)
}

fn city_suffix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, CITY_SUFFIX)
}

fn city_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, CITY_NAME)
}

fn street_suffix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, STREET_SUFFIX)
}

fn street_prefix(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, STREET_PREFIX)
}

fn county(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, COUNTY)
}

fn country_code(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, COUNTRY_CODE)
}

fn time_zone(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    table0(cx, TIME_ZONE)
}

fn street_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Address(Op::StreetName), Shape::Plain))
}

fn secondary_address(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(
        Func::Address(Op::SecondaryAddress),
        Shape::Plain,
    ))
}

/// An optional boolean argument.
pub(super) fn flag(cx: &CallCx<'_, '_>, i: usize) -> Result<bool, Error> {
    match cx.arg(i) {
        None => Ok(false),
        Some(Arg {
            kind: ArgKind::Bool(b),
            ..
        }) => Ok(*b),
        Some(other) => Err(cx.type_error(other, "true or false")),
    }
}

fn street_address(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let full = flag(cx, 0)?;
    Ok(Compiled::new(
        Func::Address(Op::StreetAddress { full }),
        Shape::Plain,
    ))
}

fn directions(
    cx: &CallCx<'_, '_>,
    full: &'static [&'static str],
    abbr: &'static [&'static str],
) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    Ok(Compiled::table(if flag(cx, 0)? { abbr } else { full }))
}

fn direction(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    directions(cx, DIRECTION, DIRECTION_ABBR)
}

fn cardinal_direction(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    directions(cx, CARDINAL, CARDINAL_ABBR)
}

fn ordinal_direction(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    directions(cx, ORDINAL, ORDINAL_ABBR)
}

fn latitude(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    coordinate_range(cx, 90)
}

fn longitude(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    coordinate_range(cx, 180)
}

/// Later faker.js's `latitude(max, min, precision)` / `longitude(...)`: a multiple of
/// `10^-precision` from `min` to `max`, printed with exactly `precision` decimals. Without
/// arguments this is faker.js 3.1.0's `number(1800000) / 1e4 − 90` with four decimals.
fn coordinate_range(cx: &CallCx<'_, '_>, limit: i64) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let scale = cx
        .arg(2)
        .map(|a| cx.int_in(a, 0, 10))
        .transpose()?
        .unwrap_or(4) as u8;
    let bound = |i: usize, default: i64| -> Result<(Decimal, Span), Error> {
        let Some(a) = cx.arg(i) else {
            let d = Decimal {
                mantissa: i128::from(default),
                scale: 0,
            };
            return Ok((d, cx.span));
        };
        let d = cx.number(a)?;
        // |d| <= limit, exactly (a scale is at most 30, so this cannot overflow).
        if d.mantissa.abs() > i128::from(limit) * 10i128.pow(d.scale) {
            return Err(cx.error(
                a.span,
                format!("expected a number from -{limit} to {limit}"),
            ));
        }
        Ok((d, a.span))
    };
    let (max, max_span) = bound(0, limit)?;
    let (min, min_span) = bound(1, -limit)?;
    let common = min.scale.max(max.scale);
    if min.at_scale(common) > max.at_scale(common) {
        // Point at what was written: `min` when `max` is the default.
        let span = if max_span == cx.span {
            min_span
        } else {
            max_span
        };
        return Err(cx.error(span, "max is less than min"));
    }
    // The grid points k / 10^scale with min <= k / 10^scale <= max.
    let lo = grid(min, scale, true);
    let hi = grid(max, scale, false);
    if lo > hi {
        return Err(cx.error(
            max_span,
            format!("no multiple of 10^-{scale} lies between min and max"),
        ));
    }
    Ok(Compiled::new(
        Func::Address(Op::Fixed {
            lo: lo as i64,
            hi: hi as i64,
            scale,
        }),
        // `-22.1044` is a JSON number: checked per record in value positions.
        Shape::Unescaped,
    ))
}

/// `d × 10^scale` rounded up (`ceil`) or down to a whole number; `|d| <= 180` and `scale <= 10`
/// keep it small.
fn grid(d: Decimal, scale: u8, ceil: bool) -> i128 {
    let scale = u32::from(scale);
    if d.scale <= scale {
        d.mantissa * 10i128.pow(scale - d.scale)
    } else {
        let div = 10i128.pow(d.scale - scale);
        let floor = d.mantissa.div_euclid(div);
        floor + i128::from(ceil && d.mantissa.rem_euclid(div) != 0)
    }
}

fn nearby_gps_coordinate(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let mut centre = None;
    let mut radius = None;
    let mut metric = false;
    match cx.arg(0) {
        Some(Arg {
            kind: ArgKind::Object(members),
            ..
        }) => {
            // KDG's form: one object.
            if let Some(extra) = cx.args.get(1) {
                return Err(cx.error(
                    extra.span,
                    "give either an object or positional arguments, not both",
                ));
            }
            for (key, value) in members {
                if value.kind == ArgKind::Null {
                    continue;
                }
                match &*key.name {
                    "coordinate" => centre = Some(coordinate(cx, value)?),
                    "radius" => radius = Some(value),
                    "isMetric" => match value.kind {
                        ArgKind::Bool(b) => metric = b,
                        _ => return Err(cx.type_error(value, "true or false")),
                    },
                    other => {
                        return Err(cx.error(
                            key.span,
                            format!(
                                "unknown key `{other}`: expected `coordinate`, `radius` or \
                                 `isMetric`"
                            ),
                        ));
                    }
                }
            }
        }
        // Later faker.js's form: `(coordinate, radius, isMetric)`.
        first => {
            if let Some(arg) = first {
                if !matches!(arg.kind, ArgKind::Array(_)) {
                    return Err(cx.type_error(
                        arg,
                        "an object {\"coordinate\", \"radius\", \"isMetric\"} or a coordinate \
                         [lat, lon]",
                    ));
                }
                centre = Some(coordinate(cx, arg)?);
            }
            radius = cx.arg(1);
            metric = flag(cx, 2)?;
        }
    }
    let km = match radius {
        None => 10.0 * if metric { 1.0 } else { KM_PER_MILE },
        Some(arg) => {
            let r = cx.number(arg)?;
            if r.mantissa < 0 {
                return Err(cx.error(arg.span, "the radius must not be negative"));
            }
            let km = r.to_f64() * if metric { 1.0 } else { KM_PER_MILE };
            let max_km = PI * EARTH_RADIUS_KM;
            if km > max_km {
                return Err(cx.error(
                    arg.span,
                    format!(
                        "the radius must be at most half the Earth's circumference ({:.0} km, \
                         {:.0} miles)",
                        max_km.floor(),
                        (max_km / KM_PER_MILE).floor()
                    ),
                ));
            }
            km
        }
    };
    let json = cx.ctx == Context::Value;
    Ok(Compiled::new(
        Func::Address(Op::Nearby(Nearby {
            centre,
            angle: km / EARTH_RADIUS_KM,
            json,
        })),
        // Printed for its context: `lat,lon`, or `["lat","lon"]` in a value position.
        Shape::Printed,
    ))
}

/// `[lat, lon]` in degrees (numbers, or numeric strings as KDG also accepts), to radians.
fn coordinate(cx: &CallCx<'_, '_>, arg: &Arg<'_>) -> Result<(f64, f64), Error> {
    let ArgKind::Array(items) = &arg.kind else {
        return Err(cx.type_error(arg, "a coordinate [lat, lon]"));
    };
    let [lat, lon] = items.as_slice() else {
        return Err(cx.error(arg.span, "a coordinate is [lat, lon]: two numbers"));
    };
    let degrees = |item: &Arg<'_>, limit: i128, what: &str| -> Result<f64, Error> {
        let d = match &item.kind {
            ArgKind::Number(_) => cx.number(item)?,
            ArgKind::Str(s) => Some(s.trim())
                .filter(|s| is_number(s))
                .and_then(Decimal::parse)
                .ok_or_else(|| cx.error(item.span, format!("the {what} must be a number")))?,
            _ => return Err(cx.type_error(item, "a number")),
        };
        if d.mantissa.abs() > limit * 10i128.pow(d.scale) {
            return Err(cx.error(
                item.span,
                format!("the {what} must be from -{limit} to {limit}"),
            ));
        }
        Ok(d.to_f64().to_radians())
    };
    Ok((
        degrees(lat, 90, "latitude")?,
        degrees(lon, 180, "longitude")?,
    ))
}

/// Whether `s` is a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let int = digits(&mut i);
    if int == 0 || (int > 1 && b[int_start] == b'0') {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn zip_code_by_state(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let Some(arg) = cx.arg(0) else {
        // Without a state, faker.js falls back to `zipCode()`.
        let patterns: Box<[Box<str>]> = Box::new(["#####".into(), "#####-####".into()]);
        return Ok(Compiled::new(
            Func::Address(Op::Symbols(patterns)),
            Shape::Unescaped,
        ));
    };
    let given = cx.string(arg)?.trim();
    let abbr = STATE
        .iter()
        .copied()
        .zip(STATE_ABBR.iter().copied())
        .chain([("District of Columbia", "DC"), ("Puerto Rico", "PR")])
        .find(|(name, abbr)| name.eq_ignore_ascii_case(given) || abbr.eq_ignore_ascii_case(given))
        .map(|(_, abbr)| abbr);
    let ranges = abbr
        .and_then(|abbr| ZIP_BY_STATE.iter().find(|(a, _)| *a == abbr))
        .map(|(_, ranges)| *ranges)
        .ok_or_else(|| {
            cx.error(
                arg.span,
                format!(
                    "unknown US state `{given}`: give a two-letter abbreviation (\"CA\") or a \
                     name (\"California\")"
                ),
            )
        })?;
    // `90210` is a JSON number, `02134` is not: checked per record in value positions.
    Ok(Compiled::new(
        Func::Address(Op::ZipRanges(ranges)),
        Shape::Unescaped,
    ))
}

/// Zip code ranges by state: @faker-js/faker 10.6.0's `en_US` `location.postcode_by_state`
/// (MIT; checked range by range against tests/data/zip-by-state-faker-js-10.6.0.txt), where
/// New York's range (the single zip 06390, Fishers Island) is replaced by the state's main
/// range 10001-14925, so that New York zips look like New York's.
const ZIP_BY_STATE: &[(&str, &[(u32, u32)])] = &[
    ("AK", &[(99501, 99950)]),
    ("AL", &[(35004, 36925)]),
    ("AR", &[(71601, 72642), (72644, 72959)]),
    ("AZ", &[(85001, 86556)]),
    ("CA", &[(90001, 96162)]),
    ("CO", &[(80001, 81658)]),
    ("CT", &[(6001, 6389)]),
    ("DC", &[(20001, 20039)]),
    ("DE", &[(19701, 19980)]),
    (
        "FL",
        &[
            (32003, 32099),
            (32102, 32198),
            (32201, 32290),
            (32301, 32399),
            (32401, 32466),
            (32501, 32592),
            (32601, 32697),
            (32701, 32799),
            (32801, 32899),
            (32901, 32978),
            (33001, 33097),
            (33101, 33199),
            (33206, 33299),
            (33301, 33394),
            (33401, 33499),
            (33503, 33598),
            (33601, 33694),
            (33701, 33786),
            (33801, 33898),
            (33900, 33994),
            (34101, 34146),
            (34201, 34295),
            (34420, 34498),
            (34601, 34698),
            (34705, 34797),
            (34945, 34997),
        ],
    ),
    ("GA", &[(30001, 31999)]),
    ("HI", &[(96701, 96798), (96801, 96898)]),
    ("IA", &[(50001, 52809)]),
    ("ID", &[(83201, 83406), (83415, 83876)]),
    ("IL", &[(60001, 62999)]),
    ("IN", &[(46001, 47997)]),
    ("KS", &[(66002, 67954)]),
    ("KY", &[(40003, 42788)]),
    ("LA", &[(70001, 71232)]),
    ("MA", &[(1001, 2791)]),
    ("MD", &[(20899, 20908)]),
    ("ME", &[(3901, 4992)]),
    ("MI", &[(48001, 49971)]),
    ("MN", &[(55001, 56763)]),
    ("MO", &[(63001, 65899)]),
    ("MS", &[(38601, 39776)]),
    ("MT", &[(59001, 59937)]),
    ("NC", &[(27006, 28909)]),
    ("ND", &[(58001, 58856)]),
    ("NE", &[(68001, 68118)]),
    ("NH", &[(3031, 3897)]),
    ("NJ", &[(7001, 8989)]),
    ("NM", &[(87001, 88441)]),
    ("NV", &[(88901, 89883)]),
    ("NY", &[(10001, 14925)]),
    ("OH", &[(43001, 45999)]),
    ("OK", &[(73001, 73199)]),
    ("OR", &[(97001, 97920)]),
    ("PA", &[(15001, 19640)]),
    ("PR", &[(601, 799), (901, 988)]),
    ("RI", &[(2801, 2940)]),
    ("SC", &[(29001, 29948)]),
    ("SD", &[(57001, 57799)]),
    ("TN", &[(37010, 38589)]),
    ("TX", &[(75503, 79999)]),
    ("UT", &[(84001, 84784)]),
    ("VA", &[(22201, 24599)]),
    ("VT", &[(5001, 5495)]),
    ("WA", &[(98001, 99403)]),
    ("WI", &[(53001, 54990)]),
    ("WV", &[(24701, 26886)]),
    ("WY", &[(82001, 83128)]),
];

/// US city names (later faker.js `location.city_name`, English, MIT).
const CITY_NAME: &[&str] = &[
    "Abilene",
    "Akron",
    "Alafaya",
    "Alameda",
    "Albany",
    "Albuquerque",
    "Alexandria",
    "Alhambra",
    "Aliso Viejo",
    "Allen",
    "Allentown",
    "Aloha",
    "Alpharetta",
    "Altadena",
    "Altamonte Springs",
    "Altoona",
    "Amarillo",
    "Ames",
    "Anaheim",
    "Anchorage",
    "Anderson",
    "Ankeny",
    "Ann Arbor",
    "Annandale",
    "Antelope",
    "Antioch",
    "Apex",
    "Apopka",
    "Apple Valley",
    "Appleton",
    "Arcadia",
    "Arden-Arcade",
    "Arecibo",
    "Arlington",
    "Arlington Heights",
    "Arvada",
    "Ashburn",
    "Asheville",
    "Aspen Hill",
    "Atascocita",
    "Athens-Clarke County",
    "Atlanta",
    "Attleboro",
    "Auburn",
    "Augusta-Richmond County",
    "Aurora",
    "Austin",
    "Avondale",
    "Azusa",
    "Bakersfield",
    "Baldwin Park",
    "Baltimore",
    "Barnstable Town",
    "Bartlett",
    "Baton Rouge",
    "Battle Creek",
    "Bayamon",
    "Bayonne",
    "Baytown",
    "Beaumont",
    "Beavercreek",
    "Beaverton",
    "Bedford",
    "Bel Air South",
    "Bell Gardens",
    "Belleville",
    "Bellevue",
    "Bellflower",
    "Bellingham",
    "Bend",
    "Bentonville",
    "Berkeley",
    "Berwyn",
    "Bethesda",
    "Bethlehem",
    "Billings",
    "Biloxi",
    "Binghamton",
    "Birmingham",
    "Bismarck",
    "Blacksburg",
    "Blaine",
    "Bloomington",
    "Blue Springs",
    "Boca Raton",
    "Boise City",
    "Bolingbrook",
    "Bonita Springs",
    "Bossier City",
    "Boston",
    "Bothell",
    "Boulder",
    "Bountiful",
    "Bowie",
    "Bowling Green",
    "Boynton Beach",
    "Bozeman",
    "Bradenton",
    "Brandon",
    "Brentwood",
    "Bridgeport",
    "Bristol",
    "Brockton",
    "Broken Arrow",
    "Brookhaven",
    "Brookline",
    "Brooklyn Park",
    "Broomfield",
    "Brownsville",
    "Bryan",
    "Buckeye",
    "Buena Park",
    "Buffalo",
    "Buffalo Grove",
    "Burbank",
    "Burien",
    "Burke",
    "Burleson",
    "Burlington",
    "Burnsville",
    "Caguas",
    "Caldwell",
    "Camarillo",
    "Cambridge",
    "Camden",
    "Canton",
    "Cape Coral",
    "Carlsbad",
    "Carmel",
    "Carmichael",
    "Carolina",
    "Carrollton",
    "Carson",
    "Carson City",
    "Cary",
    "Casa Grande",
    "Casas Adobes",
    "Casper",
    "Castle Rock",
    "Castro Valley",
    "Catalina Foothills",
    "Cathedral City",
    "Catonsville",
    "Cedar Hill",
    "Cedar Park",
    "Cedar Rapids",
    "Centennial",
    "Centreville",
    "Ceres",
    "Cerritos",
    "Champaign",
    "Chandler",
    "Chapel Hill",
    "Charleston",
    "Charlotte",
    "Charlottesville",
    "Chattanooga",
    "Cheektowaga",
    "Chesapeake",
    "Chesterfield",
    "Cheyenne",
    "Chicago",
    "Chico",
    "Chicopee",
    "Chino",
    "Chino Hills",
    "Chula Vista",
    "Cicero",
    "Cincinnati",
    "Citrus Heights",
    "Clarksville",
    "Clearwater",
    "Cleveland",
    "Cleveland Heights",
    "Clifton",
    "Clovis",
    "Coachella",
    "Coconut Creek",
    "Coeur d'Alene",
    "College Station",
    "Collierville",
    "Colorado Springs",
    "Colton",
    "Columbia",
    "Columbus",
    "Commerce City",
    "Compton",
    "Concord",
    "Conroe",
    "Conway",
    "Coon Rapids",
    "Coral Gables",
    "Coral Springs",
    "Corona",
    "Corpus Christi",
    "Corvallis",
    "Costa Mesa",
    "Council Bluffs",
    "Country Club",
    "Covina",
    "Cranston",
    "Cupertino",
    "Cutler Bay",
    "Cuyahoga Falls",
    "Cypress",
    "Dale City",
    "Dallas",
    "Daly City",
    "Danbury",
    "Danville",
    "Davenport",
    "Davie",
    "Davis",
    "Dayton",
    "Daytona Beach",
    "DeKalb",
    "DeSoto",
    "Dearborn",
    "Dearborn Heights",
    "Decatur",
    "Deerfield Beach",
    "Delano",
    "Delray Beach",
    "Deltona",
    "Denton",
    "Denver",
    "Des Moines",
    "Des Plaines",
    "Detroit",
    "Diamond Bar",
    "Doral",
    "Dothan",
    "Downers Grove",
    "Downey",
    "Draper",
    "Dublin",
    "Dubuque",
    "Duluth",
    "Dundalk",
    "Dunwoody",
    "Durham",
    "Eagan",
    "East Hartford",
    "East Honolulu",
    "East Lansing",
    "East Los Angeles",
    "East Orange",
    "East Providence",
    "Eastvale",
    "Eau Claire",
    "Eden Prairie",
    "Edina",
    "Edinburg",
    "Edmond",
    "El Cajon",
    "El Centro",
    "El Dorado Hills",
    "El Monte",
    "El Paso",
    "Elgin",
    "Elizabeth",
    "Elk Grove",
    "Elkhart",
    "Ellicott City",
    "Elmhurst",
    "Elyria",
    "Encinitas",
    "Enid",
    "Enterprise",
    "Erie",
    "Escondido",
    "Euclid",
    "Eugene",
    "Euless",
    "Evanston",
    "Evansville",
    "Everett",
    "Fairfield",
    "Fall River",
    "Fargo",
    "Farmington",
    "Farmington Hills",
    "Fayetteville",
    "Federal Way",
    "Findlay",
    "Fishers",
    "Flagstaff",
    "Flint",
    "Florence-Graham",
    "Florin",
    "Florissant",
    "Flower Mound",
    "Folsom",
    "Fond du Lac",
    "Fontana",
    "Fort Collins",
    "Fort Lauderdale",
    "Fort Myers",
    "Fort Pierce",
    "Fort Smith",
    "Fort Wayne",
    "Fort Worth",
    "Fountain Valley",
    "Fountainebleau",
    "Framingham",
    "Franklin",
    "Frederick",
    "Freeport",
    "Fremont",
    "Fresno",
    "Frisco",
    "Fullerton",
    "Gainesville",
    "Gaithersburg",
    "Galveston",
    "Garden Grove",
    "Gardena",
    "Garland",
    "Gary",
    "Gastonia",
    "Georgetown",
    "Germantown",
    "Gilbert",
    "Gilroy",
    "Glen Burnie",
    "Glendale",
    "Glendora",
    "Glenview",
    "Goodyear",
    "Grand Forks",
    "Grand Island",
    "Grand Junction",
    "Grand Prairie",
    "Grand Rapids",
    "Grapevine",
    "Great Falls",
    "Greeley",
    "Green Bay",
    "Greensboro",
    "Greenville",
    "Greenwood",
    "Gresham",
    "Guaynabo",
    "Gulfport",
    "Hacienda Heights",
    "Hackensack",
    "Haltom City",
    "Hamilton",
    "Hammond",
    "Hampton",
    "Hanford",
    "Harlingen",
    "Harrisburg",
    "Harrisonburg",
    "Hartford",
    "Hattiesburg",
    "Haverhill",
    "Hawthorne",
    "Hayward",
    "Hemet",
    "Hempstead",
    "Henderson",
    "Hendersonville",
    "Hesperia",
    "Hialeah",
    "Hicksville",
    "High Point",
    "Highland",
    "Highlands Ranch",
    "Hillsboro",
    "Hilo",
    "Hoboken",
    "Hoffman Estates",
    "Hollywood",
    "Homestead",
    "Honolulu",
    "Hoover",
    "Houston",
    "Huntersville",
    "Huntington",
    "Huntington Beach",
    "Huntington Park",
    "Huntsville",
    "Hutchinson",
    "Idaho Falls",
    "Independence",
    "Indianapolis",
    "Indio",
    "Inglewood",
    "Iowa City",
    "Irondequoit",
    "Irvine",
    "Irving",
    "Jackson",
    "Jacksonville",
    "Janesville",
    "Jefferson City",
    "Jeffersonville",
    "Jersey City",
    "Johns Creek",
    "Johnson City",
    "Joliet",
    "Jonesboro",
    "Joplin",
    "Jupiter",
    "Jurupa Valley",
    "Kalamazoo",
    "Kannapolis",
    "Kansas City",
    "Kearny",
    "Keller",
    "Kendale Lakes",
    "Kendall",
    "Kenner",
    "Kennewick",
    "Kenosha",
    "Kent",
    "Kentwood",
    "Kettering",
    "Killeen",
    "Kingsport",
    "Kirkland",
    "Kissimmee",
    "Knoxville",
    "Kokomo",
    "La Crosse",
    "La Habra",
    "La Mesa",
    "La Mirada",
    "Lacey",
    "Lafayette",
    "Laguna Niguel",
    "Lake Charles",
    "Lake Elsinore",
    "Lake Forest",
    "Lake Havasu City",
    "Lake Ridge",
    "Lakeland",
    "Lakeville",
    "Lakewood",
    "Lancaster",
    "Lansing",
    "Laredo",
    "Largo",
    "Las Cruces",
    "Las Vegas",
    "Lauderhill",
    "Lawrence",
    "Lawton",
    "Layton",
    "League City",
    "Lee's Summit",
    "Leesburg",
    "Lehi",
    "Lehigh Acres",
    "Lenexa",
    "Levittown",
    "Lewisville",
    "Lexington-Fayette",
    "Lincoln",
    "Linden",
    "Little Rock",
    "Littleton",
    "Livermore",
    "Livonia",
    "Lodi",
    "Logan",
    "Lombard",
    "Lompoc",
    "Long Beach",
    "Longmont",
    "Longview",
    "Lorain",
    "Los Angeles",
    "Louisville/Jefferson County",
    "Loveland",
    "Lowell",
    "Lubbock",
    "Lynchburg",
    "Lynn",
    "Lynwood",
    "Macon-Bibb County",
    "Madera",
    "Madison",
    "Malden",
    "Manchester",
    "Manhattan",
    "Mansfield",
    "Manteca",
    "Maple Grove",
    "Margate",
    "Maricopa",
    "Marietta",
    "Marysville",
    "Mayaguez",
    "McAllen",
    "McKinney",
    "McLean",
    "Medford",
    "Melbourne",
    "Memphis",
    "Menifee",
    "Mentor",
    "Merced",
    "Meriden",
    "Meridian",
    "Mesa",
    "Mesquite",
    "Metairie",
    "Methuen Town",
    "Miami",
    "Miami Beach",
    "Miami Gardens",
    "Middletown",
    "Midland",
    "Midwest City",
    "Milford",
    "Millcreek",
    "Milpitas",
    "Milwaukee",
    "Minneapolis",
    "Minnetonka",
    "Minot",
    "Miramar",
    "Mishawaka",
    "Mission",
    "Mission Viejo",
    "Missoula",
    "Missouri City",
    "Mobile",
    "Modesto",
    "Moline",
    "Monroe",
    "Montebello",
    "Monterey Park",
    "Montgomery",
    "Moore",
    "Moreno Valley",
    "Morgan Hill",
    "Mount Pleasant",
    "Mount Prospect",
    "Mount Vernon",
    "Mountain View",
    "Muncie",
    "Murfreesboro",
    "Murray",
    "Murrieta",
    "Nampa",
    "Napa",
    "Naperville",
    "Nashua",
    "Nashville-Davidson",
    "National City",
    "New Bedford",
    "New Braunfels",
    "New Britain",
    "New Brunswick",
    "New Haven",
    "New Orleans",
    "New Rochelle",
    "New York",
    "Newark",
    "Newport Beach",
    "Newport News",
    "Newton",
    "Niagara Falls",
    "Noblesville",
    "Norfolk",
    "Normal",
    "Norman",
    "North Bethesda",
    "North Charleston",
    "North Highlands",
    "North Las Vegas",
    "North Lauderdale",
    "North Little Rock",
    "North Miami",
    "North Miami Beach",
    "North Port",
    "North Richland Hills",
    "Norwalk",
    "Novato",
    "Novi",
    "O'Fallon",
    "Oak Lawn",
    "Oak Park",
    "Oakland",
    "Oakland Park",
    "Ocala",
    "Oceanside",
    "Odessa",
    "Ogden",
    "Oklahoma City",
    "Olathe",
    "Olympia",
    "Omaha",
    "Ontario",
    "Orange",
    "Orem",
    "Orland Park",
    "Orlando",
    "Oro Valley",
    "Oshkosh",
    "Overland Park",
    "Owensboro",
    "Oxnard",
    "Palatine",
    "Palm Bay",
    "Palm Beach Gardens",
    "Palm Coast",
    "Palm Desert",
    "Palm Harbor",
    "Palm Springs",
    "Palmdale",
    "Palo Alto",
    "Paradise",
    "Paramount",
    "Parker",
    "Parma",
    "Pasadena",
    "Pasco",
    "Passaic",
    "Paterson",
    "Pawtucket",
    "Peabody",
    "Pearl City",
    "Pearland",
    "Pembroke Pines",
    "Pensacola",
    "Peoria",
    "Perris",
    "Perth Amboy",
    "Petaluma",
    "Pflugerville",
    "Pharr",
    "Philadelphia",
    "Phoenix",
    "Pico Rivera",
    "Pine Bluff",
    "Pine Hills",
    "Pinellas Park",
    "Pittsburg",
    "Pittsburgh",
    "Pittsfield",
    "Placentia",
    "Plainfield",
    "Plano",
    "Plantation",
    "Pleasanton",
    "Plymouth",
    "Pocatello",
    "Poinciana",
    "Pomona",
    "Pompano Beach",
    "Ponce",
    "Pontiac",
    "Port Arthur",
    "Port Charlotte",
    "Port Orange",
    "Port St. Lucie",
    "Portage",
    "Porterville",
    "Portland",
    "Portsmouth",
    "Potomac",
    "Poway",
    "Providence",
    "Provo",
    "Pueblo",
    "Quincy",
    "Racine",
    "Raleigh",
    "Rancho Cordova",
    "Rancho Cucamonga",
    "Rancho Palos Verdes",
    "Rancho Santa Margarita",
    "Rapid City",
    "Reading",
    "Redding",
    "Redlands",
    "Redmond",
    "Redondo Beach",
    "Redwood City",
    "Reno",
    "Renton",
    "Reston",
    "Revere",
    "Rialto",
    "Richardson",
    "Richland",
    "Richmond",
    "Rio Rancho",
    "Riverside",
    "Riverton",
    "Riverview",
    "Roanoke",
    "Rochester",
    "Rochester Hills",
    "Rock Hill",
    "Rockford",
    "Rocklin",
    "Rockville",
    "Rockwall",
    "Rocky Mount",
    "Rogers",
    "Rohnert Park",
    "Rosemead",
    "Roseville",
    "Roswell",
    "Round Rock",
    "Rowland Heights",
    "Rowlett",
    "Royal Oak",
    "Sacramento",
    "Saginaw",
    "Salem",
    "Salina",
    "Salinas",
    "Salt Lake City",
    "Sammamish",
    "San Angelo",
    "San Antonio",
    "San Bernardino",
    "San Bruno",
    "San Buenaventura (Ventura)",
    "San Clemente",
    "San Diego",
    "San Francisco",
    "San Jacinto",
    "San Jose",
    "San Juan",
    "San Leandro",
    "San Luis Obispo",
    "San Marcos",
    "San Mateo",
    "San Rafael",
    "San Ramon",
    "San Tan Valley",
    "Sandy",
    "Sandy Springs",
    "Sanford",
    "Santa Ana",
    "Santa Barbara",
    "Santa Clara",
    "Santa Clarita",
    "Santa Cruz",
    "Santa Fe",
    "Santa Maria",
    "Santa Monica",
    "Santa Rosa",
    "Santee",
    "Sarasota",
    "Savannah",
    "Sayreville",
    "Schaumburg",
    "Schenectady",
    "Scottsdale",
    "Scranton",
    "Seattle",
    "Severn",
    "Shawnee",
    "Sheboygan",
    "Shoreline",
    "Shreveport",
    "Sierra Vista",
    "Silver Spring",
    "Simi Valley",
    "Sioux City",
    "Sioux Falls",
    "Skokie",
    "Smyrna",
    "Somerville",
    "South Bend",
    "South Gate",
    "South Hill",
    "South Jordan",
    "South San Francisco",
    "South Valley",
    "South Whittier",
    "Southaven",
    "Southfield",
    "Sparks",
    "Spokane",
    "Spokane Valley",
    "Spring",
    "Spring Hill",
    "Spring Valley",
    "Springdale",
    "Springfield",
    "St. Charles",
    "St. Clair Shores",
    "St. Cloud",
    "St. George",
    "St. Joseph",
    "St. Louis",
    "St. Louis Park",
    "St. Paul",
    "St. Peters",
    "St. Petersburg",
    "Stamford",
    "State College",
    "Sterling Heights",
    "Stillwater",
    "Stockton",
    "Stratford",
    "Strongsville",
    "Suffolk",
    "Sugar Land",
    "Summerville",
    "Sunnyvale",
    "Sunrise",
    "Sunrise Manor",
    "Surprise",
    "Syracuse",
    "Tacoma",
    "Tallahassee",
    "Tamarac",
    "Tamiami",
    "Tampa",
    "Taunton",
    "Taylor",
    "Taylorsville",
    "Temecula",
    "Tempe",
    "Temple",
    "Terre Haute",
    "Texas City",
    "The Hammocks",
    "The Villages",
    "The Woodlands",
    "Thornton",
    "Thousand Oaks",
    "Tigard",
    "Tinley Park",
    "Titusville",
    "Toledo",
    "Toms River",
    "Tonawanda",
    "Topeka",
    "Torrance",
    "Town 'n' Country",
    "Towson",
    "Tracy",
    "Trenton",
    "Troy",
    "Trujillo Alto",
    "Tuckahoe",
    "Tucson",
    "Tulare",
    "Tulsa",
    "Turlock",
    "Tuscaloosa",
    "Tustin",
    "Twin Falls",
    "Tyler",
    "Union City",
    "University",
    "Upland",
    "Urbana",
    "Urbandale",
    "Utica",
    "Vacaville",
    "Valdosta",
    "Vallejo",
    "Vancouver",
    "Victoria",
    "Victorville",
    "Vineland",
    "Virginia Beach",
    "Visalia",
    "Vista",
    "Waco",
    "Waipahu",
    "Waldorf",
    "Walnut Creek",
    "Waltham",
    "Warner Robins",
    "Warren",
    "Warwick",
    "Washington",
    "Waterbury",
    "Waterloo",
    "Watsonville",
    "Waukegan",
    "Waukesha",
    "Wauwatosa",
    "Wellington",
    "Wesley Chapel",
    "West Allis",
    "West Babylon",
    "West Covina",
    "West Des Moines",
    "West Hartford",
    "West Haven",
    "West Jordan",
    "West Lafayette",
    "West New York",
    "West Palm Beach",
    "West Sacramento",
    "West Seneca",
    "West Valley City",
    "Westfield",
    "Westland",
    "Westminster",
    "Weston",
    "Weymouth Town",
    "Wheaton",
    "White Plains",
    "Whittier",
    "Wichita",
    "Wichita Falls",
    "Wilmington",
    "Wilson",
    "Winston-Salem",
    "Woodbury",
    "Woodland",
    "Worcester",
    "Wylie",
    "Wyoming",
    "Yakima",
    "Yonkers",
    "Yorba Linda",
    "York",
    "Youngstown",
    "Yuba City",
    "Yucaipa",
    "Yuma",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state's ranges equal the source's, line by line (tests/data names the package and
    /// version); New York is the one deliberate difference (see [`ZIP_BY_STATE`]).
    #[test]
    fn zip_ranges_are_the_sources() {
        let source = include_str!("../../tests/data/zip-by-state-faker-js-10.6.0.txt");
        let mut states = 0;
        for line in source.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split(' ');
            let state = fields.next().unwrap();
            let want: Vec<(u32, u32)> = fields
                .map(|r| {
                    let (lo, hi) = r.split_once('-').unwrap();
                    // Five digits with faker.js's leading zeros: the number is the zip.
                    assert_eq!((lo.len(), hi.len()), (5, 5), "{line}");
                    (lo.parse().unwrap(), hi.parse().unwrap())
                })
                .collect();
            let ours = ZIP_BY_STATE
                .iter()
                .find(|(s, _)| *s == state)
                .unwrap_or_else(|| panic!("{state} missing"))
                .1;
            if state == "NY" {
                assert_eq!(want, [(6390, 6390)]);
                assert_eq!(ours, [(10001, 14925)]);
            } else {
                assert_eq!(ours, want, "{state}");
            }
            states += 1;
        }
        assert_eq!(states, ZIP_BY_STATE.len());
        assert_eq!(states, 52);
    }

    fn fixed(k: i64, scale: u8) -> String {
        let mut s = String::new();
        write_fixed(&mut s, k, scale);
        s
    }

    #[test]
    fn fixed_decimals() {
        assert_eq!(fixed(-221_044, 4), "-22.1044");
        assert_eq!(fixed(900_000, 4), "90.0000");
        assert_eq!(fixed(-5, 4), "-0.0005");
        assert_eq!(fixed(0, 4), "0.0000");
        assert_eq!(fixed(45, 0), "45");
        assert_eq!(fixed(-7, 1), "-0.7");
    }

    #[test]
    fn grid_bounds() {
        let d = |m, s| Decimal {
            mantissa: m,
            scale: s,
        };
        assert_eq!(grid(d(-90, 0), 4, true), -900_000);
        assert_eq!(grid(d(1234567, 5), 2, true), 1235);
        assert_eq!(grid(d(1234567, 5), 2, false), 1234);
        assert_eq!(grid(d(-1234567, 5), 2, true), -1234);
        assert_eq!(grid(d(-1234567, 5), 2, false), -1235);
    }

    /// Great-circle distance by the haversine formula, in radians.
    fn angle_between(a: (f64, f64), b: (f64, f64)) -> f64 {
        let h = ((b.0 - a.0) / 2.0).sin().powi(2)
            + a.0.cos() * b.0.cos() * ((b.1 - a.1) / 2.0).sin().powi(2);
        2.0 * h.sqrt().asin()
    }

    #[test]
    fn destination_is_at_the_distance() {
        let paris = (48.8566f64.to_radians(), 2.3522f64.to_radians());
        for (i, bearing) in [0.0, 1.0, 2.5, 4.0, 6.0].into_iter().enumerate() {
            let d = 0.0001 * (i as f64 + 1.0);
            let p = destination(paris.0, paris.1, bearing, d);
            assert!((angle_between(paris, p) - d).abs() < 1e-12);
        }
        // Across the antimeridian the longitude wraps.
        let p = destination(0.0, 179.9f64.to_radians(), PI / 2.0, 0.2f64.to_radians());
        assert!((p.1.to_degrees() + 179.9).abs() < 1e-9, "{p:?}");
        // Over the pole.
        let p = destination(89.9f64.to_radians(), 0.0, 0.0, 0.2f64.to_radians());
        assert!(
            (p.0.to_degrees() - 89.9).abs() < 1e-9 && p.1.abs() > 3.0,
            "{p:?}"
        );
    }

    #[test]
    fn cap_distances_are_uniform_by_area() {
        let angle = 0.01;
        assert_eq!(cap_distance(angle, 0.0), 0.0);
        assert!((cap_distance(angle, 1.0) - angle).abs() < 1e-15);
        // Half the area lies within 1/√2 of the radius (for a small cap).
        assert!((cap_distance(angle, 0.5) - angle / 2f64.sqrt()).abs() < 1e-7);
        // A cap as large as the sphere reaches the antipode.
        assert!((cap_distance(PI, 1.0) - PI).abs() < 1e-12);
    }

    #[test]
    fn number_lexemes() {
        for ok in ["0", "-1", "48.8566", "1e3", "-0.5E-2", "10"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in [
            "", "-", "x", "01", "1.", ".5", "1e", "1,5", "NaN", "1 2", "+1",
        ] {
            assert!(!is_number(bad), "{bad}");
        }
    }

    #[test]
    fn zip_table() {
        assert_eq!(ZIP_BY_STATE.len(), 52);
        for (state, ranges) in ZIP_BY_STATE {
            assert!(!ranges.is_empty(), "{state}");
            assert!(
                ranges.iter().all(|(lo, hi)| lo <= hi && *hi <= 99_999),
                "{state}"
            );
        }
        for abbr in STATE_ABBR {
            assert!(ZIP_BY_STATE.iter().any(|(a, _)| a == abbr), "{abbr}");
        }
    }

    #[test]
    fn table_sizes_match_faker_js() {
        assert_eq!(STREET_SUFFIX.len(), 225);
        assert_eq!(COUNTRY_CODE.len(), 250);
        assert_eq!(COUNTY.len(), 6);
        assert_eq!(CITY_NAME.len(), 927);
    }
}
