//! The time zone a command prints local times in: `--tz`, or the default for its clock.

use fakeplate::{Clock, TimeZone};

/// Reads `--tz`: an IANA name, `UTC` or a fixed offset; an unknown name is a usage error that
/// names the nearest zones.
pub fn parse_tz(text: &str) -> Result<TimeZone, String> {
    if let Some(zone) = TimeZone::parse(text) {
        return Ok(zone);
    }
    let near = TimeZone::nearest_names(text, 3);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    };
    Err(format!(
        "unknown time zone (an IANA name such as America/New_York, UTC, or an offset such as +05:30){hint}"
    ))
}

/// `--tz` when given; otherwise UTC on the virtual clock (seeded output does not depend on the
/// machine), and the machine's zone on the system clock, as KDG printed the browser's zone.
pub fn zone_for(tz: Option<TimeZone>, clock: Clock) -> TimeZone {
    match (tz, clock) {
        (Some(zone), _) => zone,
        (None, Clock::Virtual { .. }) => TimeZone::UTC,
        (None, _) => machine_zone(),
    }
}

/// The machine's zone: `TZ` (an IANA name, `:NAME`, or a path into a zoneinfo directory), then
/// the name /etc/localtime links to; UTC when neither names a zone the zone data knows.
fn machine_zone() -> TimeZone {
    let from_env = std::env::var("TZ").ok().and_then(|tz| zone_named(&tz));
    let from_link = || {
        std::fs::read_link("/etc/localtime")
            .ok()
            .and_then(|target| zone_named(&target.to_string_lossy()))
    };
    from_env.or_else(from_link).unwrap_or(TimeZone::UTC)
}

/// The zone a `TZ` value or a zoneinfo path names, if the zone data knows it.
fn zone_named(text: &str) -> Option<TimeZone> {
    let text = text.strip_prefix(':').unwrap_or(text);
    let name = match text.rfind("zoneinfo/") {
        Some(at) => &text[at + "zoneinfo/".len()..],
        None => text,
    };
    if name.is_empty() {
        return None;
    }
    TimeZone::parse(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_come_from_tz_values_and_links() {
        let ny = TimeZone::parse("America/New_York");
        assert_eq!(zone_named("America/New_York"), ny);
        assert_eq!(zone_named(":America/New_York"), ny);
        assert_eq!(zone_named("/usr/share/zoneinfo/America/New_York"), ny);
        assert_eq!(zone_named("../usr/share/zoneinfo/UTC"), Some(TimeZone::UTC));
        assert_eq!(zone_named(""), None);
        assert_eq!(zone_named("/usr/share/zoneinfo/"), None);
        assert_eq!(zone_named("Nowhere/Special"), None);
    }

    #[test]
    fn the_virtual_clock_stays_utc_unless_asked() {
        let ny = TimeZone::parse("America/New_York").unwrap();
        assert_eq!(zone_for(None, Clock::default()), TimeZone::UTC);
        assert_eq!(zone_for(Some(ny), Clock::default()), ny);
        assert_eq!(zone_for(Some(ny), Clock::System), ny);
    }

    #[test]
    fn unknown_zones_suggest_near_names() {
        let err = parse_tz("America/New_Yrok").unwrap_err();
        assert!(err.ends_with("did you mean America/New_York?"), "{err}");
        assert_eq!(parse_tz("+05:30"), Ok(TimeZone::fixed(19_800).unwrap()));
    }
}
