//! The dossier dashboard `GET /staff/ho-so` (issue 18): counts by national status and
//! "trễ hạn" over every dossier, then the dossiers that a search by code, a status, the
//! late flag and a unit let through, open ones due soonest first, one page at a time.
//!
//! Staff see the applicant's name; the phone and ID numbers on a dossier only verify the
//! citizen and never reach this page (a [`Row`] has no field for them).

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::extract::StaffSession;
use super::html::{respond, server_error, UserBar};
use super::routes::StaffState;
use crate::dossiers::{Deadline, Dossier, Status};
use crate::text::folded_words;
use crate::time::{now_secs, vn_date};

/// Dossiers per page.
pub const PAGE_SIZE: usize = 50;

/// The filter form's values, as written in the query string.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierForm {
    /// Part of a dossier code, any case.
    pub q: String,
    /// A national status code, 1–10.
    pub status: String,
    /// "1": only late dossiers.
    pub late: String,
    /// Part of the processing unit's name, with or without diacritics.
    pub unit: String,
    /// 1-based page of [`PAGE_SIZE`] dossiers.
    pub page: String,
}

impl DossierForm {
    /// The same form with surrounding whitespace removed from every field.
    fn trimmed(self) -> DossierForm {
        let trim = |s: String| s.trim().to_owned();
        DossierForm {
            q: trim(self.q),
            status: trim(self.status),
            late: trim(self.late),
            unit: trim(self.unit),
            page: trim(self.page),
        }
    }

    /// The status asked for; an error message when it is not a code 1–10.
    fn status(&self) -> Result<Option<Status>, String> {
        if self.status.is_empty() {
            return Ok(None);
        }
        let parsed = self.status.parse::<u8>().ok();
        match parsed.and_then(|c| Status::try_from(c).ok()) {
            Some(s) => Ok(Some(s)),
            None => Err(format!(
                "Trạng thái không hợp lệ: {} (cần một mã từ 1 đến 10).",
                self.status
            )),
        }
    }

    /// The 1-based page asked for (1 when absent or not a number).
    fn page(&self) -> usize {
        self.page.parse().unwrap_or(1).max(1)
    }

    /// The same filters on another page, URL-encoded.
    fn on_page(&self, page: usize) -> String {
        let mut form = self.clone();
        form.page = page.to_string();
        serde_urlencoded::to_string(form).unwrap_or_default()
    }
}

/// What the form selects, ready to test dossiers against.
struct Selection {
    code: String,
    status: Option<Status>,
    late: bool,
    /// The units whose name matches the form's unit; `None` when no unit is asked.
    units: Option<BTreeSet<String>>,
}

impl Selection {
    fn new(form: &DossierForm, status: Option<Status>, units: &BTreeSet<&str>) -> Selection {
        let wanted = folded_words(&form.unit).join(" ");
        let units = (!wanted.is_empty()).then(|| {
            units
                .iter()
                .filter(|u| folded_words(u).join(" ").contains(&wanted))
                .map(|u| u.to_string())
                .collect()
        });
        Selection {
            code: form.q.to_uppercase(),
            status,
            late: form.late == "1",
            units,
        }
    }

    fn keeps(&self, d: &Dossier, now: u64) -> bool {
        let unit =
            |units: &BTreeSet<String>| d.don_vi_xu_ly.as_ref().is_some_and(|u| units.contains(u));
        d.ma_ho_so.contains(&self.code)
            && self.status.is_none_or(|s| d.trang_thai == s)
            && self.units.as_ref().is_none_or(unit)
            && (!self.late || d.is_late(now))
    }
}

/// Dossiers by national status, in code order, and the late ones.
fn counts(all: &[Dossier], now: u64) -> ([usize; 10], usize) {
    let mut by_status = [0; 10];
    let mut late = 0;
    for d in all {
        by_status[usize::from(d.trang_thai.code()) - 1] += 1;
        late += usize::from(d.is_late(now));
    }
    (by_status, late)
}

