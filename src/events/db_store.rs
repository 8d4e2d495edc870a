//! Events in the database: questions keyed by time and id (a period is one range scan), votes
//! keyed by their question's key and the user (one vote per answer and user), and the
//! content-gap groups marked handled.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::model::{Asked, AskedRef, Reason, Vote, VoteRecord};
use super::store::{EventError, EventStore, Purged};
use std::ops::ControlFlow;

use crate::storage::{Entry, Storage, Table, Tree};

/// Events in the database (sled or PostgreSQL). Cheap to clone.
#[derive(Clone)]
pub struct StoredEvents {
    storage: Storage,
    questions: Table,
    votes: Table,
    gaps: Table,
}

#[derive(Serialize, Deserialize)]
struct Handled {
    by: String,
    at: u64,
}

fn question_key(r: AskedRef) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&r.at.to_be_bytes());
    key[8..].copy_from_slice(&r.id.to_be_bytes());
    key
}

fn vote_key(r: AskedRef, user: &str) -> Vec<u8> {
    [&question_key(r)[..], user.as_bytes()].concat()
}

/// The entries of `[from, to)` in a tree keyed by time first.
fn span(tree: &Table, from: u64, to: u64) -> Result<Vec<Entry>, EventError> {
    Ok(tree.range(&from.to_be_bytes(), Some(&to.to_be_bytes()))?)
}

/// The readable records of `[from, to)` in a tree keyed by time first.
fn read_range<T: DeserializeOwned>(tree: &Table, from: u64, to: u64) -> Result<Vec<T>, EventError> {
    let mut out = Vec::new();
    tree.visit(&from.to_be_bytes(), Some(&to.to_be_bytes()), |_, value| {
        if let Ok(record) = serde_json::from_slice(value) {
            out.push(record);
        }
        ControlFlow::Continue(())
    })?;
    Ok(out)
}

/// Rewrites the records before `before` whose text `take` drops; how many it dropped.
fn drop_texts<T: Serialize + DeserializeOwned>(
    tree: &Table,
    before: u64,
    take: impl Fn(&mut T) -> bool,
) -> Result<usize, EventError> {
    let mut dropped = 0;
    for (key, bytes) in span(tree, 0, before)? {
        let Ok(mut record) = serde_json::from_slice::<T>(&bytes) else {
            continue;
        };
        if take(&mut record) {
            tree.insert(key, serde_json::to_vec(&record).expect("record serializes"))?;
            dropped += 1;
        }
    }
    Ok(dropped)
}

impl StoredEvents {
    pub fn new(storage: &Storage) -> Result<StoredEvents, EventError> {
        Ok(StoredEvents {
            storage: storage.clone(),
            questions: storage.tree(Tree::EventQuestions)?,
            votes: storage.tree(Tree::EventVotes)?,
            gaps: storage.tree(Tree::EventGapsHandled)?,
        })
    }

    /// Changes `user`'s vote on `r` (a fresh 👎 when there is none), atomically.
    fn change_vote(
        &self,
        r: AskedRef,
        user: &str,
        at: u64,
        change: impl Fn(&mut VoteRecord),
    ) -> Result<(), EventError> {
        if self.asked(r)?.is_none() {
            return Err(EventError::NotFound(r));
        }
        self.votes.update(vote_key(r, user), |old| {
            let mut record =
                old.and_then(|b| serde_json::from_slice(b).ok())
                    .unwrap_or(VoteRecord {
                        asked: r,
                        user: user.to_owned(),
                        at,
                        vote: Vote::Down,
                        reason: None,
                        comment: None,
                    });
            change(&mut record);
            Some(serde_json::to_vec(&record).expect("vote serializes"))
        })?;
        Ok(())
    }
}

impl EventStore for StoredEvents {
    fn record(&self, mut asked: Asked) -> Result<Asked, EventError> {
        asked.id = self.storage.generate_id()?;
        let bytes = serde_json::to_vec(&asked).expect("event serializes");
        self.questions
            .insert(question_key(asked.reference()), bytes)?;
        Ok(asked)
    }

    fn asked(&self, r: AskedRef) -> Result<Option<Asked>, EventError> {
        Ok(self
            .questions
            .get(question_key(r))?
            .and_then(|b| serde_json::from_slice(&b).ok()))
    }

    fn vote(&self, r: AskedRef, user: &str, vote: Vote, at: u64) -> Result<(), EventError> {
        self.change_vote(r, user, at, |v| {
            v.vote = vote;
            v.at = at;
            if vote == Vote::Up {
                v.reason = None;
                v.comment = None;
            }
        })
    }

