//! Citizens' opinion of the answers: each searched question is recorded as an event
//! (keyed user hash, masked text, outcome, procedure, knowledge-base version), a card
//! carries 👍 / 👎, a 👎 asks why (four buttons) and then for an optional comment. One
//! vote per answer and user: pressing again replaces it.

use std::sync::Arc;

use super::mask::mask_personal;
use super::message::{Button, Message};
use super::payload::Payload;
use super::render;
use super::replylog::hash_user;
use super::state::ConversationState;
use super::turn::Turn;
use crate::channel::Channel;
use crate::events::{Asked, AskedRef, EventStore, Reason, Vote};
use crate::search::Outcome;
use crate::time::now_secs;

/// Longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 500;

/// The event store and the key of the user pseudonyms.
#[derive(Clone)]
pub struct Ratings {
    store: Arc<dyn EventStore>,
    secret: [u8; 32],
}

/// One searched question, as the engine saw it.
pub struct Question<'a> {
    pub channel: Channel,
    pub user: &'a str,
    pub text: &'a str,
    pub outcome: Outcome,
    pub procedure: Option<&'a str>,
    pub kb_version: &'a str,
    /// A card opened from a button: recorded without a text.
    pub picked: bool,
}

impl Ratings {
    pub fn new(store: Arc<dyn EventStore>, secret: [u8; 32]) -> Ratings {
        Ratings { store, secret }
    }

    fn pseudonym(&self, channel: Channel, user: &str) -> String {
        hash_user(&self.secret, channel.as_str(), user)
    }

    /// Records a question; the reference its vote buttons carry (none when the store
    /// failed, which is logged: a citizen's answer never waits on statistics).
    pub fn record(&self, q: Question) -> Option<AskedRef> {
        let asked = Asked {
            at: now_secs(),
            id: 0,
            channel: q.channel,
            user: self.pseudonym(q.channel, q.user),
            text: (!q.picked).then(|| mask_personal(q.text)),
            outcome: q.outcome,
            procedure: q.procedure.map(str::to_owned),
            kb_version: q.kb_version.to_owned(),
            picked: q.picked,
        };
        match self.store.record(asked) {
            Ok(stored) => Some(stored.reference()),
            Err(e) => {
                tracing::warn!(error = %e, "cannot record a question event");
                None
            }
        }
    }

    /// A 👍 / 👎, a reason, or the comment asked for after a reason; `None` for any
    /// other message.
    pub fn handle(
        &self,
        text: &str,
        channel: Channel,
        user: &str,
        state: &mut ConversationState,
    ) -> Option<Message> {
        Payload::parse(text)
            .and_then(|p| self.press(&p, channel, user, state))
            .or_else(|| self.comment(text, channel, user, state))
    }

    /// Records the event of a turn that searched `text`, and puts 👍 / 👎 under its
    /// card.
    pub fn record_turn(&self, turn: &mut Turn, kb_version: &str, text: &str, who: (Channel, &str)) {
        let Some(outcome) = turn.outcome else {
            return;
        };
        let question = Question {
            channel: who.0,
            user: who.1,
            text,
            outcome,
            procedure: turn.top.as_deref(),
            kb_version,
            picked: turn.picked,
        };
        let Some(r) = self.record(question) else {
            return;
        };
        if let (Outcome::Answer, Some(card)) = (outcome, turn.messages.last_mut()) {
            card.buttons.extend(vote_buttons(r));
        }
    }

    /// A 👍 / 👎 or a reason pressed; `None` for other payloads.
    pub fn press(
        &self,
        payload: &Payload,
        channel: Channel,
        user: &str,
        state: &mut ConversationState,
    ) -> Option<Message> {
        let (answer, reason, vote) = match payload {
            Payload::Rate { up, answer } => (answer, None, if *up { Vote::Up } else { Vote::Down }),
            Payload::RateReason { reason, answer } => (answer, Some(reason), Vote::Down),
            _ => return None,
        };
        let Ok(r) = answer.parse::<AskedRef>() else {
            return Some(Message::text(render::rating_gone()));
        };
        let user = self.pseudonym(channel, user);
        // Only the citizen who was given the answer votes on it.
        let asker = self.store.asked(r).ok().flatten().map(|a| a.user);
        if asker.as_deref() != Some(user.as_str()) {
            return Some(Message::text(render::rating_gone()));
        }
        let at = now_secs();
        let stored = match reason.map(|k| Reason::parse(k).unwrap_or(Reason::Other)) {
            Some(reason) => self.store.reason(r, &user, reason, at),
            None => self.store.vote(r, &user, vote, at),
        };
        if let Err(e) = stored {
            tracing::warn!(error = %e, "cannot store a vote");
            return Some(Message::text(render::rating_gone()));
        }
        Some(match (vote, reason) {
            (Vote::Up, _) => Message::text(render::rating_thanks()),
            (Vote::Down, None) => render::rating_ask_reason(&reason_buttons(r)),
            (Vote::Down, Some(_)) => {
                state.comment_for = Some(r.to_string());
                render::rating_ask_comment()
            }
        })
    }

    /// The free text after a reason: kept as the vote's comment (masked, cut to
    /// [`MAX_COMMENT_CHARS`]), or skipped. `None` when no comment was asked for or the
    /// text is a button or command (then it is handled as usual).
    pub fn comment(
        &self,
        text: &str,
        channel: Channel,
        user: &str,
        state: &mut ConversationState,
    ) -> Option<Message> {
        let r: AskedRef = state.comment_for.take()?.parse().ok()?;
        let skip = Payload::parse(text) == Some(Payload::Skip);
        if !skip && (Payload::parse(text).is_some() || text.starts_with('/')) {
            return None;
        }
        if !skip {
            let kept: String = mask_personal(text)
                .chars()
                .take(MAX_COMMENT_CHARS)
                .collect();
            let user = self.pseudonym(channel, user);
            if let Err(e) = self.store.comment(r, &user, &kept) {
                tracing::warn!(error = %e, "cannot store a vote comment");
            }
        }
        Some(Message::text(render::rating_thanks()))
    }
}

/// 👍 and 👎 under a card about question `r`.
pub fn vote_buttons(r: AskedRef) -> [Button; 2] {
    let answer = r.to_string();
    [
        Button::new(
            render::labels::VOTE_UP,
            Payload::Rate {
                up: true,
                answer: answer.clone(),
            }
            .to_string(),
        ),
        Button::new(
            render::labels::VOTE_DOWN,
            Payload::Rate { up: false, answer }.to_string(),
        ),
    ]
}

fn reason_buttons(r: AskedRef) -> Vec<Button> {
    Reason::ALL
        .iter()
        .map(|reason| {
            let payload = Payload::RateReason {
                reason: reason.key().to_owned(),
                answer: r.to_string(),
            };
            Button::new(reason.label(), payload.to_string())
        })
        .collect()
}
