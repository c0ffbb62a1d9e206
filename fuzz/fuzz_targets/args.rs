//! Spends fuzz time on argument lists: the input is wrapped as the arguments of a few
//! functions, in a JSON template, in string and value positions.
#![no_main]

use libfuzzer_sys::fuzz_target;

const WRAPPERS: &[(&str, &str)] = &[
    ("{\"v\":{{random.arrayElement(", ")}}}"),
    ("{\"v\":\"{{random.arrayElement(", ")}}\"}"),
    ("{\"v\":{{random.number(", ")}}}"),
    ("{\"v\":\"{{random.weightedArrayElement(", ")}}\"}"),
    ("{\"v\":{{date.between(", ")}}}"),
    ("{\"v\":\"{{date.now(", ")}}\"}"),
    ("{\"{{random.objectElement(", ")}}\":1}"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(args) = std::str::from_utf8(rest) else {
        return;
    };
    let (open, close) = WRAPPERS[usize::from(which) % WRAPPERS.len()];
    let src = format!("{open}{args}{close}");
    let Ok(t) = fakeplate::Template::compile(&src) else {
        return;
    };
    let mut g = t.generator(7);
    let mut buf = String::new();
    for _ in 0..3 {
        buf.clear();
        g.next_into(&mut buf);
        if t.is_json() {
            assert!(
                serde_json::from_str::<serde_json::Value>(&buf).is_ok(),
                "not JSON: {buf}\ntemplate: {src}"
            );
        }
    }
});
