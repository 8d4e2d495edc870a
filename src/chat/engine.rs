//! The conversation engine: (channel, user, text) in, messages with buttons out.
//!
//! Channel-agnostic: adapters turn their updates into [`Incoming`] and render the
//! [`Message`]s. It keeps per-user state (last procedure shown) in sled for follow-ups
//! ("lệ phí bao nhiêu?"), rate-limits each user and logs every reply without personal data.

use std::sync::Arc;

use super::dialogue;
use super::facet::{Facet, CARD_BUTTONS};
use super::limiter::RateLimiter;
use super::message::{Button, Incoming, Message};
use super::render;
use super::replylog::ReplyLog;
use super::smalltalk::SmallTalk;
use super::state::{ConversationState, StateError, StateStore};
use crate::config::BotConfig;
use crate::knowledge::{OnlineLevel, Procedure};
use crate::search::{Entry, LiveSearcher, Outcome, Searcher};
use crate::text::folded_words;
use crate::tickets::{TicketError, TicketStore};

/// Longest message read; the rest is cut with a notice.
pub const MAX_INPUT_CHARS: usize = 1000;
/// Messages a user may send per minute.
pub const MESSAGES_PER_MINUTE: usize = 20;
/// Conversation state expires after this much idle time.
pub const IDLE_SECS: u64 = 30 * 60;
/// Most procedures listed in the online-services answer.
const MAX_ONLINE_LISTED: usize = 40;

/// Payloads of the greeting's quick buttons.
pub mod payload {
    pub const START: &str = "/start";
    pub const SEARCH: &str = "menu:tracuu";
    pub const ONLINE: &str = "menu:dvc";
    pub const FEEDBACK: &str = "/phananh";
    pub const TICKET: &str = "/tracuu";
    pub const HOTLINE: &str = "/hotline";
    pub const PLANS: &str = "menu:kehoach";
    pub const OPEN: &str = "open:";
    pub const FACET: &str = "facet:";
}

pub struct Engine {
    searcher: Arc<LiveSearcher>,
    bot: BotConfig,
    states: StateStore,
    tickets: TicketStore,
    limiter: RateLimiter,
    log: Option<ReplyLog>,
}

impl Engine {
    pub fn new(
        searcher: Arc<LiveSearcher>,
        bot: BotConfig,
        db: &sled::Db,
        log: Option<ReplyLog>,
    ) -> Result<Engine, EngineError> {
        Ok(Engine {
            searcher,
            bot,
            tickets: TicketStore::new(db)?,
            states: StateStore::new(db, IDLE_SECS)?,
            limiter: RateLimiter::new(MESSAGES_PER_MINUTE),
            log,
        })
    }

    pub fn bot(&self) -> &BotConfig {
        &self.bot
    }

    pub fn searcher(&self) -> &Arc<LiveSearcher> {
        &self.searcher
    }

    pub fn tickets(&self) -> &TicketStore {
        &self.tickets
    }

    /// Handles one incoming message. Never fails: problems become a polite reply.
    pub fn handle(&self, incoming: &Incoming) -> Vec<Message> {
        let key = format!("{}:{}", incoming.channel, incoming.user_id);
        if !self.limiter.allow(&key) {
            return vec![Message::text(render::rate_limited())];
        }
        match self.converse(incoming) {
            Ok(messages) => messages,
            Err(e) => {
                tracing::error!(error = %e, channel = %incoming.channel, "conversation failed");
                vec![Message::text(render::internal_error(&self.bot))]
            }
        }
    }

