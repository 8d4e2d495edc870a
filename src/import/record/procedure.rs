//! A parsed [`Record`] as a knowledge-base [`Procedure`]: the level closest to the
//! citizen, the online level, one value per channel where channels differ.

use super::{Channel, Document, LegalRef, Record, PORTAL, PORTAL_HOME};
use crate::knowledge::{Level, OnlineLevel, OnlineService, Procedure, Provenance};

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
            conditions: self.conditions.clone(),
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
    use super::*;
    use crate::import::record::fixtures::portal;

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
}
