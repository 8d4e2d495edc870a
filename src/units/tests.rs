//! Place strings citizens write, resolved against the embedded data (codes read from
//! `knowledge/units/parser_from_2025.json` and the converter).

use super::*;

fn units() -> &'static Units {
    Units::embedded()
}

fn code(ward: usize) -> &'static str {
    &units().wards[ward].code
}

fn province(name: &str) -> usize {
    units().province_named(name).expect("province exists")
}

/// The place as codes: one code, or several sorted (split wards keep the default first).
fn resolve(text: &str, scope: Option<usize>) -> (String, Vec<&'static str>) {
    match units().find(text, scope) {
        Place::Ward { ward, old } => (
            if old.is_some() { "old" } else { "ward" }.to_owned(),
            vec![code(ward)],
        ),
        Place::Split { wards, .. } => ("split".to_owned(), wards.into_iter().map(code).collect()),
        Place::Ambiguous { wards } => {
            let mut codes: Vec<&str> = wards.into_iter().map(code).collect();
            codes.sort_unstable();
            ("ambiguous".to_owned(), codes)
        }
        Place::Province(p) => ("province".to_owned(), vec![&units().provinces[p].code]),
        Place::Unknown => ("unknown".to_owned(), Vec::new()),
    }
}

/// Every text resolves to `kind` with its one expected code.
fn check_each(kind: &str, cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(
            resolve(text, None),
            (kind.into(), vec![*expected]),
            "{text}"
        );
    }
}

#[test]
fn loads_every_province_and_ward() {
    assert_eq!(units().provinces.len(), 34);
    assert!(units().wards.len() > 3_000, "{}", units().wards.len());
    assert!(
        units().old_wards.len() > 9_000,
        "{}",
        units().old_wards.len()
    );
}

#[test]
fn new_names_with_or_without_diacritics_and_type_words() {
    let cases: [(&str, &str); 14] = [
        ("phường Cái Khế", "31120"),
        ("phuong cai khe", "31120"),
        ("Cái Khế, Cần Thơ", "31120"),
        ("cai khe can tho", "31120"),
        ("Tôi ở phường Cái Khế, muốn phản ánh về đường hỏng", "31120"),
        ("xã Bắc Ruộng", "23152"),
        ("xa bac ruong", "23152"),
        ("Bắc Ruộng, Lâm Đồng", "23152"),
        ("Phường Hoàn Kiếm", "00070"),
        ("phuong sa pa lao cai", "03006"),
        ("xã Liên Minh, Hà Nội", "09787"),
        ("xa lien minh phu tho", "08227"),
        ("Tân Thạnh, Cần Thơ", "31666"),
        ("dac khu phu quoc", "31078"),
    ];
    check_each("ward", &cases);
}

#[test]
fn old_names_map_to_the_new_unit() {
    let cases: [(&str, &str); 4] = [
        ("xa lien minh huyen duc tho ha tinh", "18244"),
        ("xã Liên Minh, huyện Đức Thọ, tỉnh Hà Tĩnh", "18244"),
        ("Liên Minh, Đức Thọ, Hà Tĩnh", "18244"),
        ("phuong 1 thanh pho soc trang", "31510"),
    ];
    check_each("old", &cases);
}

#[test]
fn a_split_old_commune_offers_its_new_wards_default_first() {
    assert_eq!(
        resolve("xã Tân Thạnh, huyện Thới Lai, Cần Thơ", None),
        ("split".into(), vec!["31288", "31666"])
    );
    assert_eq!(
        resolve("thi tran tay dang huyen ba vi ha noi", None),
        ("split".into(), vec!["09661", "09619"])
    );
}

#[test]
fn a_name_shared_by_several_units_asks() {
    let cases: [(&str, Vec<&str>); 4] = [
        ("xã Liên Minh", vec!["08227", "09787", "13786"]),
        ("Xã Tân Thạnh", vec!["31031", "31666"]),
        ("ba dinh", vec!["00004", "16171", "21499"]),
        ("Phường Phú Lợi", vec!["25750", "31510"]),
    ];
    for (text, expected) in cases {
        assert_eq!(
            resolve(text, None),
            ("ambiguous".into(), expected),
            "{text}"
        );
    }
}

#[test]
fn provinces_alone_and_old_provinces() {
    assert_eq!(resolve("Hà Nội", None), ("province".into(), vec!["01"]));
    assert_eq!(resolve("tp hcm", None), ("province".into(), vec!["79"]));
    assert_eq!(
        resolve("tỉnh Sóc Trăng", None),
        ("province".into(), vec!["92"])
    );
    assert_eq!(
        resolve("giá vàng hôm nay", None),
        ("unknown".into(), vec![])
    );
}

#[test]
fn the_deployment_province_narrows_the_search() {
    let ha_tinh = Some(province("Hà Tĩnh"));
    assert_eq!(
        resolve("xã Liên Minh", ha_tinh),
        ("old".into(), vec!["18244"])
    );
    let thanh_hoa = Some(province("Thanh Hóa"));
    assert_eq!(
        resolve("Ba Đình", thanh_hoa),
        ("ward".into(), vec!["16171"])
    );
    assert_eq!(
        resolve("Phường Phú Lợi", Some(province("tp hcm"))).1,
        vec!["25750"]
    );
}
