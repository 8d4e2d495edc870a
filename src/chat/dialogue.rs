//! The guided feedback dialogue (phản ánh, kiến nghị) as a pure state machine.
//!
//! Steps: content → procedure (optional, pre-filled from the last card) → commune or
//! ward (optional, read with the 2025 units; candidates as buttons when the name fits
//! several) → consent
//! (what name and phone are for; agree or file anonymously) → name (optional) → phone
//! (optional, validated) → review, where "Sửa" goes back to one part and returns to the
//! review. "hủy" cancels at any step. The
//! dialogue neither reads nor writes storage: [`step`] returns a [`Transition`] and the
//! engine files the ticket and saves the conversation state. Each draft carries an id, so
//! filing the same draft twice (a confirmation repeated after a crash) gives one ticket.

use serde::{Deserialize, Serialize};

use super::message::Message;
use super::payload::{EditPart, Payload, DIALOGUE_PREFIX};
use super::place::{Places, Reading};
use super::render;
use crate::channel::Channel;
use crate::text::folded_words;
use crate::tickets::phone::normalize_phone;
use crate::tickets::{NewTicket, TicketUnit};

/// Longest feedback content.
pub const MAX_CONTENT_CHARS: usize = 2000;
/// Longest name or place.
const MAX_FIELD_CHARS: usize = 200;
/// Shortest text after "tôi muốn phản ánh" taken as the content itself.
const MIN_INLINE_CONTENT: usize = 15;
/// Shortest content accepted: "ok" tells staff nothing.
pub const MIN_CONTENT_CHARS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Content,
    Procedure,
    /// Which commune or ward the feedback concerns.
    Place,
    /// Agree to give name and phone, or file anonymously.
    Consent,
    Name,
    Phone,
    Confirm,
    /// "Sửa" on the review: which part to change.
    Edit,
}

/// A ticket being filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Unique per draft: the ticket store files one ticket per id.
    #[serde(default)]
    pub id: String,
    pub step: Step,
    pub category: String,
    pub content: String,
    /// Suggested from the last procedure card.
    pub suggested: Option<String>,
    pub procedure: Option<String>,
    /// The commune or ward the ticket goes to.
    #[serde(default)]
    pub unit: Option<TicketUnit>,
    /// Units offered as buttons: the place the citizen named before, or the candidates
    /// of a name that fits several.
    #[serde(default)]
    pub unit_choices: Vec<TicketUnit>,
    /// The choices are the candidates of a name that fits several units (not the place
    /// named before); the old commune's name when it was split.
    #[serde(default)]
    pub choosing: bool,
    #[serde(default)]
    pub split_from: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// Changing one part from the review: back to the review after it.
    #[serde(default)]
    pub editing: bool,
    /// Filed without name and phone.
    #[serde(default)]
    pub anonymous: bool,
}

impl Draft {
    /// The ticket this draft files for a user of a channel.
    pub fn to_ticket(&self, channel: Channel, user_id: &str) -> NewTicket {
        NewTicket {
            channel,
            user_id: user_id.to_owned(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            content: self.content.clone(),
            procedure: self.procedure.clone(),
            category: self.category.clone(),
            unit: self.unit.clone(),
        }
    }

    /// The place is settled (or skipped): on to the next step.
    fn place_chosen(&mut self, unit: Option<TicketUnit>) {
        self.unit = unit;
        self.unit_choices.clear();
        self.choosing = false;
        self.split_from = None;
        self.step = self.after(Step::Consent);
    }

    /// The step after a part: `next`, or the review when the part was being edited.
    fn after(&self, next: Step) -> Step {
        if self.editing {
            Step::Confirm
        } else {
            next
        }
    }

    /// The question of the draft's current step.
    pub fn prompt(&self) -> Message {
        match self.step {
            Step::Content => render::feedback::ask_content_message(MAX_CONTENT_CHARS),
            Step::Procedure => render::feedback::ask_procedure_message(self.suggested.as_deref()),
            Step::Place => render::feedback::ask_place_message(
                &self.unit_choices,
                self.choosing.then_some(self.split_from.as_deref()),
            ),
            Step::Consent => render::feedback::consent_message(),
            Step::Edit => render::feedback::edit_message(!self.anonymous),
            Step::Name => render::feedback::ask_name_message(),
            Step::Phone => render::feedback::ask_phone_message(),
            Step::Confirm => render::feedback::summary_message(
                &self.category,
                &self.content,
                self.procedure.as_deref(),
                self.unit.as_ref().map(|u| u.name.as_str()),
                self.name.as_deref(),
                self.phone.as_deref(),
            ),
        }
    }
}

/// What one input does to a draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// Keep going: the updated draft and what to say (an error first, when there is one).
    Ask(Draft, Vec<Message>),
    /// Confirmed: file this draft.
    File(Draft),
    /// The citizen gave up; nothing is filed.
    Cancelled(Vec<Message>),
}

