//! The citizen's rating of how their ticket was handled (SIPAS style): after a staff
//! answer reaches them (with five buttons), the level, then how many times they had to
//! get in touch. Only the ticket's own citizen can rate it, and only once it has an
//! answer; a second press replaces the first. Stored on the ticket, with a history line.

use super::message::Message;
use super::payload::Payload;
use super::render;
use crate::channel::Channel;
use crate::tickets::{Ticket, TicketError, TicketRating, TicketStore};
use crate::time::now_secs;

/// The reply to a satisfaction or contacts button; `None` for any other text.
pub fn reply(
    text: &str,
    channel: Channel,
    user: &str,
    tickets: &dyn TicketStore,
) -> Result<Option<Message>, TicketError> {
    let (code, level, count) = match Payload::parse(text) {
        Some(Payload::Satisfaction { code, level }) => (code, Some(level), None),
        Some(Payload::Contacts { code, count }) => (code, None, Some(count)),
        _ => return Ok(None),
    };
    let answered = tickets
        .get_for_user(&code, channel, user)?
        .filter(|t| t.answers().next().is_some());
    let Some(ticket) = answered else {
        return Ok(Some(Message::text(
            render::feedback::satisfaction_not_open(&code),
        )));
    };
    if level.is_none() && ticket.rating.is_none() {
        // How many contacts, before any level: the level is asked first.
        let question = render::feedback::answer_with_satisfaction("", &code);
        return Ok(Some(Message::with_buttons(
            question.text.trim_start(),
            question.buttons,
        )));
    }
    let detail = match (level, count) {
        (Some(level), _) => format!("người dân đánh giá: {}", TicketRating::label(level)),
        (None, Some(count)) => format!(
            "người dân đã liên hệ {count}{} lần",
            if count == 3 { "+" } else { "" }
        ),
        (None, None) => unreachable!("one of the two is set"),
    };
    let change = move |t: &mut Ticket| {
        let mut rating = t.rating.unwrap_or(TicketRating {
            level: 3,
            contacts: None,
            at: 0,
        });
        rating.level = level.unwrap_or(rating.level);
        rating.contacts = count.or(rating.contacts);
        rating.at = now_secs();
        t.rating = Some(rating);
    };
    tickets.update(&code, "citizen", "rating", &detail, &change)?;
    Ok(Some(match level {
        Some(_) => render::feedback::ask_contacts(&code),
        None => Message::text(render::feedback::satisfaction_thanks()),
    }))
}
