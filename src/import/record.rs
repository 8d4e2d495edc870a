//! The two record formats in the national DVC set, read into one [`Record`] (NFC text,
//! fields parsed into structure) and turned into a knowledge [`Procedure`].

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::flat::{self, Channel, Document, LegalRef};
use crate::knowledge::{Form, Level, OnlineLevel, OnlineService, Procedure, Provenance};

/// Portal the imported online links point to.
pub const PORTAL: &str = "Cổng Dịch vụ công quốc gia";

/// The portal's home, for records that carry no detail page of their own.
pub const PORTAL_HOME: &str = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html";

/// One procedure record, parsed, whichever format it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub code: String,
    pub name: String,
    pub decision: String,
    pub levels: String,
    pub field: String,
    pub authority: String,
    pub address: String,
    pub detail_url: String,
    pub ministry: String,
    pub channels: Vec<Channel>,
    pub documents: Vec<Document>,
    pub legal: Vec<LegalRef>,
    pub result: Vec<String>,
    pub steps: Vec<String>,
    /// All of the record's text, searched for the online level ("toàn trình").
    pub full_text: String,
    /// Known only from the portal's catalogue: name, field, agency and link.
    pub catalogue_only: bool,
    /// Forms named by the record (file names as the source gives them).
    pub forms: Vec<Form>,
}

/// Why a record cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a procedure record: {0}")]
    Json(#[from] serde_json::Error),
    #[error("missing {0}")]
    Missing(&'static str),
}

pub(crate) fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// A record of `national/<ministry>/<code>.json` (portal detail page, flattened).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct PortalRecord {
    ma_thu_tuc: String,
    detail_url: String,
    ten_thu_tuc: String,
    so_quyet_dinh: String,
    cap_thuc_hien: String,
    linh_vuc: String,
    co_quan_co_tham_quyen: String,
    co_quan_thuc_hien: String,
    dia_chi_tiep_nhan: String,
    trinh_tu_thuc_hien: String,
    cach_thuc_thuc_hien: String,
    thanh_phan_ho_so: String,
    can_cu_phap_ly: String,
    ket_qua_xu_ly: String,
    raw_text: String,
}

/// Parses a portal record (NFC-normalised first: a fifth of the set is NFD).
pub fn parse_portal(json: &str, ministry: &str) -> Result<Record, RecordError> {
    let r: PortalRecord = serde_json::from_str(&nfc(json))?;
    let authority = first_filled(&[&r.co_quan_thuc_hien, &r.co_quan_co_tham_quyen]);
    require(Record {
        code: flat::clean(&r.ma_thu_tuc),
        name: flat::clean(&r.ten_thu_tuc),
        decision: flat::clean(&r.so_quyet_dinh),
        levels: flat::clean(&r.cap_thuc_hien),
        field: flat::clean(&r.linh_vuc),
        authority,
        address: flat::clean(&r.dia_chi_tiep_nhan),
        detail_url: r.detail_url.trim().to_owned(),
        ministry: ministry.to_owned(),
        channels: flat::parse_channels(&r.cach_thuc_thuc_hien),
        documents: flat::parse_documents(&r.thanh_phan_ho_so),
        legal: flat::parse_legal(&r.can_cu_phap_ly),
        result: flat::parse_result(&r.ket_qua_xu_ly),
        steps: flat::parse_steps(&r.trinh_tu_thuc_hien),
        full_text: r.raw_text,
        catalogue_only: false,
        forms: Vec::new(),
    })
}

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