/// A draft id unique to this user and moment.
pub fn new_draft_id(channel: Channel, user: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{channel}:{user}:{nanos}")
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

/// A new draft (with its first question) when the text asks for the dialogue.
/// `id` must be unique to this draft; `suggested` is the procedure of the last card and
/// `known` the place the citizen named earlier (offered at the place step).
pub fn start(
    text: &str,
    suggested: Option<String>,
    known: Option<TicketUnit>,
    id: String,
) -> Option<(Draft, Message)> {
    let trimmed = text.trim();
    let joined = folded_words(trimmed).join(" ");
    let command = trimmed.eq_ignore_ascii_case(&Payload::Feedback.to_string());
    let trigger = TRIGGERS
        .iter()
        .find(|t| joined == **t || joined.starts_with(&format!("{t} ")));
    if !command && trigger.is_none() {
        return None;
    }
    let category = if joined.contains("kien nghi") {
        render::feedback::CATEGORY_PROPOSAL
    } else {
        render::feedback::CATEGORY_COMPLAINT
    };
    let inline = trigger.map_or_else(String::new, |t| after_trigger(trimmed, t));
    let mut draft = Draft {
        id,
        step: Step::Content,
        category: category.to_owned(),
        content: String::new(),
        suggested,
        procedure: None,
        unit: None,
        unit_choices: known.into_iter().collect(),
        choosing: false,
        split_from: None,
        name: None,
        phone: None,
        editing: false,
        anonymous: false,
    };
    let length = inline.chars().count();
    if (MIN_INLINE_CONTENT..=MAX_CONTENT_CHARS).contains(&length) {
        draft.content = inline;
        draft.step = Step::Procedure;
    }
    let prompt = draft.prompt();
    Some((draft, prompt))
}

/// The words of `text` after the trigger phrase's words.
fn after_trigger(text: &str, trigger: &str) -> String {
    let skip = trigger.split(' ').count();
    text.split_whitespace()
        .skip(skip)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_cancel(text: &str) -> bool {
    Payload::parse(text) == Some(Payload::Cancel)
        || text.eq_ignore_ascii_case(&Payload::Start.to_string())
        || matches!(
            folded_words(text).join(" ").as_str(),
            "huy" | "huy bo" | "thoi" | "cancel" | "khong gui"
        )
}

fn is_skip(text: &str) -> bool {
    Payload::parse(text) == Some(Payload::Skip)
        || matches!(
            folded_words(text).join(" ").as_str(),
            "bo qua" | "khong" | "khong co"
        )
}

fn is_confirm(text: &str) -> bool {
    Payload::parse(text) == Some(Payload::Confirm)
        || matches!(
            folded_words(text).join(" ").as_str(),
            "gui" | "xac nhan" | "dong y" | "ok" | "co"
        )
}

/// One input to an ongoing dialogue; `places` reads the commune or ward.
pub fn step(mut d: Draft, input: &str, places: &Places) -> Transition {
    let text = input.trim();
    if is_cancel(text) {
        return Transition::Cancelled(vec![Message::text(render::feedback_cancelled())]);
    }
    let said = match d.step {
        Step::Content => take_content(&mut d, text),
        Step::Procedure => {
            if Payload::parse(text) == Some(Payload::Keep) {
                d.procedure = d.suggested.clone();
            } else if !is_skip(text) {
                d.procedure = Some(text.chars().take(MAX_FIELD_CHARS).collect());
            }
            d.step = d.after(Step::Place);
            None
        }
        Step::Place => take_place(&mut d, text, places),
        Step::Consent => take_consent(&mut d, text),
        Step::Name => {
            if !is_skip(text) {
                d.name = Some(text.chars().take(MAX_FIELD_CHARS).collect());
            }
            d.step = Step::Phone;
            None
        }
        Step::Phone => take_phone(&mut d, text),
        Step::Confirm if is_confirm(text) => return Transition::File(d),
        Step::Confirm if Payload::parse(text) == Some(Payload::Edit) => {
            d.step = Step::Edit;
            None
        }
        Step::Confirm => Some(render::feedback_confirm_again()),
        Step::Edit => {
            choose_part(&mut d, text);
            None
        }
    };
    let mut replies: Vec<Message> = said.into_iter().map(Message::text).collect();
    replies.push(d.prompt());
    Transition::Ask(d, replies)
}

/// The content step: the text, unless it is empty, a button or too long (then the error).
fn take_content(d: &mut Draft, text: &str) -> Option<String> {
    let length = text.chars().count();
    if text.is_empty() || text.starts_with(DIALOGUE_PREFIX) || Payload::parse(text).is_some() {
        Some(render::feedback_content_empty())
    } else if length > MAX_CONTENT_CHARS {
        Some(render::feedback_content_too_long(MAX_CONTENT_CHARS, length))
    } else if length < MIN_CONTENT_CHARS {
        Some(render::feedback_content_too_short(MIN_CONTENT_CHARS))
    } else {
        d.content = text.to_owned();
        d.step = d.after(Step::Procedure);
        None
    }
}

/// The place step: skipped, a unit offered as a button, or a name read with the units.
/// One unit moves on (saying what an old name is now); several are offered as buttons;
/// a province alone or nothing recognised asks again.
fn take_place(d: &mut Draft, text: &str, places: &Places) -> Option<String> {
    let reading = match Payload::parse(text) {
        Some(Payload::Unit(code)) => places
            .unit(&code)
            .map_or(Reading::Unknown, |unit| Reading::One { unit, old: None }),
        _ if is_skip(text) => {
            d.place_chosen(None);
            return None;
        }
        _ => places.read(text),
    };
    match reading {
        Reading::One { unit, old } => {
            let said = old.map(|old| render::feedback::place_converted(&old, &unit.name));
            d.place_chosen(Some(unit));
            said
        }
        Reading::Choose { old, units } => {
            d.unit_choices = units;
            d.choosing = true;
            d.split_from = old;
            None
        }
        Reading::ProvinceOnly(province) => Some(render::feedback::place_need_commune(&province)),
        Reading::Unknown => Some(render::feedback::place_unknown()),
    }
}

/// The consent step: agree (then name and phone), or anonymous (straight to the review).
fn take_consent(d: &mut Draft, text: &str) -> Option<String> {
    let folded = folded_words(text).join(" ");
    let agree = Payload::parse(text) == Some(Payload::Agree)
        || matches!(folded.as_str(), "dong y" | "co" | "ok" | "dong y cung cap");
    let anonymous = Payload::parse(text) == Some(Payload::Anonymous)
        || is_skip(text)
        || matches!(folded.as_str(), "an danh" | "gui an danh");
    if agree {
        d.anonymous = false;
        d.step = Step::Name;
        None
    } else if anonymous {
        d.anonymous = true;
        d.name = None;
        d.phone = None;
        d.step = Step::Confirm;
        None
    } else {
        Some(render::feedback::consent_again())
    }
}

/// The part "Sửa" goes back to; anything else asks again.
fn choose_part(d: &mut Draft, text: &str) {
    let Some(Payload::EditPart(part)) = Payload::parse(text) else {
        return;
    };
    d.editing = true;
    d.step = match part {
        EditPart::Content => Step::Content,
        EditPart::Procedure => Step::Procedure,
        EditPart::Place => Step::Place,
        EditPart::Contact => Step::Consent,
    };
}

/// The phone step: skipped, or a valid Vietnamese number (else the error).
fn take_phone(d: &mut Draft, text: &str) -> Option<String> {
    if is_skip(text) {
        d.step = Step::Confirm;
        return None;
    }
    match normalize_phone(text) {
        Some(phone) => {
            d.phone = Some(phone);
            d.step = Step::Confirm;
            None
        }
        None => Some(render::feedback_phone_invalid()),
    }
}

#[cfg(test)]
#[path = "dialogue_tests.rs"]
mod tests;
