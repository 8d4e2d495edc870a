//! CSV (UTF-8 with BOM, so Excel opens Vietnamese correctly) and JSON exports.

use serde_json::json;

use super::model::Ticket;
use crate::time::vn_format;

const BOM: &str = "\u{feff}";

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
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
            v
        })
        .collect();
    json!(items)
}
