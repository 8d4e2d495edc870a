//! The figures of one period and channel, computed from what is stored and nothing
//! else: conversations and questions per day, outcomes and their weekly shares, the 👍
//! share, the procedures most asked and most voted 👎 (with the reasons), and the
//! tickets (received, answered, on time or late against their due date, time to answer,
//! by unit).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::period::Period;
use crate::channel::Channel;
use crate::events::{Asked, Reason, Vote, VoteRecord};
use crate::search::Outcome;
use crate::tickets::{Deadlines, Ticket, TicketRating};
use crate::time::vn_day_number;

/// Longest "top" lists.
pub const TOP: usize = 20;
const DAY: u64 = 86_400;

/// One day of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    /// Unix seconds of the day's midnight (Vietnam).
    pub day: u64,
    /// Distinct users who asked that day.
    pub conversations: usize,
    pub questions: usize,
}

/// Outcomes of the questions of one week (or of the whole period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Outcomes {
    pub answer: usize,
    pub choices: usize,
    pub decline: usize,
}

impl Outcomes {
    pub fn total(&self) -> usize {
        self.answer + self.choices + self.decline
    }

    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Answer => self.answer += 1,
            Outcome::Choices => self.choices += 1,
            Outcome::Decline => self.decline += 1,
        }
    }
}

/// A procedure with a count (asked, or voted 👎 with the reasons).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureCount {
    pub id: String,
    pub title: String,
    pub count: usize,
    /// 👎 reasons and how often, most frequent first (the 👎 list only).
    pub reasons: Vec<(String, usize)>,
}

/// What happened to the tickets filed in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TicketFigures {
    pub received: usize,
    pub answered: usize,
    /// Answered by their due date.
    pub on_time: usize,
    /// Answered after it, or still open (new or in progress) past it.
    pub late: usize,
    /// Mean hours from filing to the first answer, over the answered ones.
    pub mean_hours_to_answer: Option<f64>,
    /// Unit name → (received, answered); "(chưa có đơn vị)" for the common queue.
    pub by_unit: Vec<(String, usize, usize)>,
    /// Citizens' ratings of the handling, best level first: (label, count).
    pub satisfaction: Vec<(String, usize)>,
    /// How many times the raters had to get in touch: once, twice, three times or more.
    pub contacts: [usize; 3],
}

/// Everything the dashboard and the report show for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub period: String,
    pub from: u64,
    pub to: u64,
    /// "web", "telegram", "zalo", or "" for every channel.
    pub channel: String,
    pub questions: usize,
    pub conversations: usize,
    pub per_day: Vec<DayCount>,
    pub outcomes: Outcomes,
    /// Weeks of the period from its first day: (week start, outcomes).
    pub weekly: Vec<(u64, Outcomes)>,
    pub votes_up: usize,
    pub votes_down: usize,
    pub top_asked: Vec<ProcedureCount>,
    pub top_down: Vec<ProcedureCount>,
    pub tickets: TicketFigures,
}

impl Figures {
    /// The 👍 share of the votes, when there are any.
    pub fn up_share(&self) -> Option<f64> {
        let votes = self.votes_up + self.votes_down;
        (votes > 0).then(|| self.votes_up as f64 / votes as f64)
    }

    /// Nothing was asked, voted or filed.
    pub fn is_empty(&self) -> bool {
        self.questions == 0 && self.votes_up + self.votes_down == 0 && self.tickets.received == 0
    }
}

/// What the figures are computed from, all for the period.
pub struct Stored<'a> {
    pub questions: &'a [Asked],
    pub votes: &'a [VoteRecord],
    pub tickets: &'a [Ticket],
    pub deadlines: &'a Deadlines,
    /// The title of a procedure id.
    pub titles: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub now: u64,
}

/// The figures of `period` on `channel` (every channel when `None`).
pub fn compute(period: &Period, channel: Option<Channel>, stored: &Stored) -> Figures {
    let on = |c: Channel| channel.is_none_or(|wanted| wanted == c);
    let answers: Vec<&Asked> = stored
        .questions
        .iter()
        .filter(|q| on(q.channel) && period.from <= q.at && q.at < period.to)
        .collect();
    let kept: HashMap<(u64, u64), &Asked> = answers.iter().map(|q| ((q.at, q.id), *q)).collect();
    // Cards opened from buttons are voted on and counted among the answers shown, but
    // they are not questions.
    let questions: Vec<&Asked> = answers.iter().filter(|q| !q.picked).copied().collect();
    let votes: Vec<(&VoteRecord, &Asked)> = stored
        .votes
        .iter()
        .filter_map(|v| Some((v, *kept.get(&(v.asked.at, v.asked.id))?)))
        .collect();
    let tickets: Vec<&Ticket> = stored
        .tickets
        .iter()
        .filter(|t| on(t.channel) && period.from <= t.created_at && t.created_at < period.to)
        .collect();
    let (per_day, conversations) = per_day(period, &questions);
    let mut outcomes = Outcomes::default();
    questions.iter().for_each(|q| outcomes.add(q.outcome));
    Figures {
        period: period.name.clone(),
        from: period.from,
        to: period.to,
        channel: channel.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        questions: questions.len(),
        conversations,
        per_day,
        outcomes,
        weekly: weekly(period, &questions),
        votes_up: votes.iter().filter(|(v, _)| v.vote == Vote::Up).count(),
        votes_down: votes.iter().filter(|(v, _)| v.vote == Vote::Down).count(),
        top_asked: top_asked(&answers, stored.titles),
        top_down: top_down(&votes, stored.titles),
        tickets: ticket_figures(&tickets, stored.deadlines, stored.now),
    }
}

