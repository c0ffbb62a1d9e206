//! A compiled template renders a few records under a size budget without panicking; when the
//! template is JSON, every record must parse with serde_json (the JSON guarantee).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = fakeplate::Template::compile(src) else {
        return;
    };
    let mut g = t.generator(u64::from(data.len() as u32));
    let mut buf = String::new();
    for i in 0..4 {
        buf.clear();
        g.next_into(&mut buf);
        assert!(buf.len() <= t.max_record_bytes(), "record longer than the compile-time bound");
        if t.is_json() {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&buf) {
                panic!("record {i} of a JSON template is not JSON ({e}):\n{buf}\ntemplate:\n{src}");
            }
        }
    }
    // Random access agrees with sequential rendering.
    let mut again = String::new();
    t.render_record(u64::from(data.len() as u32), 3, &mut again);
    assert_eq!(again, buf);

    // Fused ops (runs of text and record times, text before numbers) print what their parts
    // print, on a clock whose records cross seconds and minutes, in a zone whose offset is
    // whole minutes and in one whose offset is not.
    for (zone, step_ms) in [(19_800, 7_919), (-3_599, 61_007)] {
        let options = fakeplate::Options::new()
            .utc_offset_secs(zone)
            .clock(fakeplate::Clock::Virtual {
                start_ms: 1_772_952_000_000 - i64::from(data.len() as u32) * 997,
                step_ms,
            });
        let Ok(t) = fakeplate::Template::compile_with(src, &options) else {
            return;
        };
        let (mut fused, mut parts) = (t.generator(7), t.generator(7));
        let (mut a, mut b) = (String::new(), String::new());
        for i in 0..6 {
            a.clear();
            b.clear();
            fused.next_into(&mut a);
            fakeplate::internals::next_op_by_op(&mut parts, &mut b);
            assert_eq!(a, b, "record {i}: fused ops differ from their parts\ntemplate:\n{src}");
        }
    }
});
