//! Time zones against moment: every expectation below is a line printed by
//! tests/time_zones/moment_reference.js (moment 2.17.1 with moment-timezone; how to run it is at
//! its top). New York in January and July and at both daylight-saving changes, Lord Howe's
//! half-hour daylight saving, Kolkata's fixed +05:30, with `Z`, `ZZ`, `x` and `X` in each.
#![cfg(feature = "tz")]

use fakeplate::{Clock, Options, Template, TimeZone};

const FORMAT: &str = "YYYY-MM-DDTHH:mm:ss.SSS Z|ZZ|x|X";

fn ms(iso: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(iso)
        .expect("an RFC 3339 instant")
        .timestamp_millis()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::parse(name).expect("a zone chrono-tz knows")
}

/// The first `n` records of `source` in `zone`, on a virtual clock from `start` in `step_ms`.
fn render(source: &str, zone: TimeZone, start: &str, step_ms: i64, n: usize) -> Vec<String> {
    let options = Options::new()
        .clock(Clock::Virtual {
            start_ms: ms(start),
            step_ms,
        })
        .time_zone(zone);
    let t = Template::compile_with(source, &options).expect("compiles");
    t.generator(1).take(n).collect()
}

fn now_in(name: &str, utc: &str) -> String {
    let source = format!("{{{{date.now(\"{FORMAT}\")}}}}");
    render(&source, zone(name), utc, 0, 1).remove(0)
}

#[test]
fn instants_print_as_moment_timezone_prints_them() {
    for (name, utc, want) in [
        (
            "America/New_York",
            "2026-01-15T17:00:00.250Z",
            "2026-01-15T12:00:00.250 -05:00|-0500|1768496400250|1768496400",
        ),
        (
            "America/New_York",
            "2026-07-01T12:00:00.000Z",
            "2026-07-01T08:00:00.000 -04:00|-0400|1782907200000|1782907200",
        ),
        (
            "America/New_York",
            "2026-03-08T06:59:59.999Z",
            "2026-03-08T01:59:59.999 -05:00|-0500|1772953199999|1772953199",
        ),
        (
            "America/New_York",
            "2026-03-08T07:00:00.000Z",
            "2026-03-08T03:00:00.000 -04:00|-0400|1772953200000|1772953200",
        ),
        (
            "America/New_York",
            "2026-11-01T05:30:00.000Z",
            "2026-11-01T01:30:00.000 -04:00|-0400|1793511000000|1793511000",
        ),
        (
            "America/New_York",
            "2026-11-01T06:30:00.000Z",
            "2026-11-01T01:30:00.000 -05:00|-0500|1793514600000|1793514600",
        ),
        (
            "Australia/Lord_Howe",
            "2026-01-15T00:00:00.000Z",
            "2026-01-15T11:00:00.000 +11:00|+1100|1768435200000|1768435200",
        ),
        (
            "Australia/Lord_Howe",
            "2026-07-15T00:00:00.000Z",
            "2026-07-15T10:30:00.000 +10:30|+1030|1784073600000|1784073600",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-04T14:59:59.000Z",
            "2026-04-05T01:59:59.000 +11:00|+1100|1775314799000|1775314799",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-04T15:00:00.000Z",
            "2026-04-05T01:30:00.000 +10:30|+1030|1775314800000|1775314800",
        ),
        (
            "Asia/Kolkata",
            "2026-01-15T17:00:00.000Z",
            "2026-01-15T22:30:00.000 +05:30|+0530|1768496400000|1768496400",
        ),
        (
            "Asia/Kolkata",
            "2026-07-01T12:00:00.000Z",
            "2026-07-01T17:30:00.000 +05:30|+0530|1782907200000|1782907200",
        ),
    ] {
        assert_eq!(now_in(name, utc), want, "{name} at {utc}");
    }
}

/// The default format (`YYYY-MM-DDTHH:mm:ssZ`) as KDG printed `{{date.now}}` in New York.
#[test]
fn date_now_and_sim_time_follow_the_zone_and_date_utc_does_not() {
    let got = render(
        "{{date.now}} {{date.simTime}} {{date.utc}}",
        zone("America/New_York"),
        "2026-07-01T12:00:00Z",
        0,
        1,
    );
    assert_eq!(
        got,
        ["2026-07-01T08:00:00-04:00 2026-07-01T08:00:00-04:00 2026-07-01T12:00:00Z"]
    );
}

