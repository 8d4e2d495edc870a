//! Delivers what waits in the outbox (staff answers, dossier status changes) to the
//! citizen's channel.
//!
//! Runs in `serve`. A failed delivery stays in the outbox, is retried with growing
//! delays, and shows in the ticket history for staff (ticket answers). A staff answer
//! comes with the satisfaction question and its buttons (a numbered list on the web and
//! Zalo, whose numbers the conversation remembers). Logs name the subject and channel,
//! never the code or the user.

use std::sync::Arc;
use std::time::Duration;

use teloxide::types::ChatId;

use super::telegram::Telegram;
use super::web::WebInbox;
use super::zalo::Zalo;
use crate::channel::Channel;
use crate::chat::state::Conversations;
use crate::chat::{render, Message};
use crate::tickets::{Delivery, Outbox, Subject, TicketStore};

/// Failed attempts recorded one by one in the history; later ones every tenth.
const RECORDED_FAILURES: u32 = 5;
/// How long a claimed delivery is kept from other replicas' notifiers: longer than any
/// sending attempt takes; a delivery left by a notifier that died is sent after it.
const CLAIM_LEASE_SECS: u64 = 300;

pub struct Notifier {
    pub outbox: Arc<dyn Outbox>,
    pub tickets: Arc<dyn TicketStore>,
    /// Conversations, to remember the answer's buttons for a number typed back.
    pub states: Arc<dyn Conversations>,
    pub web: WebInbox,
    pub telegram: Option<Telegram>,
    pub zalo: Option<Zalo>,
}

impl Notifier {
    pub async fn run(self, every: Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            self.deliver_due().await;
        }
    }

    pub async fn deliver_due(&self) {
        let due = match self.outbox.claim_due(CLAIM_LEASE_SECS) {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim the due deliveries");
                return;
            }
        };
        for d in due {
            let result = self.deliver(&d).await;
            if let Err(e) = self.record(&d, result) {
                tracing::warn!(error = %e, subject = ?d.subject, "cannot record a delivery");
            }
        }
    }

    /// What the citizen receives: a staff answer asks for a rating with buttons.
    fn message(d: &Delivery) -> Message {
        match d.subject {
            Subject::Ticket => render::feedback::answer_with_satisfaction(&d.text, &d.code),
            Subject::Dossier => Message::text(d.text.clone()),
        }
    }

    /// Keeps the buttons' payloads as the user's numbered choices.
    fn remember_buttons(&self, d: &Delivery, message: &Message) {
        let Ok(mut state) = self.states.load(d.channel, &d.user_id) else {
            return;
        };
        state.choices = message.buttons.iter().map(|b| b.payload.clone()).collect();
        if let Err(e) = self.states.save(d.channel, &d.user_id, &state) {
            tracing::warn!(error = %e, "cannot remember the buttons of a delivery");
        }
    }

    async fn deliver(&self, d: &Delivery) -> Result<(), String> {
        let message = Self::message(d);
        if !message.buttons.is_empty() {
            self.remember_buttons(d, &message);
        }
        match d.channel {
            Channel::Web => self
                .web
                .push(&d.user_id, &render::as_numbered_text(&message))
                .map_err(|e| e.to_string()),
            Channel::Telegram => {
                let tg = self.telegram.as_ref().ok_or("Telegram is not configured")?;
                let chat: i64 = d
                    .user_id
                    .parse()
                    .map_err(|_| format!("bad Telegram chat id {}", d.user_id))?;
                tg.send_reply(ChatId(chat), &message)
                    .await
                    .map_err(|e| e.to_string())
            }
            Channel::Zalo => {
                let zalo = self.zalo.as_ref().ok_or("Zalo is not configured")?;
                zalo.send_long(&d.user_id, &render::as_numbered_text(&message))
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }

    fn record(
        &self,
        d: &Delivery,
        result: Result<(), String>,
    ) -> Result<(), crate::tickets::TicketError> {
        let for_ticket = d.subject == Subject::Ticket;
        match result {
            Ok(()) => {
                if !self.outbox.delivered(d)? {
                    tracing::warn!(subject = ?d.subject, "delivered after its claim ran out; another notifier may send it again");
                }
                if for_ticket {
                    let detail = render::delivered_detail(d.channel.as_str());
                    self.tickets
                        .update(&d.code, "system", "delivered", &detail, &|_| {})?;
                }
                tracing::info!(subject = ?d.subject, channel = %d.channel, "message delivered");
            }
            Err(e) => {
                let next = self.outbox.failed(d, &e)?;
                tracing::warn!(subject = ?d.subject, channel = %d.channel, attempts = next.attempts, error = %e, "delivery failed; will retry");
                let recorded =
                    next.attempts <= RECORDED_FAILURES || next.attempts.is_multiple_of(10);
                if for_ticket && recorded {
                    let detail =
                        render::delivery_failed_detail(d.channel.as_str(), next.attempts, &e);
                    self.tickets
                        .update(&d.code, "system", "delivery_failed", &detail, &|_| {})?;
                }
            }
        }
        Ok(())
    }
}
