//! The administrative units after the 1 July 2025 reform, and the old units they replace.
//!
//! Read from the MIT-licensed data in `knowledge/units/` (embedded at build time, so a
//! fresh clone needs nothing else): 34 provinces, about 3,300 communes, wards and special
//! zones, and the converter from the old province / district / commune keys. Keys are
//! folded names without spaces ("phuongcaikhe"); every look-up table here is keyed that way.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::text::fold;

const PARSER_JSON: &str = include_str!("../../knowledge/units/parser_from_2025.json");
const CONVERTER_JSON: &str = include_str!("../../knowledge/units/converter_2025.json");

/// Type words that start a commune-level key ("xa", "phuong", "thitran", "dackhu").
pub const WARD_TYPES: [&str; 4] = ["thitran", "phuong", "dackhu", "xa"];
/// Type words that start an old district key.
pub const DISTRICT_TYPES: [&str; 4] = ["thanhpho", "thixa", "huyen", "quan"];
/// Type words that start a province key.
const PROVINCE_TYPES: [&str; 3] = ["thanhpho", "tinh", "tp"];

/// A province or centrally-run city.
#[derive(Debug, Clone)]
pub struct Province {
    pub code: String,
    /// "Thành phố Cần Thơ".
    pub name: String,
    /// "Cần Thơ".
    pub short: String,
}

/// A commune, ward or special zone.
#[derive(Debug, Clone)]
pub struct Ward {
    pub code: String,
    /// "Phường Cái Khế".
    pub name: String,
    /// "Xã", "Phường" or "Đặc khu".
    pub kind: String,
    pub short: String,
    /// Index in [`Units::provinces`].
    pub province: usize,
    /// The name and the short name with their diacritics, without spaces ("xãtânthạnh",
    /// "tânthạnh"): "Tân Thạnh" typed with its marks is not "Tân Thanh".
    pub(super) accented: [String; 2],
}

/// An old (before 2025) commune and the new ward or wards it became.
#[derive(Debug, Clone)]
pub struct OldWard {
    /// Untyped folded keys: "hatinh", "ductho", "lienminh".
    pub province: String,
    pub district: String,
    pub name: String,
    /// New wards, the default one first; more than one when the old commune was split.
    pub targets: Vec<usize>,
}

/// Every unit and the look-up tables of the recogniser.
#[derive(Debug, Default)]
pub struct Units {
    pub provinces: Vec<Province>,
    pub wards: Vec<Ward>,
    pub old_wards: Vec<OldWard>,
    /// Province keywords, new and old ("cantho", "thanhphocantho", "soctrang") → new
    /// province.
    pub(super) province_keys: HashMap<String, usize>,
    /// Ward keys, typed and untyped → (ward, typed).
    pub(super) ward_keys: HashMap<String, Vec<(usize, bool)>>,
    /// Untyped old commune name → old wards.
    pub(super) old_ward_keys: HashMap<String, Vec<usize>>,
    /// Untyped old district names.
    pub(super) old_districts: HashSet<String>,
    /// Ward code ("18244") → ward.
    codes: HashMap<String, usize>,
}

/// A province name the units do not know (a wrong `[service] province`).
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown province {0:?}: give a province of the 2025 units, e.g. \"Cần Thơ\" or \"Hà Tĩnh\""
)]
pub struct UnknownProvince(pub String);

