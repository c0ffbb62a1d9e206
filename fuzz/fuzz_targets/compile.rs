//! Arbitrary bytes as a template: compiling must never panic, and an error must carry a
//! position inside the source, and so must each of its labels.
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
            for label in e.labels() {
                let r = label.span().range();
                assert!(r.end <= src.len(), "label {r:?} outside {}", src.len());
                assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
            }
            let _ = format!("{e:#}");
        }
    }
});
