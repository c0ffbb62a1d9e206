//! Tables that must match faker.js (issue 17 item 4): user agents in faker.js 3.1.0's grammar,
//! every MIME type and extension one faker.js 3.1.0 can print, and `address.zipCodeByState`
//! within the source's ranges for every state.

use std::collections::BTreeSet;

use fakeplate::Template;
use regex::Regex;

fn render(src: &str, seed: u64, n: usize) -> Vec<String> {
    let t = Template::compile(src).unwrap_or_else(|e| panic!("{src}: {e:#}"));
    t.generator(seed).take(n).collect()
}

/// faker.js 3.1.0's user-agent grammar (its `vendor/user-agent.js`), one pattern per browser.
/// Checked once against 100,000 agents from faker 3.1.0 itself: all matched.
fn user_agent_patterns() -> Vec<(&'static str, Regex)> {
    let nt = r"[56]\.[0-3]";
    let osx = |d: &str| format!(r"10{d}(?:[5-9]|10){d}[0-9]");
    let webkit = r"53[1-8]\.[0-2]\.[0-2]";
    let mac = r"(?:U; )?(?:Intel|PPC)";
    let linux = r"(?:i686|x86_64)";
    let lang = "[A-Z]{2}";
    let patterns = [
        (
            "chrome",
            format!(
                r"^Mozilla/5\.0 (?:\(Macintosh; {mac} Mac OS X {}\) |\(Windows; U; Windows NT {nt}\)|\(X11; Linux {linux}) AppleWebKit/({webkit}) \(KHTML, like Gecko\) Chrome/(?:1[3-9]|2[0-9]|3[0-9])\.0\.8[0-9]{{2}}\.0 Safari/({webkit})$",
                osx("_")
            ),
        ),
        (
            "ie11",
            r"^Mozilla/5\.0 \(Windows NT 6\.[1-3]; Trident/7\.0; (?:Touch; )?rv:11\.0\) like Gecko$"
                .to_owned(),
        ),
        (
            "ie",
            format!(
                r"^Mozilla/5\.0 \(compatible; MSIE (?:[789]|10)\.0; Windows NT {nt}; Trident/[3-7]\.[01](?:; \.NET CLR [1-4]\.[0-9]\.[1-9][0-9]{{4}}\.[0-9])?\)$"
            ),
        ),
        (
            "firefox",
            format!(
                r"^Mozilla/5\.0 (?:\(Windows NT {nt}(?:; WOW64|; Win64; x64)?|\(Macintosh; {mac} Mac OS X {}|\(X11; Linux {linux}); rv:((?:[5-9]|1[0-5])\.[0-9])\) Gecko/20100101 Firefox/((?:[5-9]|1[0-5])\.[0-9])\.[0-9]$",
                osx(r"\.")
            ),
        ),
        (
            "safari",
            format!(
                r"^Mozilla/5\.0 (?:\(Macintosh; {mac} Mac OS X {} rv:[2-6]\.0; {lang}\) |\(Windows; U; Windows NT {nt}\))AppleWebKit/({webkit}) \(KHTML, like Gecko\) Version/[4-7]\.[01]\.(?:[0-9]|10) Safari/({webkit})$",
                osx("_")
            ),
        ),
        (
            "opera",
            format!(
                r"^Opera/(?:9|1[0-4])\.[0-9]{{1,2}} (?:\(Windows NT {nt}; U; |\(X11; Linux {linux}; U; |\(Macintosh; Intel Mac OS X {} U; ){lang} Presto/2\.9\.(?:1[6-8][0-9]|190) Version/1[0-2]\.00\)$",
                osx(r"\.")
            ),
        ),
    ];
    patterns
        .into_iter()
        .map(|(name, p)| (name, Regex::new(&p).unwrap()))
        .collect()
}

