//! The conversation engine: (channel, user, text) in, messages with buttons out.
//!
//! Channel-agnostic: adapters turn their updates into [`Incoming`] and render the
//! [`Message`]s. It keeps per-user state (last procedure shown, a feedback draft) for
//! follow-ups ("lệ phí bao nhiêu?"), drives the feedback dialogue and files its tickets,
//! hands dossier look-ups to [`dossier`], rate-limits each user and logs every reply
//! without personal data.

use std::sync::Arc;

use super::dialogue::{self, Draft, Transition};
use super::facet::Facet;
use super::intent::{self, Command};
use super::message::{Incoming, Message};
use super::payload::Payload;
use super::place::{mentions_district, Places};
use super::ratings::Ratings;
use super::render;
use super::replylog::ReplyLog;
use super::smalltalk::{self, SmallTalk};
use super::state::{ConversationState, Conversations, StateError};
use super::turn::Turn;
use super::{dossier, listing, lookup, satisfaction};
use crate::channel::Channel;
use crate::config::BotConfig;
use crate::dossiers::{DossierError, DossierStore};
use crate::limiter::RateLimiter;
use crate::search::{Entry, LiveSearcher, Manifest, Outcome, Searcher};
use crate::text::folded_words;
use crate::tickets::{TicketError, TicketStore};

pub use super::input::MAX_INPUT_CHARS;
use super::input::{read_input, remember_choices, resolve_number};
/// Messages a user may send per minute.
pub const MESSAGES_PER_MINUTE: usize = 20;
/// Conversation state expires after this much idle time.
pub const IDLE_SECS: u64 = 30 * 60;
/// What the reply log records instead of a feedback text (which may hold personal data).
const FEEDBACK_LOG_TEXT: &str = "(phản ánh)";
/// What the reply log records instead of a dossier look-up (codes and verification digits).
const DOSSIER_LOG_TEXT: &str = "(tra cứu hồ sơ)";

pub struct Engine {
    searcher: Arc<LiveSearcher>,
    bot: BotConfig,
    states: Arc<dyn Conversations>,
    tickets: Arc<dyn TicketStore>,
    limiter: RateLimiter,
    log: Option<ReplyLog>,
    dossiers: Option<Arc<dyn DossierStore>>,
    dossier_limiter: RateLimiter,
    places: Places,
    ratings: Option<Ratings>,
}

impl Engine {
    /// An engine over the stores `server` assembled.
    pub fn new(
        searcher: Arc<LiveSearcher>,
        bot: BotConfig,
        states: Arc<dyn Conversations>,
        tickets: Arc<dyn TicketStore>,
        log: Option<ReplyLog>,
    ) -> Engine {
        Engine {
            searcher,
            bot,
            states,
            tickets,
            limiter: RateLimiter::new(MESSAGES_PER_MINUTE),
            log,
            dossiers: None,
            dossier_limiter: RateLimiter::new(dossier::LOOKUPS_PER_MINUTE),
            places: Places::default(),
            ratings: None,
        }
    }

    /// The same engine answering dossier look-ups from `store`.
    pub fn with_dossiers(mut self, store: Arc<dyn DossierStore>) -> Engine {
        self.dossiers = Some(store);
        self
    }

    /// The same engine recording questions and votes through `ratings`.
    pub fn with_ratings(mut self, ratings: Ratings) -> Engine {
        self.ratings = Some(ratings);
        self
    }

    /// The same engine reading places within `places` (the served province).
    pub fn with_places(mut self, places: Places) -> Engine {
        self.places = places;
        self
    }

    /// The same engine allowing `per_minute` messages per user (0: no per-user limit).
    /// The same engine counting its per-user and dossier look-up limits in `counts`
    /// (shared by replicas).
    pub fn with_shared_limits(mut self, counts: Arc<dyn crate::limiter::SharedCounts>) -> Engine {
        self.limiter = self.limiter.shared(counts.clone(), "chat-user");
        self.dossier_limiter = self.dossier_limiter.shared(counts, "dossier-lookup");
        self
    }

