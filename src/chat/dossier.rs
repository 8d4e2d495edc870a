//! Dossier look-up in the conversation: "tra cứu hồ sơ CODE", "/hoso CODE" or a dossier
//! code typed alone; then the last 4 digits of the phone or ID number on the dossier;
//! then the status, with "Theo dõi" to be told when it changes. The conversation keeps
//! the step ([`DossierStep`]); the store keeps failures and subscriptions.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::message::{Button, Message};
use super::payload::Payload;
use super::render::{self, labels};
use super::state::ConversationState;
use crate::channel::Channel;
use crate::config::BotConfig;
use crate::dossiers::verify::{self, Verdict};
use crate::dossiers::{canonical_code, Dossier, DossierError, DossierStore, Subscription};
use crate::knowledge::Procedure;
use crate::limiter::RateLimiter;
use crate::search::{Entry, Searcher};
use crate::text::folded_words;
use crate::time::now_secs;

/// Dossier codes a user may ask about per minute.
pub const LOOKUPS_PER_MINUTE: usize = 10;

/// Longest "tra cứu hồ sơ …" without a code still taken as a dossier look-up ("tra cứu
/// hồ sơ của tôi"); longer ones ask about a procedure's papers.
const MAX_WORDS_WITHOUT_CODE: usize = 6;

/// Where the conversation is in a dossier look-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierStep {
    pub code: String,
    /// The citizen gave the right digits for this code.
    pub verified: bool,
}

/// What the message asks of the dossier desk.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ask {
    Lookup(Option<String>),
    Digits(String),
    Follow(Option<String>),
    Unfollow(Option<String>),
}

/// Everything a dossier turn needs.
pub struct Desk<'a> {
    pub store: &'a dyn DossierStore,
    pub searcher: &'a Searcher,
    pub bot: &'a BotConfig,
    pub limiter: &'a RateLimiter,
    pub channel: Channel,
    pub user: &'a str,
}

