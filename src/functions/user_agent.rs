//! `internet.userAgent` in the shape faker.js 3.1.0 gives it: one of five browsers on Windows,
//! macOS or Linux with random version numbers, drawn from the same choices and with the same
//! odds as its bundled generator (`vendor/user-agent.js`), quirks included, but seeded.
//!
//! Written from a description of that grammar (browsers, systems, version ranges, the
//! language tags), not from its code. The odds are faker.js's: it draws a whole number from 0
//! to 100 and walks cumulative weights, so each choice below is a count out of 101.
//!
//! The quirks kept, because KDG prints them: a Linux Chrome agent has no `)` after the system
//! (`(X11; Linux x86_64 AppleWebKit/…`), a macOS Chrome agent has two spaces before
//! `AppleWebKit`, a Windows Safari agent none, and Firefox's `rv:` drops the last revision digit.

use crate::rng::Rng;

/// The longest agent: Safari on macOS with every field at its widest (12 + 12 + 8 + 10 + 7 +
/// 4 + 5 + 2 + 2 + 12 + 7 + 29 + 6 + 8 + 7 bytes).
pub(super) const MAX_LEN: usize = 131;

/// Browsers, as counts out of 101.
const BROWSERS: &[(Browser, u64)] = &[
    (Browser::Chrome, 46),
    (Browser::InternetExplorer, 27),
    (Browser::Firefox, 19),
    (Browser::Safari, 7),
    (Browser::Opera, 2),
];

#[derive(Clone, Copy)]
enum Browser {
    Chrome,
    InternetExplorer,
    Firefox,
    Safari,
    Opera,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum System {
    Windows,
    Mac,
    Linux,
}

/// Each browser's systems, as counts out of 101 (Internet Explorer runs on Windows only).
fn systems(browser: Browser) -> &'static [(System, u64)] {
    match browser {
        Browser::Chrome => &[(System::Windows, 90), (System::Mac, 9), (System::Linux, 2)],
        Browser::Firefox => &[(System::Windows, 84), (System::Mac, 16), (System::Linux, 1)],
        Browser::Opera => &[(System::Windows, 92), (System::Mac, 3), (System::Linux, 6)],
        Browser::Safari => &[(System::Windows, 5), (System::Mac, 96)],
        Browser::InternetExplorer => &[(System::Windows, 101)],
    }
}

/// macOS processor tokens, as counts out of 101.
const MAC_PROCESSORS: &[(&str, u64)] =
    &[("Intel", 49), ("PPC", 1), ("U; Intel", 48), ("U; PPC", 3)];
const LINUX_PROCESSORS: &[&str] = &["i686", "x86_64"];
const WINDOWS_PROCESSORS: &[&str] = &["", "WOW64", "Win64; x64"];

/// The language tags the generator puts in Opera and Safari agents: ISO 639-1 codes, upper
/// case.
const LANGUAGES: &[&str] = &[
    "AB", "AF", "AN", "AR", "AS", "AZ", "BE", "BG", "BN", "BO", "BR", "BS", "CA", "CE", "CO", "CS",
    "CU", "CY", "DA", "DE", "EL", "EN", "EO", "ES", "ET", "EU", "FA", "FI", "FJ", "FO", "FR", "FY",
    "GA", "GD", "GL", "GV", "HE", "HI", "HR", "HT", "HU", "HY", "ID", "IS", "IT", "JA", "JV", "KA",
    "KG", "KO", "KU", "KW", "KY", "LA", "LB", "LI", "LN", "LT", "LV", "MG", "MK", "MN", "MO", "MS",
    "MT", "MY", "NB", "NE", "NL", "NN", "NO", "OC", "PL", "PT", "RM", "RO", "RU", "SC", "SE", "SK",
    "SL", "SO", "SQ", "SR", "SV", "SW", "TK", "TR", "TY", "UK", "UR", "UZ", "VI", "VO", "YI", "ZH",
];