    pub fn with_user_limit(mut self, per_minute: usize) -> Engine {
        self.limiter = RateLimiter::new(if per_minute == 0 {
            usize::MAX
        } else {
            per_minute
        });
        self
    }

    pub fn bot(&self) -> &BotConfig {
        &self.bot
    }

    /// What the serving knowledge base is (version, build date, counts).
    pub fn knowledge_info(&self) -> Manifest {
        self.searcher.get().manifest().clone()
    }

    /// The knowledge base version shown to citizens (the serving build's date).
    pub fn knowledge_date(&self) -> String {
        super::kb_date(&self.searcher.get())
    }

    /// Handles one incoming message. Never fails: problems become a polite reply.
    pub fn handle(&self, incoming: &Incoming) -> Vec<Message> {
        if !self.admit(incoming.channel, &incoming.user_id) {
            return vec![Message::text(render::rate_limited())];
        }
        self.answer(incoming)
    }

    /// Counts a message of this user against the per-user limit; false (nothing
    /// counted) when the user is over it. Channels that answer a limited request
    /// themselves (the web chat: HTTP 429) call this, then [`answer`](Self::answer).
    pub fn admit(&self, channel: Channel, user: &str) -> bool {
        self.limiter.allow(&format!("{channel}:{user}"))
    }

    /// Handles one message already admitted (no rate limit). Never fails.
    pub fn answer(&self, incoming: &Incoming) -> Vec<Message> {
        match self.converse(incoming) {
            Ok(messages) => messages,
            Err(e) => {
                tracing::error!(error = %e, channel = %incoming.channel, "conversation failed");
                vec![Message::text(render::internal_error(&self.bot))]
            }
        }
    }

    fn converse(&self, incoming: &Incoming) -> Result<Vec<Message>, EngineError> {
        let (channel, user) = (incoming.channel, incoming.user_id.as_str());
        let mut state = self.states.load(channel, user)?;
        let searcher = self.searcher.get();
        let (text, notice) = read_input(&incoming.text, &state);
        let text = resolve_number(text.trim(), &state);
        let mut log_text = None;
        let mut turn = if let Some(draft) = state.feedback.take() {
            self.continue_feedback(&mut state, draft, &text, channel, user)?
        } else if let Some(message) = self
            .ratings
            .as_ref()
            .and_then(|r| r.handle(&text, channel, user, &mut state))
        {
            Turn::handled(vec![message])
        } else if let Some(m) = satisfaction::reply(&text, channel, user, self.tickets.as_ref())? {
            Turn::handled(vec![m])
        } else if lookup::asks_lookup(&text) {
            Turn::handled(vec![lookup::reply(
                &text,
                channel,
                user,
                self.tickets.as_ref(),
            )?])
        } else if let Some(message) = self.dossier(&searcher, &mut state, &text, channel, user)? {
            log_text = Some(DOSSIER_LOG_TEXT);
            Turn::handled(vec![message])
        } else if let Some(turn) = self.start_feedback(&searcher, &mut state, &text, channel, user)
        {
            turn
        } else {
            self.route(&searcher, &mut state, &text)
        };
        if let Some(ratings) = &self.ratings {
            ratings.record_turn(
                &mut turn,
                &super::kb_date(&searcher),
                &text,
                (channel, user),
            );
        }
        let messages: Vec<Message> = notice.into_iter().chain(turn.messages).collect();
        remember_choices(&mut state, &messages);
        self.states.save(channel, user, &state)?;
        if let Some(log) = &self.log {
            let question = match (&state.feedback, log_text) {
                (Some(_), _) => FEEDBACK_LOG_TEXT,
                (None, Some(replaced)) => replaced,
                (None, None) => text.as_str(),
            };
            log.record(channel, user, question, turn.top.as_deref(), turn.answered);
        }
        Ok(messages)
    }

