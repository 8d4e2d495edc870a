//! Time for every layer: the current Unix time, and calendar dates in Vietnam's time zone
//! (UTC+7) written the Vietnamese way, without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Vietnam is UTC+7 all year.
const VN_OFFSET_SECS: i64 = 7 * 3600;

/// Seconds since the Unix epoch (0 if the clock is before it).
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// (year, month, day, hour, minute) in Vietnam time.
pub fn vn_datetime(unix_secs: u64) -> (i64, u32, u32, u32, u32) {
    let secs = unix_secs as i64 + VN_OFFSET_SECS;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, (rem / 3600) as u32, ((rem % 3600) / 60) as u32)
}

/// "22/11/2026 14:05"
pub fn vn_format(unix_secs: u64) -> String {
    let (_, _, _, hh, mm) = vn_datetime(unix_secs);
    format!("{} {hh:02}:{mm:02}", vn_date(unix_secs))
}

/// "22/11/2026"
pub fn vn_date(unix_secs: u64) -> String {
    let (y, m, d, ..) = vn_datetime(unix_secs);
    format!("{d:02}/{m:02}/{y}")
}

/// "2026-11-22" → "22/11/2026"; anything else is shown as written.
pub fn iso_to_vn_date(iso: &str) -> String {
    parse_vn_date(iso).map_or_else(|| iso.to_owned(), vn_date)
}

/// Unix seconds of 00:00 Vietnam time on the given "YYYY-MM-DD".
pub fn parse_vn_date(s: &str) -> Option<u64> {
    let mut it = s.trim().split('-');
    let (y, m, d): (i64, u32, u32) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let secs = days_from_civil(y, m, d) * 86_400 - VN_OFFSET_SECS;
    u64::try_from(secs).ok()
}

/// Unix seconds of a Vietnam-time calendar moment; `None` when a field is out of range.
pub fn vn_secs(y: i64, m: u32, d: u32, hh: u32, mm: u32, ss: u32) -> Option<u64> {
    let valid = (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d)
        && hh < 24
        && mm < 60
        && ss < 61;
    if !valid {
        return None;
    }
    let secs =
        days_from_civil(y, m, d) * 86_400 + i64::from(hh * 3600 + mm * 60 + ss) - VN_OFFSET_SECS;
    u64::try_from(secs).ok()
}

/// Days of Vietnam-time calendar day since the epoch (for counting days between dates).
pub fn vn_day_number(unix_secs: u64) -> i64 {
    (unix_secs as i64 + VN_OFFSET_SECS).div_euclid(86_400)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's algorithm: days since 1970-01-01 → (y, m, d).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways() {
        // 2026-11-22 00:00 UTC+7 = 2026-11-21 17:00 UTC = 1795280400.
        assert_eq!(parse_vn_date("2026-11-22"), Some(1_795_280_400));
        assert_eq!(vn_format(1_795_280_400), "22/11/2026 00:00");
        assert_eq!(vn_datetime(0), (1970, 1, 1, 7, 0));
        assert_eq!(parse_vn_date("2026-13-01"), None);
        assert_eq!(vn_date(1_795_280_400), "22/11/2026");
        assert_eq!(iso_to_vn_date("2026-11-22"), "22/11/2026");
        assert_eq!(iso_to_vn_date("cuối năm 2026"), "cuối năm 2026");
        assert_eq!(vn_secs(2026, 11, 22, 0, 0, 0), Some(1_795_280_400));
        assert_eq!(vn_secs(2026, 2, 29, 0, 0, 0), None);
        assert_eq!(
            vn_secs(2028, 2, 29, 0, 0, 0).map(vn_date).as_deref(),
            Some("29/02/2028")
        );
        let day = vn_day_number(1_795_280_400);
        assert_eq!(vn_day_number(1_795_280_400 + 86_399), day);
        assert_eq!(vn_day_number(1_795_280_400 + 86_400), day + 1);
    }
}