#[test]
fn user_agents_follow_faker_3_1_grammar_with_every_variant() {
    let patterns = user_agent_patterns();
    let mut variants = BTreeSet::new();
    let mut browsers = std::collections::BTreeMap::<&str, usize>::new();
    let n = 20_000;
    for ua in render("{{internet.userAgent}}", 17, n) {
        let (name, caps) = patterns
            .iter()
            .find_map(|(name, re)| re.captures(&ua).map(|c| (*name, c)))
            .unwrap_or_else(|| panic!("not in faker.js 3.1.0's grammar: {ua:?}"));
        // The two captures are the same version (WebKit twice, Firefox's `rv:` and version).
        if let (Some(a), Some(b)) = (caps.get(1), caps.get(2)) {
            assert_eq!(a.as_str(), b.as_str(), "{ua}");
        }
        let system = if ua.contains("Mac OS X") {
            "mac"
        } else if ua.contains("Linux") {
            "linux"
        } else {
            "windows"
        };
        let browser = name.trim_end_matches("11");
        variants.insert((browser, system));
        *browsers.entry(browser).or_default() += 1;
    }
    // Every browser on every system faker.js puts it on: Internet Explorer on Windows only,
    // Safari on Windows and macOS.
    assert_eq!(variants.len(), 12, "{variants:?}");
    assert!(!variants.contains(&("ie", "mac")) && !variants.contains(&("safari", "linux")));
    // faker.js's odds, out of 101: Chrome 46, IE 27, Firefox 19, Safari 7, Opera 2.
    for (browser, count) in [
        ("chrome", 46),
        ("ie", 27),
        ("firefox", 19),
        ("safari", 7),
        ("opera", 2),
    ] {
        let expected = n * count / 101;
        let got = browsers[browser];
        assert!(
            got.abs_diff(expected) < expected / 10 + 50,
            "{browser}: {got} vs {expected}"
        );
    }
}

/// MIME types and extensions faker.js 3.1.0 prints (mime-db as it bundles it) include every
/// one fakeplate prints; spot-checked here against names that newer mime-db renamed.
#[test]
fn mime_types_and_extensions_are_faker_3_1s() {
    let types: BTreeSet<String> = render("{{system.mimeType}}", 5, 20_000)
        .into_iter()
        .collect();
    assert_eq!(types.len(), 119, "all of the table is reachable");
    // Newer mime-db names faker.js 3.1.0 never prints.
    for newer in [
        "font/woff",
        "font/woff2",
        "font/ttf",
        "font/otf",
        "font/collection",
    ] {
        assert!(!types.contains(newer), "{newer}");
    }
    for old in [
        "application/font-woff",
        "application/x-font-ttf",
        "font/opentype",
    ] {
        assert!(types.contains(old), "{old}");
    }
    let exts: BTreeSet<String> = render("{{system.fileExt}}", 5, 40_000)
        .into_iter()
        .collect();
    assert_eq!(exts.len(), 198);
    // Extensions newer mime-db added: faker.js 3.1.0 has no `gz` nor `rng`.
    assert!(!exts.contains("gz") && !exts.contains("rng"));
    let md = render(r#"{{system.fileExt("text/x-markdown")}}"#, 5, 200);
    let md: BTreeSet<&str> = md.iter().map(String::as_str).collect();
    assert_eq!(md, BTreeSet::from(["markdown", "md", "mkd"]));
    let err = Template::compile(r#"{{system.fileExt("application/gzip")}}"#);
    assert!(
        err.is_err(),
        "faker.js 3.1.0's application/gzip has no extension"
    );
}

/// Every state's zip codes lie in the source's ranges (tests/data names the package and its
/// version), five digits with leading zeros, by abbreviation and by name; New York is the
/// documented exception (10001-14925 instead of the single 06390).
#[test]
fn zip_code_by_state_stays_in_the_sources_ranges_for_every_state() {
    let source = include_str!("data/zip-by-state-faker-js-10.6.0.txt");
    let names = [
        ("AL", "Alabama"),
        ("DC", "District of Columbia"),
        ("NY", "New York"),
        ("PR", "Puerto Rico"),
        ("WY", "Wyoming"),
    ];
    let mut states = 0;
    for line in source.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split(' ');
        let state = fields.next().unwrap();
        let mut ranges: Vec<(u32, u32)> = fields
            .map(|r| {
                let (lo, hi) = r.split_once('-').unwrap();
                (lo.parse().unwrap(), hi.parse().unwrap())
            })
            .collect();
        if state == "NY" {
            ranges = vec![(10001, 14925)];
        }
        let mut calls = vec![format!(r#"{{{{address.zipCodeByState("{state}")}}}}"#)];
        if let Some((_, name)) = names.iter().find(|(a, _)| *a == state) {
            calls.push(format!(r#"{{{{address.zipCodeByState("{name}")}}}}"#));
        }
        for call in calls {
            let mut seen = BTreeSet::new();
            for zip in render(&call, 3, 500) {
                assert!(
                    zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit()),
                    "{call}: {zip}"
                );
                let n: u32 = zip.parse().unwrap();
                assert!(
                    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&n)),
                    "{call}: {zip} outside {ranges:?}"
                );
                seen.insert(ranges.iter().position(|&(lo, hi)| (lo..=hi).contains(&n)));
            }
            // Every range of a state is used (Florida has 26).
            assert_eq!(seen.len(), ranges.len(), "{call}");
        }
        states += 1;
    }
    assert_eq!(states, 52);
}
