//! Dashboard and report benchmark (issue 17): 100,000 question events (a quarter of
//! questions from 5,000 users, a quarter of them declined, one in ten voted) and 1,000
//! tickets in a sled database on disk; times the dashboard's figures (the summary with
//! the previous period and the content gaps, rendered as HTML) and the whole report
//! (HTML, CSV and JSON), and prints whether the targets are met (dashboard ≤ 300 ms,
//! report ≤ 2 s).
//!
//! `cargo bench --bench stats [-- EVENTS]` (default 100,000).

use std::time::{Duration, Instant};

use tthc_bot::channel::Channel;
use tthc_bot::events::{Asked, EventStore, Reason, StoredEvents, Vote};
use tthc_bot::search::Outcome;
use tthc_bot::stats::report::{render, Format};
use tthc_bot::stats::{summarize, Period, Sources};
use tthc_bot::storage::Storage;
use tthc_bot::tickets::{Deadlines, NewTicket, StoredTickets, TicketStore};
use tthc_bot::time::now_secs;

const DASHBOARD_TARGET: Duration = Duration::from_millis(300);
const REPORT_TARGET: Duration = Duration::from_secs(2);
const ROUNDS: usize = 5;

const TOPICS: [&str; 12] = [
    "làm giấy khai sinh cần gì",
    "đăng ký tạm trú cho người thuê nhà",
    "cấp đổi giấy phép lái xe hết hạn",
    "làm căn cước cho con",
    "đăng ký kết hôn với người nước ngoài",
    "xin giấy phép xây dựng nhà ở",
    "sang tên sổ đỏ mất bao lâu",
    "đăng ký hộ kinh doanh cá thể",
    "trợ cấp thất nghiệp nộp ở đâu",
    "bắn pháo hoa đám cưới có cần xin phép",
    "nuôi chó có phải đăng ký không",
    "làm lại bằng tốt nghiệp bị mất",
];

fn seed(events: &StoredEvents, tickets: &StoredTickets, period: &Period, count: u64) {
    let span = now_secs().saturating_sub(period.from).max(1);
    for i in 0..count {
        let outcome = match i % 4 {
            0 => Outcome::Decline,
            1 => Outcome::Choices,
            _ => Outcome::Answer,
        };
        let asked = events
            .record(Asked {
                at: period.from + i * span / count,
                id: 0,
                channel: Channel::ALL[(i % 3) as usize],
                user: format!("user-{}", i % 5_000),
                text: Some(format!("{} {}", TOPICS[(i % 12) as usize], i % 97)),
                outcome,
                procedure: Some(format!("procedure-{}", i % 300)),
                kb_version: "2026-12-06".into(),
                picked: false,
            })
            .expect("event stored");
        if i % 10 == 0 {
            let vote = if i % 20 == 0 { Vote::Up } else { Vote::Down };
            events
                .vote(asked.reference(), &asked.user, vote, asked.at)
                .unwrap();
            if vote == Vote::Down {
                events
                    .reason(
                        asked.reference(),
                        &asked.user,
                        Reason::MissingInfo,
                        asked.at,
                    )
                    .unwrap();
            }
        }
    }
    for i in 0..1_000 {
        tickets
            .create(NewTicket {
                content: format!("Phản ánh số {i} về thủ tục chậm trả kết quả"),
                category: "phản ánh".into(),
                user_id: format!("u{i}"),
                ..NewTicket::default()
            })
            .expect("ticket stored");
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let count: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let storage = Storage::open(dir.path()).expect("database opens");
    let events = StoredEvents::new(&storage).unwrap();
    let tickets = StoredTickets::new(&storage).unwrap();
    let period = Period::this_quarter();
    let start = Instant::now();
    seed(&events, &tickets, &period, count);
    println!(
        "seeded {count} events and 1,000 tickets in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let deadlines = Deadlines::default();
    let titles = |id: &str| Some(format!("Thủ tục {id}"));
    let sources = Sources {
        events: &events,
        tickets: &tickets,
        deadlines: &deadlines,
        titles: &titles,
        ticket_scope: None,
    };
    let (mut dashboard, mut report) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let summary = summarize(&period, None, &sources).expect("summary");
        std::hint::black_box(render(&summary, Format::Html, "Trợ lý"));
        dashboard.push(t.elapsed());
        let t = Instant::now();
        let summary = summarize(&period, None, &sources).expect("summary");
        for format in [Format::Html, Format::Csv, Format::Json] {
            std::hint::black_box(render(&summary, format, "Trợ lý"));
        }
        report.push(t.elapsed());
        assert_eq!(summary.current.questions as u64, count);
    }
    let worst = |times: &[Duration]| *times.iter().max().expect("rounds");
    let (d, r) = (worst(&dashboard), worst(&report));
    println!(
        "dashboard: worst of {ROUNDS} {:.0} ms (target ≤ {} ms: {})",
        millis(d),
        DASHBOARD_TARGET.as_millis(),
        if d <= DASHBOARD_TARGET {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "report (html, csv, json): worst of {ROUNDS} {:.0} ms (target ≤ {} ms: {})",
        millis(r),
        REPORT_TARGET.as_millis(),
        if r <= REPORT_TARGET { "met" } else { "NOT met" }
    );
}
