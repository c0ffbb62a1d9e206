//! `verify` reads bytes from buckets, streams and topics it does not control: whatever arrives,
//! the verifier counts it without panicking, on the virtual clock and on the system clock
//! (where time values are read back from the bytes by their formats), and its report adds up.
#![no_main]

use std::sync::OnceLock;

use fakeplate::verify::Verifier;
use fakeplate::{Clock, Options, Template};
use libfuzzer_sys::fuzz_target;

/// Time values in several formats (the default, epoch, words, offsets), one relative to now,
/// and an error document's opening, beside ordinary values.
const TEMPLATE: &str = r#"{"at":"{{date.now}}","x":{{date.now("x")}},"said":"{{date.now("dddd, MMMM Do YYYY, h:mm:ss a ZZ")}}","past":"{{date.past}}","n":{{random.number(99)}},"who":"{{name.firstName}}"}"#;

/// 2000-01-01 to 2100-01-01, in Unix milliseconds.
const WINDOW: std::ops::RangeInclusive<i64> = 946_684_800_000..=4_102_444_800_000;

fn templates() -> &'static (Template, Template) {
    static T: OnceLock<(Template, Template)> = OnceLock::new();
    T.get_or_init(|| {
        let system = Options::new().clock(Clock::System);
        (
            Template::compile(TEMPLATE).expect("the template compiles"),
            Template::compile_with(TEMPLATE, &system).expect("the template compiles"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let (virtual_clock, system_clock) = templates();
    let mut verifiers = vec![Verifier::new(virtual_clock, 1, 0..40)];
    verifiers.push(
        Verifier::system_clock(system_clock, 1, 0..40, Some(WINDOW), 1)
            .expect("the template verifies on the system clock"),
    );
    for mut v in verifiers {
        v.feed_lines("lines", data);
        v.feed_from("one", data);
        v.feed_error_document("doc", data);
        let r = v.report();
        assert_eq!(r.found + r.missing, r.expected);
        assert!(r.failed <= r.missing);
    }
});