    fn converse(&self, incoming: &Incoming) -> Result<Vec<Message>, EngineError> {
        let (channel, user) = (incoming.channel.as_str(), incoming.user_id.as_str());
        let mut state = self.states.load(channel, user)?;
        let searcher = self.searcher.get();
        let writing_content = state
            .feedback
            .as_ref()
            .is_some_and(|d| d.step == dialogue::Step::Content);
        let mut notice = Vec::new();
        let text: String = if !writing_content && incoming.text.chars().count() > MAX_INPUT_CHARS {
            notice.push(Message::text(render::truncated(MAX_INPUT_CHARS)));
            incoming.text.chars().take(MAX_INPUT_CHARS).collect()
        } else {
            incoming.text.clone()
        };
        let text = resolve_number(text.trim(), &state);
        let suggested = self.last_procedure_name(&searcher, &state);
        let (mut messages, top, answered) = if state.feedback.is_some() {
            (
                dialogue::step(&text, &mut state, channel, user, &self.tickets, &self.bot)?,
                None,
                true,
            )
        } else if let Some(found) = dialogue::lookup(&text, channel, user, &self.tickets)? {
            (found, None, true)
        } else if let Some(first) = dialogue::start(&text, &mut state, suggested) {
            (first, None, true)
        } else {
            self.route(&searcher, &mut state, &text)
        };
        notice.append(&mut messages);
        let messages = notice;
        if let Some(with_buttons) = messages.iter().rev().find(|m| !m.buttons.is_empty()) {
            state.choices = with_buttons
                .buttons
                .iter()
                .map(|b| b.payload.clone())
                .collect();
        }
        self.states.save(channel, user, &state)?;
        if let Some(log) = &self.log {
            let question = if state.feedback.is_some() {
                "(phản ánh)"
            } else {
                text.as_str()
            };
            log.record(channel, user, question, top.as_deref(), answered);
        }
        Ok(messages)
    }

    fn last_procedure_name(&self, s: &Searcher, state: &ConversationState) -> Option<String> {
        match s.by_id(state.last_procedure.as_deref()?)? {
            Entry::Procedure(p) => Some(p.name.clone()),
            Entry::Plan(_) => None,
        }
    }

    /// Picks the reply; returns it with the top hit id and whether it answered.
    fn route(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        text: &str,
    ) -> (Vec<Message>, Option<String>, bool) {
        let command = text.split_whitespace().next().unwrap_or("").to_lowercase();
        let folded = folded_words(text).join(" ");
        match command.as_str() {
            "" | "/start" | "/help" | "/menu" => return (vec![self.greeting()], None, true),
            "/hotline" => return (vec![Message::text(render::hotline(&self.bot))], None, true),
            "/phananh" | "/tracuu" => {
                return (
                    vec![Message::text(render::feedback_channels(&self.bot))],
                    None,
                    true,
                )
            }
            _ => {}
        }
        match super::smalltalk::detect(text) {
            Some(SmallTalk::Greeting) => return (vec![self.greeting()], None, true),
            Some(kind) => {
                return (
                    vec![Message::text(render::small_talk(kind, &self.bot))],
                    None,
                    true,
                )
            }
            None => {}
        }
        if let Some(reply) = self.menu(s, text) {
            return (vec![reply], None, true);
        }
        if let Some(id) = text.strip_prefix(payload::OPEN) {
            return self.open(s, state, id, &[]);
        }
        if let Some(rest) = text.strip_prefix(payload::FACET) {
            return self.facet_payload(s, state, rest);
        }
        if asks_online_list(&folded) {
            return (vec![self.online_list(s, text)], None, true);
        }
        let facets = Facet::detect(text);
        if !facets.is_empty() && !s.has_topic(&Facet::strip_cues(text)) {
            return self.follow_up(s, state, &facets);
        }
        self.search(s, state, text)
    }

    fn greeting(&self) -> Message {
        let buttons = vec![
            Button::new("🔎 Tra cứu thủ tục", payload::SEARCH),
            Button::new("🌐 Dịch vụ công trực tuyến", payload::ONLINE),
            Button::new(render::FEEDBACK_LABEL, payload::FEEDBACK),
            Button::new("📋 Tra cứu phản ánh", payload::TICKET),
            Button::new(render::HOTLINE_LABEL, payload::HOTLINE),
            Button::new("📑 Kế hoạch CCHC", payload::PLANS),
        ];
        Message::with_buttons(render::greeting(&self.bot), buttons)
    }