    /// A step of a dossier look-up, when the text is one and dossiers are served.
    fn dossier(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        text: &str,
        channel: Channel,
        user: &str,
    ) -> Result<Option<Message>, EngineError> {
        let Some(store) = &self.dossiers else {
            return Ok(None);
        };
        let desk = dossier::Desk {
            store: store.as_ref(),
            searcher: s,
            bot: &self.bot,
            limiter: &self.dossier_limiter,
            channel,
            user,
        };
        Ok(desk.handle(state, text)?)
    }

    /// Starts the feedback dialogue when the text asks for it.
    fn start_feedback(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        text: &str,
        channel: Channel,
        user: &str,
    ) -> Option<Turn> {
        let suggested = state.last_procedure_in(s).map(|p| p.name.clone());
        let id = dialogue::new_draft_id(channel, user);
        let (draft, first) = dialogue::start(text, suggested, state.place.clone(), id)?;
        state.feedback = Some(draft);
        Some(Turn::handled(vec![first]))
    }

    /// One step of the dialogue; a confirmed draft is filed (once per draft) and flushed
    /// before its code is shown.
    fn continue_feedback(
        &self,
        state: &mut ConversationState,
        draft: Draft,
        text: &str,
        channel: Channel,
        user: &str,
    ) -> Result<Turn, EngineError> {
        let messages = match dialogue::step(draft, text, &self.places) {
            Transition::Ask(draft, messages) => {
                state.place = draft.unit.clone().or(state.place.take());
                state.feedback = Some(draft);
                messages
            }
            Transition::Cancelled(messages) => messages,
            Transition::File(draft) => {
                state.place = draft.unit.clone().or(state.place.take());
                let ticket = self
                    .tickets
                    .create_once(draft.to_ticket(channel, user), &draft.id)?;
                vec![render::feedback::filed_message(&ticket.code, &self.bot)]
            }
        };
        Ok(Turn::handled(messages))
    }

    /// Commands, menus, buttons, small talk, follow-ups, and otherwise a search.
    fn route(&self, s: &Searcher, state: &mut ConversationState, text: &str) -> Turn {
        if let Some(command) = intent::command(text) {
            return Turn::handled(vec![self.command(command)]);
        }
        match smalltalk::detect(text) {
            Some(SmallTalk::Greeting) => return Turn::handled(vec![self.greeting()]),
            Some(kind) => {
                return Turn::handled(vec![Message::text(render::small_talk(kind, &self.bot))])
            }
            None => {}
        }
        if let Some(payload) = Payload::parse(text) {
            if let Some(turn) = self.press(s, state, payload) {
                return turn;
            }
        }
        if intent::asks_online_list(&folded_words(text).join(" ")) {
            return Turn::handled(vec![listing::online_services(s, text)]);
        }
        let names_run = |run: &[String]| s.names_run(run);
        let facets = Facet::detect_in(text, &names_run);
        if !facets.is_empty() && !s.has_topic(&Facet::strip_cues(text, &names_run)) {
            return self.follow_up(s, state, &facets);
        }
        self.search(s, state, text)
    }

    fn command(&self, command: Command) -> Message {
        match command {
            Command::Menu => self.greeting(),
            Command::Hotline => Message::text(render::hotline(&self.bot)),
            Command::FeedbackChannels => Message::text(render::feedback_channels(&self.bot)),
        }
    }

    fn greeting(&self) -> Message {
        render::greeting_message(&self.bot)
    }

    /// A button pressed; `None` for payloads that only mean something elsewhere.
    fn press(&self, s: &Searcher, state: &mut ConversationState, payload: Payload) -> Option<Turn> {
        let message = match payload {
            Payload::Search => Message::text(render::ask_for_question()),
            Payload::Online => listing::online_services(s, ""),
            Payload::Plans => listing::plans_message(s),
            Payload::Open(id) => return Some(self.open(s, state, &id, &[], "").picked()),
            Payload::Facet(facet, id) => return Some(self.facet(s, state, facet, &id)),
            // A button of a feedback dialogue that is over (sent or cancelled).
            Payload::Keep
            | Payload::Skip
            | Payload::Confirm
            | Payload::Cancel
            | Payload::Agree
            | Payload::Anonymous
            | Payload::Edit
            | Payload::EditPart(_)
            | Payload::Unit(_) => Message::text(render::feedback::dialogue_over()),
            // Votes when no event store is kept.
            Payload::Rate { .. } | Payload::RateReason { .. } => {
                Message::text(render::feedback::rating_gone())
            }
            _ => return None,
        };
        Some(Turn::handled(vec![message]))
    }

