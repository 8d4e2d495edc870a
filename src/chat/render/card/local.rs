//! What a card says about the citizen's own place: the office of their commune or ward
//! for a commune-level procedure, and, when they asked about the former district level,
//! where the procedure is done since the districts ended (1 July 2025).

use crate::knowledge::{Level, Procedure};

/// What the conversation knows about the citizen's place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Local<'a> {
    /// The commune or ward the citizen named, as a sentence names it ("phường Cái Khế").
    pub unit: Option<&'a str>,
    /// The question names a district ("huyện", "quận", "thị xã").
    pub asked_district: bool,
}

/// The line that names the citizen's office, or explains the former district level.
pub fn local_note(p: &Procedure, local: Local) -> Option<String> {
    let authority = p.authority.split(';').next().unwrap_or_default().trim();
    // Residence and ID procedures are done at the commune police, the rest at the
    // commune's one-stop desk.
    let police = crate::text::fold(&crate::text::normalize(authority)).contains("cong an");
    let office = local.unit.map(|unit| {
        if police {
            format!("Công an {unit}")
        } else {
            format!("Bộ phận Một cửa UBND {unit}")
        }
    });
    match (p.level, local.asked_district, office) {
        (Level::Commune, false, Some(office)) => Some(format!("📍 Nộp tại {office}.")),
        (Level::Commune, true, office) => Some(format!(
            "ℹ️ Từ ngày 01/7/2025 không còn cấp huyện: thủ tục này nay do cấp xã thực hiện, \
             bạn nộp tại {}.",
            office.unwrap_or_else(|| "UBND xã, phường nơi bạn cư trú".to_owned())
        )),
        (Level::Province, true, _) => Some(format!(
            "ℹ️ Từ ngày 01/7/2025 không còn cấp huyện: thủ tục này nay do cấp tỉnh thực hiện{}.",
            named(authority)
        )),
        (Level::Central, true, _) => Some(format!(
            "ℹ️ Thủ tục này không do cấp huyện mà do cơ quan trung ương thực hiện{}.",
            named(authority)
        )),
        _ => None,
    }
}

/// " (authority)" when the record names one.
fn named(authority: &str) -> String {
    if authority.is_empty() {
        String::new()
    } else {
        format!(" ({authority})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure(level: Level) -> Procedure {
        let mut p = super::super::tests::imported();
        p.level = level;
        p.authority = "Sở Tư pháp; UBND tỉnh".into();
        p
    }

    #[test]
    fn commune_cards_name_the_office_and_district_questions_get_the_new_level() {
        let here = Local {
            unit: Some("phường Cái Khế"),
            asked_district: false,
        };
        assert_eq!(
            local_note(&procedure(Level::Commune), here).as_deref(),
            Some("📍 Nộp tại Bộ phận Một cửa UBND phường Cái Khế.")
        );
        assert_eq!(local_note(&procedure(Level::Province), here), None);
        let district = Local {
            unit: None,
            asked_district: true,
        };
        let commune = local_note(&procedure(Level::Commune), district).unwrap();
        assert!(commune.contains("nay do cấp xã") && commune.contains("nơi bạn cư trú"));
        let province = local_note(&procedure(Level::Province), district).unwrap();
        assert!(
            province.contains("nay do cấp tỉnh thực hiện (Sở Tư pháp)"),
            "{province}"
        );
        assert_eq!(
            local_note(&procedure(Level::Commune), Local::default()),
            None
        );
    }
}
