//! Traffic shapes on the virtual clock: rate profiles, KDG's periodic table, backfills over a
//! time range. Counts per window within tolerance, determinism across runs, `--threads` and
//! `--start-index`; no timing assertions. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::path::PathBuf;

use support::{fakeplate, text};

/// 2026-01-01T00:00:00Z, the virtual clock's default start.
const START: i64 = 1_767_225_600_000;

/// A template file printing each record's Unix milliseconds, then a random number.
fn template(dir: &tempdir::Dir) -> PathBuf {
    let path = dir.0.join("t.tmpl");
    std::fs::write(&path, "{{date.utc(\"x\")}} {{random.number(999)}}").unwrap();
    path
}

mod tempdir {
    /// A directory under the target directory, removed when dropped.
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("traffic-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Runs `fakeplate render` and returns its stdout, failing on a non-zero exit.
fn render(args: &[&str]) -> String {
    let o = fakeplate(&[&["render"], args].concat());
    assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    text(&o.stdout)
}

/// The milliseconds after START of each record.
fn times(out: &str) -> Vec<i64> {
    out.lines()
        .map(|l| l.split(' ').next().unwrap().parse::<i64>().unwrap() - START)
        .collect()
}

/// Records per window of `window_ms`, for the first `windows` windows.
fn per_window(times: &[i64], window_ms: i64, windows: usize) -> Vec<usize> {
    let mut counts = vec![0; windows];
    for &t in times {
        if let Some(c) = counts.get_mut((t / window_ms) as usize) {
            *c += 1;
        }
    }
    counts
}

#[test]
fn steps_stamp_each_record_at_its_arrival() {
    let dir = tempdir::Dir::new("steps");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    // 10/s for 1 s, a pause of 1 s, 30/s for 2 s, repeating: 70 records per 4 s.
    let out = render(&[t, "--rate", "steps(10@1s,0@1s,30@2s)", "--count", "700"]);
    let ts = times(&out);
    assert_eq!(ts.len(), 700);
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "arrival order");
    let counts = per_window(&ts, 1000, 40);
    for (s, &c) in counts.iter().enumerate() {
        let want = [10, 0, 30, 30][s % 4];
        assert_eq!(c, want, "second {s}: {counts:?}");
    }
}

#[test]
fn ramp_and_sine_follow_their_rate_per_window() {
    let dir = tempdir::Dir::new("ramp");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    // From 0 to 100/s over 100 s: second s holds about s + 0.5 records, then 100/s.
    let ts = times(&render(&[
        t,
        "--rate",
        "ramp(0,100,100s)",
        "--count",
        "7000",
    ]));
    let counts = per_window(&ts, 1000, 110);
    for (s, &c) in counts.iter().enumerate() {
        let want = if s < 100 { s as f64 + 0.5 } else { 100.0 };
        assert!(
            (c as f64 - want).abs() <= 1.0,
            "second {s}: {c} (want {want})"
        );
    }
    // 50 ± 40 per second over 20 s: quarter periods hold 5 × 50 ± 40 × 20/(2π).
    let ts = times(&render(&[
        t,
        "--rate",
        "sine(50,40,20s)",
        "--count",
        "2000",
    ]));
    let quarters = per_window(&ts, 5000, 4);
    let swing = 40.0 * 20.0 / (2.0 * std::f64::consts::PI);
    let want = [250.0 + swing, 250.0 + swing, 250.0 - swing, 250.0 - swing];
    for (q, (&c, w)) in quarters.iter().zip(want).enumerate() {
        assert!(
            (c as f64 - w).abs() <= 1.0,
            "quarter {q}: {c} (want {w:.1})"
        );
    }
}

#[test]
fn poisson_counts_vary_around_the_rate_and_repeat_exactly() {
    let dir = tempdir::Dir::new("poisson");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let args = [
        t,
        "--rate",
        "poisson(200)",
        "--count",
        "60000",
        "--seed",
        "5",
    ];
    let out = render(&args);
    let ts = times(&out);
    let counts = per_window(&ts, 1000, 290);
    let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
    let var = counts
        .iter()
        .map(|&c| (c as f64 - mean).powi(2))
        .sum::<f64>()
        / counts.len() as f64;
    // A Poisson count has its mean as its variance (200 here), unlike an even rate (0).
    assert!((mean - 200.0).abs() < 5.0, "mean {mean}");
    assert!((120.0..300.0).contains(&var), "variance {var}");
    // Same run, same records and times; any thread count; any starting index.
    assert_eq!(render(&args), out);
    let threads = render(&[&args[..], &["--threads", "3"]].concat());
    assert_eq!(threads, out);
    let tail = render(&[
        t,
        "--rate",
        "poisson(200)",
        "--count",
        "1000",
        "--seed",
        "5",
        "--start-index",
        "41000",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(tail, lines[41000..42000].join("\n") + "\n");
    // Another seed, other arrivals.
    let other = render(&[t, "--rate", "poisson(200)", "--count", "100", "--seed", "6"]);
    assert_ne!(times(&other), ts[..100]);
}

#[test]
fn backfill_renders_exactly_the_records_in_the_window() {
    let dir = tempdir::Dir::new("backfill");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let (from, to) = ("2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z");
    for rate in ["poisson(30)", "sine(20,10,3m)", "7"] {
        let window = render(&[
            t, "--rate", rate, "--start", from, "--end", to, "--seed", "2",
        ]);
        let ts = times(&window);
        assert!(!ts.is_empty(), "{rate}");
        assert!(
            ts.iter().all(|&ms| (600_000..1_200_000).contains(&ms)),
            "{rate}"
        );
        // The next record would arrive at or after the end.
        let n = ts.len().to_string();
        let more = render(&[
            t, "--rate", rate, "--start", from, "--count", &n, "--seed", "2",
        ]);
        assert_eq!(more, window, "{rate}");
        let next = render(&[
            t,
            "--rate",
            rate,
            "--start",
            from,
            "--count",
            "1",
            "--seed",
            "2",
            "--start-index",
            &n,
        ]);
        assert!(times(&next)[0] >= 1_200_000, "{rate}");
    }
    // Without --rate, the step decides: 10 minutes of 100 ms.
    let plain = render(&[t, "--start", from, "--end", to]);
    assert_eq!(plain.lines().count(), 6000);
}

#[test]
fn deliver_backfills_and_verify_expects_the_same_records() {
    let dir = tempdir::Dir::new("deliver");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let bucket = dir.0.join("bucket");
    let bucket = bucket.to_str().unwrap();
    let o = fakeplate(&[
        "deliver",
        t,
        "--to",
        bucket,
        "--rate",
        "poisson(20)",
        "--end",
        "2026-01-01T01:00:00Z",
        "--seed",
        "9",
        "--run-id",
        "1",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = text(&o.stderr);
    let records: u64 = summary
        .split(", ")
        .find_map(|p| p.strip_suffix(" records"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!((70_000..74_000).contains(&records), "{records}");
    let n = records.to_string();
    let verify = |rate: &str| {
        fakeplate(&[
            "verify", t, "--from", bucket, "--rate", rate, "--count", &n, "--seed", "9",
        ])
    };
    let ok = verify("poisson(20)");
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    // Under another profile the times differ, so the records do.
    assert_eq!(verify("20").status.code(), Some(1));
}

#[test]
fn stream_backfills_at_full_speed_on_the_virtual_clock() {
    let dir = tempdir::Dir::new("stream");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    // A day at 10/s would take a day to pace; a backfill does not wait.
    let o = fakeplate(&[
        "stream",
        t,
        "--clock",
        "virtual",
        "--rate",
        "steps(10@1h,2@1h)",
        "--end",
        "2026-01-02T00:00:00Z",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ts = times(&text(&o.stdout));
    assert_eq!(ts.len(), 12 * 3600 * 12);
    assert_eq!(per_window(&ts, 3_600_000, 2), [36_000, 7200]);
    assert_eq!(
        text(&o.stdout),
        render(&[
            t,
            "--rate",
            "steps(10@1h,2@1h)",
            "--count",
            &ts.len().to_string()
        ])
    );
}

#[test]
fn periodic_tables_give_hourly_counts_near_their_means() {
    let dir = tempdir::Dir::new("periodic");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let table = dir.0.join("rates.csv");
    // 2026-01-01 is a Thursday.
    std::fs::write(
        &table,
        "weekday,hour,mu,sigma\nThu,0,5,1\nThu,1,20,4\n# quiet\nThu,2,0,0\n",
    )
    .unwrap();
    let rate = format!("periodic({})", table.display());
    let args = [
        t,
        "--rate",
        &rate,
        "--end",
        "2026-01-01T04:00:00Z",
        "--seed",
        "3",
    ];
    let out = render(&args);
    let hours = per_window(&times(&out), 3_600_000, 4);
    // ceil(normal(mu, sigma)) has a mean of about mu + 0.5; 3600 seconds an hour.
    assert!((19_000..20_600).contains(&hours[0]), "{hours:?}");
    assert!((73_000..74_800).contains(&hours[1]), "{hours:?}");
    assert_eq!(hours[2], 0);
    // Hours the table leaves out take KDG's defaults: 100 ± 10.
    assert!((359_500..364_000).contains(&hours[3]), "{hours:?}");
    assert_eq!(render(&args), out, "a second run draws the same counts");
    // Smoothing moves toward the next hour minute by minute: the first hour holds more.
    let smooth = render(&[&args[..], &["--smooth"]].concat());
    let smooth = per_window(&times(&smooth), 3_600_000, 1);
    assert!((45_000..48_000).contains(&smooth[0]), "{smooth:?}");
}

#[test]
fn bad_profiles_and_tables_are_usage_errors_that_say_where() {
    let dir = tempdir::Dir::new("bad");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let table = dir.0.join("bad.csv");
    let rate = format!("periodic({})", table.display());
    let name = table.display().to_string();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--rate", "ramp(10,x,5m)"],
            "--rate \"ramp(10,x,5m)\": column 9: expected a number".into(),
        ),
        (
            vec!["--rate", "steps(1@1s,2@)"],
            "column 14: expected a positive duration".into(),
        ),
        (
            vec!["--rate", "poisson(3"],
            "column 10: expected `)`".into(),
        ),
        (
            vec!["--rate=-1"],
            "--rate -1: expected a positive number".into(),
        ),
        (
            vec!["--rate", "poisson(3)", "--step", "1s"],
            "--step 1s with --rate".into(),
        ),
        (
            vec!["--smooth"],
            "--smooth: only with --rate 'periodic(FILE)'".into(),
        ),
        (
            vec!["--end", "soon"],
            "--end \"soon\": expected an ISO 8601 time".into(),
        ),
        (
            vec!["--start", "2026-02-01", "--end", "2026-01-01"],
            "--end 2026-01-01: before --start 2026-02-01".into(),
        ),
        (vec!["--rate", &rate], format!("--rate periodic({name}): ")),
    ];
    for (args, want) in &cases {
        let o = fakeplate(&[&["render", t], &args[..]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains(want.as_str()),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    for (content, want) in [
        (
            "day,hour,mu,sigma\n",
            ":1:1: expected the header `weekday,hour,mu,sigma`",
        ),
        (
            "weekday,hour,mu,sigma\nFunday,1,2,3\n",
            ":2:1: unknown weekday `Funday`",
        ),
        (
            "weekday,hour,mu,sigma\nMon,1,2,-3\n",
            ":2:9: sigma -3 is negative",
        ),
        (
            "weekday,hour,mu,sigma\nMon,99,2,3\n",
            ":2:5: hour `99`: expected 0 to 23",
        ),
    ] {
        std::fs::write(&table, content).unwrap();
        for command in ["render", "stream", "deliver"] {
            let mut args = vec![command, t, "--rate", &rate, "--count", "1"];
            match command {
                "stream" => args.extend(["--clock", "virtual"]),
                "deliver" => args.extend(["--to", dir.0.to_str().unwrap()]),
                _ => {}
            }
            let o = fakeplate(&args);
            assert_eq!(o.status.code(), Some(2), "{command} {content:?}");
            let err = text(&o.stderr);
            assert!(err.contains(&format!("{name}{want}")), "{command}: {err}");
        }
    }
}

#[test]
fn late_events_move_back_a_fraction_of_event_times_and_keep_the_order() {
    let dir = tempdir::Dir::new("late");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let on_time = render(&[t, "--rate", "poisson(100)", "--count", "20000"]);
    let args = [
        t,
        "--rate",
        "poisson(100)",
        "--count",
        "20000",
        "--late",
        "0.1:10m",
    ];
    let late = render(&args);
    let (a, b) = (times(&on_time), times(&late));
    let mut moved = 0;
    for (k, ((x, y), (lx, ly))) in a
        .iter()
        .zip(&b)
        .zip(on_time.lines().zip(late.lines()))
        .enumerate()
    {
        // The same record in the same place: only its event time may differ, by 0 to 10 min.
        assert_eq!(lx.split(' ').nth(1), ly.split(' ').nth(1), "record {k}");
        assert!((0..=600_000).contains(&(x - y)), "record {k}: {x} {y}");
        moved += usize::from(x != y);
    }
    assert!((1_800..2_200).contains(&moved), "{moved} of 20000 late");
    // Deterministic per record: any thread count, any start.
    assert_eq!(render(&[&args[..], &["--threads", "3"]].concat()), late);
    let tail = render(
        &[
            &args[..3],
            &[
                "--count",
                "10",
                "--start-index",
                "12345",
                "--late",
                "0.1:10m",
            ],
        ]
        .concat(),
    );
    let lines: Vec<&str> = late.lines().collect();
    assert_eq!(tail, lines[12345..12355].join("\n") + "\n");
}

#[test]
fn duplicates_follow_their_record_and_verify_expects_them() {
    let dir = tempdir::Dir::new("dupes");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let plain = render(&[t, "--count", "20000"]);
    let args = [t, "--count", "20000", "--duplicates", "0.05"];
    let out = render(&args);
    let lines: Vec<&str> = out.lines().collect();
    let copies = lines.len() - 20_000;
    assert!((900..1_100).contains(&copies), "{copies}");
    // Without the copies, the records as before; each copy repeats one of the 16 records
    // before the one it follows.
    let originals: Vec<&str> = plain.lines().collect();
    let mut seen = std::collections::HashSet::new();
    let mut next = 0;
    for (p, line) in lines.iter().enumerate() {
        if next < originals.len() && *line == originals[next] && seen.insert(*line) {
            next += 1;
        } else {
            assert!(
                next >= 1 && originals[next.saturating_sub(17)..next - 1].contains(line),
                "line {p}"
            );
        }
    }
    assert_eq!(next, 20_000);
    assert_eq!(render(&[&args[..], &["--threads", "4"]].concat()), out);
    // verify expects exactly these copies: none missing, none duplicated.
    let file = dir.0.join("out.txt");
    std::fs::write(&file, &out).unwrap();
    let file = file.to_str().unwrap();
    let verify = |extra: &[&str]| {
        fakeplate(&[&["verify", t, "--from", file, "--count", "20000"], extra].concat())
    };
    let ok = verify(&["--duplicates", "0.05"]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    assert!(
        text(&ok.stdout).contains(&format!(
            "{} expected, {} found, 0 missing, 0 duplicated",
            lines.len(),
            lines.len()
        )),
        "{}",
        text(&ok.stdout)
    );
    let unaware = verify(&[]);
    assert_eq!(unaware.status.code(), Some(1));
    assert!(text(&unaware.stdout).contains(&format!("{copies} duplicated")));
    assert!(
        text(&unaware.stdout).contains(&format!("duplicated: {copies} extra copies, first ")),
        "{}",
        text(&unaware.stdout)
    );
    // A copy lost on the way is missing.
    let mut lost = lines.clone();
    let last_copy = (0..lost.len())
        .rev()
        .find(|&p| lost[..p].contains(&lost[p]))
        .unwrap();
    lost.remove(last_copy);
    std::fs::write(file, lost.join("\n") + "\n").unwrap();
    let short = verify(&["--duplicates", "0.05"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(
        text(&short.stdout).contains("1 missing, 0 duplicated"),
        "{}",
        text(&short.stdout)
    );
}

#[test]
fn deliver_with_late_events_and_duplicates_is_verified_exactly() {
    let dir = tempdir::Dir::new("deliver-faults");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let bucket = dir.0.join("bucket");
    let bucket = bucket.to_str().unwrap();
    let faults = [
        "--rate",
        "sine(50,25,10m)",
        "--late",
        "5%:2m",
        "--duplicates",
        "2%",
        "--seed",
        "4",
    ];
    // A backfill of 10 minutes: about 30,000 records and 600 copies, at full speed.
    let o = fakeplate(
        &[
            &[
                "deliver",
                t,
                "--to",
                bucket,
                "--end",
                "2026-01-01T00:10:00Z",
            ],
            &faults[..],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    // The summary counts copies too; verify takes the count of records.
    let count = render(&[&[t, "--end", "2026-01-01T00:10:00Z"], &faults[..2]].concat())
        .lines()
        .count()
        .to_string();
    let v = fakeplate(
        &[
            &["verify", t, "--from", bucket, "--count", &count],
            &faults[..],
        ]
        .concat(),
    );
    assert!(v.status.success(), "{}", text(&v.stdout));
    let report = text(&v.stdout);
    assert!(
        report.contains("0 missing, 0 duplicated, 0 unexpected"),
        "{report}"
    );
}

#[test]
fn bad_late_and_duplicates_are_usage_errors() {
    for (args, want) in [
        (["--late", "0.1"], "--late \"0.1\": expected FRACTION:MAX"),
        (
            ["--late", "1.5:1m"],
            "--late \"1.5:1m\": expected FRACTION:MAX",
        ),
        (
            ["--late", "0.1:soon"],
            "--late \"0.1:soon\": expected FRACTION:MAX",
        ),
        (
            ["--duplicates", "101%"],
            "--duplicates \"101%\": expected a fraction",
        ),
        (
            ["--duplicates", "NaN"],
            "--duplicates \"NaN\": expected a fraction",
        ),
    ] {
        for command in ["render", "stream", "deliver", "verify"] {
            let mut argv = vec![command, "-", "--count", "1"];
            argv.extend(args);
            match command {
                "deliver" => argv.extend(["--to", "unused-bucket"]),
                "verify" => argv.extend(["--from", "unused"]),
                _ => {}
            }
            let o = fakeplate(&argv);
            assert_eq!(o.status.code(), Some(2), "{command} {args:?}");
            assert!(
                text(&o.stderr).contains(want),
                "{command} {args:?}: {}",
                text(&o.stderr)
            );
        }
    }
}

#[test]
fn a_periodic_table_past_its_size_limit_is_refused_unread() {
    let dir = tempdir::Dir::new("huge-table");
    let t = template(&dir);
    let table = dir.0.join("huge.csv");
    let mut content = String::from("weekday,hour,mu,sigma\n");
    while content.len() <= fakeplate::pace::MAX_TABLE_BYTES {
        content.push_str("# padding, padding, padding, padding, padding\n");
    }
    std::fs::write(&table, content).unwrap();
    let mut tables = vec![table.display().to_string()];
    if std::path::Path::new("/dev/zero").exists() {
        tables.push("/dev/zero".into());
    }
    for table in &tables {
        let rate = format!("periodic({table})");
        let o = fakeplate(&[
            "render",
            t.to_str().unwrap(),
            "--rate",
            &rate,
            "--count",
            "1",
        ]);
        assert_eq!(o.status.code(), Some(2), "{table}");
        let want = format!(
            "--rate periodic({table}): more than {} bytes, the limit for a periodic table",
            fakeplate::pace::MAX_TABLE_BYTES
        );
        assert!(text(&o.stderr).contains(&want), "{}", text(&o.stderr));
    }
}

#[test]
fn runs_whose_times_leave_the_range_are_refused_up_front_with_the_limit() {
    let dir = tempdir::Dir::new("time-range");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let after_js = "after +275760-09-13T00:00:00Z, the last time a record can have";
    let before_js = "before -271821-04-20T00:00:00Z, the first time a record can have";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["render", t, "--rate", "0.000000001", "--count", "10000"],
            format!(
                "record 9999 of 10000 from --start 2026-01-01T00:00:00Z by --rate 0.000000001 would be: {after_js}"
            ),
        ),
        (
            vec!["render", t, "--step", "1000000000h"],
            format!("record 9 of 10 from --start 2026-01-01T00:00:00Z by --step 1000000000h would be: {after_js}"),
        ),
        (
            vec!["render", t, "--late", "1:1000000000000h"],
            format!("--late 1:1000000000000h from --start 2026-01-01T00:00:00Z: a record moved back the most would be: {before_js}"),
        ),
        (
            vec!["stream", t, "--clock", "virtual", "--step", "1000000000h", "--count", "4"],
            after_js.to_owned(),
        ),
        (
            vec![
                "deliver", t, "--to", dir.0.to_str().unwrap(), "--step", "100000000h", "--count", "10",
            ],
            "record 9 of 10 from --start 2026-01-01T00:00:00Z by --step 100000000h would be: after 9999-12-31T23:59:59.999Z, the last time a record can have (four-digit years, so that object keys sort in time order)".to_owned(),
        ),
    ];
    for (args, want) in &cases {
        let o = fakeplate(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(want.as_str()),
            "{args:?}: {}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // The last time itself is a record's. `YYYY` prints a year above 9999 as moment.js does
    // (`275760`), `Y` with the sign of an ISO 8601 expanded year.
    let years = dir.0.join("years.tmpl");
    std::fs::write(&years, "{{date.utc(\"YYYY-MM-DD Y\")}} {{date.utc(\"x\")}}").unwrap();
    let years = years.to_str().unwrap();
    // 8.64e15 ms minus 2026-01-01T00:00:00Z.
    let step = "8638232774400000ms";
    assert_eq!(
        render(&[years, "--step", step, "--count", "2"]),
        "2026-01-01 2026 1767225600000\n275760-09-13 +275760 8640000000000000\n"
    );
    let o = fakeplate(&[
        "render",
        years,
        "--step",
        "8638232774400001ms",
        "--count",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(after_js), "{}", text(&o.stderr));
}

#[test]
fn a_virtual_duration_past_the_range_is_refused() {
    let dir = tempdir::Dir::new("duration-range");
    let t = template(&dir);
    let o = fakeplate(&[
        "stream",
        t.to_str().unwrap(),
        "--clock",
        "virtual",
        "--duration",
        "3000000000h",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains(
            "--duration 10800000000000000ms from --start 2026-01-01T00:00:00Z would end: after +275760-09-13T00:00:00Z"
        ),
        "{}",
        text(&o.stderr)
    );
}

/// Issue 28: a profile's times past the range saturated at one time (`i64::MAX / 2` µs after
/// the start, 4613453244027387 from 2026) for every later record. Each profile kind is
/// refused up front by its last record's own arrival, in `render`, `stream` and `verify`.
#[test]
fn a_profile_whose_times_leave_the_range_is_refused_up_front() {
    let dir = tempdir::Dir::new("profile-range");
    let t = template(&dir);
    let t = t.to_str().unwrap();
    let after_js = "would be: after +275760-09-13T00:00:00Z, the last time a record can have (the range of a JavaScript Date)";
    let profiles = [
        "poisson(0.000000001)",
        "steps(0.000000001@1s)",
        "ramp(0.000000001,0.000000001,1s)",
        "sine(0.000000001,0.0000000005,1h)",
    ];
    for rate in profiles {
        let runs: [Vec<&str>; 3] = [
            vec!["render", t, "--rate", rate, "--count", "10000"],
            vec![
                "stream", t, "--clock", "virtual", "--rate", rate, "--count", "10000",
            ],
            vec![
                "verify", t, "--from", "-", "--rate", rate, "--count", "10000",
            ],
        ];
        for args in &runs {
            let o = fakeplate(args);
            let want = format!(
                "record 9999 of 10000 from --start 2026-01-01T00:00:00Z by --rate {rate} {after_js}"
            );
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
            assert!(
                text(&o.stderr).contains(&want),
                "{args:?}: {}",
                text(&o.stderr)
            );
            assert!(o.stdout.is_empty(), "{args:?}");
        }
        // Just inside: 3000 records end about 3e15 ms later, every time its own.
        let out = render(&[t, "--rate", rate, "--count", "3000"]);
        let times = times(&out);
        assert_eq!(times.len(), 3000, "{rate}");
        assert!(
            times.windows(2).all(|w| w[0] < w[1]),
            "{rate}: times repeat"
        );
        assert!(
            times[2999] > 2_900_000_000_000_000,
            "{rate}: {}",
            times[2999]
        );
    }
}

/// Issue 28: an unbounded stream cannot be checked up front; it stops with an error at the
/// first record whose time leaves the range (before, it stamped +275760-09-13 forever).
#[test]
fn an_unbounded_stream_stops_at_the_first_time_past_the_range() {
    let dir = tempdir::Dir::new("unbounded-range");
    let t = template(&dir);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "stream",
            t.to_str().unwrap(),
            "--clock",
            "virtual",
            "--step",
            "1000000000h",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A safety net, not a timing assertion: three records take 0.3 s at 10 per second.
    let mut waited = 0;
    while child.try_wait().unwrap().is_none() {
        if waited == 600 {
            child.kill().unwrap();
            panic!("still running after 60 s: it never stopped");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains(
            "record 3: its time would be outside -271821-04-20T00:00:00Z..+275760-09-13T00:00:00Z, the times a record can have (the range of a JavaScript Date); stopped before it"
        ),
        "{}",
        text(&o.stderr)
    );
    // Records 0 to 2 were written, each with its own time.
    let out = text(&o.stdout);
    let times: Vec<&str> = out.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(
        times,
        ["1767225600000", "3601767225600000", "7201767225600000"]
    );
}
