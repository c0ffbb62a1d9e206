//! Moment's default `date.now` format at offset 0, by hand: the ceiling and the minijinja port
//! print timestamps this way.

/// `YYYY-MM-DDTHH:mm:ss+00:00` for a Unix second (moment's default format at offset 0).
pub fn write_timestamp(out: &mut String, second: i64) {
    let (days, secs) = (second.div_euclid(86_400), second.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let mut b = *b"0000-00-00T00:00:00+00:00";
    let mut put = |at: usize, v: i64, width: usize| {
        let mut v = v;
        for i in (at..at + width).rev() {
            b[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, y, 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, secs / 3600, 2);
    put(14, secs / 60 % 60, 2);
    put(17, secs % 60, 2);
    out.extend(b.iter().map(|&c| char::from(c)));
}

/// Howard Hinnant's `civil_from_days`: (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
