//! The bundled knowledge base has every procedure the product promises, complete.

use tthc_bot::eval::fold_text;
use tthc_bot::knowledge::{load, OnlineLevel};

use crate::support::fixtures::repo;

/// Folded phrases, one per required procedure (issue list of the knowledge base).
const REQUIRED: &[&str] = &[
    "dang ky khai sinh",
    "dang ky khai tu",
    "dang ky ket hon",
    "ket hon co yeu to nuoc ngoai",
    "xac nhan tinh trang hon nhan",
    "nhan cha, me, con",
    "cai chinh",
    "trich luc ho tich",
    "dang ky giam ho",
    "lien thong dang ky khai sinh",
    "lien thong dang ky khai tu",
    "dang ky thuong tru",
    "dang ky tam tru",
    "tam vang",
    "xoa dang ky thuong tru",
    "thong bao luu tru",
    "xac nhan thong tin ve cu tru",
    "cap the can cuoc",
    "cap doi the can cuoc",
    "cap lai the can cuoc",
    "dinh danh dien tu muc do 2",
    "ho chieu pho thong",
    "chung thuc ban sao",
    "chung thuc chu ky",
    "chung thuc hop dong",
    "phieu ly lich tu phap",
    "quyen su dung dat, quyen so huu tai san gan lien voi dat lan dau",
    "dang ky bien dong",
    "cap lai giay chung nhan",
    "chuyen muc dich su dung dat",
    "tach thua",
    "giay phep xay dung nha o rieng le",
    "thanh lap ho kinh doanh",
    "thay doi noi dung dang ky ho kinh doanh",
    "tam ngung kinh doanh",
    "thanh lap doanh nghiep",
    "an toan thuc pham",
    "tro cap that nghiep",
    "so bao hiem xa hoi",
    "che do thai san",
    "tro cap xa hoi hang thang",
    "khuyet tat",
    "chi phi mai tang",
    "ho ngheo",
    "cap doi giay phep lai xe",
    "cap lai giay phep lai xe",
    "giay phep lai xe quoc te",
    "dang ky xe lan dau",
    "sang ten xe",
    "chuyen truong",
    "ban sao van bang",
    "dang ky thue lan dau",
    "quyet toan thue thu nhap ca nhan",
    "phan anh, kien nghi",
];

#[test]
fn every_promised_procedure_is_present_and_complete() {
    let k = load(&repo().join("knowledge")).expect("bundled knowledge base is valid");
    let names: Vec<String> = k.procedures.iter().map(|p| fold_text(&p.name)).collect();
    for phrase in REQUIRED {
        assert!(
            names.iter().any(|n| n.contains(phrase)),
            "missing procedure: {phrase}"
        );
    }
    for p in k.procedures.iter().filter(|p| p.provenance.is_none()) {
        let texts = [
            &p.name,
            &p.field,
            &p.authority,
            &p.where_to_submit,
            &p.summary,
            &p.processing_time,
            &p.fee,
            &p.result,
            &p.checked,
        ];
        assert!(texts.iter().all(|t| !t.trim().is_empty()), "{}", p.id);
        assert!(
            !p.aliases.is_empty()
                && !p.documents.is_empty()
                && !p.steps.is_empty()
                && !p.legal_basis.is_empty(),
            "{}",
            p.id
        );
        if p.online.level != OnlineLevel::None {
            assert!(
                p.online
                    .url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                "{}",
                p.id
            );
        }
    }
    let plans: std::collections::HashSet<&str> =
        k.plan_sections.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(plans.len(), 5, "the five plans");
}
