//! What the user typed, made ready for the engine: cut to [`MAX_INPUT_CHARS`] (feedback
//! content excepted), a number typed for a choice turned into that choice's payload, and
//! the choices of the last message with buttons remembered for that.

use super::dialogue;
use super::message::Message;
use super::render;
use super::state::ConversationState;

/// Longest message read; the rest is cut with a notice.
pub const MAX_INPUT_CHARS: usize = 1000;

/// The text to handle, cut to [`MAX_INPUT_CHARS`] with a notice (feedback content has its
/// own, longer limit and is never cut).
pub fn read_input(text: &str, state: &ConversationState) -> (String, Option<Message>) {
    let writing_content = state
        .feedback
        .as_ref()
        .is_some_and(|d| d.step == dialogue::Step::Content);
    if writing_content || text.chars().count() <= MAX_INPUT_CHARS {
        return (text.to_owned(), None);
    }
    let cut = text.chars().take(MAX_INPUT_CHARS).collect();
    (cut, Some(Message::text(render::truncated(MAX_INPUT_CHARS))))
}

/// A numbered answer ("2") picks the matching choice offered last.
pub fn resolve_number(text: &str, state: &ConversationState) -> String {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= state.choices.len() => state.choices[n - 1].clone(),
        _ => text.to_owned(),
    }
}

/// Keeps the payloads of the last message with buttons, so "2" picks the second.
pub fn remember_choices(state: &mut ConversationState, messages: &[Message]) {
    if let Some(with_buttons) = messages.iter().rev().find(|m| !m.buttons.is_empty()) {
        state.choices = with_buttons
            .buttons
            .iter()
            .map(|b| b.payload.clone())
            .collect();
    }
}
