//! One dossier record (hồ sơ) as the one-stop system exports it, read from the fields of
//! a JSON line or a CSV row, and what its dates say (days left, days late).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::status::Status;
use crate::security::constant_time_eq;
use crate::time::{vn_day_number, vn_secs};

/// Longest dossier code accepted.
pub const MAX_CODE_CHARS: usize = 40;
/// Longest text kept in one field; longer ones are rejected, not cut.
const MAX_FIELD_CHARS: usize = 2000;
/// Digits a citizen gives to prove the dossier is theirs.
pub const VERIFY_DIGITS: usize = 4;

/// A dossier as stored. `so_dien_thoai` and `so_giay_to` verify the citizen and are
/// never shown; `chu_ho_so` is shown only to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub ma_ho_so: String,
    pub ma_tthc: Option<String>,
    pub ten_tthc: String,
    pub kenh: Option<String>,
    pub chu_ho_so: Option<String>,
    pub so_dien_thoai: Option<String>,
    pub so_giay_to: Option<String>,
    /// Unix seconds.
    pub ngay_tiep_nhan: Option<u64>,
    pub ngay_hen_tra: Option<u64>,
    pub trang_thai: Status,
    pub ngay_tra: Option<u64>,
    pub don_vi_xu_ly: Option<String>,
    pub ghi_chu: Option<String>,
}

/// Where a dossier stands against its promised date, in Vietnam calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// No promised date, or the processing is over.
    None,
    /// Days left until the promised date (0: due today).
    Left(i64),
    /// Days past the promised date ("trễ hạn").
    Late(i64),
}

impl Dossier {
    /// Late: not closed and the promised date has passed.
    pub fn deadline(&self, now: u64) -> Deadline {
        let Some(due) = self.ngay_hen_tra else {
            return Deadline::None;
        };
        if self.trang_thai.is_closed() {
            return Deadline::None;
        }
        if now > due {
            Deadline::Late((vn_day_number(now) - vn_day_number(due)).max(1))
        } else {
            Deadline::Left(vn_day_number(due) - vn_day_number(now))
        }
    }

    pub fn is_late(&self, now: u64) -> bool {
        matches!(self.deadline(now), Deadline::Late(_))
    }

    /// The citizen's answer matches the last [`VERIFY_DIGITS`] digits of the phone
    /// number or of the ID number on the dossier.
    pub fn verifies(&self, answer: &str) -> bool {
        let answer: String = answer.chars().filter(char::is_ascii_digit).collect();
        if answer.len() != VERIFY_DIGITS {
            return false;
        }
        let mut matched = false;
        for secret in [&self.so_dien_thoai, &self.so_giay_to]
            .into_iter()
            .flatten()
        {
            let digits: Vec<u8> = secret.bytes().filter(u8::is_ascii_digit).collect();
            if digits.len() >= VERIFY_DIGITS {
                let tail = &digits[digits.len() - VERIFY_DIGITS..];
                matched |= constant_time_eq(tail, answer.as_bytes());
            }
        }
        matched
    }
}

/// The dossier code as stored: trimmed, upper-case; `None` when it is not a code of
/// letters, digits, dots and dashes of at most [`MAX_CODE_CHARS`] characters.
pub fn canonical_code(text: &str) -> Option<String> {
    let code = text.trim().to_uppercase();
    let valid = !code.is_empty()
        && code.chars().count() <= MAX_CODE_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && code.chars().any(|c| c.is_ascii_alphanumeric());
    valid.then_some(code)
}

