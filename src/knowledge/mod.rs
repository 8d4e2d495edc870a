//! The knowledge base: procedures, plans and synonyms read from `knowledge/`.
//!
//! [`load`] reads and validates the whole folder and either returns a complete
//! [`Knowledge`] or every problem found, each as `path:line: field: message`.

mod enrich;
mod error;
mod load;
mod model;
mod plans;
mod validate;

pub use error::{Problem, Problems};
pub use load::load;
pub use model::{
    Form, Knowledge, Level, OnlineLevel, OnlineService, PlanSection, Procedure, Provenance,
    PORTAL_HOME,
};
pub use plans::{parse_markdown_plan, parse_ocr_plan};