/// Open dossiers first, the earliest promised date first (none last), then by code.
fn sort(rows: &mut [&Dossier]) {
    rows.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

fn sort_key(d: &Dossier) -> (bool, u64, &str) {
    let due = d.ngay_hen_tra.unwrap_or(u64::MAX);
    (d.trang_thai.is_closed(), due, &d.ma_ho_so)
}

/// One row of the table, as shown.
pub struct Row<'a> {
    code: &'a str,
    procedure: &'a str,
    owner: &'a str,
    unit: &'a str,
    received: String,
    due: String,
    status: &'static str,
    /// "Trễ hạn 3 ngày", "Còn 2 ngày", "—".
    deadline: String,
    late: bool,
}

fn date(secs: Option<u64>) -> String {
    secs.map_or_else(|| "—".to_owned(), vn_date)
}

impl<'a> Row<'a> {
    fn new(d: &'a Dossier, now: u64) -> Row<'a> {
        let deadline = d.deadline(now);
        Row {
            code: &d.ma_ho_so,
            procedure: &d.ten_tthc,
            owner: d.chu_ho_so.as_deref().unwrap_or("—"),
            unit: d.don_vi_xu_ly.as_deref().unwrap_or("—"),
            received: date(d.ngay_tiep_nhan),
            due: date(d.ngay_hen_tra),
            status: d.trang_thai.name(),
            deadline: match deadline {
                Deadline::Late(n) => format!("Trễ hạn {n} ngày"),
                Deadline::Left(0) => "Hẹn trả hôm nay".to_owned(),
                Deadline::Left(n) => format!("Còn {n} ngày"),
                Deadline::None => "—".to_owned(),
            },
            late: matches!(deadline, Deadline::Late(_)),
        }
    }
}

/// One count at the top of the page, linking to its filter.
pub struct CountLink {
    id: String,
    label: &'static str,
    n: usize,
    query: String,
    current: bool,
}

fn count_links(form: &DossierForm, by_status: [usize; 10], late: usize) -> Vec<CountLink> {
    let mut links: Vec<CountLink> = Status::ALL
        .into_iter()
        .map(|s| CountLink {
            id: format!("count-{}", s.code()),
            label: s.name(),
            n: by_status[usize::from(s.code()) - 1],
            query: format!("status={}", s.code()),
            current: form.status == s.code().to_string(),
        })
        .collect();
    links.push(CountLink {
        id: "count-late".into(),
        label: "Trễ hạn",
        n: late,
        query: "late=1".into(),
        current: form.late == "1",
    });
    links
}

#[derive(Template)]
#[template(path = "staff/dossiers.html")]
pub struct DossiersPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    counts: Vec<CountLink>,
    /// Every dossier stored.
    stored: usize,
    error: Option<String>,
    status_options: Vec<(String, &'static str, bool)>,
    units: Vec<&'a str>,
    form: &'a DossierForm,
    rows: Vec<Row<'a>>,
    /// Dossiers the filters let through, on every page.
    total: usize,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
}

/// The page for `form` over `all` dossiers, seen at `now`.
fn build<'a>(
    user: UserBar<'a>,
    form: &'a DossierForm,
    all: &'a [Dossier],
    now: u64,
) -> DossiersPage<'a> {
    let (status, error) = match form.status() {
        Ok(s) => (s, None),
        Err(e) => (None, Some(e)),
    };
    let units: BTreeSet<&str> = all
        .iter()
        .filter_map(|d| d.don_vi_xu_ly.as_deref())
        .collect();
    let selection = Selection::new(form, status, &units);
    let mut kept: Vec<&Dossier> = all.iter().filter(|d| selection.keeps(d, now)).collect();
    sort(&mut kept);
    let (by_status, late) = counts(all, now);
    let total = kept.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = form.page().min(pages);
    let rows = kept
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|d| Row::new(d, now))
        .collect();
    let status_options = Status::ALL
        .into_iter()
        .map(|s| (s.code().to_string(), s.name(), Some(s) == status))
        .collect();
    DossiersPage {
        title: "Hồ sơ",
        user: Some(user),
        counts: count_links(form, by_status, late),
        stored: all.len(),
        error,
        status_options,
        units: units.into_iter().collect(),
        form,
        rows,
        total,
        page,
        pages,
        previous: (page > 1).then(|| form.on_page(page - 1)),
        next: (page < pages).then(|| form.on_page(page + 1)),
    }
}

