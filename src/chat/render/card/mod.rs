//! Procedure cards: the full card (`ask`), the short first message of a channel (about
//! one phone screen, [`MAX_SUMMARY_CHARS`]) and each part behind the facet buttons.
//!
//! An imported card opens with one generated line (who handles it, how long, online or
//! not, by post or not); fee and time name the channels that share a value
//! ([`values`]); documents keep the portal's groups with notes apart ([`documents`]).
//! What the portal does not state is said to be unstated, never filled in: a missing fee
//! is "chưa công bố", not "Miễn phí". An entry known only from the portal's catalogue gets
//! its own honest card ([`catalogue`]).
//!
//! The opening lines and footers are built in [`frame`], each part behind a button in
//! [`parts`]; this module puts them together within the first message's budget.

mod buttons;
pub mod catalogue;
pub mod documents;
mod frame;
pub mod lists;
mod local;
mod parts;
pub mod values;

pub use buttons::card_buttons;
pub use catalogue::catalogue_card;
pub use frame::headline;
use frame::{display_name, footer, opening, overview, short_footer, title_line};
pub use local::{local_note, Local};
use parts::has_facet;
pub(crate) use parts::portal_link;
pub use parts::{facet_text, form_path};

use crate::chat::facet::Facet;
use crate::chat::render::labels;
use crate::config::BotConfig;
use crate::knowledge::Procedure;

/// The first message of a channel fits one phone screen.
pub const MAX_SUMMARY_CHARS: usize = 900;

/// What a card says when the portal publishes no fee.
pub const FEE_NOT_PUBLISHED: &str = "Cổng Dịch vụ công chưa công bố mức phí, lệ phí";

/// A full procedure card; facets the citizen asked about come first.
pub fn procedure_card(p: &Procedure, facets: &[Facet], bot: &BotConfig, kb_date: &str) -> String {
    if p.is_catalogue_only() {
        return catalogue_card(p, facets, bot, kb_date);
    }
    // The part asked for opens the reply, right under the procedure's name.
    let mut out = title_line(p, usize::MAX);
    for f in facets {
        out.push('\n');
        out.push_str(&facet_text(p, *f));
    }
    if !facets.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&overview(p, true));
    for f in DEFAULT_ORDER.into_iter().filter(|f| !facets.contains(f)) {
        // Fee and time are always said, even when unstated: unknown is not free.
        if has_facet(p, f) || matches!(f, Facet::Fee | Facet::Time) {
            out.push('\n');
            out.push_str(&facet_text(p, f));
        }
    }
    out.push('\n');
    out.push_str(&footer(p, bot, kb_date));
    out
}

/// A procedure card short enough for one chat message; long parts go behind buttons.
pub fn procedure_summary(
    p: &Procedure,
    facets: &[Facet],
    bot: &BotConfig,
    kb_date: &str,
) -> String {
    if p.is_catalogue_only() {
        return catalogue_card(p, facets, bot, kb_date);
    }
    // A question about one part gets that part before the plain-language summary.
    let head = opening(p, MAX_SUMMARY_NAME_CHARS, facets.is_empty());
    let foot = format!("\n\n{}", short_footer(p, bot, kb_date));
    let asked: Vec<(Facet, String)> = facets.iter().map(|f| (*f, facet_text(p, *f))).collect();
    let extra: &[Facet] = if p.provenance.is_some() {
        &[Facet::Fee, Facet::Time]
    } else {
        &[Facet::Fee, Facet::Time, Facet::Authority, Facet::Online]
    };
    let extra: Vec<(Facet, String)> = extra
        .iter()
        .filter(|f| !facets.contains(f))
        .filter(|f| !(**f == Facet::Time && p.provenance.is_some() && !time_varies(p)))
        .map(|f| (*f, facet_text(p, *f)))
        .collect();
    // The fee (and the other parts always shown) keep a few lines whatever was asked.
    let budget = MAX_SUMMARY_CHARS.saturating_sub(chars(&head) + chars(&foot));
    let reserved: usize = extra
        .iter()
        .map(|(_, t)| chars(t).min(MIN_PART_CHARS) + 1)
        .sum();
    let asked = fit(&asked, budget.saturating_sub(reserved));
    let rest = fit(&extra, budget.saturating_sub(chars(&asked)));
    format!("{head}{asked}{rest}{foot}")
}

/// Parts joined by new lines within `budget` characters: a part that does not fit whole
/// is cut at a line (or a word) and says how to see the rest.
fn fit(parts: &[(Facet, String)], budget: usize) -> String {
    let mut out = String::new();
    for (facet, part) in parts {
        let room = budget.saturating_sub(chars(&out) + 1);
        if chars(part) <= room {
            out.push('\n');
            out.push_str(part);
            continue;
        }
        let more = more_hint(*facet);
        let mut room = room.saturating_sub(chars(&more) + 1);
        let mut cut = String::new();
        for line in part.lines() {
            if chars(line) < room {
                cut.push_str(line);
                cut.push('\n');
                room -= chars(line) + 1;
            } else {
                if room > 40 {
                    cut.push_str(&values::shorten(line, room - 3));
                    cut.push('\n');
                }
                break;
            }
        }
        if !cut.is_empty() {
            out.push('\n');
            out.push_str(&cut);
            out.push_str(&more);
        }
        break;
    }
    out
}

/// Whether `summary` (from [`procedure_summary`]) cut the part of `facet` short: its
/// button must stay, since the summary points to it.
pub fn cut_short(summary: &str, facet: Facet) -> bool {
    summary.contains(&more_hint(facet))
}

/// How to see the whole of a part cut short in the first message.
fn more_hint(facet: Facet) -> String {
    let asked = match facet {
        Facet::Fee => "gõ «lệ phí»".to_owned(),
        Facet::Time => "gõ «thời hạn»".to_owned(),
        f => format!("bấm nút «{}»", labels::facet(f)),
    };
    format!("… ({asked} để xem đầy đủ)")
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Room kept in the first message for each part always shown (fee, time).
const MIN_PART_CHARS: usize = 170;

/// Longest name shown in the first message (a few official names run to 400 characters).
pub(crate) const MAX_SUMMARY_NAME_CHARS: usize = 200;

fn time_varies(p: &Procedure) -> bool {
    !p.processing_time.is_empty()
        && (values::single(&p.processing_time).is_none() || values::is_unitless(&p.processing_time))
}

const DEFAULT_ORDER: [Facet; 11] = [
    Facet::Conditions,
    Facet::Documents,
    Facet::Forms,
    Facet::Fee,
    Facet::Time,
    Facet::Authority,
    Facet::Place,
    Facet::Online,
    Facet::Postal,
    Facet::Result,
    Facet::Legal,
];

#[cfg(test)]
mod tests;
