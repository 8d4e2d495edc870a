//! When a ticket must be answered: a number of working days after it was filed, weekends
//! and configured public holidays skipped (Vietnam time). A ticket not yet answered or
//! closed after its due day is overdue.

use super::model::{Status, Ticket};
use crate::time::{parse_vn_date, vn_datetime};

const DAY: u64 = 86_400;
/// Vietnam is UTC+7 all year.
const VN_OFFSET: u64 = 7 * 3600;

/// The answer deadline rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    pub working_days: u32,
    /// Unix seconds of 00:00 Vietnam time of each holiday.
    pub holidays: Vec<u64>,
}

impl Deadlines {
    /// The rule from settings; holidays that are not `YYYY-MM-DD` are reported.
    pub fn new(working_days: u32, holidays: &[String]) -> Result<Deadlines, String> {
        let days = holidays
            .iter()
            .map(|h| parse_vn_date(h).ok_or_else(|| format!("holiday {h:?} is not YYYY-MM-DD")))
            .collect::<Result<Vec<u64>, String>>()?;
        Ok(Deadlines {
            working_days,
            holidays: days,
        })
    }

    /// Unix seconds of the end (24:00 Vietnam time) of the due day of a ticket filed at
    /// `created_at`: the `working_days`-th working day after the filing day.
    pub fn due(&self, created_at: u64) -> u64 {
        let mut day = day_start(created_at);
        let mut left = self.working_days;
        while left > 0 {
            day += DAY;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day + DAY
    }

    /// Not answered or closed, and past its due day.
    pub fn overdue(&self, t: &Ticket, now: u64) -> bool {
        !matches!(t.status, Status::Answered | Status::Closed) && now >= self.due(t.created_at)
    }

    fn is_working_day(&self, day_start: u64) -> bool {
        let weekday = ((day_start + VN_OFFSET) / DAY + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
        weekday != 0 && weekday != 6 && !self.holidays.contains(&day_start)
    }
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            working_days: 10,
            holidays: Vec::new(),
        }
    }
}

/// 00:00 Vietnam time of the day holding `secs`.
fn day_start(secs: u64) -> u64 {
    let (y, m, d, ..) = vn_datetime(secs);
    parse_vn_date(&format!("{y:04}-{m:02}-{d:02}")).unwrap_or(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::vn_date;

    fn at(date: &str) -> u64 {
        parse_vn_date(date).unwrap() + 9 * 3600
    }

    #[test]
    fn weekends_and_holidays_are_skipped() {
        // Monday 2026-11-23 + 10 working days = Monday 2026-12-07.
        let rule = Deadlines::default();
        let due = rule.due(at("2026-11-23"));
        assert_eq!(vn_date(due - 1), "07/12/2026");
        // Filed on a Saturday: the count starts on Monday.
        assert_eq!(vn_date(rule.due(at("2026-11-28")) - 1), "11/12/2026");
        let with_holiday = Deadlines::new(10, &["2026-12-02".into()]).unwrap();
        assert_eq!(
            vn_date(with_holiday.due(at("2026-11-23")) - 1),
            "08/12/2026"
        );
        assert!(Deadlines::new(10, &["2/12/2026".into()]).is_err());
    }

    #[test]
    fn open_tickets_past_their_day_are_overdue() {
        let rule = Deadlines::default();
        let mut t = Ticket {
            code: "PA-2026-X".into(),
            created_at: at("2026-11-02"),
            channel: Default::default(),
            user_id: "u".into(),
            name: None,
            phone: None,
            content: "c".into(),
            procedure: None,
            category: "phản ánh".into(),
            status: Status::New,
            assignee: None,
            history: Vec::new(),
            unit: None,
            rating: None,
        };
        assert!(rule.overdue(&t, at("2026-11-23")));
        assert!(!rule.overdue(&t, at("2026-11-10")));
        t.status = Status::Answered;
        assert!(!rule.overdue(&t, at("2026-11-23")));
    }
}
