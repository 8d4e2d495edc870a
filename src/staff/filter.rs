//! The staff list's filter form (status, dates, text, assignee, mine, overdue, sort,
//! page): read from the query string, turned into a [`TicketFilter`] and a [`ListOrder`],
//! and written back into the export link.

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
    /// "1": only tickets assigned to the staff member looking.
    pub mine: String,
    /// "1": only overdue tickets.
    pub overdue: String,
    /// "due" (default), "created" or "status".
    pub sort: String,
    /// 1-based page of [`super::listing::PAGE_SIZE`] tickets.
    pub page: String,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Earliest due first.
    Due,
    /// Newest first.
    Created,
    /// New, in progress, answered, closed; earliest due first within each.
    Status,
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
            mine: trim(self.mine),
            overdue: trim(self.overdue),
            sort: trim(self.sort),
            page: trim(self.page),
        }
    }

    pub fn order(&self) -> ListOrder {
        match self.sort.as_str() {
            "created" => ListOrder::Created,
            "status" => ListOrder::Status,
            _ => ListOrder::Due,
        }
    }

    /// The 1-based page asked for (1 when absent or not a number).
    pub fn page(&self) -> usize {
        self.page.parse().unwrap_or(1).max(1)
    }

    /// The same filters on another page (for the page links).
    pub fn on_page(&self, page: usize) -> String {
        let mut form = self.clone();
        form.page = page.to_string();
        form.query_string()
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
            scope: None,
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
        assert_eq!(form.order(), ListOrder::Due);
        assert_eq!(form.page(), 1);
        assert!(form.on_page(3).ends_with("page=3"));
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