/// A choice by counts out of their total.
fn weighted<T: Copy>(rng: &mut Rng, table: &[(T, u64)]) -> T {
    let total: u64 = table.iter().map(|&(_, n)| n).sum();
    let mut draw = rng.below(total);
    for &(item, n) in table {
        if draw < n {
            return item;
        }
        draw -= n;
    }
    table[table.len() - 1].0
}

/// Writes one user agent.
pub(super) fn write(rng: &mut Rng, out: &mut String) {
    let browser = weighted(rng, BROWSERS);
    let system = weighted(rng, systems(browser));
    let mut w = Writer { rng, out };
    match browser {
        Browser::Chrome => w.chrome(system),
        Browser::InternetExplorer => w.internet_explorer(),
        Browser::Firefox => w.firefox(system),
        Browser::Safari => w.safari(system),
        Browser::Opera => w.opera(system),
    }
}

struct Writer<'a> {
    rng: &'a mut Rng,
    out: &'a mut String,
}

impl Writer<'_> {
    fn int(&mut self, lo: i64, hi: i64) {
        let n = self.rng.range_i64(lo, hi);
        self.number(n);
    }

    fn number(&mut self, n: i64) {
        crate::time::moment::push_decimal(self.out, n);
    }

    fn text(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn pick(&mut self, items: &[&str]) {
        let s = self.rng.pick_str(items);
        self.out.push_str(s);
    }

    /// Windows NT `5.0` to `6.3`.
    fn nt(&mut self) {
        self.int(5, 6);
        self.text(".");
        self.int(0, 3);
    }

    /// macOS `10.5.0` to `10.10.9`, joined by `sep`.
    fn osx(&mut self, sep: &str) {
        self.text("10");
        self.text(sep);
        self.int(5, 10);
        self.text(sep);
        self.int(0, 9);
    }

    /// WebKit `531.0.0` to `538.2.2`, drawn once and written twice in an agent.
    fn webkit(&mut self) -> [i64; 3] {
        let r = &mut *self.rng;
        [r.range_i64(531, 538), r.range_i64(0, 2), r.range_i64(0, 2)]
    }

    fn dotted(&mut self, parts: [i64; 3]) {
        for (i, n) in parts.into_iter().enumerate() {
            if i > 0 {
                self.text(".");
            }
            self.number(n);
        }
    }

    fn mac_processor(&mut self) {
        let p = weighted(self.rng, MAC_PROCESSORS);
        self.text(p);
    }

    fn chrome(&mut self, system: System) {
        let webkit = self.webkit();
        self.text("Mozilla/5.0 ");
        match system {
            System::Mac => {
                self.text("(Macintosh; ");
                self.mac_processor();
                self.text(" Mac OS X ");
                self.osx("_");
                self.text(") ");
            }
            System::Windows => {
                self.text("(Windows; U; Windows NT ");
                self.nt();
                self.text(")");
            }
            System::Linux => {
                self.text("(X11; Linux ");
                self.pick(LINUX_PROCESSORS);
            }
        }
        self.text(" AppleWebKit/");
        self.dotted(webkit);
        self.text(" (KHTML, like Gecko) Chrome/");
        self.int(13, 39);
        self.text(".0.");
        self.int(800, 899);
        self.text(".0 Safari/");
        self.dotted(webkit);
    }

    fn internet_explorer(&mut self) {
        let version = self.rng.range_i64(7, 11);
        if version == 11 {
            self.text("Mozilla/5.0 (Windows NT 6.");
            self.int(1, 3);
            self.text("; Trident/7.0; ");
            self.pick(&["Touch; ", ""]);
            self.text("rv:11.0) like Gecko");
            return;
        }
        self.text("Mozilla/5.0 (compatible; MSIE ");
        self.number(version);
        self.text(".0; Windows NT ");
        self.nt();
        self.text("; Trident/");
        self.int(3, 7);
        self.text(".");
        self.int(0, 1);
        if self.rng.coin() {
            self.text("; .NET CLR ");
            self.int(1, 4);
            self.text(".");
            self.int(0, 9);
            self.text(".");
            self.int(10000, 99999);
            self.text(".");
            self.int(0, 9);
        }
        self.text(")");
    }

    fn firefox(&mut self, system: System) {
        let r = &mut *self.rng;
        let (major, minor, patch) = (r.range_i64(5, 15), r.range_i64(0, 9), r.range_i64(0, 9));
        self.text("Mozilla/5.0 ");
        match system {
            System::Windows => {
                self.text("(Windows NT ");
                self.nt();
                let processor = self.rng.pick_str(WINDOWS_PROCESSORS);
                if !processor.is_empty() {
                    self.text("; ");
                    self.text(processor);
                }
            }
            System::Mac => {
                self.text("(Macintosh; ");
                self.mac_processor();
                self.text(" Mac OS X ");
                self.osx(".");
            }
            System::Linux => {
                self.text("(X11; Linux ");
                self.pick(LINUX_PROCESSORS);
            }
        }
        self.text("; rv:");
        self.number(major);
        self.text(".");
        self.number(minor);
        self.text(") Gecko/20100101 Firefox/");
        self.dotted([major, minor, patch]);
    }

    fn safari(&mut self, system: System) {
        let webkit = self.webkit();
        self.text("Mozilla/5.0 ");
        if system == System::Mac {
            self.text("(Macintosh; ");
            self.mac_processor();
            self.text(" Mac OS X ");
            self.osx("_");
            self.text(" rv:");
            self.int(2, 6);
            self.text(".0; ");
            self.pick(LANGUAGES);
            self.text(") ");
        } else {
            self.text("(Windows; U; Windows NT ");
            self.nt();
            self.text(")");
        }
        self.text("AppleWebKit/");
        self.dotted(webkit);
        self.text(" (KHTML, like Gecko) Version/");
        self.int(4, 7);
        self.text(".");
        self.int(0, 1);
        self.text(".");
        self.int(0, 10);
        self.text(" Safari/");
        self.dotted(webkit);
    }

    fn opera(&mut self, system: System) {
        self.text("Opera/");
        self.int(9, 14);
        self.text(".");
        self.int(0, 99);
        match system {
            System::Windows => {
                self.text(" (Windows NT ");
                self.nt();
                self.text("; U; ");
            }
            System::Linux => {
                self.text(" (X11; Linux ");
                self.pick(LINUX_PROCESSORS);
                self.text("; U; ");
            }
            System::Mac => {
                self.text(" (Macintosh; Intel Mac OS X ");
                self.osx(".");
                self.text(" U; ");
            }
        }
        self.pick(LANGUAGES);
        self.text(" Presto/2.9.");
        self.int(160, 190);
        self.text(" Version/");
        self.int(10, 12);
        self.text(".00)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odds_count_to_101() {
        let total = |t: &[(System, u64)]| t.iter().map(|&(_, n)| n).sum::<u64>();
        assert_eq!(BROWSERS.iter().map(|&(_, n)| n).sum::<u64>(), 101);
        for (b, _) in BROWSERS {
            assert_eq!(total(systems(*b)), 101);
        }
        assert_eq!(MAC_PROCESSORS.iter().map(|&(_, n)| n).sum::<u64>(), 101);
        assert_eq!(LANGUAGES.len(), 96);
    }

    #[test]
    fn agents_fit_max_len_and_the_longest_reaches_it_closely() {
        let mut rng = Rng::for_block(7, 0);
        let mut longest = 0;
        let mut out = String::new();
        for _ in 0..200_000 {
            out.clear();
            write(&mut rng, &mut out);
            longest = longest.max(out.len());
        }
        assert!(longest <= MAX_LEN, "{longest}");
        assert!(longest + 8 >= MAX_LEN, "{longest}");
    }
}