/// Reads a record from its fields (column name → text; empty texts count as missing).
pub fn from_fields(fields: &HashMap<String, String>) -> Result<Dossier, String> {
    let get = |name: &str| -> Result<Option<String>, String> {
        match fields.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) if v.chars().count() > MAX_FIELD_CHARS => {
                Err(format!("{name}: longer than {MAX_FIELD_CHARS} characters"))
            }
            Some(v) => Ok(Some(v.to_owned())),
        }
    };
    let required = |name: &str| get(name)?.ok_or_else(|| format!("{name}: missing"));
    let date = |name: &str| -> Result<Option<u64>, String> {
        get(name)?
            .map(|v| parse_date(&v).ok_or_else(|| format!("{name}: unreadable date {v:?}")))
            .transpose()
    };
    let code = required("ma_ho_so")?;
    let ma_ho_so = canonical_code(&code).ok_or_else(|| {
        format!("ma_ho_so: {code:?} is not a code of letters, digits, dots and dashes (at most {MAX_CODE_CHARS})")
    })?;
    let status = required("trang_thai")?;
    let trang_thai = Status::parse(&status)
        .ok_or_else(|| format!("trang_thai: {status:?} is not a status code 1-10 or name"))?;
    let so_dien_thoai = get("so_dien_thoai")?;
    let so_giay_to = get("so_giay_to")?;
    if so_dien_thoai.is_none() && so_giay_to.is_none() {
        return Err("so_dien_thoai or so_giay_to: one is needed to verify the citizen".into());
    }
    Ok(Dossier {
        ma_ho_so,
        ma_tthc: get("ma_tthc")?,
        ten_tthc: required("ten_tthc")?,
        kenh: get("kenh")?,
        chu_ho_so: get("chu_ho_so")?,
        so_dien_thoai,
        so_giay_to,
        ngay_tiep_nhan: date("ngay_tiep_nhan")?,
        ngay_hen_tra: date("ngay_hen_tra")?,
        trang_thai,
        ngay_tra: date("ngay_tra")?,
        don_vi_xu_ly: get("don_vi_xu_ly")?,
        ghi_chu: get("ghi_chu")?,
    })
}

/// A date in Vietnam time: `yyyyMMddHHmmss` (or `yyyyMMdd`), `dd/MM/yyyy [HH:mm[:ss]]`
/// or ISO `yyyy-MM-dd[THH:mm[:ss]]` (a trailing zone is read as Vietnam time only when it
/// is `+07:00`; `Z` is converted).
pub fn parse_date(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return compact(text);
    }
    if text.contains('/') {
        let (date, time) = split_time(text, ' ');
        let (d, m, y) = three(date, '/')?;
        return moment(y, m, d, time);
    }
    iso(text)
}

fn compact(text: &str) -> Option<u64> {
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    match text.len() {
        8 | 12 | 14 => vn_secs(
            i64::from(num(0..4)?),
            num(4..6)?,
            num(6..8)?,
            num(8..10).unwrap_or(0),
            num(10..12).unwrap_or(0),
            num(12..14).unwrap_or(0),
        ),
        _ => None,
    }
}

fn iso(text: &str) -> Option<u64> {
    let (utc, text) = match text.strip_suffix('Z') {
        Some(rest) => (true, rest),
        None => (false, text.strip_suffix("+07:00").unwrap_or(text)),
    };
    let (date, time) = split_time(text, 'T');
    let (date, time) = if time.is_none() {
        split_time(date, ' ')
    } else {
        (date, time)
    };
    let (y, m, d) = three(date, '-')?;
    if y.len() != 4 {
        return None;
    }
    let secs = moment(y, m, d, time.map(|t| t.split('.').next().unwrap_or(t)))?;
    Some(if utc { secs + 7 * 3600 } else { secs })
}

/// Exactly three fields of a date written with `sep`.
fn three(date: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = date.split(sep);
    let fields = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(fields)
}

/// The Vietnam-time moment of a written year, month, day and clock.
fn moment(y: &str, m: &str, d: &str, time: Option<&str>) -> Option<u64> {
    let (hh, mm, ss) = clock(time)?;
    vn_secs(
        y.parse().ok()?,
        m.parse().ok()?,
        d.parse().ok()?,
        hh,
        mm,
        ss,
    )
}

fn split_time(text: &str, sep: char) -> (&str, Option<&str>) {
    match text.split_once(sep) {
        Some((date, time)) => (date.trim(), Some(time.trim())),
        None => (text, None),
    }
}

