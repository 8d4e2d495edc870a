//! The buttons under a short card: the facets not yet shown, the forms, or for a
//! catalogue-only entry the hotline.

use crate::chat::facet::Facet;
use crate::chat::message::Button;
use crate::chat::payload::Payload;
use crate::chat::render::{labels, menu::hotline_button};
use crate::knowledge::Procedure;

use super::cut_short;

/// The parts of a card behind buttons, with the conditions and the forms where the
/// procedure has some, but the parts `asked` for that the `summary` shows whole (one cut
/// short keeps its button: the summary points to it); none for a catalogue-only entry,
/// whose details are on the portal page (the hotline instead).
pub fn card_buttons(p: &Procedure, asked: &[Facet], summary: &str) -> Vec<Button> {
    if p.is_catalogue_only() {
        return vec![hotline_button()];
    }
    let conditions = (!p.conditions.is_empty()).then_some(Facet::Conditions);
    let forms = (!p.forms.is_empty()).then_some(Facet::Forms);
    conditions
        .into_iter()
        .chain(labels::CARD_FACETS)
        .chain(forms)
        .filter(|f| !asked.contains(f) || cut_short(summary, *f))
        .map(|f| {
            Button::new(
                labels::facet(f),
                Payload::Facet(f, p.id.clone()).to_string(),
            )
        })
        .collect()
}
