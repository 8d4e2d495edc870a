//! The staff list's filter form (status, dates, text, assignee): read from the query
//! string, turned into a [`TicketFilter`], and written back into the export link.

use serde::{Deserialize, Serialize};

use crate::tickets::{Status, TicketFilter};
use crate::time::parse_vn_date;

/// The filter form's values, as written in the query string.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterForm {
    pub status: String,
    pub from: String,
    pub to: String,
    pub q: String,
    pub assignee: String,
}

impl FilterForm {
    /// The form's fields in the order of the page, URL-encoded.
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// The same form with surrounding whitespace removed from every field.
    pub fn trimmed(self) -> FilterForm {
        let trim = |s: String| s.trim().to_owned();
        FilterForm {
            status: trim(self.status),
            from: trim(self.from),
            to: trim(self.to),
            q: trim(self.q),
            assignee: trim(self.assignee),
        }
    }

    /// The ticket filter, and an error message when a date is not valid (that bound is
    /// then left out).
    pub fn to_filter(&self) -> (TicketFilter, Option<String>) {
        let mut error = None;
        let mut date = |s: &str, plus_day: bool| {
            if s.is_empty() {
                return None;
            }
            match parse_vn_date(s) {
                Some(t) => Some(if plus_day { t + 86_400 } else { t }),
                None => {
                    error = Some(format!("Ngày không hợp lệ: {s} (cần dạng năm-tháng-ngày)."));
                    None
                }
            }
        };
        let filter = TicketFilter {
            status: Status::parse(&self.status),
            from: date(&self.from, false),
            to: date(&self.to, true),
            text: Some(self.q.clone()).filter(|s| !s.is_empty()),
            assignee: Some(self.assignee.clone()).filter(|s| !s.is_empty()),
        };
        (filter, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_round_trips() {
        let form = FilterForm {
            status: "answered".into(),
            q: "thanh toán & phí".into(),
            ..FilterForm::default()
        };
        let qs = form.query_string();
        assert!(qs.starts_with("status=answered&from=&to=&q=thanh+to%C3%A1n+%26+ph%C3%AD"));
        let back: FilterForm = serde_urlencoded::from_str(&qs).unwrap();
        assert_eq!(back.q, form.q);
    }

    #[test]
    fn bad_dates_are_reported_and_left_out() {
        let form: FilterForm = serde_urlencoded::from_str("from=2026-13-40&q=+x+").unwrap();
        let (filter, error) = form.trimmed().to_filter();
        assert!(filter.from.is_none());
        assert_eq!(filter.text.as_deref(), Some("x"));
        assert!(error.unwrap().contains("2026-13-40"));
    }
}