    fn reason(&self, r: AskedRef, user: &str, reason: Reason, at: u64) -> Result<(), EventError> {
        self.change_vote(r, user, at, |v| {
            v.vote = Vote::Down;
            v.reason = Some(reason);
        })
    }

    fn comment(&self, r: AskedRef, user: &str, text: &str) -> Result<(), EventError> {
        let text = text.to_owned();
        self.change_vote(r, user, 0, move |v| v.comment = Some(text.clone()))
    }

    fn questions(&self, from: u64, to: u64) -> Result<Vec<Asked>, EventError> {
        read_range(&self.questions, from, to)
    }

    fn votes(&self, from: u64, to: u64) -> Result<Vec<VoteRecord>, EventError> {
        read_range(&self.votes, from, to)
    }

    fn purge(&self, text_before: u64, event_before: u64) -> Result<Purged, EventError> {
        let mut purged = Purged::default();
        for tree in [&self.questions, &self.votes] {
            for (key, _) in span(tree, 0, event_before)? {
                tree.remove(key)?;
                purged.events += 1;
            }
        }
        purged.texts += drop_texts(&self.questions, text_before, |a: &mut Asked| {
            a.text.take().is_some()
        })?;
        purged.texts += drop_texts(&self.votes, text_before, |v: &mut VoteRecord| {
            v.comment.take().is_some()
        })?;
        Ok(purged)
    }

    fn mark_gap_handled(&self, key: &str, by: &str, at: u64) -> Result<(), EventError> {
        let handled = Handled {
            by: by.to_owned(),
            at,
        };
        self.gaps
            .insert(key, serde_json::to_vec(&handled).expect("mark serializes"))?;
        self.storage.flush()?;
        Ok(())
    }

    fn handled_gaps(&self) -> Result<Vec<String>, EventError> {
        let mut keys = Vec::new();
        for (key, _) in self.gaps.entries()? {
            keys.push(String::from_utf8_lossy(&key).into_owned());
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Outcome;

    fn asked(at: u64) -> Asked {
        Asked {
            at,
            id: 0,
            channel: crate::channel::Channel::Web,
            user: "u1".into(),
            text: Some("làm khai sinh".into()),
            outcome: Outcome::Answer,
            procedure: Some("dang-ky-khai-sinh".into()),
            kb_version: "2026-12-06".into(),
            picked: false,
        }
    }

    #[test]
    fn one_vote_per_answer_and_user_a_second_replaces_it() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let events = StoredEvents::new(&storage).unwrap();
            let a = events.record(asked(100)).unwrap().reference();
            events.vote(a, "u1", Vote::Down, 101).unwrap();
            events.reason(a, "u1", Reason::MissingInfo, 102).unwrap();
            events.comment(a, "u1", "thiếu lệ phí").unwrap();
            events.vote(a, "u2", Vote::Up, 103).unwrap();
            let votes = events.votes(0, 200).unwrap();
            assert_eq!(votes.len(), 2);
            let mine = votes.iter().find(|v| v.user == "u1").unwrap();
            assert_eq!(
                (mine.vote, mine.reason),
                (Vote::Down, Some(Reason::MissingInfo))
            );
            events.vote(a, "u1", Vote::Up, 104).unwrap();
            let votes = events.votes(0, 200).unwrap();
            let mine = votes.iter().find(|v| v.user == "u1").unwrap();
            assert_eq!(
                (mine.vote, mine.reason, mine.comment.as_deref()),
                (Vote::Up, None, None)
            );
            assert_eq!(votes.len(), 2, "changed, not added");
            let unknown = AskedRef { at: 1, id: 999 };
            assert!(matches!(
                events.vote(unknown, "u1", Vote::Up, 1),
                Err(EventError::NotFound(_))
            ));
        }
    }

    #[test]
    fn periods_are_ranges_and_purges_drop_texts_then_events() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let events = StoredEvents::new(&storage).unwrap();
            for at in [100, 200, 300] {
                let r = events.record(asked(at)).unwrap().reference();
                events.vote(r, "u1", Vote::Down, at).unwrap();
                events.comment(r, "u1", "sai").unwrap();
            }
            assert_eq!(events.questions(150, 300).unwrap().len(), 1);
            let purged = events.purge(250, 150).unwrap();
            assert_eq!(
                purged,
                Purged {
                    texts: 2,
                    events: 2
                }
            );
            let left = events.questions(0, 1000).unwrap();
            let texts: Vec<bool> = left.iter().map(|a| a.text.is_some()).collect();
            assert_eq!(texts, [false, true]);
            events.mark_gap_handled("khai sinh", "lan", 5).unwrap();
            assert_eq!(events.handled_gaps().unwrap(), ["khai sinh"]);
        }
    }
}
