//! Every Vietnamese text and button label the bot sends lives here: [`menu`] (greeting,
//! system replies, choices, declines, lists), [`feedback`] (the feedback dialogue and
//! ticket look-ups), [`labels`] (button labels) and the procedure cards ([`super::card`]).

pub mod feedback;
pub mod labels;
pub mod menu;

pub use super::card::{facet_text, procedure_card, procedure_summary};
pub use crate::time::iso_to_vn_date as vietnamese_date;
pub use feedback::*;
pub use menu::*;