/// Records a millisecond apart across the spring-forward: the per-second text cache must not
/// carry the old offset over the change.
#[test]
fn records_crossing_a_change_switch_offset_on_the_instant() {
    let got = render(
        "{{date.now(\"HH:mm:ss.SSS Z\")}}",
        zone("America/New_York"),
        "2026-03-08T06:59:59.998Z",
        1,
        4,
    );
    assert_eq!(
        got,
        [
            "01:59:59.998 -05:00",
            "01:59:59.999 -05:00",
            "03:00:00.000 -04:00",
            "03:00:00.001 -04:00",
        ]
    );
    // And back at the fall-back: 01:59:59.999 daylight time is followed by 01:00 standard.
    let got = render(
        "{{date.now(\"HH:mm:ss.SSS Z\")}}",
        zone("America/New_York"),
        "2026-11-01T05:59:59.999Z",
        1,
        2,
    );
    assert_eq!(got, ["01:59:59.999 -04:00", "01:00:00.000 -05:00"]);
}

#[test]
fn formats_of_past_and_between_print_in_the_zone() {
    let got = render(
        &format!(
            "{{{{date.between(\"2026-11-01T06:30:00Z\",\"2026-11-01T06:30:00Z\",\"{FORMAT}\")}}}}"
        ),
        zone("America/New_York"),
        "2026-01-01T00:00:00Z",
        0,
        1,
    );
    assert_eq!(
        got,
        ["2026-11-01T01:30:00.000 -05:00|-0500|1793514600000|1793514600"]
    );
    // A past instant prints with the offset of its own date, not of the record's.
    let t = Template::compile_with(
        "{{date.past(1, \"2026-07-01T12:00:00Z\", \"Z\")}}",
        &Options::new().time_zone(zone("America/New_York")),
    )
    .expect("compiles");
    let offsets: std::collections::HashSet<String> = t.generator(3).take(400).collect();
    assert_eq!(
        offsets,
        ["-05:00", "-04:00"].iter().map(|s| s.to_string()).collect()
    );
}

#[test]
fn v2_format_follows_the_zone_and_format_utc_stays_utc() {
    let got = render(
        &format!(
            "{{{{ date.format(record.time, \"{FORMAT}\") }}}} {{{{ date.formatUtc(record.time, \"HH:mm Z\") }}}}"
        ),
        zone("Australia/Lord_Howe"),
        "2026-07-15T00:00:00Z",
        0,
        1,
    );
    assert_eq!(
        got,
        ["2026-07-15T10:30:00.000 +10:30|+1030|1784073600000|1784073600 00:00 +00:00"]
    );
}

/// `date.add` moves the local wall-clock time and reads it back in the zone: a time the
/// spring-forward skips moves forward by the gap, one the fall-back repeats is its first
/// occurrence (moment.tz(local, zone), and a browser's Date).
#[test]
fn date_add_moves_local_time_across_the_changes() {
    for (name, utc, amount, want) in [
        (
            "America/New_York",
            "2026-03-07T07:30:00.000Z",
            "1, \"days\"",
            "2026-03-08T03:30:00.000 -04:00|-0400|1772955000000|1772955000",
        ),
        (
            "America/New_York",
            "2026-03-07T12:00:00.000Z",
            "1, \"days\"",
            "2026-03-08T07:00:00.000 -04:00|-0400|1772967600000|1772967600",
        ),
        (
            "America/New_York",
            "2026-10-31T05:30:00.000Z",
            "1, \"days\"",
            "2026-11-01T01:30:00.000 -04:00|-0400|1793511000000|1793511000",
        ),
        (
            "America/New_York",
            "2026-02-08T07:30:00.000Z",
            "1, \"months\"",
            "2026-03-08T03:30:00.000 -04:00|-0400|1772955000000|1772955000",
        ),
        (
            "Australia/Lord_Howe",
            "2026-10-02T15:45:00.000Z",
            "1, \"days\"",
            "2026-10-04T02:45:00.000 +11:00|+1100|1791042300000|1791042300",
        ),
    ] {
        let source =
            format!("{{{{ date.format(date.add(record.time, {amount}), \"{FORMAT}\") }}}}");
        let got = render(&source, zone(name), utc, 0, 1);
        assert_eq!(got, [want], "{name} {utc} + {amount}");
    }
}

