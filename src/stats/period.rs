//! The period of a dashboard or report: a quarter ("2026-Q4"), a half year ("2026-H2"),
//! a year ("2026") or a range of days ("2026-10-01..2026-12-31"), in Vietnam's time,
//! and the period just before it for comparison.

use crate::time::{now_secs, vn_datetime, vn_secs};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Unix seconds, inclusive.
    pub from: u64,
    /// Unix seconds, exclusive.
    pub to: u64,
    /// As written: "2026-Q4", "2026-H2", "2026", "2026-10-01..2026-12-31".
    pub name: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Months { year: i64, first: u32, count: u32 },
    Days,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid period {0:?}: use 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-12-31")]
pub struct PeriodError(pub String);

const DAY: u64 = 86_400;
/// Longest range of days (three years).
const MAX_DAYS: u64 = 3 * 366;
/// 2000-01-01 and 2101-01-01 (Vietnam): the years a period may cover.
const FIRST_DAY: u64 = 946_659_600;
const LAST_DAY: u64 = 4_133_955_600;

/// Midnight (Vietnam) of the first day of `month` (1-based, may run past 12) of `year`.
fn month_start(year: i64, month: u32) -> u64 {
    let (y, m) = (year + i64::from((month - 1) / 12), (month - 1) % 12 + 1);
    vn_secs(y, m, 1, 0, 0, 0).expect("a valid first of month")
}

impl Period {
    fn months(year: i64, first: u32, count: u32, name: String) -> Period {
        Period {
            from: month_start(year, first),
            to: month_start(year, first + count),
            name,
            kind: Kind::Months { year, first, count },
        }
    }

    /// Reads "2026-Q4", "2026-H2", "2026" or "FROM..TO" (both days included).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let bad = || PeriodError(text.to_owned());
        if let Some((from, to)) = text.split_once("..") {
            let from = crate::time::parse_vn_date(from).ok_or_else(bad)?;
            let to = crate::time::parse_vn_date(to).ok_or_else(bad)? + DAY;
            let in_years = |t: u64| (FIRST_DAY..LAST_DAY).contains(&t);
            if to <= from || to - from > MAX_DAYS * DAY || !in_years(from) || !in_years(to - DAY) {
                return Err(bad());
            }
            return Ok(Period {
                from,
                to,
                name: text.to_owned(),
                kind: Kind::Days,
            });
        }
        let (year, part) = text.split_once('-').unwrap_or((text, ""));
        let year: i64 = year
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(bad)?;
        let (first, count) = match part {
            "" => (1, 12),
            "H1" | "h1" => (1, 6),
            "H2" | "h2" => (7, 6),
            q if q.strip_prefix(['q', 'Q']).is_some() => {
                let n: u32 = q[1..]
                    .parse()
                    .ok()
                    .filter(|n| (1..=4).contains(n))
                    .ok_or_else(bad)?;
                (3 * n - 2, 3)
            }
            _ => return Err(bad()),
        };
        Ok(Period::months(year, first, count, text.to_uppercase()))
    }

    /// The quarter `at` falls in.
    pub fn quarter_of(at: u64) -> Period {
        let (year, month, ..) = vn_datetime(at);
        let q = (month - 1) / 3 + 1;
        Period::months(year, 3 * q - 2, 3, format!("{year}-Q{q}"))
    }

    /// This quarter (the dashboard's default).
    pub fn this_quarter() -> Period {
        Period::quarter_of(now_secs())
    }

    /// The period of the same length just before.
    pub fn previous(&self) -> Period {
        match self.kind {
            Kind::Months { year, first, count } => {
                let index = year * 12 + i64::from(first) - 1 - i64::from(count);
                let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
                let name = match count {
                    12 => format!("{y}"),
                    6 => format!("{y}-H{}", m / 6 + 1),
                    _ => format!("{y}-Q{}", m / 3 + 1),
                };
                Period::months(y, m, count, name)
            }
            Kind::Days => {
                let length = self.to - self.from;
                let from = self.from - length;
                let name = format!(
                    "{}..{}",
                    crate::time::vn_date(from),
                    crate::time::vn_date(self.from - 1)
                );
                Period {
                    from,
                    to: self.from,
                    name,
                    kind: Kind::Days,
                }
            }
        }
    }

    /// The days of the period (Vietnam), as Unix seconds of their midnights.
    pub fn days(&self) -> impl Iterator<Item = u64> + '_ {
        (0..)
            .map(move |i| self.from + i * DAY)
            .take_while(|d| *d < self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_vn_date;

    #[test]
    fn quarters_halves_years_and_ranges_with_their_previous_period() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.from, parse_vn_date("2026-10-01").unwrap());
        assert_eq!(q4.to, parse_vn_date("2027-01-01").unwrap());
        assert_eq!(q4.days().count(), 92);
        assert_eq!(q4.previous().name, "2026-Q3");
        assert_eq!(Period::parse("2026-Q1").unwrap().previous().name, "2025-Q4");
        assert_eq!(Period::parse("2026-H1").unwrap().previous().name, "2025-H2");
        let year = Period::parse("2026").unwrap();
        assert_eq!(
            (year.previous().name.as_str(), year.days().count()),
            ("2025", 365)
        );
        let range = Period::parse("2026-11-01..2026-11-10").unwrap();
        assert_eq!(range.days().count(), 10);
        assert_eq!(range.previous().to, range.from);
        assert_eq!(range.previous().days().count(), 10);
        for bad in [
            "",
            "2026-Q5",
            "Q4",
            "2026-11-10..2026-11-01",
            "1999",
            "2026-X",
            "2026-é",
            "2026-qé",
            "2026-01-01..9999-12-31",
            "1970-01-02..1970-01-03",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let at = parse_vn_date("2026-12-06").unwrap();
        assert_eq!(Period::quarter_of(at), q4);
    }
}
