//! The portal's detail pages (`national/<ministry>/<code>.json`): flat text fields whose
//! tables [`super::flat`] parses.

use serde::Deserialize;

use super::{first_filled, flat, nfc, require, Record, RecordError};

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
    yeu_cau_dieu_kien: String,
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
        conditions: flat::parse_conditions(&r.yeu_cau_dieu_kien),
        full_text: r.raw_text,
        catalogue_only: false,
        forms: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use crate::import::record::fixtures::portal;

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
    fn conditions_are_kept_and_none_stated_is_empty() {
        let p = portal("bo-cong-an", "1.000232").to_procedure();
        assert_eq!(
            p.conditions,
            ["Cơ quan, tổ chức đã được cấp tài khoản điện tử."]
        );
        assert!(crate::import::write::to_toml(&p).contains("conditions = ["));
        assert!(portal("bo-tu-phap", "1.001193").conditions.is_empty());
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
}