/// Questions and distinct users per day; distinct user-days in all.
fn per_day(period: &Period, questions: &[&Asked]) -> (Vec<DayCount>, usize) {
    let first = vn_day_number(period.from);
    let mut days: Vec<DayCount> = period
        .days()
        .map(|day| DayCount {
            day,
            conversations: 0,
            questions: 0,
        })
        .collect();
    let mut seen: HashSet<(i64, &str)> = HashSet::new();
    for q in questions {
        let index = vn_day_number(q.at);
        let Some(day) = days.get_mut((index - first) as usize) else {
            continue;
        };
        day.questions += 1;
        if seen.insert((index, q.user.as_str())) {
            day.conversations += 1;
        }
    }
    (days, seen.len())
}

fn weekly(period: &Period, questions: &[&Asked]) -> Vec<(u64, Outcomes)> {
    let weeks = (period.to - period.from).div_ceil(7 * DAY) as usize;
    let mut out: Vec<(u64, Outcomes)> = (0..weeks)
        .map(|w| (period.from + w as u64 * 7 * DAY, Outcomes::default()))
        .collect();
    for q in questions {
        if let Some(week) = out.get_mut(((q.at - period.from) / (7 * DAY)) as usize) {
            week.1.add(q.outcome);
        }
    }
    out
}

/// The `TOP` keys with the highest counts, ties by key.
fn top(counts: HashMap<&str, usize>) -> Vec<(&str, usize)> {
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.truncate(TOP);
    list
}

fn titled(id: &str, count: usize, titles: &dyn Fn(&str) -> Option<String>) -> ProcedureCount {
    ProcedureCount {
        id: id.to_owned(),
        title: titles(id).unwrap_or_else(|| id.to_owned()),
        count,
        reasons: Vec::new(),
    }
}

fn top_asked(questions: &[&Asked], titles: &dyn Fn(&str) -> Option<String>) -> Vec<ProcedureCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for q in questions.iter().filter(|q| q.outcome == Outcome::Answer) {
        if let Some(p) = &q.procedure {
            *counts.entry(p).or_default() += 1;
        }
    }
    top(counts)
        .into_iter()
        .map(|(id, n)| titled(id, n, titles))
        .collect()
}

fn top_down(
    votes: &[(&VoteRecord, &Asked)],
    titles: &dyn Fn(&str) -> Option<String>,
) -> Vec<ProcedureCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut reasons: HashMap<&str, BTreeMap<Reason, usize>> = HashMap::new();
    for (v, q) in votes.iter().filter(|(v, _)| v.vote == Vote::Down) {
        let Some(p) = q.procedure.as_deref() else {
            continue;
        };
        *counts.entry(p).or_default() += 1;
        if let Some(r) = v.reason {
            *reasons.entry(p).or_default().entry(r).or_default() += 1;
        }
    }
    top(counts)
        .into_iter()
        .map(|(id, n)| {
            let mut listed: Vec<(String, usize)> = reasons
                .get(id)
                .into_iter()
                .flatten()
                .map(|(r, n)| (r.label().to_owned(), *n))
                .collect();
            listed.sort_by_key(|r| std::cmp::Reverse(r.1));
            ProcedureCount {
                reasons: listed,
                ..titled(id, n, titles)
            }
        })
        .collect()
}

fn ticket_figures(tickets: &[&Ticket], deadlines: &Deadlines, now: u64) -> TicketFigures {
    let mut figures = TicketFigures {
        received: tickets.len(),
        ..TicketFigures::default()
    };
    let mut hours = Vec::new();
    let mut units: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for t in tickets {
        let due = deadlines.due(t.created_at);
        let first_answer = t.answers().map(|h| h.at).min();
        let unit = t
            .unit
            .as_ref()
            .map_or("(chưa có đơn vị)", |u| u.name.as_str());
        let entry = units.entry(unit.to_owned()).or_default();
        entry.0 += 1;
        match first_answer {
            Some(at) => {
                figures.answered += 1;
                entry.1 += 1;
                hours.push(at.saturating_sub(t.created_at) as f64 / 3600.0);
                if at < due {
                    figures.on_time += 1;
                } else {
                    figures.late += 1;
                }
            }
            None if deadlines.overdue(t, now) => figures.late += 1,
            None => {}
        }
    }
    figures.mean_hours_to_answer =
        (!hours.is_empty()).then(|| hours.iter().sum::<f64>() / hours.len() as f64);
    figures.by_unit = units.into_iter().map(|(u, (r, a))| (u, r, a)).collect();
    let ratings: Vec<TicketRating> = tickets.iter().filter_map(|t| t.rating).collect();
    figures.satisfaction = TicketRating::LEVELS
        .iter()
        .map(|(level, label)| {
            let n = ratings.iter().filter(|r| r.level == *level).count();
            ((*label).to_owned(), n)
        })
        .collect();
    for r in &ratings {
        if let Some(c) = r.contacts.filter(|c| (1..=3).contains(c)) {
            figures.contacts[usize::from(c) - 1] += 1;
        }
    }
    figures
}