/// "HH:mm" or "HH:mm:ss"; none is midnight.
fn clock(time: Option<&str>) -> Option<(u32, u32, u32)> {
    let Some(time) = time.filter(|t| !t.is_empty()) else {
        return Some((0, 0, 0));
    };
    let mut parts = time.split(':');
    let hh = parts.next()?.parse().ok()?;
    let mm = parts.next()?.parse().ok()?;
    let ss = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    parts.next().is_none().then_some((hh, mm, ss))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::vn_format;

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_three_date_formats_in_vietnam_time() {
        let at = |t: &str| parse_date(t).map(vn_format);
        assert_eq!(at("20251123143000").as_deref(), Some("23/11/2025 14:30"));
        assert_eq!(at("23/11/2025").as_deref(), Some("23/11/2025 00:00"));
        assert_eq!(at("23/11/2025 08:15").as_deref(), Some("23/11/2025 08:15"));
        assert_eq!(at("2025-11-23").as_deref(), Some("23/11/2025 00:00"));
        assert_eq!(
            at("2025-11-23T09:05:00").as_deref(),
            Some("23/11/2025 09:05")
        );
        assert_eq!(
            at("2025-11-23T02:05:00Z").as_deref(),
            Some("23/11/2025 09:05")
        );
        assert_eq!(
            at("2025-11-23T09:05:00+07:00").as_deref(),
            Some("23/11/2025 09:05")
        );
        for bad in ["31/02/2025", "2025-13-01", "hôm qua", "2025112", "23/11"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_record_needs_a_code_a_status_a_name_and_a_secret() {
        let ok = fields(&[
            ("ma_ho_so", " h12.23-251123-0001 "),
            ("ten_tthc", "Đăng ký khai sinh"),
            ("trang_thai", "Đang xử lý"),
            ("so_dien_thoai", "0912 345 678"),
            ("ngay_hen_tra", "25/11/2025"),
        ]);
        let d = from_fields(&ok).unwrap();
        assert_eq!(d.ma_ho_so, "H12.23-251123-0001");
        assert_eq!(d.trang_thai, Status::Processing);
        assert!(d.verifies("5678") && !d.verifies("1234") && !d.verifies("678"));
        let mut bad = ok.clone();
        bad.insert("ma_ho_so".into(), "H12/23 0001".into());
        assert!(from_fields(&bad).unwrap_err().starts_with("ma_ho_so"));
        let mut bad = ok.clone();
        bad.insert("trang_thai".into(), "11".into());
        assert!(from_fields(&bad).unwrap_err().starts_with("trang_thai"));
        let mut bad = ok.clone();
        bad.remove("so_dien_thoai");
        assert!(from_fields(&bad).unwrap_err().contains("verify"));
        let mut bad = ok;
        bad.insert("ngay_hen_tra".into(), "mai".into());
        assert!(from_fields(&bad).unwrap_err().starts_with("ngay_hen_tra"));
    }

    #[test]
    fn late_means_open_and_past_the_promised_date() {
        let mut d = from_fields(&fields(&[
            ("ma_ho_so", "A-1"),
            ("ten_tthc", "X"),
            ("trang_thai", "4"),
            ("so_giay_to", "001099012345"),
            ("ngay_hen_tra", "10/11/2025 17:00"),
        ]))
        .unwrap();
        let day = |t: &str| parse_date(t).unwrap();
        assert_eq!(d.deadline(day("08/11/2025 09:00")), Deadline::Left(2));
        assert_eq!(d.deadline(day("10/11/2025 09:00")), Deadline::Left(0));
        assert_eq!(d.deadline(day("13/11/2025 09:00")), Deadline::Late(3));
        assert!(d.is_late(day("13/11/2025 09:00")));
        d.trang_thai = Status::Returned;
        assert_eq!(d.deadline(day("13/11/2025 09:00")), Deadline::None);
        assert!(d.verifies("2345"));
    }
}
