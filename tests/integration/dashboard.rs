//! The staff dashboard `/staff/thong-ke` and the reports on a seeded event log: the
//! figures equal those counted here from the same log, the content gaps group the
//! declined questions by their shared words, a group is marked handled, and the report
//! comes as HTML with its charts, CSV that parses and JSON that validates.

use reqwest::header::COOKIE;
use serde_json::Value;
use tthc_bot::channel::Channel;
use tthc_bot::events::{Asked, EventStore, Reason, StoredEvents, Vote};
use tthc_bot::search::Outcome;
use tthc_bot::staff::Accounts;
use tthc_bot::stats::Period;
use tthc_bot::tickets::{NewTicket, Status, StoredTickets, TicketStore};

use crate::support::http::client;
use crate::support::server::{start_server_with, TestServer};
use crate::tickets::{csrf_in, login};

const DAY: u64 = 86_400;

/// Declined questions of two kinds, for the content gaps.
const TEMPORARY_RESIDENCE: [&str; 3] = [
    "đăng ký tạm trú cho người nước ngoài thuê nhà",
    "người nước ngoài đăng ký tạm trú ở đâu",
    "khai báo tạm trú người nước ngoài online",
];
const FIREWORKS: [&str; 2] = [
    "xin phép bắn pháo hoa đám cưới",
    "bắn pháo hoa có cần phép không",
];

/// What the seeding wrote, counted independently of the code under test.
#[derive(Default)]
struct Expected {
    questions: usize,
    answers: usize,
    choices: usize,
    declines: usize,
    up: usize,
    down: usize,
    /// Distinct (day, user) pairs.
    conversations: usize,
    web_questions: usize,
}

fn event(at: u64, channel: Channel, user: &str, text: &str, outcome: Outcome) -> Asked {
    Asked {
        at,
        id: 0,
        channel,
        user: user.into(),
        text: Some(text.into()),
        outcome,
        procedure: Some("dang-ky-khai-sinh".into()),
        kb_version: "2026-12-06".into(),
        picked: false,
    }
}

/// Ten days of questions from the start of `period`: day `d` has `d % 3 + 1` users,
/// each asking twice (an answer, then choices on web or a decline on Telegram); every
/// answer of an even day gets 👍, of an odd day 👎 (wrong procedure); then the gap
/// questions, declined.
fn seed(events: &StoredEvents, period: &Period) -> Expected {
    let mut e = Expected::default();
    for d in 0..10u64 {
        let at = period.from + d * DAY + 3 * 3600;
        for u in 0..(d % 3 + 1) {
            let user = format!("user-{u}");
            let channel = if u == 0 {
                Channel::Web
            } else {
                Channel::Telegram
            };
            let asked = events
                .record(event(
                    at,
                    channel,
                    &user,
                    "làm giấy khai sinh",
                    Outcome::Answer,
                ))
                .unwrap();
            let second = if channel == Channel::Web {
                Outcome::Choices
            } else {
                Outcome::Decline
            };
            events
                .record(event(at + 60, channel, &user, "giấy khai sinh", second))
                .unwrap();
            let vote = if d % 2 == 0 { Vote::Up } else { Vote::Down };
            events.vote(asked.reference(), &user, vote, at).unwrap();
            if vote == Vote::Down {
                events
                    .reason(asked.reference(), &user, Reason::WrongProcedure, at)
                    .unwrap();
                e.down += 1;
            } else {
                e.up += 1;
            }
            e.questions += 2;
            e.answers += 1;
            e.conversations += 1;
            if channel == Channel::Web {
                e.choices += 1;
                e.web_questions += 2;
            } else {
                e.declines += 1;
            }
        }
    }
    let at = period.from + 11 * DAY;
    for (i, text) in TEMPORARY_RESIDENCE.iter().chain(&FIREWORKS).enumerate() {
        events
            .record(event(
                at + i as u64,
                Channel::Web,
                "gap-user",
                text,
                Outcome::Decline,
            ))
            .unwrap();
        e.questions += 1;
        e.declines += 1;
        e.web_questions += 1;
    }
    e.conversations += 1;
    e
}

