//! The parts of a card behind the facet buttons (documents, fee, time, authority, ...),
//! each as a short paragraph under its heading; a part the record leaves empty says the
//! portal does not state it.

use super::lists::{bullets, numbered};
use super::{documents, values, FEE_NOT_PUBLISHED};
use crate::chat::facet::Facet;
use crate::chat::render::labels;
use crate::knowledge::{OnlineLevel, Procedure};

/// Whether the record holds anything for this part of the card (imported records
/// often leave parts empty).
pub(super) fn has_facet(p: &Procedure, facet: Facet) -> bool {
    match facet {
        Facet::Documents => !p.documents.is_empty(),
        Facet::Conditions => !p.conditions.is_empty(),
        Facet::Fee => !p.fee.is_empty(),
        Facet::Time => !p.processing_time.is_empty(),
        Facet::Authority => !p.authority.is_empty(),
        Facet::Place => !p.where_to_submit.is_empty() || p.local_address.is_some(),
        Facet::Legal => !p.legal_basis.is_empty(),
        Facet::Steps => !p.steps.is_empty(),
        Facet::Result => !p.result.is_empty(),
        Facet::Forms => !p.forms.is_empty(),
        Facet::Online | Facet::Postal => true,
    }
}

/// What a card says for a part the record leaves empty.
fn not_recorded(facet: Facet) -> String {
    let label = labels::facet(facet);
    let what = match facet {
        Facet::Fee => format!("{FEE_NOT_PUBLISHED} cho thủ tục này"),
        Facet::Time => "Cổng Dịch vụ công chưa công bố thời hạn giải quyết".to_owned(),
        Facet::Conditions => {
            "chưa có thông tin về yêu cầu, điều kiện riêng của thủ tục này".to_owned()
        }
        _ => "Cổng Dịch vụ công quốc gia chưa ghi thông tin này".to_owned(),
    };
    format!("{label}: {what}, bạn xem trang chi tiết hoặc gọi đường dây nóng để được hướng dẫn.")
}

/// One part of a procedure card, as a short paragraph.
pub fn facet_text(p: &Procedure, facet: Facet) -> String {
    if p.is_catalogue_only() && matches!(facet, Facet::Online | Facet::Postal) {
        return format!(
            "{}: Cổng Dịch vụ công chưa công bố chi tiết thủ tục này, bạn xem trang: {}",
            labels::facet(facet),
            portal_link(p)
        );
    }
    if !has_facet(p, facet) {
        return not_recorded(facet);
    }
    let label = labels::facet(facet);
    match facet {
        Facet::Documents => format!("{label}:\n{}", documents::render(&p.documents)),
        Facet::Conditions => format!("{label}:\n{}", bullets(&p.conditions)),
        Facet::Fee => per_channel(label, &p.fee, &p.channels),
        Facet::Time => per_channel(label, &p.processing_time, &p.channels),
        Facet::Authority => format!("{label}: {}", p.authority),
        Facet::Place => {
            let mut s = format!("{label}: {}", p.where_to_submit);
            if let Some(addr) = &p.local_address {
                s.push_str(&format!("\nĐịa chỉ: {addr}"));
            }
            s
        }
        Facet::Online => online_text(p),
        Facet::Postal => {
            if p.postal_service {
                format!("{label}: có, bạn có thể nộp hồ sơ hoặc nhận kết quả qua bưu điện.")
            } else {
                format!("{label}: chưa áp dụng cho thủ tục này.")
            }
        }
        Facet::Legal => format!("{label}:\n{}", bullets(&p.legal_basis)),
        Facet::Steps => format!("{label}:\n{}", numbered(&p.steps)),
        Facet::Result => format!("{label}: {}", p.result),
        Facet::Forms => format!("{label}:\n{}", forms_text(p)),
    }
}

/// The forms: a download link where the file came with the data, else the name and the
/// portal page.
fn forms_text(p: &Procedure) -> String {
    let code = p.national_code.as_deref().unwrap_or(&p.id);
    let mut lines: Vec<String> = p
        .forms
        .iter()
        .take(MAX_FORMS)
        .map(|f| {
            let name = values::shorten(f.name.trim_start_matches(['-', '+', ' ']), 120);
            match &f.file {
                Some(file) => format!("• {name}: tải mẫu tại {}", form_path(code, file)),
                None => format!("• {name}"),
            }
        })
        .collect();
    if p.forms.len() > MAX_FORMS {
        lines.push(format!("… và {} mẫu khác.", p.forms.len() - MAX_FORMS));
    }
    if p.forms.iter().any(|f| f.file.is_none()) {
        lines.push(format!(
            "Mẫu chưa có tệp ở đây, bạn tải tại trang của thủ tục: {}",
            portal_link(p)
        ));
    }
    lines.join("\n")
}

/// Most forms listed.
const MAX_FORMS: usize = 8;

/// Where the web channel serves a form file.
pub fn form_path(code: &str, file: &str) -> String {
    format!("/forms/{code}/{file}")
}

/// "💰 Lệ phí: Miễn phí — nộp trực tuyến hoặc trực tiếp", one line per distinct value.
fn per_channel(label: &str, text: &str, channels: &[String]) -> String {
    match values::lines(text, channels).as_slice() {
        [one] => format!("{label}: {one}"),
        many => format!(
            "{label}:\n{}",
            many.iter()
                .map(|l| format!("• {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn online_text(p: &Procedure) -> String {
    let portal = p
        .online
        .portal
        .as_deref()
        .unwrap_or("Cổng Dịch vụ công quốc gia");
    let link = p.online.url.as_deref().unwrap_or_default();
    let label = labels::facet(Facet::Online);
    match p.online.level {
        OnlineLevel::Full => format!(
            "{label}: được, dịch vụ công trực tuyến toàn trình (nộp hồ sơ và nhận kết quả trực tuyến) tại {portal}: {link}"
        ),
        OnlineLevel::Partial => format!(
            "{label}: một phần (nộp hồ sơ trực tuyến, đến nhận kết quả hoặc nộp bản chính trực tiếp) tại {portal}: {link}"
        ),
        OnlineLevel::Offered => format!(
            "{label}: có, bạn nộp hồ sơ trực tuyến tại {portal}: {link} (Cổng chưa ghi là toàn trình hay một phần)"
        ),
        OnlineLevel::None if p.postal_service => {
            format!("{label}: chưa hỗ trợ, bạn nộp hồ sơ trực tiếp hoặc qua bưu chính công ích.")
        }
        OnlineLevel::None => format!("{label}: chưa hỗ trợ, bạn nộp hồ sơ trực tiếp."),
        OnlineLevel::Unknown => format!(
            "{label}: Cổng Dịch vụ công chưa ghi thủ tục này có làm trực tuyến được không, bạn xem trang: {}",
            portal_link(p)
        ),
    }
}

/// The portal page of a procedure (its detail page, else the portal's home).
pub(crate) fn portal_link(p: &Procedure) -> &str {
    p.provenance
        .as_ref()
        .and_then(|prov| prov.detail_url.as_deref())
        .unwrap_or(crate::knowledge::PORTAL_HOME)
}
