//! Ticket look-up in the conversation: "/tracuu CODE" or "tra cứu phản ánh CODE" gives the
//! status and answers to the ticket's owner (same channel and user); "/tracuu CODE PHONE"
//! gives them from any device when the phone number is the one given when filing. An
//! unknown code and a wrong number get the same reply.

use std::sync::OnceLock;

use regex::Regex;

use super::message::Message;
use super::render;
use crate::channel::Channel;
use crate::text::folded_words;
use crate::tickets::code::{self, CodeKind};
use crate::tickets::phone::normalize_phone;
use crate::tickets::{Ticket, TicketError, TicketStore};
use crate::time::vn_format;

/// Most words of a message that is only a ticket code with a few words around it.
const MAX_CODE_MESSAGE_WORDS: usize = 6;

/// The ticket code written in a text: a current one ("PA-2026-7K3QX9"), a numeric one of
/// the older format ("PA-2026-000123"), or one mistyped (see [`code::kind`]).
pub fn find_code(text: &str) -> Option<String> {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let re =
        CODE.get_or_init(|| Regex::new(r"(?i)\bPA-\d{4}-[0-9A-Z]{1,12}\b").expect("valid regex"));
    re.find(text).map(|m| m.as_str().to_uppercase())
}

/// The text asks to look a ticket up.
pub fn asks_lookup(text: &str) -> bool {
    let folded = folded_words(text).join(" ");
    text.trim().to_lowercase().starts_with("/tracuu")
        || folded.starts_with("tra cuu phan anh")
        || folded.starts_with("tra cuu kien nghi")
        || find_code(text).is_some_and(|_| folded.split(' ').count() <= MAX_CODE_MESSAGE_WORDS)
}

/// The reply to a look-up of the user's tickets (the text must [ask](asks_lookup) for one).
pub fn reply(
    text: &str,
    channel: Channel,
    user: &str,
    store: &dyn TicketStore,
) -> Result<Message, TicketError> {
    let Some(code) = find_code(text) else {
        let codes = store.codes_of_user(channel, user);
        return Ok(Message::text(render::ticket_ask_code(&codes)));
    };
    if code::kind(&code) == Some(CodeKind::Mistyped) {
        return Ok(Message::text(render::ticket_code_mistyped(&code)));
    }
    let found = match phone_after(text, &code) {
        Some(phone) => store
            .get(&code)?
            .filter(|t| t.phone.as_deref() == Some(phone.as_str())),
        None => store.get_for_user(&code, channel, user)?,
    };
    let reply = match found {
        Some(t) => render::ticket_status(&t, &vn_format(t.created_at), &answers(&t)),
        None => render::ticket_not_found(&code),
    };
    Ok(Message::text(reply))
}

/// A phone number written after the code ("/tracuu PA-2026-7K3QX9 0912 345 678").
fn phone_after(text: &str, code: &str) -> Option<String> {
    let upper = text.to_uppercase();
    let rest = &upper[upper.find(code)? + code.len()..];
    normalize_phone(rest)
}

fn answers(t: &Ticket) -> Vec<(String, String)> {
    t.answers()
        .map(|h| (vn_format(h.at), h.detail.clone()))
        .collect()
}