async fn get(http: &reqwest::Client, url: &str, cookie: &str) -> (u16, String) {
    let r = http.get(url).header(COOKIE, cookie).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn logged_in_server() -> (TestServer, reqwest::Client, String) {
    let server = start_server_with(None, |c| c.admin.token = "admin-token".into()).await;
    Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let http = client();
    let cookie = login(&http, &server.url, "lan", "mat-khau-123")
        .await
        .unwrap();
    (server, http, cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_and_reports_count_exactly_what_was_stored() {
    let (server, http, cookie) = logged_in_server().await;
    let url = &server.url;
    let period = Period::this_quarter();
    let expected = seed(&StoredEvents::new(&server.storage).unwrap(), &period);
    let tickets = StoredTickets::new(&server.storage).unwrap();
    for content in ["Bộ phận một cửa đóng cửa sớm", "Cổng dịch vụ công báo lỗi"]
    {
        let t = tickets
            .create(NewTicket {
                content: content.into(),
                category: "phản ánh".into(),
                user_id: "u".into(),
                ..NewTicket::default()
            })
            .unwrap();
        if content.starts_with("Bộ") {
            tickets
                .update(&t.code, "lan", "answer", "Đã nhắc nhở.", &|t| {
                    t.status = Status::Answered
                })
                .unwrap();
        }
    }

    // The JSON report: every figure as counted here.
    let json_url = format!(
        "{url}/staff/thong-ke/bao-cao?period={}&format=json",
        period.name
    );
    let (status, body) = get(&http, &json_url, &cookie).await;
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).expect("the JSON report validates");
    let c = &report["current"];
    assert_eq!(c["questions"], expected.questions);
    assert_eq!(c["conversations"], expected.conversations);
    assert_eq!(c["outcomes"]["answer"], expected.answers);
    assert_eq!(c["outcomes"]["choices"], expected.choices);
    assert_eq!(c["outcomes"]["decline"], expected.declines);
    assert_eq!(
        (c["votes_up"].clone(), c["votes_down"].clone()),
        (expected.up.into(), expected.down.into())
    );
    let per_day: u64 = c["per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["questions"].as_u64().unwrap())
        .sum();
    assert_eq!(per_day as usize, expected.questions);
    assert_eq!(c["top_asked"][0]["title"], "Đăng ký khai sinh");
    assert_eq!(c["top_asked"][0]["count"], expected.answers);
    assert_eq!(c["top_down"][0]["reasons"][0][0], "Sai thủ tục");
    assert_eq!(c["top_down"][0]["reasons"][0][1], expected.down);
    assert_eq!(
        (
            c["tickets"]["received"].clone(),
            c["tickets"]["answered"].clone()
        ),
        (2.into(), 1.into())
    );
    assert_eq!(c["tickets"]["on_time"], 1);
    assert_eq!(
        report["previous"]["questions"], 0,
        "nothing before the period"
    );

    // One channel only.
    let web_url = format!("{json_url}&channel=web");
    let (_, body) = get(&http, &web_url, &cookie).await;
    let web: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(web["current"]["questions"], expected.web_questions);

    // Content gaps: the declined questions grouped by what they share, biggest first.
    let gaps = report["gaps"].as_array().unwrap();
    let groups: Vec<(String, u64)> = gaps
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_owned(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect();
    // The khai sinh questions declined or voted 👎 make the biggest group.
    let birth = (expected.declines - 5) + expected.down;
    assert_eq!(
        groups[0],
        ("giay khai sinh".to_owned(), birth as u64),
        "{groups:?}"
    );
    assert_eq!(
        groups[1],
        ("ngoai nguoi nuoc tam tru".to_owned(), 3),
        "{groups:?}"
    );
    let fireworks_group = &groups[2];
    assert_eq!(fireworks_group.1, 2, "{groups:?}");
    assert!(fireworks_group.0.contains("phao"), "{groups:?}");
    assert_eq!(gaps[1]["examples"][0], TEMPORARY_RESIDENCE[0]);

    // The dashboard page shows the same overview, and a group is marked handled.
    let (status, page) = get(&http, &format!("{url}/staff/thong-ke"), &cookie).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(
            "<td>Câu hỏi</td><td class=\"num\">{}</td>",
            expected.questions
        )),
        "overview"
    );
    assert_eq!(page.matches("<svg").count(), 2, "two charts");
    assert!(page.contains("<title id=\"per-day-t\">"));
    let mark = http
        .post(format!("{url}/staff/thong-ke/da-xu-ly"))
        .header(COOKIE, &cookie)
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("key", fireworks_group.0.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(mark.status(), 303);
    let (_, body) = get(&http, &json_url, &cookie).await;
    let after: Value = serde_json::from_str(&body).unwrap();
    let handled = after["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == fireworks_group.0.as_str())
        .unwrap()
        .clone();
    assert_eq!(handled["handled"], true);

    // CSV parses: every line has the columns of its section's header.
    let csv_url = format!(
        "{url}/staff/thong-ke/bao-cao?period={}&format=csv",
        period.name
    );
    let (_, csv) = get(&http, &csv_url, &cookie).await;
    let csv = csv.trim_start_matches('\u{feff}');
    for section in csv.split("\r\n\r\n") {
        let lines: Vec<&str> = section.lines().collect();
        let width = lines[0].matches("\",\"").count();
        assert!(
            lines.iter().all(|l| l.starts_with('"')
                && l.ends_with('"')
                && l.matches("\",\"").count() == width),
            "{section}"
        );
    }
    assert!(csv.contains(&format!(
        "\"Câu hỏi\",\"{}\",\"0\",\"+{}\"",
        expected.questions, expected.questions
    )));

    // HTML: self-contained, with the charts and the table figures.
    let html_url = format!(
        "{url}/staff/thong-ke/bao-cao?period={}&format=html",
        period.name
    );
    let (_, html) = get(&http, &html_url, &cookie).await;
    assert!(html.starts_with("<!doctype html>") && !html.contains("<script"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains(&format!("<td class=\"num\">{}</td>", expected.questions)));
    assert!(html.contains("@page{size:A4"));

    // The same report for the CLI through the admin token; an empty period says so.
    let admin = reqwest::Client::new()
        .get(format!("{url}/admin/report?period=2020-Q1&format=html"))
        .bearer_auth("admin-token")
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
    assert!(admin
        .text()
        .await
        .unwrap()
        .contains("Kỳ này chưa có dữ liệu"));
    let refused = reqwest::Client::new()
        .get(format!("{url}/admin/report?period=2026-Q4"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_in_the_browser() {
    use crate::browser::log_in;
    use crate::webdriver::Browser;

    let server = start_server_with(None, |c| c.admin.token = "admin-token".into()).await;
    Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let period = Period::this_quarter();
    seed(&StoredEvents::new(&server.storage).unwrap(), &period);
    let browser = Browser::start().await;
    browser.set_window_size(1280, 1600).await;
    browser.goto(&format!("{}/staff/login", server.url)).await;
    log_in(&browser, "lan", "mat-khau-123").await;
    assert!(browser
        .wait_text("header span", 10, |t| t.contains("Cán bộ: lan"))
        .await
        .is_some());
    browser
        .goto(&format!("{}/staff/thong-ke", server.url))
        .await;
    assert!(browser
        .wait_text("#overview td", 10, |t| t == "Câu hỏi")
        .await
        .is_some());
    browser.save_screenshot("staff-dashboard-desktop.png").await;

    // The HTML report as a file, as it is printed or mailed.
    let html = reqwest::Client::new()
        .get(format!(
            "{}/admin/report?period={}&format=html",
            server.url, period.name
        ))
        .bearer_auth("admin-token")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let file = tempfile::Builder::new().suffix(".html").tempfile().unwrap();
    std::fs::write(file.path(), html).unwrap();
    browser
        .goto(&format!("file://{}", file.path().display()))
        .await;
    assert!(browser
        .wait_text("h1", 10, |t| t.starts_with("Báo cáo"))
        .await
        .is_some());
    browser.save_screenshot("report-html.png").await;
}
