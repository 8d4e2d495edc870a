//! The periodic report the plans ask for (quarter, half year, year): the dashboard's
//! figures with the previous period's, as one self-contained HTML file (inline SVG
//! charts, printable on A4), as CSV for a spreadsheet (UTF-8 with BOM), or as JSON.

use askama::Template;

use super::figures::Outcomes;
use super::summary::{Row, Summary};
use crate::tickets::export::csv_field;
use crate::time::{vn_date, vn_format};

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Csv,
    Json,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        [Format::Html, Format::Csv, Format::Json]
            .into_iter()
            .find(|f| f.extension() == text.trim())
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// The parts of a summary both the staff dashboard and the HTML report show (the
/// template `stats/body.html`).
pub struct Body<'a> {
    pub s: &'a Summary,
    pub rows: Vec<Row>,
    pub per_day_svg: String,
    pub outcome_svg: String,
    /// (day, questions, conversations).
    pub days: Vec<(String, usize, usize)>,
    /// (week start, outcomes).
    pub weeks: Vec<(String, Outcomes)>,
    pub period_dates: String,
    pub channel: &'static str,
    pub up_share: String,
}

impl<'a> Body<'a> {
    pub fn new(s: &'a Summary) -> Body<'a> {
        let c = &s.current;
        Body {
            rows: s.rows(),
            per_day_svg: s.per_day_chart(),
            outcome_svg: s.outcome_chart(),
            days: c
                .per_day
                .iter()
                .map(|d| (vn_date(d.day), d.questions, d.conversations))
                .collect(),
            weeks: c.weekly.iter().map(|(w, o)| (vn_date(*w), *o)).collect(),
            period_dates: format!("{} – {}", vn_date(c.from), vn_date(c.to - 1)),
            channel: channel_name(&c.channel),
            up_share: c
                .up_share()
                .map_or_else(|| "—".to_owned(), |x| format!("{:.0} %", 100.0 * x)),
            s,
        }
    }
}

fn channel_name(channel: &str) -> &'static str {
    match channel {
        "web" => "Trang web",
        "telegram" => "Telegram",
        "zalo" => "Zalo",
        _ => "Tất cả các kênh",
    }
}

#[derive(Template)]
#[template(path = "stats/report.html")]
struct ReportPage<'a> {
    body: Body<'a>,
    service: &'a str,
    made: String,
    /// The dashboard's gap buttons are not in a report.
    csrf: Option<&'a str>,
}

/// The report as a self-contained HTML page for `service` (who runs the bot).
pub fn html(s: &Summary, service: &str) -> String {
    let page = ReportPage {
        body: Body::new(s),
        service,
        made: vn_format(s.made_at),
        csrf: None,
    };
    page.render().expect("the report template renders")
}

fn csv_line(fields: &[&str]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The report as CSV: the overview with the previous period, then the days, the
/// procedures and the gaps, each section under its own header line.
pub fn csv(s: &Summary) -> String {
    let c = &s.current;
    let mut out = String::from("\u{feff}");
    out += &csv_line(&[
        "Chỉ tiêu",
        &format!("Kỳ {}", c.period),
        &format!("Kỳ trước {}", s.previous.period),
        "Thay đổi",
    ]);
    // Figures the report computed ("+2") are not formulas a citizen could plant.
    let figure = |v: &str| format!("\"{v}\"");
    for r in s.rows() {
        out += &format!(
            "{},{},{},{}\r\n",
            csv_field(r.label),
            figure(&r.current),
            figure(&r.previous),
            figure(&r.change)
        );
    }
    out += "\r\n";
    out += &csv_line(&["Ngày", "Câu hỏi", "Lượt trò chuyện"]);
    for d in &c.per_day {
        out += &csv_line(&[
            &vn_date(d.day),
            &d.questions.to_string(),
            &d.conversations.to_string(),
        ]);
    }
    out += "\r\n";
    out += &csv_line(&["Thủ tục được hỏi nhiều", "Mã", "Số lần"]);
    for p in &c.top_asked {
        out += &csv_line(&[&p.title, &p.id, &p.count.to_string()]);
    }
    out += "\r\n";
    out += &csv_line(&["Thủ tục bị đánh giá 👎", "Mã", "Số lần", "Lý do"]);
    for p in &c.top_down {
        let reasons: Vec<String> = p.reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        out += &csv_line(&[&p.title, &p.id, &p.count.to_string(), &reasons.join("; ")]);
    }
    out += "\r\n";
    out += &csv_line(&[
        "Nhóm câu hỏi chưa trả lời tốt",
        "Số câu",
        "Thủ tục gần nhất",
        "Đã xử lý",
    ]);
    for g in &s.gaps {
        let nearest = g.nearest.as_ref().map_or("", |(_, t)| t.as_str());
        out += &csv_line(&[
            &g.key,
            &g.count.to_string(),
            nearest,
            if g.handled { "có" } else { "" },
        ]);
    }
    out
}

/// The report as JSON: the summary itself.
pub fn json(s: &Summary) -> String {
    serde_json::to_string_pretty(s).expect("the summary serializes")
}

/// The report in `format`.
pub fn render(s: &Summary, format: Format, service: &str) -> String {
    match format {
        Format::Html => html(s, service),
        Format::Csv => csv(s),
        Format::Json => json(s),
    }
}