    fn search(&self, s: &Searcher, state: &mut ConversationState, text: &str) -> Turn {
        let asked = text;
        let text = match self.places.named_in_question(text) {
            Some((unit, rest)) => {
                state.place = Some(unit);
                // A message that only names the place is searched as written.
                if rest.trim().is_empty() {
                    text.to_owned()
                } else {
                    rest
                }
            }
            None => text.to_owned(),
        };
        let text = text.as_str();
        let decided = match super::decide(s, text) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "search failed");
                let message = Message::text(render::internal_error(&self.bot));
                return Turn::unanswered(message, None);
            }
        };
        let top = decided
            .result
            .hits
            .first()
            .map(|h| s.entry(h.ord).id().to_owned());
        let turn = match (decided.outcome(), top) {
            (Outcome::Answer, Some(id)) => self.open(s, state, &id, &decided.facets, asked),
            (_, top) => Turn::unanswered(super::unanswered_message(s, &self.bot, &decided), top),
        };
        turn.decided(decided.outcome())
    }

    /// Shows an entry by id, as the answer to `asked` when it was asked: a short
    /// procedure card with buttons (naming the citizen's office), or a plan section.
    fn open(
        &self,
        s: &Searcher,
        state: &mut ConversationState,
        id: &str,
        facets: &[Facet],
        asked: &str,
    ) -> Turn {
        match s.by_id(id) {
            Some(Entry::Procedure(p)) => {
                state.last_procedure = Some(p.id.clone());
                let mut text = render::procedure_summary(p, facets, &self.bot, &super::kb_date(s));
                let unit = state
                    .place
                    .as_ref()
                    .and_then(|u| self.places.in_sentence(&u.code));
                let local = render::Local {
                    unit: unit.as_deref(),
                    asked_district: mentions_district(asked),
                };
                if let Some(note) = render::local_note(p, local) {
                    text = text.replacen('\n', &format!("\n{note}\n"), 1);
                }
                let buttons = render::card_buttons(p, facets, &text);
                Turn::shown(Message::with_buttons(text, buttons), p.id.clone())
            }
            Some(Entry::Plan(section)) => Turn::shown(
                Message::text(render::plan_section(section)),
                section.id.clone(),
            ),
            None => Turn::unanswered(Message::text(render::no_context()), None),
        }
    }

    /// One facet of a procedure, from its card's button.
    fn facet(&self, s: &Searcher, state: &mut ConversationState, facet: Facet, id: &str) -> Turn {
        match s.by_id(id) {
            Some(Entry::Procedure(p)) => {
                state.last_procedure = Some(p.id.clone());
                Turn::shown(Message::text(render::facet_text(p, facet)), p.id.clone())
            }
            _ => Turn::unanswered(Message::text(render::no_context()), None),
        }
    }

    /// "lệ phí bao nhiêu?" after a card: answer about the last procedure shown.
    fn follow_up(&self, s: &Searcher, state: &ConversationState, facets: &[Facet]) -> Turn {
        let Some(p) = state.last_procedure_in(s) else {
            return Turn::unanswered(Message::text(render::no_context()), None);
        };
        let texts: Vec<String> = facets.iter().map(|f| render::facet_text(p, *f)).collect();
        Turn::shown(
            Message::text(render::follow_up(&p.name, &texts)),
            p.id.clone(),
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Tickets(#[from] TicketError),
    #[error(transparent)]
    Dossiers(#[from] DossierError),
}
