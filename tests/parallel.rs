//! Parallel rendering equals sequential rendering byte for byte, for any range and thread count.

use fakeplate::{BLOCK_LEN, Template};

#[test]
fn any_range_any_threads_same_bytes() {
    let t = Template::compile(include_str!("../templates/sakila.tmpl")).unwrap();
    let sequential: Vec<String> = t.generator(5).take(70_000).collect();
    let b = BLOCK_LEN;
    for (range, threads) in [
        (0..0, 2),
        (0..1, 2),
        (3..b + 7, 2),
        (b - 1..b + 1, 3),
        (1000..70_000, 2),
        (17..69_999, 3),
        (0..70_000, 0),
    ] {
        let mut out = String::new();
        t.render_range(5, range.clone(), threads, "\n", &mut out);
        let want: String = sequential[range.start as usize..range.end as usize]
            .iter()
            .map(|r| format!("{r}\n"))
            .collect();
        assert!(out == want, "{range:?} on {threads} threads");
    }
}

#[test]
fn a_failing_writer_stops_every_thread() {
    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= 1;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let t = Template::compile("{{random.uuid}}").unwrap();
    let err = t
        .write_range(1, 0..10_000_000, 2, "\n", &mut Full(2))
        .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
}

/// Absurd thread counts (issue 16): `usize::MAX` used to panic with "capacity overflow", a few
/// thousand when the system refused to start more threads. They are capped instead.
#[test]
fn absurd_thread_counts_give_the_same_bytes() {
    let t = Template::compile(include_str!("../templates/sakila.tmpl")).unwrap();
    let mut one = String::new();
    t.render_range(5, 0..1000, 1, "\n", &mut one);
    for threads in [usize::MAX, 5000] {
        let mut out = String::new();
        t.render_range(5, 0..1000, threads, "\n", &mut out);
        assert!(out == one, "{threads} threads");
    }
    // Records that may be long (one value of 60,000 bytes, never drawn) make tasks of one
    // block: 40 tasks, more than the threads that may start on any machine's few cores.
    let long = "y".repeat(60_000);
    let t = Template::compile(&format!(
        r#"{{{{random.weightedArrayElement({{"weights":[1,0],"data":["x","{long}"]}})}}}}-{{{{random.number}}}}"#
    ))
    .unwrap();
    assert!(t.max_record_bytes() > 60_000);
    let range = 100..40 * BLOCK_LEN - 3;
    let mut one = String::new();
    t.render_range(8, range.clone(), 1, "\n", &mut one);
    assert!(one.len() < 20 * 40 * BLOCK_LEN as usize);
    for threads in [usize::MAX, 5000, 3] {
        let mut out = String::new();
        t.render_range(8, range.clone(), threads, "\n", &mut out);
        assert!(out == one, "{threads} threads");
    }
}