/// A code typed alone that looks like a dossier code: letters and digits in groups
/// joined by dots and dashes, with at least one letter, one digit and one dash.
pub fn looks_like_code(text: &str) -> bool {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let re = CODE
        .get_or_init(|| Regex::new(r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)+$").expect("valid regex"));
    let t = text.trim();
    re.is_match(t)
        && t.len() <= crate::dossiers::record::MAX_CODE_CHARS
        && t.contains('-')
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().any(|c| c.is_ascii_alphabetic())
}

/// The first word after `skip_words` words that can be a dossier code (it holds a digit).
fn code_after(text: &str, skip_words: usize) -> Option<String> {
    text.split_whitespace()
        .skip(skip_words)
        .map(|w| w.trim_matches(|c: char| ",.;:!?()".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .find_map(canonical_code)
}

fn ask(text: &str) -> Option<Ask> {
    let folded = folded_words(text).join(" ");
    match Payload::parse(text.trim()) {
        Some(Payload::DossierLookup(code)) => {
            return Some(Ask::Lookup(code.and_then(|c| canonical_code(&c))))
        }
        Some(Payload::Follow(code)) => return Some(Ask::Follow(Some(code))),
        Some(Payload::Unfollow(code)) => return Some(Ask::Unfollow(Some(code))),
        _ => {}
    }
    if folded.starts_with("tra cuu ho so") || folded.starts_with("tra ho so") {
        let words = if folded.starts_with("tra cuu") { 3 } else { 2 };
        // "tra cứu hồ sơ đăng ký khai sinh gồm những gì" asks about a procedure's papers.
        match code_after(text, words) {
            Some(code) => return Some(Ask::Lookup(Some(code))),
            None if folded.split(' ').count() <= MAX_WORDS_WITHOUT_CODE => {
                return Some(Ask::Lookup(None))
            }
            None => {}
        }
    }
    if folded.starts_with("huy theo doi") {
        return Some(Ask::Unfollow(code_after(text, 3)));
    }
    if folded == "theo doi" || folded.starts_with("theo doi ho so") {
        return Some(Ask::Follow(code_after(text, 4)));
    }
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // Four digits alone are verification digits even when no look-up waits (after a lock,
    // a restart): they go to the desk, never to search and the reply log.
    if digits.len() == crate::dossiers::record::VERIFY_DIGITS
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return Some(Ask::Digits(digits));
    }
    looks_like_code(text).then(|| Ask::Lookup(canonical_code(text)))
}

impl Desk<'_> {
    /// The reply when the message is part of a dossier look-up; `None` otherwise (a
    /// look-up waiting for digits is dropped when the citizen moves on).
    pub fn handle(
        &self,
        state: &mut ConversationState,
        text: &str,
    ) -> Result<Option<Message>, DossierError> {
        let Some(ask) = ask(text) else {
            if state.dossier.as_ref().is_some_and(|s| !s.verified) {
                state.dossier = None;
            }
            return Ok(None);
        };
        let message = match ask {
            Ask::Lookup(None) => Message::text(render::dossier_ask_code()),
            Ask::Lookup(Some(code)) => self.start(state, code)?,
            Ask::Digits(digits) => self.check(state, &digits)?,
            Ask::Follow(code) => self.follow(state, code)?,
            Ask::Unfollow(code) => self.unfollow(state, code)?,
        };
        Ok(Some(message))
    }

    fn start(&self, state: &mut ConversationState, code: String) -> Result<Message, DossierError> {
        if !self
            .limiter
            .allow(&format!("{}:{}", self.channel, self.user))
        {
            return Ok(Message::text(render::dossier_rate_limited()));
        }
        if verify::is_locked(self.store, self.channel, self.user, &code)? {
            state.dossier = None;
            return Ok(Message::text(render::dossier_locked(self.bot)));
        }
        let text = render::dossier_ask_digits(&code);
        state.dossier = Some(DossierStep {
            code,
            verified: false,
        });
        Ok(Message::text(text))
    }

    fn check(&self, state: &mut ConversationState, digits: &str) -> Result<Message, DossierError> {
        let Some(step) = state.dossier.take() else {
            return Ok(Message::text(render::dossier_ask_code()));
        };
        let verdict = verify::verify(self.store, self.channel, self.user, &step.code, digits)?;
        Ok(match verdict {
            Verdict::Verified(d) => {
                state.dossier = Some(DossierStep {
                    code: step.code,
                    verified: true,
                });
                self.status(&d)?
            }
            Verdict::Refused { tries_left } => {
                let text = render::dossier_refused(&step.code, tries_left);
                state.dossier = Some(step);
                Message::text(text)
            }
            Verdict::Locked => Message::text(render::dossier_locked(self.bot)),
        })
    }

    fn status(&self, d: &Dossier) -> Result<Message, DossierError> {
        let procedure = procedure_of(self.searcher, d);
        let text = render::dossier_status(d, now_secs(), procedure, self.bot);
        let following = self
            .store
            .subscriptions(&d.ma_ho_so)?
            .iter()
            .any(|s| s.channel == self.channel && s.user_id == self.user);
        let mut buttons = Vec::new();
        if !d.trang_thai.is_finished() {
            buttons.push(if following {
                Button::new(
                    labels::DOSSIER_UNFOLLOW,
                    Payload::Unfollow(d.ma_ho_so.clone()).to_string(),
                )
            } else {
                Button::new(
                    labels::DOSSIER_FOLLOW,
                    Payload::Follow(d.ma_ho_so.clone()).to_string(),
                )
            });
        }
        if let Some(p) = procedure {
            buttons.push(Button::new(
                labels::DOSSIER_PROCEDURE,
                Payload::Open(p.id.clone()).to_string(),
            ));
        }
        Ok(Message::with_buttons(text, buttons))
    }

    /// The code of a verified look-up in this conversation: the one named, or the last.
    fn verified_code(state: &ConversationState, named: Option<String>) -> Option<String> {
        let step = state.dossier.as_ref().filter(|s| s.verified)?;
        match named {
            Some(code) if code != step.code => None,
            _ => Some(step.code.clone()),
        }
    }

    fn follow(
        &self,
        state: &ConversationState,
        named: Option<String>,
    ) -> Result<Message, DossierError> {
        let Some(code) = Self::verified_code(state, named) else {
            return Ok(Message::text(render::dossier_follow_needs_lookup()));
        };
        self.store.subscribe(&Subscription {
            code: code.clone(),
            channel: self.channel,
            user_id: self.user.to_owned(),
            since: now_secs(),
        })?;
        Ok(Message::text(render::dossier_followed(&code)))
    }

    fn unfollow(
        &self,
        state: &ConversationState,
        named: Option<String>,
    ) -> Result<Message, DossierError> {
        let code = named.or_else(|| state.dossier.as_ref().map(|s| s.code.clone()));
        let Some(code) = code else {
            return Ok(Message::text(render::dossier_follow_needs_lookup()));
        };
        self.store.unsubscribe(&code, self.channel, self.user)?;
        Ok(Message::text(render::dossier_unfollowed(&code)))
    }
}

/// The procedure card of a dossier: by national code, else none.
fn procedure_of<'a>(s: &'a Searcher, d: &Dossier) -> Option<&'a Procedure> {
    let code = d.ma_tthc.as_deref()?;
    s.entries().iter().find_map(|e| match e {
        Entry::Procedure(p) if p.id == code || p.national_code.as_deref() == Some(code) => {
            Some(&**p)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_typed_alone_are_told_from_other_short_texts() {
        for code in [
            "000.00.12.H12-251123-0001",
            "H12.23-251123-0001",
            "h12-0001",
        ] {
            assert!(looks_like_code(code), "{code}");
        }
        for other in ["1.003474", "0912-345-678", "cccd", "cấp lại", "A-", "C/O"] {
            assert!(!looks_like_code(other), "{other}");
        }
    }

    #[test]
    fn asks_are_read_from_commands_phrases_and_buttons() {
        let code = Some("H12.23-251123-0001".to_owned());
        let lookup = Some(Ask::Lookup(code.clone()));
        assert_eq!(ask("/hoso H12.23-251123-0001"), lookup);
        assert_eq!(ask("tra cứu hồ sơ h12.23-251123-0001"), lookup);
        assert_eq!(ask("tra cuu ho so"), Some(Ask::Lookup(None)));
        assert_eq!(ask("tra cứu hồ sơ đăng ký khai sinh gồm những gì"), None);
        assert_eq!(
            ask("hoso:follow:H12.23-251123-0001"),
            Some(Ask::Follow(code))
        );
        assert_eq!(ask("Hủy theo dõi"), Some(Ask::Unfollow(None)));
        assert_eq!(ask("12 34"), Some(Ask::Digits("1234".into())));
        assert_eq!(ask("2"), None, "a choice number");
        assert_eq!(ask("đăng ký khai sinh"), None);
    }
}
