//! The guided feedback dialogue (phản ánh, kiến nghị) and ticket look-up.
//!
//! States: content → procedure/place (optional, pre-filled from the last card) → name
//! (optional) → phone (optional, validated) → confirm. "hủy" cancels at any step. The
//! ticket is written and flushed before its code is shown.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::message::{Button, Message};
use super::render;
use super::state::ConversationState;
use crate::config::BotConfig;
use crate::text::folded_words;
use crate::tickets::phone::normalize_phone;
use crate::tickets::{NewTicket, Ticket, TicketError, TicketStore};

/// Longest feedback content.
pub const MAX_CONTENT_CHARS: usize = 2000;
/// Longest name or place.
const MAX_FIELD_CHARS: usize = 200;
/// Shortest text after "tôi muốn phản ánh" taken as the content itself.
const MIN_INLINE_CONTENT: usize = 15;

pub const KEEP: &str = "fb:keep";
pub const SKIP: &str = "fb:skip";
pub const CONFIRM: &str = "fb:confirm";
pub const CANCEL: &str = "fb:cancel";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Content,
    Procedure,
    Name,
    Phone,
    Confirm,
}

/// A ticket being filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub step: Step,
    pub category: String,
    pub content: String,
    /// Suggested from the last procedure card.
    pub suggested: Option<String>,
    pub procedure: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// Folded phrases that start the dialogue, longest first.
const TRIGGERS: &[&str] = &[
    "toi muon gui phan anh",
    "toi muon phan anh",
    "toi muon kien nghi",
    "muon gui phan anh",
    "muon phan anh",
    "muon kien nghi",
    "gui phan anh",
    "gui kien nghi",
    "phan anh kien nghi",
    "phan anh",
    "kien nghi",
];

