//! Telegram through teloxide: long polling by default, webhook when configured.
//!
//! Text and button presses go to the engine; replies become messages of at most 4,096
//! characters with inline keyboards; a reply linking a form file (`/forms/...`) sends the
//! file as a document. Stickers, photos, voice and edited messages get a
//! polite request to type the question. Requests go through teloxide's `Throttle`, which
//! respects Telegram's limits and 429 `retry_after`.

use crate::storage::Table;
use std::future::Future;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use sha2::{Digest, Sha256};
use teloxide::adaptors::throttle::{Limits, Throttle};
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, UpdateKind,
};
use teloxide::RequestError;

use super::seen::SeenUpdates;
use super::split_text;
use crate::channel::Channel;
use crate::chat::{render, Engine, Incoming, Message as Reply};

/// Telegram's limit on one message's text.
pub const MAX_MESSAGE: usize = 4096;
/// Telegram's limit on callback data, in bytes.
const MAX_CALLBACK_DATA: usize = 64;
/// Prefix of a shortened callback payload.
const SHORT_PREFIX: &str = "p:";
/// Header Telegram sends with every webhook call when a secret is set.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

pub type TgBot = Throttle<Bot>;

/// What the Telegram channel needs.
#[derive(Clone)]
pub struct Telegram {
    pub bot: TgBot,
    pub engine: Arc<Engine>,
    /// Long button payloads, stored under a short hash (callback data is 64 bytes at most).
    pub payloads: Table,
    /// Folder of the form files (`knowledge/forms`): a reply linking one sends it as a
    /// document.
    pub forms_dir: Option<std::path::PathBuf>,
}

/// A bot talking to `api_url` (the official Bot API when `None`), throttled.
pub fn make_bot(token: &str, api_url: Option<reqwest::Url>) -> TgBot {
    let mut bot = Bot::new(token);
    if let Some(url) = api_url {
        bot = bot.set_api_url(url);
    }
    bot.throttle(Limits::default())
}

/// The commands shown in Telegram's menu.
pub fn commands() -> Vec<BotCommand> {
    render::COMMANDS
        .iter()
        .map(|(command, description)| BotCommand::new(*command, *description))
        .collect()
}

impl Telegram {
    /// Registers the commands, then long-polls until the process stops.
    pub async fn run_polling(self) {
        self.run_polling_until(std::future::pending()).await
    }

