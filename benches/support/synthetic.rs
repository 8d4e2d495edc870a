//! A deterministic synthetic knowledge base for scale benchmarks: N procedures made by
//! recombining the fields of the bundled ones (no network, same seed → same corpus).
//! Included by the benches that need it (`#[path = "support/synthetic.rs"] mod synthetic;`).

use tthc_bot::knowledge::{Knowledge, Procedure};

/// Qualifiers that turn a procedure into a realistic near-duplicate variant.
const VARIANTS: &[&str] = &[
    "",
    "lưu động",
    "có yếu tố nước ngoài",
    "tại khu vực biên giới",
    "cho người Việt Nam định cư ở nước ngoài",
    "đối với trường hợp đặc biệt",
    "cấp lại",
    "điều chỉnh",
    "gia hạn",
    "liên thông",
];

const PLACES: &[&str] = &[
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Huế",
    "Cần Thơ",
    "Lâm Đồng",
    "Sóc Trăng",
    "Hà Tĩnh",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ninh",
    "Khánh Hòa",
    "Đắk Lắk",
    "Gia Lai",
    "An Giang",
];

/// A small, fast, deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// `count` procedures built from `base` (which must have at least one procedure).
pub fn generate(base: &Knowledge, count: usize, seed: u64) -> Knowledge {
    let mut rng = Rng(seed);
    let source = &base.procedures;
    let procedures = (0..count)
        .map(|i| {
            let a = rng.pick(source);
            let b = rng.pick(source);
            let variant = *rng.pick(VARIANTS);
            let place = *rng.pick(PLACES);
            let mut p: Procedure = a.clone();
            p.id = format!("syn-{i:06}-{}", a.id);
            p.national_code = None;
            p.name = if variant.is_empty() {
                format!("{} tại {place}", a.name)
            } else {
                format!("{} {variant} tại {place}", a.name)
            };
            p.documents = a
                .documents
                .iter()
                .chain(b.documents.iter().take(2))
                .cloned()
                .collect();
            p.steps = b.steps.clone();
            p.summary = format!("{} Áp dụng tại {place}.", a.summary);
            p.legal_basis = a
                .legal_basis
                .iter()
                .chain(b.legal_basis.iter().take(1))
                .cloned()
                .collect();
            p
        })
        .collect();
    Knowledge {
        procedures,
        plan_sections: base.plan_sections.clone(),
        synonyms: base.synonyms.clone(),
        opposites: base.opposites.clone(),
    }
}
