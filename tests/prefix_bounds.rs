//! The bound `Prefixes::new` checks against `MAX_EVALUATED_CHARS` holds for every time a
//! clock can show (found by the `prefix` fuzz target, issue 16): `D`, the day of the year,
//! prints 3 digits from day 100, and was counted as 2, so a prefix accepted as at most 512
//! characters evaluated to 513 on 31 December and failed at delivery.
#![cfg(feature = "delivery")]

use fakeplate::delivery::{ErrorOutputType, MAX_EVALUATED_CHARS, Prefixes};

/// 2024-12-31T00:00:00Z, day 366 of a leap year.
const DAY_366: i64 = 1_735_603_200_000;

#[test]
fn day_of_year_counts_three_digits() {
    let error = Some("!{firehose:error-output-type}/");
    let prefix = |text_chars: usize| format!("{}!{{timestamp:D}}/", "a".repeat(text_chars));
    // 509 + 3 + 1 = 513 characters on day 366: refused when configured.
    let err = Prefixes::new(Some(&prefix(509)), error).unwrap_err();
    assert!(
        err.to_string().contains("can evaluate to 513 characters"),
        "{err}"
    );
    // 508 + 3 + 1 = 512: accepted, and it evaluates on every day.
    let p = Prefixes::new(Some(&prefix(508)), error).unwrap();
    let mut random = || unreachable!();
    let text = p.prefix().evaluate(DAY_366, None, &mut random).unwrap();
    assert_eq!(text.chars().count(), MAX_EVALUATED_CHARS);
    assert!(text.ends_with("366/"));
    let e = p
        .error_prefix()
        .evaluate(
            DAY_366,
            Some(ErrorOutputType::ProcessingFailed),
            &mut random,
        )
        .unwrap();
    assert_eq!(e, "processing-failed/");
}
