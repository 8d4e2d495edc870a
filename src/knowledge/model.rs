//! What the bot knows: procedures (TTHC), plan sections and their metadata.

use serde::{Deserialize, Serialize};

use crate::text::{OppositeSet, SynonymGroup};

/// The national portal's home page, for procedures without a detail page of their own.
pub const PORTAL_HOME: &str = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html";

/// Administrative level that carries out a procedure.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Level {
    #[serde(rename = "cấp xã")]
    Commune,
    #[serde(rename = "cấp tỉnh")]
    Province,
    #[serde(rename = "trung ương")]
    Central,
}

impl Level {
    pub const NAMES: [&'static str; 3] = ["cấp xã", "cấp tỉnh", "trung ương"];

    pub fn parse(text: &str) -> Option<Self> {
        match crate::text::fold(&crate::text::normalize(text.trim())).as_str() {
            "cap xa" => Some(Level::Commune),
            "cap tinh" => Some(Level::Province),
            "trung uong" | "cap bo" | "cap bo/nganh" | "cap trung uong" => Some(Level::Central),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Commune => "cấp xã",
            Level::Province => "cấp tỉnh",
            Level::Central => "trung ương",
        }
    }
}

/// How far a procedure can be done online.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum OnlineLevel {
    /// Fully online (formerly level 4).
    #[serde(rename = "toàn trình")]
    Full,
    /// Partly online (formerly level 3).
    #[serde(rename = "một phần")]
    Partial,
    /// Offered online, the level not stated (imported records).
    #[serde(rename = "có")]
    Offered,
    #[serde(rename = "không")]
    None,
    /// Not stated anywhere (catalogue-only entries): neither "yes" nor "no".
    #[serde(rename = "chưa rõ")]
    Unknown,
}

impl OnlineLevel {
    pub const NAMES: [&'static str; 5] = ["toàn trình", "một phần", "có", "không", "chưa rõ"];

    pub fn parse(text: &str) -> Option<Self> {
        match crate::text::fold(&crate::text::normalize(text.trim())).as_str() {
            "toan trinh" | "muc do 4" | "4" => Some(OnlineLevel::Full),
            "mot phan" | "muc do 3" | "3" => Some(OnlineLevel::Partial),
            "co" | "truc tuyen" => Some(OnlineLevel::Offered),
            "khong" => Some(OnlineLevel::None),
            "chua ro" => Some(OnlineLevel::Unknown),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OnlineLevel::Full => "toàn trình",
            OnlineLevel::Partial => "một phần",
            OnlineLevel::Offered => "có",
            OnlineLevel::None => "không",
            OnlineLevel::Unknown => "chưa rõ",
        }
    }
}

/// Where and how far a procedure is offered as an online public service.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OnlineService {
    pub level: OnlineLevel,
    pub url: Option<String>,
    pub portal: Option<String>,
}

/// Where an imported record comes from (National Public Service Portal).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    pub detail_url: Option<String>,
    pub decision: Option<String>,
    pub ministry: Option<String>,
    /// The portal's catalogue names the procedure but publishes no detail page: only the
    /// name, field, agency and link are known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub catalogue_only: bool,
}

/// A form (mẫu đơn, tờ khai) of a procedure: its name and, when the data set carries
/// the file, the file's name under `knowledge/forms/<national code>/`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// One administrative procedure (thủ tục hành chính).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Procedure {
    pub id: String,
    pub national_code: Option<String>,
    pub name: String,
    pub field: String,
    pub level: Level,
    pub authority: String,
    pub where_to_submit: String,
    pub summary: String,
    pub aliases: Vec<String>,
    pub documents: Vec<String>,
    pub steps: Vec<String>,
    /// Requirements and conditions (yêu cầu, điều kiện thực hiện), one item each; empty
    /// when none are stated.
    #[serde(default)]
    pub conditions: Vec<String>,
    pub processing_time: String,
    pub fee: String,
    pub result: String,
    pub legal_basis: Vec<String>,
    pub online: OnlineService,
    pub postal_service: bool,
    /// Ways to submit as the portal names them ("Trực tuyến", "Dịch vụ bưu chính",
    /// "Trực tiếp"), in its order; empty when not known (hand-written procedures).
    #[serde(default)]
    pub channels: Vec<String>,
    pub checked: String,
    pub hotline: Option<String>,
    pub local_address: Option<String>,
    pub provenance: Option<Provenance>,
    /// Forms to fill in (imported records); empty when none is named.
    #[serde(default)]
    pub forms: Vec<Form>,
}

impl Procedure {
    /// Imported national records are keyed by their national code; hand-written ones by
    /// a slug (even when they name a national code and carry its provenance).
    pub fn is_imported(&self) -> bool {
        self.national_code.as_deref() == Some(self.id.as_str())
    }

    /// Known only from the portal's catalogue (no documents, fee or time published).
    pub fn is_catalogue_only(&self) -> bool {
        self.provenance.as_ref().is_some_and(|p| p.catalogue_only)
    }
}

/// One section of a plan (kế hoạch), the unit a plan answer quotes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanSection {
    /// Stable id: plan file stem plus section number.
    pub id: String,
    /// The plan's title ("Kế hoạch ... năm 2025 — UBND xã Bắc Ruộng").
    pub plan_title: String,
    pub issuer: Option<String>,
    pub year: Option<String>,
    /// Words that identify the plan beyond its title: issuer and place, or the
    /// opening lines of a raw OCR plan (searchable with every section).
    #[serde(default)]
    pub context: String,
    /// File name of the plan in `knowledge/plans/`.
    pub source: String,
    /// Section heading as written ("II. NỘI DUNG"), with its parents for context.
    pub heading: String,
    pub text: String,
}

impl PlanSection {
    /// The title a hit shows: plan title followed by the section heading.
    pub fn title(&self) -> String {
        if self.heading.is_empty() {
            self.plan_title.clone()
        } else {
            format!("{} — {}", self.plan_title, self.heading)
        }
    }
}

/// The whole validated knowledge base.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Knowledge {
    pub procedures: Vec<Procedure>,
    pub plan_sections: Vec<PlanSection>,
    pub synonyms: Vec<SynonymGroup>,
    /// Sides of distinctions that exclude each other (`[[opposites]]`).
    #[serde(default)]
    pub opposites: Vec<OppositeSet>,
}