#[derive(Deserialize)]
struct ParserFile {
    #[serde(rename = "DICT_PROVINCE")]
    provinces: HashMap<String, ProvinceRecord>,
    #[serde(rename = "DICT_PROVINCE_WARD_NO_ACCENTED")]
    wards: HashMap<String, HashMap<String, WardRecord>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProvinceRecord {
    province_keywords: Vec<String>,
    province: String,
    province_short: String,
    province_code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WardRecord {
    ward_keywords: Vec<String>,
    ward: String,
    ward_type: String,
    ward_short: String,
    ward_code: String,
}

#[derive(Deserialize)]
struct ConverterFile {
    #[serde(rename = "DICT_PROVINCE")]
    provinces: HashMap<String, Vec<String>>,
    #[serde(rename = "DICT_PROVINCE_WARD_NO_DIVIDED")]
    merged: HashMap<String, HashMap<String, Vec<String>>>,
    #[serde(rename = "DICT_PROVINCE_WARD_DIVIDED")]
    divided: HashMap<String, HashMap<String, Vec<SplitTarget>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SplitTarget {
    new_ward_key: String,
    is_default_new_ward: bool,
}

impl Units {
    /// The embedded data, parsed once.
    pub fn embedded() -> &'static Units {
        static UNITS: OnceLock<Units> = OnceLock::new();
        UNITS.get_or_init(|| {
            Units::from_json(PARSER_JSON, CONVERTER_JSON).expect("embedded unit data is valid")
        })
    }

    pub fn from_json(parser: &str, converter: &str) -> Result<Units, serde_json::Error> {
        let parser: ParserFile = serde_json::from_str(parser)?;
        let converter: ConverterFile = serde_json::from_str(converter)?;
        let mut units = Units::default();
        let mut province_index = HashMap::new();
        let mut ward_index = HashMap::new();
        let mut keys: Vec<&String> = parser.provinces.keys().collect();
        keys.sort_by_key(|k| &parser.provinces[*k].province_code);
        for key in keys {
            units.add_province(key, &parser.provinces[key], &mut province_index);
            let mut wards: Vec<(&String, &WardRecord)> =
                parser.wards.get(key).into_iter().flatten().collect();
            wards.sort_by_key(|(_, w)| &w.ward_code);
            for (ward_key, record) in wards {
                let ward = units.add_ward(record, province_index[key]);
                ward_index.insert((key.clone(), ward_key.clone()), ward);
            }
        }
        units.add_converter(&converter, &province_index, &ward_index);
        Ok(units)
    }

    fn add_province(&mut self, key: &str, r: &ProvinceRecord, index: &mut HashMap<String, usize>) {
        let p = self.provinces.len();
        index.insert(key.to_owned(), p);
        self.provinces.push(Province {
            code: r.province_code.clone(),
            name: r.province.clone(),
            short: r.province_short.clone(),
        });
        for k in r.province_keywords.iter().map(|k| key_of(k)) {
            self.province_keys.insert(k, p);
        }
    }

    fn add_ward(&mut self, r: &WardRecord, province: usize) -> usize {
        let w = self.wards.len();
        self.codes.insert(r.ward_code.clone(), w);
        self.wards.push(Ward {
            code: r.ward_code.clone(),
            name: r.ward.clone(),
            kind: r.ward_type.clone(),
            short: r.ward_short.clone(),
            province,
            accented: [accented_key(&r.ward), accented_key(&r.ward_short)],
        });
        for k in r.ward_keywords.iter().map(|k| key_of(k)) {
            let typed = strip_type(&k, &WARD_TYPES) != k;
            let list = self.ward_keys.entry(k).or_default();
            if !list.contains(&(w, typed)) {
                list.push((w, typed));
            }
        }
        w
    }

    fn add_converter(
        &mut self,
        converter: &ConverterFile,
        provinces: &HashMap<String, usize>,
        wards: &HashMap<(String, String), usize>,
    ) {
        for (new_key, olds) in &converter.provinces {
            let Some(&p) = provinces.get(new_key) else {
                continue;
            };
            for old in olds {
                let untyped = strip_type(&key_of(old), &PROVINCE_TYPES).to_owned();
                self.province_keys.entry(untyped).or_insert(p);
                self.province_keys.entry(key_of(old)).or_insert(p);
            }
        }
        let mut olds: Vec<(String, Vec<usize>)> = Vec::new();
        for (province, merged) in &converter.merged {
            for (new_ward, old_keys) in merged {
                let Some(&w) = wards.get(&(province.clone(), new_ward.clone())) else {
                    continue;
                };
                olds.extend(old_keys.iter().map(|old| (old.clone(), vec![w])));
            }
        }
        for (province, divided) in &converter.divided {
            for (old, targets) in divided {
                let mut targets: Vec<&SplitTarget> = targets.iter().collect();
                targets.sort_by_key(|t| !t.is_default_new_ward);
                let new: Vec<usize> = targets
                    .iter()
                    .filter_map(|t| wards.get(&(province.clone(), t.new_ward_key.clone())))
                    .copied()
                    .collect();
                if !new.is_empty() {
                    olds.push((old.clone(), new));
                }
            }
        }
        olds.sort();
        for (old, targets) in olds {
            self.add_old_ward(&old, targets);
        }
    }

    fn add_old_ward(&mut self, old_key: &str, targets: Vec<usize>) {
        let parts: Vec<String> = old_key.split('_').map(key_of).collect();
        let [province, district, name] = parts.as_slice() else {
            return;
        };
        let old = OldWard {
            province: strip_type(province, &PROVINCE_TYPES).to_owned(),
            district: strip_type(district, &DISTRICT_TYPES).to_owned(),
            name: strip_type(name, &WARD_TYPES).to_owned(),
            targets,
        };
        self.old_districts.insert(old.district.clone());
        self.old_ward_keys
            .entry(old.name.clone())
            .or_default()
            .push(self.old_wards.len());
        self.old_wards.push(old);
    }

    /// The province whose name or keyword is `text` ("Cần Thơ", "tinh soc trang").
    pub fn province_named(&self, text: &str) -> Option<usize> {
        let key = key_of(text);
        self.province_keys
            .get(&key)
            .or_else(|| self.province_keys.get(strip_type(&key, &PROVINCE_TYPES)))
            .copied()
    }

    /// The province a deployment serves: `None` for an empty name (nationwide).
    pub fn scope_of(&self, name: &str) -> Result<Option<usize>, UnknownProvince> {
        if name.trim().is_empty() {
            return Ok(None);
        }
        self.province_named(name)
            .map(Some)
            .ok_or_else(|| UnknownProvince(name.trim().to_owned()))
    }

    /// The ward with this code ("18244").
    pub fn ward_by_code(&self, code: &str) -> Option<usize> {
        self.codes.get(code.trim()).copied()
    }

    /// "Phường Cái Khế, Thành phố Cần Thơ".
    pub fn full_name(&self, ward: usize) -> String {
        let w = &self.wards[ward];
        format!("{}, {}", w.name, self.provinces[w.province].name)
    }
}

/// Folded, without spaces or punctuation: the form every key takes.
pub fn key_of(text: &str) -> String {
    fold(&crate::text::normalize(text))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Normalised, lower case, with diacritics, without spaces or punctuation.
pub fn accented_key(text: &str) -> String {
    crate::text::normalize(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// `key` without a leading type word of `types`, when something is left.
pub fn strip_type<'a>(key: &'a str, types: &[&str]) -> &'a str {
    types
        .iter()
        .find_map(|t| key.strip_prefix(t).filter(|rest| !rest.is_empty()))
        .unwrap_or(key)
}