/// "07 Ngày làm việc" → "7 ngày làm việc"; other texts ("Không quy định") as written.
pub(crate) fn lowercase_unit(time: &str) -> String {
    match time.split_once(' ') {
        Some((n, unit)) if n.chars().all(|c| c.is_ascii_digit()) => {
            let n = n.trim_start_matches('0');
            format!(
                "{} {}",
                if n.is_empty() { "0" } else { n },
                unit.to_lowercase()
            )
        }
        _ => time.to_owned(),
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

fn first_filled(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|t| flat::clean(t))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

pub(crate) fn require(r: Record) -> Result<Record, RecordError> {
    if r.code.is_empty() {
        Err(RecordError::Missing("procedure code"))
    } else if r.name.is_empty() {
        Err(RecordError::Missing("procedure name"))
    } else {
        Ok(r)
    }
}

impl Record {
    /// The knowledge-base procedure this record becomes.
    pub fn to_procedure(&self) -> Procedure {
        let offered_online = self.has_channel("Trực tuyến");
        Procedure {
            id: self.code.clone(),
            national_code: Some(self.code.clone()),
            name: self.name.clone(),
            field: if self.field.is_empty() {
                "Khác".to_owned()
            } else {
                self.field.clone()
            },
            level: self.level(),
            authority: self.authority.clone(),
            where_to_submit: self.address.clone(),
            summary: String::new(),
            aliases: Vec::new(),
            documents: self.documents.iter().map(Document::display).collect(),
            steps: self.steps.clone(),
            processing_time: self.per_channel(|c| c.time.clone()),
            fee: self.per_channel(|c| c.fee.clone()),
            result: self.result.join("; "),
            legal_basis: dedup(self.legal.iter().map(LegalRef::display).collect()),
            online: OnlineService {
                level: self.online_level(offered_online),
                url: offered_online.then(|| self.online_link()),
                portal: offered_online.then(|| PORTAL.to_owned()),
            },
            postal_service: self.has_channel("Dịch vụ bưu chính"),
            channels: dedup(self.channels.iter().map(|c| c.name.clone()).collect()),
            checked: String::new(),
            hotline: None,
            local_address: None,
            provenance: Some(Provenance {
                detail_url: (!self.detail_url.is_empty()).then(|| self.detail_url.clone()),
                decision: (!self.decision.is_empty()).then(|| self.decision.clone()),
                ministry: Some(self.ministry.clone()),
                catalogue_only: self.catalogue_only,
            }),
            forms: self.forms.clone(),
        }
    }

    fn online_link(&self) -> String {
        if self.detail_url.is_empty() {
            PORTAL_HOME.to_owned()
        } else {
            self.detail_url.clone()
        }
    }

    fn has_channel(&self, name: &str) -> bool {
        self.channels.iter().any(|c| c.name == name)
    }

    /// The level closest to the citizen among those listed ("Cấp bộ, Cấp tỉnh, Cấp xã").
    fn level(&self) -> Level {
        let listed: Vec<Level> = self.levels.split(',').filter_map(Level::parse).collect();
        [Level::Commune, Level::Province, Level::Central]
            .into_iter()
            .find(|l| listed.contains(l))
            .unwrap_or(Level::Central)
    }

    /// Fully or partly online where the record says so; otherwise "offered online".
    fn online_level(&self, offered: bool) -> OnlineLevel {
        if self.catalogue_only {
            return OnlineLevel::Unknown;
        }
        if !offered {
            return OnlineLevel::None;
        }
        let text = crate::text::fold(&crate::text::normalize(&self.full_text));
        if text.contains("toan trinh") {
            OnlineLevel::Full
        } else if text.contains("truc tuyen mot phan") {
            OnlineLevel::Partial
        } else {
            OnlineLevel::Offered
        }
    }

    /// One value for all channels when they agree, else "Trực tiếp: ...; Trực tuyến: ...".
    fn per_channel(&self, value: impl Fn(&Channel) -> Option<String>) -> String {
        let rows: Vec<(String, String)> = self
            .channels
            .iter()
            .filter_map(|c| value(c).map(|v| (c.name.clone(), v)))
            .collect();
        let Some((_, first)) = rows.first() else {
            return String::new();
        };
        if rows.iter().all(|(_, v)| v == first) {
            first.clone()
        } else {
            let parts: Vec<String> = rows.iter().map(|(c, v)| format!("{c}: {v}")).collect();
            dedup(parts).join("; ")
        }
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Real records of the national set, kept in `tests/fixtures/dvc/`.

    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dvc");

    fn portal(ministry: &str, code: &str) -> Record {
        let path = format!("{FIXTURES}/national/{ministry}/{code}.json");
        let json = std::fs::read_to_string(&path).expect("fixture");
        parse_portal(&json, ministry).expect("parses")
    }

    #[test]
    fn fee_with_a_long_description_stays_in_its_row() {
        let r = portal("bo-nong-nghiep-mt", "1.002549");
        let names: Vec<&str> = r.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"]);
        for c in &r.channels {
            assert_eq!(c.time.as_deref(), Some("7 ngày làm việc"));
            let fee = c.fee.as_deref().unwrap();
            assert!(
                fee.starts_with("1,025,000 Việt Nam Đồng (Kiểm tra điều kiện"),
                "{fee}"
            );
            assert!(fee.contains("trở lên: 1.025.000 đồng/"), "{fee}");
            assert!(c.description.starts_with("07 ngày làm việc kể từ"), "{c:?}");
        }
        let p = r.to_procedure();
        assert_eq!(p.processing_time, "7 ngày làm việc");
        assert!(p.postal_service);
        assert_eq!(
            p.documents[0],
            "Bản thuyết minh chi tiết cơ sở vật chất, kỹ thuật sản xuất thuốc thú y theo Mẫu số 06.QLT Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CP; (1 bản chính, 1 bản sao)"
        );
        assert_eq!(p.legal_basis.last().unwrap(), "Luật Thú y (79/2015/QH13)");
        assert_eq!(
            p.result,
            "Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y; văn bản thông báo cho tổ chức trường hợp không cấp"
        );
    }

    #[test]
    fn nfd_record_is_normalised_to_nfc() {
        let r = portal("bo-nong-nghiep-mt", "1.002549");
        let p = r.to_procedure();
        let text = crate::import::write::to_toml(&p);
        assert!(text.nfc().eq(text.chars()), "written file is NFC");
        assert!(p
            .name
            .starts_with("Cấp Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y"));
        assert_eq!(p.field, "Thú y");
    }

    #[test]
    fn time_without_unit_says_so() {
        let r = portal("bo-tu-phap", "1.001193");
        let p = r.to_procedure();
        assert_eq!(p.name, "Thủ tục đăng ký khai sinh");
        assert_eq!(p.processing_time, "1 (Cổng Dịch vụ công không ghi đơn vị)");
        assert_eq!(p.fee, "Miễn phí");
        assert_eq!(p.level, Level::Commune);
        assert_eq!(p.online.level, OnlineLevel::Offered);
        assert!(p.legal_basis.contains(&"Luật 60/2014/QH13".to_owned()));
        let prov = p.provenance.unwrap();
        assert_eq!(prov.decision.as_deref(), Some("163/QĐ-BTP"));
        assert!(prov
            .detail_url
            .unwrap()
            .starts_with("https://dichvucong.gov.vn/"));
    }

    #[test]
    fn no_information_leaves_time_and_fee_empty() {
        let r = portal("bo-cong-an", "1.000232");
        assert!(r
            .channels
            .iter()
            .all(|c| c.time.is_none() && c.fee.is_none()));
        assert_eq!(
            r.channels[0].description,
            "nộp hồ sơ trực tiếp tại trụ sở Cục Quản lý xuất nhập cảnh."
        );
        let p = r.to_procedure();
        assert_eq!(p.processing_time, "");
        assert_eq!(p.fee, "");
        assert!(!p.authority.contains("Không có thông tin"));
    }

    #[test]
    fn fee_note_of_many_lines_is_kept_whole() {
        let r = portal("bo-tu-phap", "1.000080");
        let fee = r.channels[0].fee.as_deref().unwrap();
        assert!(
            fee.starts_with("Miễn phí (Mức lệ phí cụ thể do Hội đồng nhân dân"),
            "{fee}"
        );
        assert!(fee.contains("Thông tư số 281/2016/TT-BTC"), "{fee}");
        assert_eq!(r.channels.len(), 3, "{:?}", r.channels);
    }

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
