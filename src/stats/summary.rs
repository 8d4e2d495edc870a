//! What the dashboard and the report show of a period: the figures and the previous
//! period's, the content gaps, the charts, and the rows of the overview table (this
//! period, the previous one, the change). One [`Summary`] feeds the staff page and every
//! report format.

use serde::Serialize;

use super::charts::{bars, shares, Series};
use super::figures::Figures;
use super::gaps::Gap;
use crate::time::vn_date;

/// A period's figures, the previous period's, and its content gaps.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub current: Figures,
    pub previous: Figures,
    pub gaps: Vec<Gap>,
    /// When it was made (Unix seconds).
    pub made_at: u64,
}

/// One row of the overview table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: &'static str,
    pub current: String,
    pub previous: String,
    /// "+12", "−3", "+4,5 điểm %", or "" when there is nothing to compare.
    pub change: String,
}

const ANSWER: &str = "#1f7a3d";
const CHOICES: &str = "#d08a00";
const DECLINE: &str = "#b00020";

fn count_row(label: &'static str, now: usize, before: usize) -> Row {
    let change = now as i64 - before as i64;
    Row {
        label,
        current: now.to_string(),
        previous: before.to_string(),
        change: match change {
            0 => "0".to_owned(),
            c if c > 0 => format!("+{c}"),
            c => format!("−{}", -c),
        },
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(
        || "—".to_owned(),
        |s| format!("{:.1} %", 100.0 * s).replace('.', ","),
    )
}

fn share_row(label: &'static str, now: Option<f64>, before: Option<f64>) -> Row {
    let change = match (now, before) {
        (Some(a), Some(b)) => format!("{:+.1} điểm %", 100.0 * (a - b)).replace('.', ","),
        _ => String::new(),
    };
    Row {
        label,
        current: percent(now),
        previous: percent(before),
        change,
    }
}

fn of(part: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| part as f64 / total as f64)
}

/// The share of ratings at "hài lòng" or better.
fn satisfied(t: &super::figures::TicketFigures) -> Option<f64> {
    let total: usize = t.satisfaction.iter().map(|(_, n)| n).sum();
    let good: usize = t.satisfaction.iter().take(2).map(|(_, n)| n).sum();
    of(good, total)
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "—".to_owned(), |h| format!("{h:.1}").replace('.', ","))
}

impl Summary {
    /// The overview table.
    pub fn rows(&self) -> Vec<Row> {
        let (a, b) = (&self.current, &self.previous);
        let (ta, tb) = (&a.tickets, &b.tickets);
        vec![
            count_row(
                "Lượt trò chuyện (người hỏi mỗi ngày)",
                a.conversations,
                b.conversations,
            ),
            count_row("Câu hỏi", a.questions, b.questions),
            count_row("Trả lời trực tiếp", a.outcomes.answer, b.outcomes.answer),
            count_row(
                "Đưa lựa chọn thủ tục",
                a.outcomes.choices,
                b.outcomes.choices,
            ),
            count_row(
                "Chưa trả lời được (đường dây nóng)",
                a.outcomes.decline,
                b.outcomes.decline,
            ),
            share_row(
                "Tỉ lệ trả lời trực tiếp",
                of(a.outcomes.answer, a.questions),
                of(b.outcomes.answer, b.questions),
            ),
            count_row("Lượt đánh giá 👍", a.votes_up, b.votes_up),
            count_row("Lượt đánh giá 👎", a.votes_down, b.votes_down),
            share_row("Tỉ lệ 👍", a.up_share(), b.up_share()),
            count_row("Phản ánh, kiến nghị nhận được", ta.received, tb.received),
            count_row("Phản ánh đã trả lời", ta.answered, tb.answered),
            count_row("Trả lời đúng hạn", ta.on_time, tb.on_time),
            count_row(
                "Trễ hạn (đã trả lời trễ hoặc quá hạn chưa trả lời)",
                ta.late,
                tb.late,
            ),
            share_row(
                "Tỉ lệ hài lòng (hài lòng, rất hài lòng)",
                satisfied(ta),
                satisfied(tb),
            ),
            Row {
                label: "Thời gian trả lời trung bình (giờ)",
                current: hours(ta.mean_hours_to_answer),
                previous: hours(tb.mean_hours_to_answer),
                change: String::new(),
            },
        ]
    }

    /// Questions and conversations per day.
    pub fn per_day_chart(&self) -> String {
        let days = &self.current.per_day;
        let labels: Vec<String> = days
            .iter()
            .map(|d| vn_date(d.day)[..5].to_owned())
            .collect();
        let series = [
            Series {
                name: "Câu hỏi",
                color: "#0b5cab",
                values: days.iter().map(|d| d.questions as f64).collect(),
            },
            Series {
                name: "Lượt trò chuyện",
                color: "#7fb3e6",
                values: days.iter().map(|d| d.conversations as f64).collect(),
            },
        ];
        let desc = format!(
            "Số câu hỏi và lượt trò chuyện mỗi ngày, kỳ {}: tổng {} câu hỏi, {} lượt trò chuyện.",
            self.current.period, self.current.questions, self.current.conversations
        );
        bars(
            "per-day",
            "Câu hỏi và lượt trò chuyện mỗi ngày",
            &desc,
            &labels,
            &series,
        )
    }

    /// Outcome shares per week.
    pub fn outcome_chart(&self) -> String {
        let weeks = &self.current.weekly;
        let labels: Vec<String> = weeks
            .iter()
            .map(|(start, _)| vn_date(*start)[..5].to_owned())
            .collect();
        let series = [
            Series {
                name: "Trả lời",
                color: ANSWER,
                values: weeks.iter().map(|w| w.1.answer as f64).collect(),
            },
            Series {
                name: "Lựa chọn",
                color: CHOICES,
                values: weeks.iter().map(|w| w.1.choices as f64).collect(),
            },
            Series {
                name: "Chưa trả lời được",
                color: DECLINE,
                values: weeks.iter().map(|w| w.1.decline as f64).collect(),
            },
        ];
        let o = &self.current.outcomes;
        let desc = format!(
            "Tỉ lệ trả lời trực tiếp, đưa lựa chọn và chưa trả lời được theo tuần: cả kỳ {} trả lời, {} lựa chọn, {} chưa trả lời được.",
            o.answer, o.choices, o.decline
        );
        shares(
            "outcomes",
            "Kết quả trả lời theo tuần",
            &desc,
            &labels,
            &series,
        )
    }
}
