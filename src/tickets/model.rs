//! A ticket and its append-only history.

use serde::{Deserialize, Serialize};

use crate::channel::Channel;

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    InProgress,
    Answered,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::InProgress,
        Status::Answered,
        Status::Closed,
    ];

    /// Vietnamese label shown to citizens and staff.
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "mới",
            Status::InProgress => "đang xử lý",
            Status::Answered => "đã trả lời",
            Status::Closed => "đã đóng",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|st| st.key() == s || st.label() == s)
    }
}

/// One line of a ticket's history: who did what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Unix seconds.
    pub at: u64,
    /// "citizen", "system" or a staff name.
    pub actor: String,
    /// created, status, assign, route, note, answer, delivered, delivery_failed.
    pub action: String,
    pub detail: String,
}

/// The commune or ward (after the 2025 reform) a ticket concerns, by code and name, so
/// that it reaches that unit's officers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketUnit {
    /// The unit's code in the 2025 data ("18244").
    pub code: String,
    /// "Xã Đức Minh, Tỉnh Hà Tĩnh".
    pub name: String,
}

/// The citizen's rating of how their ticket was handled (SIPAS style), asked after a
/// staff answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRating {
    /// 1 (rất không hài lòng) to 5 (rất hài lòng).
    pub level: u8,
    /// How many times they had to get in touch: 1, 2, or 3 for "3 or more".
    pub contacts: Option<u8>,
    pub at: u64,
}

impl TicketRating {
    /// The five levels, best first, as citizens and staff read them.
    pub const LEVELS: [(u8, &'static str); 5] = [
        (5, "Rất hài lòng"),
        (4, "Hài lòng"),
        (3, "Bình thường"),
        (2, "Không hài lòng"),
        (1, "Rất không hài lòng"),
    ];

    pub fn label(level: u8) -> &'static str {
        Self::LEVELS
            .iter()
            .find(|(l, _)| *l == level)
            .map_or("", |(_, name)| name)
    }
}

/// What a citizen files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTicket {
    pub channel: Channel,
    pub user_id: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub content: String,
    pub procedure: Option<String>,
    pub category: String,
    /// The unit the citizen named, when they named one.
    pub unit: Option<TicketUnit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub code: String,
    pub created_at: u64,
    pub channel: Channel,
    pub user_id: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub content: String,
    pub procedure: Option<String>,
    pub category: String,
    pub status: Status,
    pub assignee: Option<String>,
    pub history: Vec<HistoryEntry>,
    /// The unit the ticket is routed to; none for the province's common queue (tickets
    /// filed before units existed read as none).
    #[serde(default)]
    pub unit: Option<TicketUnit>,
    /// The citizen's rating after an answer.
    #[serde(default)]
    pub rating: Option<TicketRating>,
}

impl Ticket {
    /// Staff answers sent to the citizen, oldest first.
    pub fn answers(&self) -> impl Iterator<Item = &HistoryEntry> {
        self.history.iter().filter(|h| h.action == "answer")
    }

    /// The code of the unit the ticket is routed to.
    pub fn unit_code(&self) -> Option<&str> {
        self.unit.as_ref().map(|u| u.code.as_str())
    }

    /// True when the ticket is routed to one of these unit codes.
    pub fn routed_to_any(&self, units: &[String]) -> bool {
        self.unit_code()
            .is_some_and(|code| units.iter().any(|u| u == code))
    }
}
