//! Arbitrary bytes as a template: compiling must never panic, and an error must carry a
//! position inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match fakeplate::Template::compile(src) {
        Ok(t) => {
            for w in t.warnings() {
                let _ = format!("{w:#}");
            }
        }
        Err(e) => {
            if let Some(r) = e.range() {
                assert!(r.end <= src.len() + 1, "span {r:?} outside {}", src.len());
            }
            let _ = format!("{e:#}");
        }
    }
});
