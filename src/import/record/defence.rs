//! The Ministry of National Defence's records (`bo-quoc-phong/<code>.json`, parsed from
//! the portal's .doc export): metadata and content fields, and real tables.

use serde::Deserialize;

use super::{first_filled, flat, lowercase_unit, nfc, require};
use super::{Channel, Document, LegalRef, Record, RecordError};

/// A record of `bo-quoc-phong/<code>.json` (parsed from the portal's .doc export).
#[derive(Debug, Deserialize)]
struct DefenceRecord {
    #[serde(default)]
    metadata: DefenceMetadata,
    #[serde(default)]
    content: DefenceContent,
    #[serde(default)]
    tables: DefenceTables,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceMetadata {
    #[serde(rename = "mã_thủ_tục")]
    code: String,
    #[serde(rename = "tên_thủ_tục")]
    name: String,
    #[serde(rename = "số_quyết_định")]
    decision: String,
    #[serde(rename = "cấp_thực_hiện")]
    levels: String,
    #[serde(rename = "lĩnh_vực")]
    field: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceContent {
    #[serde(rename = "trình_tự_thực_hiện")]
    steps: String,
    #[serde(rename = "cơ_quan_thực_hiện")]
    authority: String,
    #[serde(rename = "cơ_quan_có_thẩm_quyền")]
    competent: String,
    #[serde(rename = "địa_chỉ_tiếp_nhận_hs")]
    address: String,
    #[serde(rename = "kết_quả_thực_hiện")]
    result: String,
    #[serde(rename = "yêu_cầu_điều_kiện_thực_hiện")]
    conditions: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceTables {
    hinh_thuc_nop: Vec<DefenceChannel>,
    thanh_phan_ho_so: Vec<DefenceDocument>,
    can_cu_phap_ly: Vec<DefenceLegal>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceChannel {
    hinh_thuc: String,
    thoi_han_giai_quyet: String,
    phi_le_phi: String,
    mo_ta: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceDocument {
    ten_giay_to: String,
    ghi_chu: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DefenceLegal {
    so_ky_hieu: String,
    trich_yeu: String,
}

/// Parses a Ministry of National Defence record.
pub fn parse_defence(json: &str) -> Result<Record, RecordError> {
    let text = nfc(json);
    let r: DefenceRecord = serde_json::from_str(&text)?;
    let code = flat::clean(&r.metadata.code);
    let decision = flat::clean(&r.metadata.decision);
    let decision = decision
        .strip_prefix("Quyết định số ")
        .unwrap_or(&decision)
        .to_owned();
    require(Record {
        detail_url: String::new(),
        code,
        name: flat::clean(&r.metadata.name),
        decision,
        levels: flat::clean(&r.metadata.levels),
        field: flat::clean(&r.metadata.field),
        authority: first_filled(&[&r.content.authority, &r.content.competent]),
        address: flat::clean(&r.content.address),
        ministry: "bo-quoc-phong".to_owned(),
        channels: r.tables.hinh_thuc_nop.iter().map(defence_channel).collect(),
        documents: r
            .tables
            .thanh_phan_ho_so
            .iter()
            .map(defence_document)
            .collect(),
        legal: r.tables.can_cu_phap_ly.iter().map(defence_legal).collect(),
        result: vec![flat::clean(&r.content.result)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        steps: flat::parse_steps(&r.content.steps),
        conditions: flat::parse_conditions(&r.content.conditions),
        full_text: text,
        catalogue_only: false,
        forms: Vec::new(),
    })
}

fn defence_channel(c: &DefenceChannel) -> Channel {
    let time = flat::clean(&c.thoi_han_giai_quyet);
    Channel {
        name: flat::clean(&c.hinh_thuc),
        time: (!time.is_empty()).then(|| lowercase_unit(&time)),
        fee: flat::parse_fee(&c.phi_le_phi),
        description: flat::clean(&c.mo_ta),
    }
}

fn defence_document(d: &DefenceDocument) -> Document {
    let count = |label: &str| {
        d.ghi_chu
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    Document {
        name: flat::clean(&d.ten_giay_to),
        originals: count("Bản chính:"),
        copies: count("Bản sao:"),
    }
}

/// The .doc export's numbers are sometimes cut to the first digits ("12"); the title
/// then carries the full number.
fn defence_legal(l: &DefenceLegal) -> LegalRef {
    let number = flat::clean(&l.so_ky_hieu);
    let number = if number.contains('/') {
        number
    } else {
        String::new()
    };
    LegalRef {
        name: flat::clean(&l.trich_yeu),
        number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::record::fixtures::FIXTURES;
    use crate::import::record::PORTAL_HOME;
    use crate::knowledge::Level;

    #[test]
    fn defence_record_reads_its_tables() {
        let json = std::fs::read_to_string(format!("{FIXTURES}/bo-quoc-phong/1.013127.json"))
            .expect("fixture");
        let p = parse_defence(&json).expect("parses").to_procedure();
        assert_eq!(p.id, "1.013127");
        assert_eq!(p.level, Level::Province);
        assert_eq!(p.processing_time, "20 ngày làm việc");
        assert_eq!(p.fee, "Miễn phí");
        assert_eq!(
            p.provenance.unwrap().decision.as_deref(),
            Some("6225/QĐ-BQP")
        );
        assert!(p.documents[0].ends_with("(1 bản chính)"));
        assert_eq!(p.online.url.as_deref(), Some(PORTAL_HOME));
    }
}