    fn menu(&self, s: &Searcher, text: &str) -> Option<Message> {
        match text {
            payload::SEARCH => Some(Message::text(render::ask_for_question())),
            payload::ONLINE => Some(self.online_list(s, "")),
            payload::PLANS => Some(Message::text(render::plan_list(&plan_titles(s)))),
            _ => None,
        }
    }

    fn search(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        text: &str,
    ) -> (Vec<Message>, Option<String>, bool) {
        let decided = match super::decide(s, text) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "search failed");
                return (
                    vec![Message::text(render::internal_error(&self.bot))],
                    None,
                    false,
                );
            }
        };
        let result = &decided.result;
        let top = result.hits.first().map(|h| s.entry(h.ord).id().to_owned());
        match decided.outcome() {
            Outcome::Answer => {
                let id = top.clone().unwrap_or_default();
                let (messages, _, _) = self.open(s, state, &id, &decided.facets);
                (messages, top, true)
            }
            Outcome::Choices => {
                let entries: Vec<&Entry> = result.choice_hits().map(|h| s.entry(h.ord)).collect();
                let titles: Vec<String> = entries.iter().map(|e| e.title()).collect();
                let buttons: Vec<Button> = entries
                    .iter()
                    .map(|e| {
                        Button::new(
                            short_label(&e.title()),
                            format!("{}{}", payload::OPEN, e.id()),
                        )
                    })
                    .collect();
                (
                    vec![Message::with_buttons(
                        render::choices(&titles, &self.bot),
                        buttons,
                    )],
                    top,
                    false,
                )
            }
            Outcome::Decline if !decided.has_topic => (
                vec![Message::text(render::ask_for_topic(&self.bot))],
                top,
                false,
            ),
            Outcome::Decline if decided.off_topic() => {
                let buttons = vec![Button::new(render::HOTLINE_LABEL, payload::HOTLINE)];
                (
                    vec![Message::with_buttons(render::off_topic(&self.bot), buttons)],
                    top,
                    false,
                )
            }
            Outcome::Decline => {
                let buttons = vec![
                    Button::new(render::FEEDBACK_LABEL, payload::FEEDBACK),
                    Button::new(render::HOTLINE_LABEL, payload::HOTLINE),
                ];
                (
                    vec![Message::with_buttons(render::no_match(&self.bot), buttons)],
                    top,
                    false,
                )
            }
        }
    }

    /// Shows an entry by id: a short procedure card with buttons, or a plan section.
    fn open(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        id: &str,
        facets: &[Facet],
    ) -> (Vec<Message>, Option<String>, bool) {
        match s.by_id(id) {
            Some(Entry::Procedure(p)) => {
                state.last_procedure = Some(p.id.clone());
                let text = render::procedure_summary(p, facets, &self.bot, &super::kb_date(s));
                (
                    vec![Message::with_buttons(text, card_buttons(p, facets))],
                    Some(p.id.clone()),
                    true,
                )
            }
            Some(Entry::Plan(section)) => (
                vec![Message::text(render::plan_section(section))],
                Some(section.id.clone()),
                true,
            ),
            None => (vec![Message::text(render::no_context())], None, false),
        }
    }

    fn facet_payload(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        rest: &str,
    ) -> (Vec<Message>, Option<String>, bool) {
        let (facet, id) = rest.split_once(':').unwrap_or((rest, ""));
        match (Facet::from_name(facet), s.by_id(id)) {
            (Some(f), Some(Entry::Procedure(p))) => {
                state.last_procedure = Some(p.id.clone());
                (
                    vec![Message::text(render::facet_text(p, f))],
                    Some(p.id.clone()),
                    true,
                )
            }
            _ => (vec![Message::text(render::no_context())], None, false),
        }
    }

    /// "lệ phí bao nhiêu?" after a card: answer about the last procedure shown.
    fn follow_up(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        facets: &[Facet],
    ) -> (Vec<Message>, Option<String>, bool) {
        let last = state
            .last_procedure
            .clone()
            .and_then(|id| match s.by_id(&id) {
                Some(Entry::Procedure(p)) => Some(p.clone()),
                _ => None,
            });
        let Some(p) = last else {
            return (vec![Message::text(render::no_context())], None, false);
        };
        let text = facets
            .iter()
            .map(|f| render::facet_text(&p, *f))
            .collect::<Vec<_>>()
            .join("\n\n");
        let text = format!("Dạ, về thủ tục «{}»:\n{}", p.name, text);
        (vec![Message::text(text)], Some(p.id.clone()), true)
    }

    fn online_list(&self, s: &Searcher, question: &str) -> Message {
        let field_words = folded_words(question);
        let full: Vec<&Procedure> = s
            .entries()
            .iter()
            .filter_map(|e| match e {
                Entry::Procedure(p) if p.online.level == OnlineLevel::Full => Some(p.as_ref()),
                _ => None,
            })
            .collect();
        let named_field: Vec<&Procedure> = full
            .iter()
            .copied()
            .filter(|p| {
                let f = folded_words(&p.field);
                !f.is_empty() && f.iter().all(|w| field_words.contains(w))
            })
            .collect();
        let chosen = if named_field.is_empty() {
            full
        } else {
            named_field
        };
        // Curated (hand-written) procedures first, then imported ones.
        let mut ordered: Vec<&Procedure> = chosen
            .iter()
            .copied()
            .filter(|p| !p.is_imported())
            .collect();
        ordered.extend(chosen.iter().copied().filter(|p| p.is_imported()));
        let total = ordered.len();
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for p in ordered.into_iter().take(MAX_ONLINE_LISTED) {
            match groups.iter_mut().find(|(f, _)| *f == p.field) {
                Some((_, names)) => names.push(p.name.clone()),
                None => groups.push((p.field.clone(), vec![p.name.clone()])),
            }
        }
        Message::text(render::online_services(&groups, total))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Tickets(#[from] TicketError),
}

/// The parts of a card behind buttons: the forms where the procedure has some; none for
/// a catalogue-only entry, whose details are on the portal page (the hotline instead).
fn card_buttons(p: &Procedure, asked: &[Facet]) -> Vec<Button> {
    if p.is_catalogue_only() {
        return vec![Button::new(render::HOTLINE_LABEL, payload::HOTLINE)];
    }
    let forms = (!p.forms.is_empty()).then_some((Facet::Forms, render::FORMS_LABEL));
    CARD_BUTTONS
        .iter()
        .copied()
        .chain(forms)
        .filter(|(f, _)| !asked.contains(f))
        .map(|(f, label)| Button::new(label, format!("{}{}:{}", payload::FACET, f.name(), p.id)))
        .collect()
}

/// A numbered answer ("2") picks the matching choice offered last.
fn resolve_number(text: &str, state: &ConversationState) -> String {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= state.choices.len() => state.choices[n - 1].clone(),
        _ => text.to_owned(),
    }
}

fn asks_online_list(folded: &str) -> bool {
    let online = ["truc tuyen", "online", "qua mang"]
        .iter()
        .any(|c| folded.contains(c));
    let list = [
        "thu tuc nao",
        "nhung thu tuc",
        "cac thu tuc",
        "danh sach",
        "dich vu nao",
        "nhung dich vu",
        "cac dich vu",
    ]
    .iter()
    .any(|c| folded.contains(c));
    let dvc = folded == "dich vu cong truc tuyen"
        || folded == "dich vu cong"
        || folded == "dvc truc tuyen";
    dvc || (online && list)
}

fn plan_titles(s: &Searcher) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for e in s.entries() {
        if let Entry::Plan(p) = e {
            if !titles.contains(&p.plan_title) {
                titles.push(p.plan_title.clone());
            }
        }
    }
    titles
}

/// Button labels stay short enough for every channel.
fn short_label(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        let mut s: String = title.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}
