//! Where the citizen is: the commune or ward a message names, read with the 2025 units
//! within the province the deployment serves, in the shapes the feedback dialogue (a
//! unit to route the ticket to, or candidates to choose from) and the cards (the office
//! to go to) use.

use crate::tickets::TicketUnit;
use crate::units::{Place, Units, UnknownProvince};

/// Most candidate units offered as buttons.
pub const MAX_CHOICES: usize = 6;

/// Folded words that say a text names a commune-level unit ("xã", "phường", "thị trấn",
/// "đặc khu"), or an old district.
const UNIT_WORDS: [&str; 7] = [
    "xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa",
];

/// True when `text` names a district ("huyện", "quận", "thị xã"), a level that ended on
/// 1 July 2025. Without diacritics only "huyen" is taken: "quan" is also "cơ quan".
pub fn mentions_district(text: &str) -> bool {
    let words = crate::text::words(text);
    let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
    words.iter().any(|w| w == "huyện" || w == "quận")
        || folded.iter().any(|w| w == "huyen")
        || words.windows(2).any(|p| p[0] == "thị" && p[1] == "xã")
}

/// The units a deployment recognises: every unit, or one province's.
#[derive(Debug, Clone, Copy)]
pub struct Places {
    units: &'static Units,
    scope: Option<usize>,
}

/// What a citizen's text says about where they are.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// One unit; `old` is the old name the citizen wrote when it was converted.
    One {
        unit: TicketUnit,
        old: Option<String>,
    },
    /// Several units fit (a split old commune, or one name in several places): ask.
    Choose {
        old: Option<String>,
        units: Vec<TicketUnit>,
    },
    /// Only a province was named.
    ProvinceOnly(String),
    Unknown,
}

impl Default for Places {
    fn default() -> Places {
        Places {
            units: Units::embedded(),
            scope: None,
        }
    }
}

impl Places {
    /// The embedded units within `province` (empty: nationwide).
    pub fn serving(province: &str) -> Result<Places, UnknownProvince> {
        let units = Units::embedded();
        Ok(Places {
            units,
            scope: units.scope_of(province)?,
        })
    }

    /// What `text` names.
    pub fn read(&self, text: &str) -> Reading {
        let unit = |w: &usize| self.ticket_unit(*w);
        match self.units.find(text, self.scope) {
            Place::Ward { ward, old } => Reading::One {
                unit: unit(&ward),
                old,
            },
            Place::Split { old, wards } => Reading::Choose {
                old: Some(old),
                units: wards.iter().take(MAX_CHOICES).map(unit).collect(),
            },
            Place::Ambiguous { wards } => Reading::Choose {
                old: None,
                units: wards.iter().take(MAX_CHOICES).map(unit).collect(),
            },
            Place::Province(p) => Reading::ProvinceOnly(self.units.provinces[p].name.clone()),
            Place::Unknown => Reading::Unknown,
        }
    }

    /// What staff typed: a unit code of the deployment, else a name read as citizens'
    /// are.
    pub fn resolve(&self, text: &str) -> Reading {
        match self.unit(text) {
            Some(unit) => Reading::One { unit, old: None },
            None => self.read(text),
        }
    }

    /// The one unit a question names with a type word ("ở phường Cái Khế"), if it names
    /// exactly one (a bare name in a question is too often an ordinary phrase), and the
    /// question without the words that name the place, for the search.
    pub fn named_in_question(&self, text: &str) -> Option<(TicketUnit, String)> {
        let folded = format!(" {} ", crate::text::folded_words(text).join(" "));
        if !UNIT_WORDS
            .iter()
            .any(|w| folded.contains(&format!(" {w} ")))
        {
            return None;
        }
        let found = self.units.locate(text, self.scope);
        let Place::Ward { ward, .. } = found.place else {
            return None;
        };
        let words = crate::text::words(text);
        // A place's words, and the "ở", "tại" or "thuộc" that leads into it.
        let leads = |i: usize| {
            matches!(crate::text::fold(&words[i]).as_str(), "o" | "tai" | "thuoc")
                && found.spans.iter().any(|&(s, _)| s == i + 1)
        };
        let named = |i: usize| found.spans.iter().any(|&(s, e)| s <= i && i < e) || leads(i);
        let rest: Vec<String> = (0..words.len())
            .filter(|&i| !named(i))
            .map(|i| words[i].clone())
            .collect();
        Some((self.ticket_unit(ward), rest.join(" ")))
    }

    /// The unit with this code, when the deployment serves it.
    pub fn unit(&self, code: &str) -> Option<TicketUnit> {
        let ward = self.units.ward_by_code(code)?;
        let in_scope = self
            .scope
            .is_none_or(|p| self.units.wards[ward].province == p);
        in_scope.then(|| self.ticket_unit(ward))
    }

    /// The unit as a sentence names it after an office ("phường Cái Khế").
    pub fn in_sentence(&self, code: &str) -> Option<String> {
        let ward = &self.units.wards[self.units.ward_by_code(code)?];
        Some(format!("{} {}", ward.kind.to_lowercase(), ward.short))
    }

    fn ticket_unit(&self, ward: usize) -> TicketUnit {
        TicketUnit {
            code: self.units.wards[ward].code.clone(),
            name: self.units.full_name(ward),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_names_convert_and_split_communes_offer_choices() {
        let places = Places::default();
        match places.read("xa lien minh huyen duc tho ha tinh") {
            Reading::One { unit, old } => {
                assert_eq!(unit.code, "18244");
                assert_eq!(unit.name, "Xã Đức Minh, Tỉnh Hà Tĩnh");
                assert!(old.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(places.read("xin chào"), Reading::Unknown);
        assert_eq!(places.in_sentence("18244").as_deref(), Some("xã Đức Minh"));
    }

    #[test]
    fn a_province_scope_limits_units_and_questions_need_a_type_word() {
        let places = Places::serving("Cần Thơ").unwrap();
        assert!(places.unit("18244").is_none(), "Hà Tĩnh is out of scope");
        assert!(Places::serving("Không Có").is_err());
        let (unit, rest) = places
            .named_in_question("tôi ở phường Cái Khế, TP Cần Thơ, làm khai sinh ở đâu")
            .unwrap();
        assert_eq!(unit.name, "Phường Cái Khế, Thành phố Cần Thơ");
        assert_eq!(rest, "tôi làm khai sinh ở đâu");
        let (unit, rest) = Places::default()
            .named_in_question("xa lien minh huyen duc tho ha tinh lam khai sinh")
            .unwrap();
        assert_eq!(
            (unit.code.as_str(), rest.as_str()),
            ("18244", "lam khai sinh")
        );
        assert!(places
            .named_in_question("cái khế làm khai sinh ở đâu")
            .is_none());
        assert!(mentions_district("làm ở UBND huyện hay xã") && mentions_district("quận 3"));
        assert!(!mentions_district("nộp ở cơ quan nào") && !mentions_district("quan he"));
    }
}
