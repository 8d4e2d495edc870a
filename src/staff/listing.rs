//! The rows of the staff list: the tickets the filters let through, narrowed to "của tôi"
//! and overdue when asked, ordered, with their due date and overdue flag, one page at a
//! time.

use super::filter::{FilterForm, ListOrder};
use crate::tickets::{Deadlines, Status, Ticket};
use crate::time::vn_date;

/// Tickets per page.
pub const PAGE_SIZE: usize = 50;

/// One ticket of the list with its deadline.
pub struct Listed<'a> {
    pub ticket: &'a Ticket,
    /// "07/12/2026".
    pub due: String,
    pub overdue: bool,
}

/// One page of the list.
pub struct ListingPage<'a> {
    pub rows: Vec<Listed<'a>>,
    /// Tickets on every page.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

/// The page of `tickets` the form asks for, seen by `staff` at `now`.
pub fn page<'a>(
    tickets: &'a [Ticket],
    form: &FilterForm,
    staff: &str,
    deadlines: &Deadlines,
    now: u64,
) -> ListingPage<'a> {
    let mut rows: Vec<(u64, Listed)> = tickets
        .iter()
        .filter(|t| form.mine != "1" || t.assignee.as_deref() == Some(staff))
        .map(|t| {
            let due = deadlines.due(t.created_at);
            let listed = Listed {
                ticket: t,
                due: vn_date(due - 1),
                overdue: deadlines.overdue(t, now),
            };
            (due, listed)
        })
        .filter(|(_, l)| form.overdue != "1" || l.overdue)
        .collect();
    sort(&mut rows, form.order());
    let total = rows.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = form.page().min(pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|(_, l)| l)
        .collect();
    ListingPage {
        rows,
        total,
        page,
        pages,
    }
}

fn sort(rows: &mut [(u64, Listed)], order: ListOrder) {
    let status_rank = |s: Status| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
    match order {
        ListOrder::Due => rows.sort_by_key(|(due, l)| (*due, l.ticket.code.clone())),
        ListOrder::Created => rows.sort_by_key(|(_, l)| std::cmp::Reverse(l.ticket.created_at)),
        ListOrder::Status => rows.sort_by_key(|(due, l)| (status_rank(l.ticket.status), *due)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_vn_date;

    fn ticket(code: &str, date: &str, assignee: Option<&str>, status: Status) -> Ticket {
        Ticket {
            code: code.into(),
            created_at: parse_vn_date(date).unwrap() + 3600,
            channel: Default::default(),
            user_id: "u".into(),
            name: None,
            phone: None,
            content: "c".into(),
            procedure: None,
            category: "phản ánh".into(),
            status,
            assignee: assignee.map(str::to_owned),
            history: Vec::new(),
            unit: None,
            rating: None,
        }
    }

    #[test]
    fn due_first_mine_and_overdue_filters_and_pages() {
        let tickets = vec![
            ticket("B", "2026-11-20", Some("lan"), Status::New),
            ticket("A", "2026-10-01", None, Status::InProgress),
            ticket("C", "2026-10-02", Some("lan"), Status::Answered),
        ];
        let now = parse_vn_date("2026-11-23").unwrap();
        let rule = Deadlines::default();
        let form = FilterForm::default();
        let all = page(&tickets, &form, "lan", &rule, now);
        let codes: Vec<&str> = all.rows.iter().map(|r| r.ticket.code.as_str()).collect();
        assert_eq!(codes, ["A", "C", "B"], "earliest due first");
        assert!(
            all.rows[0].overdue && !all.rows[1].overdue,
            "answered is never overdue"
        );
        let mine = FilterForm {
            mine: "1".into(),
            ..FilterForm::default()
        };
        assert_eq!(page(&tickets, &mine, "lan", &rule, now).total, 2);
        let late = FilterForm {
            overdue: "1".into(),
            ..FilterForm::default()
        };
        assert_eq!(page(&tickets, &late, "lan", &rule, now).total, 1);
        let many: Vec<Ticket> = (0..120)
            .map(|i| ticket(&format!("T{i:03}"), "2026-11-20", None, Status::New))
            .collect();
        let third = FilterForm {
            page: "3".into(),
            ..FilterForm::default()
        };
        let p = page(&many, &third, "lan", &rule, now);
        assert_eq!((p.rows.len(), p.pages, p.page), (20, 3, 3));
    }
}