/// Starts the dialogue when the text asks for it; returns the first reply.
pub fn start(
    text: &str,
    state: &mut ConversationState,
    suggested: Option<String>,
) -> Option<Vec<Message>> {
    let trimmed = text.trim();
    let words = folded_words(trimmed);
    let joined = words.join(" ");
    let command = trimmed.eq_ignore_ascii_case("/phananh");
    let trigger = TRIGGERS
        .iter()
        .find(|t| joined == **t || joined.starts_with(&format!("{t} ")));
    if !command && trigger.is_none() {
        return None;
    }
    let category = if joined.contains("kien nghi") {
        "kiến nghị"
    } else {
        "phản ánh"
    };
    let inline: String = trigger
        .map(|t| {
            let skip = t.split(' ').count();
            trimmed
                .split_whitespace()
                .skip(skip)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let mut draft = Draft {
        step: Step::Content,
        category: category.to_owned(),
        content: String::new(),
        suggested,
        procedure: None,
        name: None,
        phone: None,
    };
    if inline.chars().count() >= MIN_INLINE_CONTENT && inline.chars().count() <= MAX_CONTENT_CHARS {
        draft.content = inline;
        draft.step = Step::Procedure;
        let reply = prompt(&draft);
        state.feedback = Some(draft);
        return Some(vec![reply]);
    }
    state.feedback = Some(draft);
    Some(vec![Message::with_buttons(
        render::feedback_ask_content(MAX_CONTENT_CHARS),
        vec![cancel_button()],
    )])
}

fn cancel_button() -> Button {
    Button::new("❌ Hủy", CANCEL)
}

fn skip_button() -> Button {
    Button::new("Bỏ qua", SKIP)
}

/// The question of the draft's current step.
fn prompt(d: &Draft) -> Message {
    match d.step {
        Step::Content => Message::with_buttons(
            render::feedback_ask_content(MAX_CONTENT_CHARS),
            vec![cancel_button()],
        ),
        Step::Procedure => {
            let mut buttons = Vec::new();
            if let Some(s) = &d.suggested {
                buttons.push(Button::new(format!("Thủ tục «{}»", short(s)), KEEP));
            }
            buttons.push(skip_button());
            buttons.push(cancel_button());
            Message::with_buttons(render::feedback_ask_procedure(), buttons)
        }
        Step::Name => Message::with_buttons(
            render::feedback_ask_name(),
            vec![skip_button(), cancel_button()],
        ),
        Step::Phone => Message::with_buttons(
            render::feedback_ask_phone(),
            vec![skip_button(), cancel_button()],
        ),
        Step::Confirm => Message::with_buttons(
            render::feedback_summary(
                &d.category,
                &d.content,
                d.procedure.as_deref(),
                d.name.as_deref(),
                d.phone.as_deref(),
            ),
            vec![Button::new("✅ Gửi", CONFIRM), cancel_button()],
        ),
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn is_cancel(text: &str) -> bool {
    let folded = folded_words(text).join(" ");
    text == CANCEL
        || matches!(
            folded.as_str(),
            "huy" | "huy bo" | "thoi" | "cancel" | "khong gui"
        )
}

/// One step of an ongoing dialogue. `store` writes the ticket on confirmation.
pub fn step(
    text: &str,
    state: &mut ConversationState,
    channel: &str,
    user: &str,
    store: &TicketStore,
    bot: &BotConfig,
) -> Result<Vec<Message>, TicketError> {
    let Some(mut d) = state.feedback.take() else {
        return Ok(Vec::new());
    };
    let text = text.trim();
    if is_cancel(text) || text.eq_ignore_ascii_case("/start") {
        return Ok(vec![Message::text(render::feedback_cancelled())]);
    }
    let skip = text == SKIP
        || matches!(
            folded_words(text).join(" ").as_str(),
            "bo qua" | "khong" | "khong co"
        );
    let too_long = |limit: usize| text.chars().count() > limit;
    let mut error = None;
    match d.step {
        Step::Content => {
            if text.is_empty() || text.starts_with("fb:") {
                error = Some(render::feedback_content_empty());
            } else if too_long(MAX_CONTENT_CHARS) {
                error = Some(render::feedback_content_too_long(
                    MAX_CONTENT_CHARS,
                    text.chars().count(),
                ));
            } else {
                d.content = text.to_owned();
                d.step = Step::Procedure;
            }
        }
        Step::Procedure => {
            if text == KEEP {
                d.procedure = d.suggested.clone();
            } else if !skip {
                d.procedure = Some(text.chars().take(MAX_FIELD_CHARS).collect());
            }
            d.step = Step::Name;
        }
        Step::Name => {
            if !skip {
                d.name = Some(text.chars().take(MAX_FIELD_CHARS).collect());
            }
            d.step = Step::Phone;
        }
        Step::Phone => {
            if skip {
                d.step = Step::Confirm;
            } else if let Some(phone) = normalize_phone(text) {
                d.phone = Some(phone);
                d.step = Step::Confirm;
            } else {
                error = Some(render::feedback_phone_invalid());
            }
        }
        Step::Confirm => {
            if text == CONFIRM
                || matches!(
                    folded_words(text).join(" ").as_str(),
                    "gui" | "xac nhan" | "dong y" | "ok" | "co"
                )
            {
                let ticket = store.create(NewTicket {
                    channel: channel.to_owned(),
                    user_id: user.to_owned(),
                    name: d.name.clone(),
                    phone: d.phone.clone(),
                    content: d.content.clone(),
                    procedure: d.procedure.clone(),
                    category: d.category.clone(),
                })?;
                return Ok(vec![Message::with_buttons(
                    render::feedback_filed(
                        &ticket.code,
                        &bot.ticket_answer_time,
                        &bot.hotline_name,
                        &bot.hotline,
                    ),
                    vec![Button::new(
                        "📋 Tra cứu phản ánh",
                        format!("/tracuu {}", ticket.code),
                    )],
                )]);
            }
            error = Some(render::feedback_confirm_again());
        }
    }
    let mut replies = Vec::new();
    if let Some(e) = error {
        replies.push(Message::text(e));
    }
    replies.push(prompt(&d));
    state.feedback = Some(d);
    Ok(replies)
}

/// Ticket codes written in a text ("PA-2026-000123").
pub fn find_code(text: &str) -> Option<String> {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let re = CODE.get_or_init(|| Regex::new(r"(?i)\bPA-\d{4}-\d{1,12}\b").expect("valid regex"));
    re.find(text).map(|m| m.as_str().to_uppercase())
}

/// "/tracuu CODE" or "tra cứu phản ánh CODE": status and answers, to the owner only.
pub fn lookup(
    text: &str,
    channel: &str,
    user: &str,
    store: &TicketStore,
) -> Result<Option<Vec<Message>>, TicketError> {
    let folded = folded_words(text).join(" ");
    let asks = text.trim().to_lowercase().starts_with("/tracuu")
        || folded.starts_with("tra cuu phan anh")
        || folded.starts_with("tra cuu kien nghi")
        || find_code(text).is_some_and(|_| folded.split(' ').count() <= 6);
    if !asks {
        return Ok(None);
    }
    let Some(code) = find_code(text) else {
        let codes = store.codes_of_user(channel, user);
        return Ok(Some(vec![Message::text(render::ticket_ask_code(&codes))]));
    };
    let reply = match store.get_for_user(&code, channel, user)? {
        Some(t) => render::ticket_status(&t, &crate::time::vn_format(t.created_at), &answers(&t)),
        None => render::ticket_not_found(&code),
    };
    Ok(Some(vec![Message::text(reply)]))
}

fn answers(t: &Ticket) -> Vec<(String, String)> {
    t.answers()
        .map(|h| (crate::time::vn_format(h.at), h.detail.clone()))
        .collect()
}
