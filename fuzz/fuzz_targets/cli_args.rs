//! The command line's parsing and option checks on generated command lines: the input's lines
//! are the arguments after `fakeplate`. Parsing and `check_options` (every check a command
//! makes before it runs, which reads and creates nothing) must never panic, and a command
//! line that passes must be one its command can start with.
#![no_main]

use clap::Parser as _;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
#[path = "../../src/bin/fakeplate/main.rs"]
mod cli;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let argv = std::iter::once("fakeplate").chain(text.split('\n'));
    let Ok(parsed) = cli::Cli::try_parse_from(argv) else {
        return;
    };
    if cli::check_options(&parsed.command).is_ok() {
        // What passed the checks: a render's range is inside u64, its threads bounded.
        if let cli::Command::Render(args) = &parsed.command {
            assert!(args.start_index.checked_add(args.count).is_some());
            assert!(args.threads <= 1024);
        }
        // A profile that passes the checks maps indices to times and back without panicking.
        let output = match &parsed.command {
            cli::Command::Render(a) => Some(&a.output_args),
            cli::Command::Stream(a) => Some(&a.output_args),
            cli::Command::Deliver(a) => Some(&a.output_args),
            cli::Command::Verify(a) => Some(&a.output_args),
            _ => None,
        };
        if let Some(Some(text)) = output.map(|o| o.rate.as_deref()) {
            if !text.trim().starts_with("periodic(") {
                let s = fakeplate::pace::Schedule::parse(text).expect("checked").seed(1);
                for i in [0, 1, 63, 64, 1 << 20, u64::MAX] {
                    let _ = s.arrival_ms(i);
                }
                let i = s.first_at(s.start().saturating_add(3_600_000));
                assert!(i == 0 || s.arrival_ms(i - 1) < s.start() + 3_600_000);
            }
        }
        // A verification's range fits a Verifier, its records are newline-framed.
        if let cli::Command::Verify(args) = &parsed.command {
            assert!(args.start_index.checked_add(args.count).is_some());
            assert!(args.count <= fakeplate::verify::MAX_RECORDS);
            assert!(args.threads <= 1024);
            assert!(!args.from.is_empty());
        }
    }
});