/// `GET /staff/ho-so`
pub async fn list(
    State(st): State<StaffState>,
    session: StaffSession,
    Query(form): Query<DossierForm>,
) -> Response {
    let form = form.trimmed();
    match st.dossiers.all() {
        Ok(all) => {
            let page = build(session.user_bar(), &form, &all, now_secs());
            respond(StatusCode::OK, &page)
        }
        Err(e) => server_error(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_vn_date;

    fn dossier(code: &str, status: Status, due: &str, unit: &str) -> Dossier {
        Dossier {
            ma_ho_so: code.into(),
            ma_tthc: None,
            ten_tthc: "Đăng ký khai sinh".into(),
            kenh: None,
            chu_ho_so: Some("Nguyễn Văn An".into()),
            so_dien_thoai: Some("0912345678".into()),
            so_giay_to: Some("001099012345".into()),
            ngay_tiep_nhan: parse_vn_date("2026-11-01"),
            ngay_hen_tra: parse_vn_date(due),
            trang_thai: status,
            ngay_tra: None,
            don_vi_xu_ly: Some(unit.into()),
            ghi_chu: None,
        }
    }

    fn render(query: &str, all: &[Dossier]) -> String {
        let form: DossierForm = serde_urlencoded::from_str(query).unwrap();
        let form = form.trimmed();
        let now = parse_vn_date("2026-11-20").unwrap() + 3600;
        let user = UserBar {
            name: "lan",
            csrf: "t",
            role: "Cán bộ cấp tỉnh",
            admin: false,
        };
        build(user, &form, all, now).render().unwrap()
    }

    fn sample() -> Vec<Dossier> {
        vec![
            dossier(
                "H12-0001",
                Status::Processing,
                "2026-11-10",
                "UBND phường Ba Đình",
            ),
            dossier(
                "H12-0002",
                Status::Processing,
                "2026-12-01",
                "UBND xã Đông Anh",
            ),
            dossier(
                "H12-0003",
                Status::Returned,
                "2026-11-10",
                "UBND phường Ba Đình",
            ),
        ]
    }

    #[test]
    fn filters_count_and_hide_the_secrets() {
        let all = sample();
        let html = render("", &all);
        assert!(html.contains("id=\"total\">3 hồ sơ"), "{html}");
        assert!(html.contains("Trễ hạn 10 ngày"), "{html}");
        assert!(!html.contains("0912345678") && !html.contains("001099012345"));
        let late = render("late=1", &all);
        assert!(late.contains("id=\"total\">1 hồ sơ") && late.contains("H12-0001"));
        let unit = render("unit=ba+dinh&status=10", &all);
        assert!(unit.contains("id=\"total\">1 hồ sơ") && unit.contains("H12-0003"));
        let code = render("q=+h12-0002+", &all);
        assert!(code.contains("id=\"total\">1 hồ sơ") && code.contains("H12-0002"));
        let bad = render("status=11", &all);
        assert!(bad.contains("Trạng thái không hợp lệ: 11"), "{bad}");
    }

    #[test]
    fn pages_of_fifty() {
        let all: Vec<Dossier> = (0..120)
            .map(|i| dossier(&format!("A-{i:03}"), Status::Received, "2026-12-01", "X"))
            .collect();
        let html = render("page=3", &all);
        assert_eq!(html.matches("<tr class=").count(), 20, "{html}");
        assert!(html.contains("Trang 3/3"));
    }
}
