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
    pub titles: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The units whose tickets count (a unit officer's); `None` for every ticket.
    pub ticket_scope: Option<Vec<String>>,
}

/// The summary of `period` on `channel` (every channel when `None`), with the period
/// before it. The questions are read in two halves, and the gaps and the figures
/// computed, on two threads.
pub fn summarize(
    period: &Period,
    channel: Option<Channel>,
    sources: &Sources,
) -> Result<Summary, StatsError> {
    let previous = period.previous();
    let now = now_secs();
    // Halves by time, each read on its own thread: the days up to the middle of the
    // period's elapsed part, and the rest.
    let middle = period.from + (period.to.min(now).max(period.from) - period.from) / 2;
    let (questions, votes, tickets) = std::thread::scope(|scope| {
        let before = scope.spawn(|| sources.events.questions(previous.from, middle));
        let during = sources.events.questions(middle, period.to);
        let votes = sources.events.votes(previous.from, period.to);
        let tickets = sources.tickets.list(&TicketFilter {
            from: Some(previous.from),
            to: Some(period.to),
            scope: sources.ticket_scope.clone(),
            ..TicketFilter::default()
        });
        let mut questions = before.join().expect("question reader")?;
        questions.extend(during?);
        Ok::<_, StatsError>((questions, votes?, tickets?))
    })?;
    let split = questions.partition_point(|q| q.at < period.from);
    let handled = sources.events.handled_gaps()?;
    let stored = figures::Stored {
        questions: &questions,
        votes: &votes,
        tickets: &tickets,
        deadlines: sources.deadlines,
        titles: sources.titles,
        now,
    };
    let (gaps, current, before) = std::thread::scope(|scope| {
        let gaps = scope.spawn(|| {
            let asked: Vec<_> = questions[split..]
                .iter()
                .filter(|q| channel.is_none_or(|c| c == q.channel))
                .collect();
            gaps::content_gaps(&asked, &votes, &handled, sources.titles)
        });
        let current = figures::compute(period, channel, &stored);
        let before = figures::compute(&previous, channel, &stored);
        (gaps.join().expect("gap grouping"), current, before)
    });
    Ok(Summary {
        current,
        previous: before,
        gaps,
        made_at: now,
    })
}