    /// Long polling until `stop` completes; the updates being handled then are finished.
    pub async fn run_polling_until(self, stop: impl Future<Output = ()> + Send + 'static) {
        if let Err(e) = self.bot.set_my_commands(commands()).await {
            tracing::warn!(error = %e, "telegram setMyCommands failed");
        }
        let handler = dptree::endpoint(|tg: Telegram, update: Update| async move {
            tg.handle_update(update).await;
            Ok::<(), RequestError>(())
        });
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), handler)
            .dependencies(dptree::deps![self])
            .default_handler(|_| async {})
            .build();
        let token = dispatcher.shutdown_token();
        let stopper = tokio::spawn(async move {
            stop.await;
            // Refused while the dispatcher has not started yet: try again shortly.
            loop {
                match token.shutdown() {
                    Ok(done) => return done.await,
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
                }
            }
        });
        dispatcher.dispatch().await;
        // Polling may end on its own: `stop` (which may hold a lock) goes with it.
        stopper.abort();
    }

    /// Routes of webhook mode: `POST /telegram/webhook`, checking the secret header;
    /// an update delivered again is answered once (ids remembered in memory).
    pub fn webhook_router(self, secret: String) -> Router {
        self.webhook_router_with(secret, SeenUpdates::in_memory())
    }

    /// [`webhook_router`](Self::webhook_router) remembering handled update ids in `seen`
    /// (`serve` keeps them in the database).
    pub fn webhook_router_with(self, secret: String, seen: SeenUpdates) -> Router {
        let hook = Webhook {
            secret,
            seen: Arc::new(seen),
        };
        Router::new()
            .route("/telegram/webhook", post(webhook))
            .with_state((self, Arc::new(hook)))
    }

    /// Handles one update; delivery problems are logged, never raised.
    pub async fn handle_update(&self, update: Update) {
        let result = match update.kind {
            UpdateKind::Message(msg) => self.on_message(msg).await,
            UpdateKind::EditedMessage(msg) => {
                self.send_text(msg.chat.id, &render::not_text()).await
            }
            UpdateKind::CallbackQuery(q) => self.on_callback(q).await,
            _ => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "telegram delivery failed");
        }
    }

    async fn on_message(&self, msg: teloxide::types::Message) -> Result<(), RequestError> {
        match msg.text() {
            Some(text) => {
                let user = msg.from.as_ref().map_or(msg.chat.id.0, |u| u.id.0 as i64);
                self.converse(msg.chat.id, &user.to_string(), text).await
            }
            None => self.send_text(msg.chat.id, &render::not_text()).await,
        }
    }

    async fn on_callback(&self, q: CallbackQuery) -> Result<(), RequestError> {
        self.bot.answer_callback_query(q.id.clone()).await?;
        let chat = q
            .message
            .as_ref()
            .map_or(ChatId(q.from.id.0 as i64), |m| m.chat().id);
        let Some(data) = q.data.as_deref() else {
            return Ok(());
        };
        let payload = self.expand_payload(data);
        self.converse(chat, &q.from.id.0.to_string(), &payload)
            .await
    }

    async fn converse(&self, chat: ChatId, user: &str, text: &str) -> Result<(), RequestError> {
        let engine = self.engine.clone();
        let incoming = Incoming::new(Channel::Telegram, user, text);
        let replies = tokio::task::spawn_blocking(move || engine.handle(&incoming))
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "telegram conversation task failed");
                Vec::new()
            });
        for reply in replies {
            self.send_reply(chat, &reply).await?;
        }
        Ok(())
    }

    /// Sends one reply: split into parts, the keyboard under the last part.
    pub async fn send_reply(&self, chat: ChatId, reply: &Reply) -> Result<(), RequestError> {
        let parts = split_text(&reply.text, MAX_MESSAGE);
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.into_iter().enumerate() {
            let request = self.bot.send_message(chat, part);
            if i == last && !reply.buttons.is_empty() {
                request.reply_markup(self.keyboard(reply)).await?;
            } else {
                request.await?;
            }
        }
        let forms = self
            .forms_dir
            .as_deref()
            .map_or_else(Vec::new, |dir| super::forms::linked_files(dir, &reply.text));
        for path in forms {
            self.bot.send_document(chat, InputFile::file(path)).await?;
        }
        Ok(())
    }

    async fn send_text(&self, chat: ChatId, text: &str) -> Result<(), RequestError> {
        self.send_reply(chat, &Reply::text(text)).await
    }

    fn keyboard(&self, reply: &Reply) -> InlineKeyboardMarkup {
        let rows = reply
            .buttons
            .iter()
            .map(|b| {
                vec![InlineKeyboardButton::callback(
                    b.label.clone(),
                    self.shorten_payload(&b.payload),
                )]
            })
            .collect::<Vec<_>>();
        InlineKeyboardMarkup::new(rows)
    }

    /// Payloads longer than callback data allows are stored and sent as a short key.
    fn shorten_payload(&self, payload: &str) -> String {
        if payload.len() <= MAX_CALLBACK_DATA {
            return payload.to_owned();
        }
        let digest = Sha256::digest(payload.as_bytes());
        let key = format!("{SHORT_PREFIX}{}", hex::encode(&digest[..12]));
        if let Err(e) = self.payloads.insert(key.as_bytes(), payload.as_bytes()) {
            tracing::warn!(error = %e, "cannot store a telegram button payload");
        }
        key
    }

    fn expand_payload(&self, data: &str) -> String {
        if !data.starts_with(SHORT_PREFIX) {
            return data.to_owned();
        }
        match self.payloads.get(data.as_bytes()) {
            Ok(Some(v)) => String::from_utf8_lossy(&v).into_owned(),
            _ => "/start".to_owned(),
        }
    }
}

/// What webhook mode checks: the secret header, and update ids already handled.
struct Webhook {
    secret: String,
    seen: Arc<SeenUpdates>,
}

async fn webhook(
    State((tg, hook)): State<(Telegram, Arc<Webhook>)>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let given = headers.get(SECRET_HEADER).and_then(|v| v.to_str().ok());
    if !given
        .is_some_and(|g| crate::security::constant_time_eq(g.as_bytes(), hook.secret.as_bytes()))
    {
        return StatusCode::UNAUTHORIZED;
    }
    match serde_json::from_slice::<Update>(&body) {
        Ok(update) => {
            if hook.seen.first_time(update.id.0) {
                tokio::spawn(async move { tg.handle_update(update).await });
            } else {
                tracing::info!(
                    update_id = update.id.0,
                    "telegram webhook: update delivered again, skipped"
                );
            }
            StatusCode::OK
        }
        Err(e) => {
            tracing::warn!(error = %e, "telegram webhook: unreadable update");
            StatusCode::OK
        }
    }
}
