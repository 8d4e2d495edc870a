//! A question event, the reference a vote button carries, and a vote.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::search::Outcome;

/// A question the bot searched, and what it did with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    /// Unix seconds.
    pub at: u64,
    /// Unique in the database.
    pub id: u64,
    pub channel: Channel,
    /// Keyed pseudonym of the user (see [`crate::security`]), never the raw id.
    pub user: String,
    /// The question with personal data masked; `None` once its retention ended.
    pub text: Option<String>,
    pub outcome: Outcome,
    /// The procedure of the card, or the top candidate of choices and declines.
    pub procedure: Option<String>,
    /// The knowledge base that answered (its build date).
    pub kb_version: String,
    /// A card the citizen opened from buttons (the choices of an earlier question, a
    /// list): an answer to vote on, not a question of its own; it has no text.
    #[serde(default)]
    pub picked: bool,
}

impl Asked {
    pub fn reference(&self) -> AskedRef {
        AskedRef {
            at: self.at,
            id: self.id,
        }
    }
}

/// Which question a vote is about, as a button carries it: "1733500000-42".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AskedRef {
    pub at: u64,
    pub id: u64,
}

impl fmt::Display for AskedRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.at, self.id)
    }
}

impl FromStr for AskedRef {
    type Err = ();

    fn from_str(s: &str) -> Result<AskedRef, ()> {
        let (at, id) = s.split_once('-').ok_or(())?;
        Ok(AskedRef {
            at: at.parse().map_err(|_| ())?,
            id: id.parse().map_err(|_| ())?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Up,
    Down,
}

/// Why an answer was not good (the 👎 follow-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    WrongProcedure,
    MissingInfo,
    HardToRead,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::WrongProcedure,
        Reason::MissingInfo,
        Reason::HardToRead,
        Reason::Other,
    ];

    /// The wire and storage name.
    pub fn key(self) -> &'static str {
        match self {
            Reason::WrongProcedure => "wrong_procedure",
            Reason::MissingInfo => "missing_info",
            Reason::HardToRead => "hard_to_read",
            Reason::Other => "other",
        }
    }

    /// The button label and the dashboard's name.
    pub fn label(self) -> &'static str {
        match self {
            Reason::WrongProcedure => "Sai thủ tục",
            Reason::MissingInfo => "Thiếu thông tin",
            Reason::HardToRead => "Khó hiểu",
            Reason::Other => "Khác",
        }
    }

    pub fn parse(key: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// One user's vote on one answer; a second vote replaces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteRecord {
    pub asked: AskedRef,
    pub user: String,
    pub at: u64,
    pub vote: Vote,
    pub reason: Option<Reason>,
    /// Masked free text; `None` once its retention ended.
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip_and_bad_ones_are_refused() {
        let r = AskedRef {
            at: 1_733_500_000,
            id: 42,
        };
        assert_eq!(r.to_string().parse::<AskedRef>(), Ok(r));
        for bad in ["", "12", "a-1", "1-b", "1-2-3"] {
            assert!(bad.parse::<AskedRef>().is_err(), "{bad}");
        }
        assert_eq!(Reason::parse("hard_to_read"), Some(Reason::HardToRead));
    }
}
