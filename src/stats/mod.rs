//! The figures the people who run the service look at: a period's conversations,
//! questions, outcomes, votes and tickets ([`figures`]), the content gaps ([`gaps`]),
//! server-drawn SVG charts ([`charts`]), the overview with the previous period
//! ([`summary`]) and the periodic report as HTML, CSV or JSON ([`report`]). Everything is
//! computed from what is stored; nothing is estimated.

pub mod charts;
pub mod figures;
pub mod gaps;
pub mod period;
pub mod report;
pub mod summary;

pub use period::{Period, PeriodError};
pub use summary::Summary;

use crate::channel::Channel;
use crate::events::{EventError, EventStore};
use crate::tickets::{Deadlines, TicketError, TicketFilter, TicketStore};
use crate::time::now_secs;

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error(transparent)]
    Events(#[from] EventError),
    #[error(transparent)]
    Tickets(#[from] TicketError),
}

/// Where the figures come from.
pub struct Sources<'a> {
    pub events: &'a dyn EventStore,
    pub tickets: &'a dyn TicketStore,
    pub deadlines: &'a Deadlines,
    /// The title of a procedure id (from the serving knowledge base).
    pub titles: &'a dyn Fn(&str) -> Option<String>,
    /// The units whose tickets count (a unit officer's); `None` for every ticket.
    pub ticket_scope: Option<Vec<String>>,
}

/// The summary of `period` on `channel` (every channel when `None`), with the period
/// before it.
pub fn summarize(
    period: &Period,
    channel: Option<Channel>,
    sources: &Sources,
) -> Result<Summary, StatsError> {
    let previous = period.previous();
    let questions = sources.events.questions(previous.from, period.to)?;
    let votes = sources.events.votes(previous.from, period.to)?;
    let tickets = sources.tickets.list(&TicketFilter {
        from: Some(previous.from),
        to: Some(period.to),
        scope: sources.ticket_scope.clone(),
        ..TicketFilter::default()
    })?;
    let now = now_secs();
    let stored = figures::Stored {
        questions: &questions,
        votes: &votes,
        tickets: &tickets,
        deadlines: sources.deadlines,
        titles: sources.titles,
        now,
    };
    let split = questions.partition_point(|q| q.at < period.from);
    let asked: Vec<_> = questions[split..]
        .iter()
        .filter(|q| channel.is_none_or(|c| c == q.channel))
        .cloned()
        .collect();
    let gaps = gaps::content_gaps(
        &asked,
        &votes,
        &sources.events.handled_gaps()?,
        sources.titles,
    );
    Ok(Summary {
        current: figures::compute(period, channel, &stored),
        previous: figures::compute(&previous, channel, &stored),
        gaps,
        made_at: now,
    })
}
