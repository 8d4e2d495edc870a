//! What one conversation turn produced: the messages, and for the reply log the entry
//! shown and whether the turn answered.

use super::message::Message;

#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub messages: Vec<Message>,
    /// Id of the entry the turn was about (the card shown, or the top hit).
    pub top: Option<String>,
    /// The turn answered the message (a card, a menu, a dialogue step).
    pub answered: bool,
    /// What the search decided, when the message was a searched question.
    pub outcome: Option<crate::search::Outcome>,
    /// A card opened from a button rather than found for a question.
    pub picked: bool,
}

impl Turn {
    /// The same turn, as the search's `outcome` for a question.
    pub fn decided(mut self, outcome: crate::search::Outcome) -> Turn {
        self.outcome = Some(outcome);
        self
    }

    /// The same turn, as a card opened from a button (an answer to vote on) when it
    /// shows one.
    pub fn picked(mut self) -> Turn {
        if self.answered && self.top.is_some() {
            self.outcome = Some(crate::search::Outcome::Answer);
            self.picked = true;
        }
        self
    }
}

impl Turn {
    /// A reply that fully handles the message (menus, dialogue steps, look-ups).
    pub fn handled(messages: Vec<Message>) -> Turn {
        Turn {
            messages,
            top: None,
            answered: true,
            outcome: None,
            picked: false,
        }
    }

    /// An entry shown: its card or plan section.
    pub fn shown(message: Message, id: String) -> Turn {
        Turn {
            messages: vec![message],
            top: Some(id),
            answered: true,
            outcome: None,
            picked: false,
        }
    }

    /// A reply that did not answer (choices, a decline, nothing to follow up on).
    pub fn unanswered(message: Message, top: Option<String>) -> Turn {
        Turn {
            messages: vec![message],
            top,
            answered: false,
            outcome: None,
            picked: false,
        }
    }
}
