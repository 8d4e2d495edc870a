//! Every Vietnamese text and button label the bot sends lives here: [`menu`] (greeting,
//! system replies, choices, declines, lists), [`feedback`] (the feedback dialogue and
//! ticket look-ups), [`dossier`] (dossier look-ups and status notices), [`labels`]
//! (button labels) and [`card`] (procedure cards).

pub mod card;
pub mod dossier;
pub mod feedback;
pub mod labels;
pub mod menu;

pub use card::{card_buttons, facet_text, local_note, procedure_card, procedure_summary, Local};
pub use dossier::*;
pub use feedback::*;
pub use menu::*;
