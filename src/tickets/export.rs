//! CSV (UTF-8 with BOM, so Excel opens Vietnamese correctly) and JSON exports.
//!
//! Every text a citizen or staff member wrote may start like a spreadsheet formula
//! (`=HYPERLINK(…)`, `+cmd`, `@SUM(…)`); such cells are written with a leading `'` so
//! that spreadsheets show them as text instead of running them, in both formats (a
//! JSON export is often opened in a spreadsheet too).

use std::borrow::Cow;

use serde_json::{json, Value};

use super::model::Ticket;
use crate::time::vn_format;

const BOM: &str = "\u{feff}";

/// Characters that make a spreadsheet read a cell as a formula (with their full-width
/// forms, which some spreadsheets convert).
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// `s`, with a leading `'` when a spreadsheet would read it as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading spaces.
pub fn neutralize(s: &str) -> Cow<'_, str> {
    let first = s
        .chars()
        .find(|&c| !(c.is_whitespace() && c != '\t' && c != '\r'));
    match first {
        Some(c) if FORMULA_STARTS.contains(&c) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// One quoted CSV cell, [neutralized](neutralize).
pub fn csv_field(s: &str) -> String {
    format!("\"{}\"", neutralize(s).replace('"', "\"\""))
}

/// `v` with every string in it [neutralized](neutralize).
fn neutralize_json(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Cow::Owned(safe) = neutralize(s) {
                *s = safe;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(neutralize_json),
        Value::Object(fields) => fields.values_mut().for_each(neutralize_json),
        _ => {}
    }
}

fn answers_text(t: &Ticket) -> String {
    t.answers()
        .map(|h| h.detail.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Tickets as CSV; `personal` adds name, phone and user id.
pub fn to_csv(tickets: &[Ticket], personal: bool) -> String {
    let mut header = vec![
        "Mã",
        "Ngày gửi",
        "Kênh",
        "Trạng thái",
        "Phân loại",
        "Nội dung",
        "Thủ tục/địa điểm",
        "Mã đơn vị",
        "Đơn vị",
        "Người xử lý",
        "Trả lời",
    ];
    if personal {
        header.extend(["Họ tên", "Điện thoại", "Mã người dùng"]);
    }
    let mut out = String::from(BOM);
    out.push_str(
        &header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for t in tickets {
        let mut row = vec![
            t.code.clone(),
            vn_format(t.created_at),
            t.channel.to_string(),
            t.status.label().to_owned(),
            t.category.clone(),
            t.content.clone(),
            t.procedure.clone().unwrap_or_default(),
            t.unit_code().unwrap_or_default().to_owned(),
            t.unit.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
            t.assignee.clone().unwrap_or_default(),
            answers_text(t),
        ];
        if personal {
            row.extend([
                t.name.clone().unwrap_or_default(),
                t.phone.clone().unwrap_or_default(),
                t.user_id.clone(),
            ]);
        }
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// Tickets as a JSON array; without `personal`, name, phone and user id are left out.
/// Texts that would read as spreadsheet formulas get a leading `'`.
pub fn to_json(tickets: &[Ticket], personal: bool) -> serde_json::Value {
    let items: Vec<serde_json::Value> = tickets
        .iter()
        .map(|t| {
            let mut v = serde_json::to_value(t).expect("ticket serializes");
            if !personal {
                let o = v.as_object_mut().expect("ticket is an object");
                o.remove("name");
                o.remove("phone");
                o.remove("user_id");
            }
            neutralize_json(&mut v);
            v
        })
        .collect();
    json!(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tickets::{Status, Ticket};

    #[test]
    fn formula_cells_are_neutralized() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "   =1+1",
            "\u{a0}@x",
        ] {
            assert_eq!(neutralize(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Hồ sơ chậm", "", "0912345678", "a=b", "'=x"] {
            assert_eq!(neutralize(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn exports_write_formulas_as_text() {
        let t = Ticket {
            code: "PA-2026-7K3QX9".into(),
            created_at: 0,
            channel: Default::default(),
            user_id: "-u".into(),
            name: Some("+cmd".into()),
            phone: None,
            content: "=HYPERLINK(\"http://evil\",\"x\")".into(),
            procedure: None,
            category: "phản ánh".into(),
            status: Status::New,
            assignee: None,
            history: vec![],
            unit: None,
            rating: None,
        };
        let csv = to_csv(std::slice::from_ref(&t), true);
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\""), "{csv}");
        assert!(
            csv.contains("\"'+cmd\"") && csv.contains("\"'-u\""),
            "{csv}"
        );
        let json = to_json(&[t], true);
        assert_eq!(json[0]["content"], "'=HYPERLINK(\"http://evil\",\"x\")");
        assert_eq!(json[0]["name"], "'+cmd");
    }
}
