//! `/staff/thong-ke`: the dashboard for the people who run the service. A period
//! (default: this quarter) and a channel are chosen in the page's form; the figures,
//! the charts and the content gaps come from [`crate::stats`]. A content-gap group is
//! marked handled with one click; the report of the period downloads from
//! `/staff/thong-ke/bao-cao`, and from `GET /admin/report` with the admin token (what
//! `tthc-bot report` uses while `serve` holds the database). A unit officer's ticket
//! figures cover their units only.

use askama::Template;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::extract::{CsrfForm, StaffSession};
use super::html::{respond, server_error, MessagePage, UserBar};
use super::routes::StaffState;
use crate::channel::Channel;
use crate::security::bearer_matches;
use crate::stats::report::{self, Body, Format};
use crate::stats::{summarize, Period, Sources, Summary};
use crate::time::now_secs;

/// The dashboard's form: `period` (2026-Q4, 2026-H2, 2026, FROM..TO) and `channel`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    period: String,
    channel: String,
    format: String,
}

#[derive(Template)]
#[template(path = "staff/stats.html")]
struct StatsPage<'a> {
    title: &'a str,
    user: Option<UserBar<'a>>,
    body: Body<'a>,
    csrf: Option<&'a str>,
    period: &'a str,
    channel: &'a str,
    /// The period and channel, URL-encoded, for the report links.
    query: &'a str,
    channels: [(&'static str, &'static str); 4],
    error: Option<&'a str>,
}

/// The period and channel the query asks for, or what is wrong with them.
fn read(q: &StatsQuery) -> Result<(Period, Option<Channel>), String> {
    let period = if q.period.trim().is_empty() {
        Period::this_quarter()
    } else {
        Period::parse(&q.period).map_err(|_| {
            format!(
                "Kỳ «{}» không hợp lệ: ghi 2026-Q4, 2026-H2, 2026 hoặc 2026-10-01..2026-12-31.",
                q.period.trim()
            )
        })?
    };
    let channel = match q.channel.trim() {
        "" => None,
        name => Some(Channel::parse(name).ok_or_else(|| "Kênh không hợp lệ.".to_owned())?),
    };
    Ok((period, channel))
}

/// The summary, with the ticket figures of the `scope` units (all when `None`),
/// computed off the async runtime.
async fn summary_for(
    st: &StaffState,
    scope: Option<Vec<String>>,
    period: Period,
    channel: Option<Channel>,
) -> Result<Summary, String> {
    let st = st.clone();
    tokio::task::spawn_blocking(move || {
        let sources = Sources {
            events: st.events.as_ref(),
            tickets: st.tickets.as_ref(),
            deadlines: &st.deadlines,
            titles: st.titles.as_ref(),
            ticket_scope: scope,
        };
        let mut summary = summarize(&period, channel, &sources).map_err(|e| e.to_string())?;
        if sources.ticket_scope.is_some() {
            // The gaps quote the province's questions: not for unit officers.
            summary.gaps.clear();
        }
        Ok(summary)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// `GET /staff/thong-ke`
pub async fn page(
    State(st): State<StaffState>,
    session: StaffSession,
    Query(q): Query<StatsQuery>,
) -> Response {
    let (chosen, error) = match read(&q) {
        Ok(chosen) => (chosen, None),
        Err(e) => ((Period::this_quarter(), None), Some(e)),
    };
    let period_name = chosen.0.name.clone();
    let channel = chosen.1.map_or("", |c| c.as_str());
    let query =
        serde_urlencoded::to_string([("period", period_name.as_str()), ("channel", channel)])
            .unwrap_or_default();
    let scope = session.scope.units().map(<[String]>::to_vec);
    let summary = match summary_for(&st, scope, chosen.0, chosen.1).await {
        Ok(s) => s,
        Err(e) => return server_error(&e),
    };
    let page = StatsPage {
        title: "Thống kê",
        user: Some(session.user_bar()),
        body: Body::new(&summary),
        csrf: Some(&session.csrf),
        period: &period_name,
        channel,
        query: &query,
        channels: [
            ("", "Tất cả"),
            ("web", "Trang web"),
            ("telegram", "Telegram"),
            ("zalo", "Zalo"),
        ],
        error: error.as_deref(),
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    respond(status, &page)
}

/// `GET /staff/thong-ke/bao-cao?period=&channel=&format=html|csv|json`: the report.
pub async fn download(
    State(st): State<StaffState>,
    session: StaffSession,
    Query(q): Query<StatsQuery>,
) -> Response {
    let scope = session.scope.units().map(<[String]>::to_vec);
    report_response(&st, scope, &q).await
}

/// `GET /admin/report?period=&channel=&format=`: the report for an admin token.
async fn admin_report(
    State((st, token)): State<(StaffState, Arc<str>)>,
    headers: HeaderMap,
    Query(q): Query<StatsQuery>,
) -> Response {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !bearer_matches(auth, &token) {
        return (StatusCode::UNAUTHORIZED, "admin token required").into_response();
    }
    report_response(&st, None, &q).await
}

/// The `/admin/report` router, guarded by the admin `token` (401 without one).
pub fn admin_router(state: StaffState, token: &str) -> Router {
    Router::new()
        .route("/admin/report", get(admin_report))
        .with_state((state, Arc::from(token)))
}

async fn report_response(st: &StaffState, scope: Option<Vec<String>>, q: &StatsQuery) -> Response {
    let format = Format::parse(if q.format.is_empty() {
        "html"
    } else {
        &q.format
    });
    let (Ok((period, channel)), Some(format)) = (read(q), format) else {
        return (StatusCode::BAD_REQUEST, "invalid period, channel or format").into_response();
    };
    let name = format!(
        "bao-cao-{}.{}",
        period.name.replace("..", "_"),
        format.extension()
    );
    match summary_for(st, scope, period, channel).await {
        Ok(s) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            report::render(&s, format, &st.service),
        )
            .into_response(),
        Err(e) => server_error(&e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandledForm {
    key: String,
}

/// `POST /staff/thong-ke/da-xu-ly`: marks a content-gap group handled.
pub async fn mark_handled(State(st): State<StaffState>, form: CsrfForm<HandledForm>) -> Response {
    if form.session.scope.units().is_some() {
        let message = "Cán bộ xã/phường không đánh dấu được nhóm nội dung còn thiếu.";
        return respond(
            StatusCode::FORBIDDEN,
            &MessagePage::new("Không có quyền", message, true),
        );
    }
    let key = form.fields.key.trim();
    if key.is_empty() || key.chars().count() > 200 {
        return (StatusCode::BAD_REQUEST, "invalid group").into_response();
    }
    match st
        .events
        .mark_gap_handled(key, &form.session.staff, now_secs())
    {
        Ok(()) => Redirect::to("/staff/thong-ke").into_response(),
        Err(e) => server_error(&e.to_string()),
    }
}
