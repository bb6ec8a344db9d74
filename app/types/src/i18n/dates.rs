//! Times as the pages and the evidence records write them.

/// A Unix time as Japan Standard Time, `2026-11-28 21:05` (Japan has no daylight saving,
/// so a fixed +9 hours is exact).
pub fn format_jst(unix_secs: i64) -> String {
    let secs = unix_secs + 9 * 3600;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

/// The day in Japan of a Unix time, `YYYY-MM-DD`.
pub fn format_jst_date(unix_secs: i64) -> String {
    format_jst(unix_secs).chars().take(10).collect()
}

/// A Unix time in UTC as RFC 3339, `2026-11-28T12:05:00Z`: the form evidence records use.
pub fn format_utc(unix_secs: i64) -> String {
    let (days, rem) = (unix_secs.div_euclid(86_400), unix_secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Parses [`format_utc`]'s `YYYY-MM-DDTHH:MM:SSZ` back to Unix seconds.
pub fn parse_utc(text: &str) -> Option<i64> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hh, mm, ss) = (number(11..13)?, number(14..16)?, number(17..19)?);
    // Howard Hinnant's days_from_civil, the inverse of the formatter's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_japan_time() {
        assert_eq!(format_jst(0), "1970-01-01 09:00");
        // 2026-11-28 12:05:00 UTC
        assert_eq!(format_jst(1_795_867_500), "2026-11-28 21:05");
        // 2024-02-29 15:00 UTC is already 1 March in Japan.
        assert_eq!(format_jst(1_709_218_800), "2024-03-01 00:00");
        assert_eq!(format_utc(1_795_867_500), "2026-11-28T12:05:00Z");
    }

    #[test]
    fn utc_times_round_trip() {
        for t in [0, 1_795_867_500, 1_709_218_800, 951_782_400] {
            assert_eq!(parse_utc(&format_utc(t)), Some(t));
        }
        assert_eq!(parse_utc("yesterday"), None);
    }
}