/// moment's diff in days nets out the change of offset: midnight to midnight over the
/// 23-hour day is one day.
#[test]
fn date_diff_in_days_counts_local_days() {
    let got = render(
        r#"{{ date.diff(record.time, "2026-03-08T05:00:00Z", "days") }} {{ date.diff(record.time, "2026-03-08T05:00:00Z", "hours") }}"#,
        zone("America/New_York"),
        "2026-03-09T04:00:00Z",
        0,
        1,
    );
    assert_eq!(got, ["1 23"]);
}

/// `Options::utc_offset_secs` is the fixed-offset zone it always was.
#[test]
fn a_fixed_offset_is_the_same_zone_either_way() {
    let start = Clock::Virtual {
        start_ms: ms("2026-07-01T12:00:00Z"),
        step_ms: 0,
    };
    let by_offset = Options::new().clock(start).utc_offset_secs(19_800);
    let by_zone = Options::new()
        .clock(start)
        .time_zone(TimeZone::parse("+05:30").unwrap());
    let source = format!("{{{{date.now(\"{FORMAT}\")}}}}");
    let a = Template::compile_with(&source, &by_offset).unwrap();
    let b = Template::compile_with(&source, &by_zone).unwrap();
    assert_eq!(a.generator(1).next(), b.generator(1).next());
    assert_eq!(
        a.generator(1).next().unwrap(),
        "2026-07-01T17:30:00.000 +05:30|+0530|1782907200000|1782907200"
    );
    assert!(
        Template::compile_with("x", &Options::new().utc_offset_secs(86_400)).is_err(),
        "an offset of a whole day is refused, as before"
    );
}

/// `date.parse` of a local time (no offset) reads it in the zone as moment.tz(text, zone) does,
/// whether the text is a literal (read when compiling) or computed (read per record).
#[test]
fn date_parse_reads_local_times_in_the_zone() {
    for (name, local, want) in [
        (
            "America/New_York",
            "2026-03-08T02:30:00",
            "2026-03-08T03:30:00.000 -04:00|-0400|1772955000000|1772955000",
        ),
        (
            "America/New_York",
            "2026-11-01T01:30:00",
            "2026-11-01T01:30:00.000 -04:00|-0400|1793511000000|1793511000",
        ),
        (
            "Australia/Lord_Howe",
            "2026-10-04T02:15:00",
            "2026-10-04T02:45:00.000 +11:00|+1100|1791042300000|1791042300",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-05T01:45:00",
            "2026-04-05T01:45:00.000 +11:00|+1100|1775313900000|1775313900",
        ),
        (
            "Asia/Kolkata",
            "2026-03-08T02:30:00",
            "2026-03-08T02:30:00.000 +05:30|+0530|1772917200000|1772917200",
        ),
    ] {
        let literal = format!("{{{{ date.format(date.parse(\"{local}\"), \"{FORMAT}\") }}}}");
        let computed = format!(
            "{{{{ date.format(date.parse(\"{local}\" if record.index < 1 else \"\"), \"{FORMAT}\") }}}}"
        );
        for source in [literal, computed] {
            let got = render(&source, zone(name), "2026-01-01T00:00:00Z", 0, 1);
            assert_eq!(got, [want], "{name} {local}: {source}");
        }
    }
    // With an offset the text names its instant whatever the zone.
    let got = render(
        r#"{{ date.format(date.parse("2026-03-08T02:30:00Z"), "HH:mm Z") }}"#,
        zone("America/New_York"),
        "2026-01-01T00:00:00Z",
        0,
        1,
    );
    assert_eq!(got, ["21:30 -05:00"]);
}
