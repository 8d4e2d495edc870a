//! Tickets in the database (sled or PostgreSQL), with secondary indexes (by status, by
//! user, by draft) written in the same transaction as the ticket, and durable (a sled
//! flush, a PostgreSQL commit) before a code is given to anyone.

use super::code;
use super::model::{HistoryEntry, NewTicket, Status, Ticket};
use super::store::{TicketError, TicketFilter, TicketStore};
use crate::channel::Channel;
use crate::storage::{transaction, Storage, Table, Tree, Tx, TxError, TxOpError};
use crate::time::{now_secs, vn_datetime};

/// New codes drawn before giving up (a collision is about one in millions per draw).
const CODE_ATTEMPTS: usize = 20;

/// The ticket store in the database. Cheap to clone (handles are shared).
#[derive(Clone)]
pub struct StoredTickets {
    storage: Storage,
    tickets: Table,
    by_status: Table,
    by_user: Table,
    /// Draft id → code of the ticket filed from it (see [`TicketStore::create_once`]).
    by_draft: Table,
}

fn status_key(status: Status, code: &str) -> Vec<u8> {
    format!("{}\u{0}{code}", status.key()).into_bytes()
}

fn user_key(channel: Channel, user: &str, code: &str) -> Vec<u8> {
    format!("{channel}\u{0}{user}\u{0}{code}").into_bytes()
}

/// Positions of the tables in the transactions below.
const TICKETS: usize = 0;
const BY_STATUS: usize = 1;
const BY_USER: usize = 2;
const BY_DRAFT: usize = 3;

/// Stores a ticket and its status and user index entries inside a transaction.
fn put(tx: &Tx, ticket: &Ticket, bytes: &[u8]) -> Result<(), TxOpError> {
    let code = ticket.code.as_str();
    tx.insert(TICKETS, code, bytes)?;
    tx.insert(BY_STATUS, status_key(ticket.status, code), b"")?;
    tx.insert(
        BY_USER,
        user_key(ticket.channel, &ticket.user_id, code),
        b"",
    )?;
    Ok(())
}

impl From<TxError<TicketError>> for TicketError {
    fn from(e: TxError<TicketError>) -> Self {
        match e {
            TxError::Abort(inner) => inner,
            TxError::Storage(s) => TicketError::Storage(s),
            TxError::SledConflict(_) => TicketError::Transaction("conflict".into()),
        }
    }
}

fn abort(e: TicketError) -> TxError<TicketError> {
    TxError::Abort(e)
}

impl StoredTickets {
    pub fn new(storage: &Storage) -> Result<StoredTickets, TicketError> {
        Ok(StoredTickets {
            storage: storage.clone(),
            tickets: storage.tree(Tree::Tickets)?,
            by_status: storage.tree(Tree::TicketsByStatus)?,
            by_user: storage.tree(Tree::TicketsByUser)?,
            by_draft: storage.tree(Tree::TicketsByDraft)?,
        })
    }

    /// A ticket with a fresh random code, not yet stored.
    fn new_ticket(&self, new: NewTicket) -> Ticket {
        let created_at = now_secs();
        let (year, ..) = vn_datetime(created_at);
        Ticket {
            code: code::generate(year),
            created_at,
            channel: new.channel,
            user_id: new.user_id,
            name: new.name,
            phone: new.phone,
            content: new.content,
            procedure: new.procedure,
            category: new.category,
            status: Status::New,
            assignee: None,
            unit: new.unit,
            rating: None,
            history: vec![HistoryEntry {
                at: created_at,
                actor: "citizen".into(),
                action: "created".into(),
                detail: String::new(),
            }],
        }
    }

    /// Stores a new ticket under a code no other ticket has (drawing again when the
    /// random code is taken), once per `draft` when one is given; the ticket filed
    /// earlier from the same draft when there is one.
    fn insert_new(&self, new: NewTicket, draft: Option<&str>) -> Result<Ticket, TicketError> {
        for _ in 0..CODE_ATTEMPTS {
            let ticket = self.new_ticket(new.clone());
            let bytes = serde_json::to_vec(&ticket).expect("ticket serializes");
            let tables = [
                &self.tickets,
                &self.by_status,
                &self.by_user,
                &self.by_draft,
            ];
            let outcome = transaction(&tables, |tx| {
                if let Some(code) = draft.map(|id| tx.get(BY_DRAFT, id)).transpose()?.flatten() {
                    return Ok(Some(String::from_utf8_lossy(&code).into_owned()));
                }
                if tx.get(TICKETS, ticket.code.as_str())?.is_some() {
                    return Err(abort(TicketError::CodeTaken(ticket.code.clone())));
                }
                put(tx, &ticket, &bytes)?;
                if let Some(id) = draft {
                    tx.insert(BY_DRAFT, id, ticket.code.as_bytes())?;
                }
                Ok(None)
            });
            let earlier = match outcome.map_err(TicketError::from) {
                Err(TicketError::CodeTaken(_)) => continue,
                other => other?,
            };
            self.storage.flush()?;
            return match earlier {
                Some(code) => self.get(&code)?.ok_or(TicketError::NotFound(code)),
                None => Ok(ticket),
            };
        }
        Err(TicketError::Transaction(format!(
            "no free ticket code after {CODE_ATTEMPTS} draws"
        )))
    }

    /// The stored bytes of the tickets with these codes (missing ones skipped).
    fn tickets_of(&self, codes: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, TicketError> {
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            out.extend(self.tickets.get(code)?);
        }
        Ok(out)
    }

    /// Reads ticket `code`, applies `change` and writes it back with its status index
    /// entry moved, in one transaction (run again when another writer got there first).
    fn change(&self, code: &str, change: impl Fn(&mut Ticket)) -> Result<Ticket, TicketError> {
        let tables = [&self.tickets, &self.by_status, &self.by_user];
        let ticket = transaction(&tables, |tx| {
            let bytes = tx
                .get(TICKETS, code)?
                .ok_or_else(|| abort(TicketError::NotFound(code.to_owned())))?;
            let old: Ticket = serde_json::from_slice(&bytes).map_err(|e| {
                abort(TicketError::Corrupt {
                    code: code.to_owned(),
                    reason: e.to_string(),
                })
            })?;
            let mut new = old.clone();
            change(&mut new);
            tx.remove(BY_STATUS, status_key(old.status, code))?;
            put(
                tx,
                &new,
                &serde_json::to_vec(&new).expect("ticket serializes"),
            )?;
            Ok(new)
        })?;
        Ok(ticket)
    }
}

impl TicketStore for StoredTickets {
    /// Writes a new ticket with its indexes in one transaction and flushes it to disk.
    /// Only after this returns may the code be shown to the citizen.
    fn create(&self, new: NewTicket) -> Result<Ticket, TicketError> {
        self.insert_new(new, None)
    }

    /// Like [`create`](Self::create), once per `draft` id: a draft filed again (a
    /// confirmation repeated after a crash) returns the ticket filed the first time.
    fn create_once(&self, new: NewTicket, draft: &str) -> Result<Ticket, TicketError> {
        self.insert_new(new, Some(draft).filter(|d| !d.is_empty()))
    }

    fn get(&self, code: &str) -> Result<Option<Ticket>, TicketError> {
        let code = code::canonical(code);
        match self.tickets.get(code.as_bytes())? {
            Some(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|e| TicketError::Corrupt {
                        code,
                        reason: e.to_string(),
                    })
            }
            None => Ok(None),
        }
    }

    /// Applies `change` to a ticket and appends a history entry, atomically.
    fn update(
        &self,
        code: &str,
        actor: &str,
        action: &str,
        detail: &str,
        change: &dyn Fn(&mut Ticket),
    ) -> Result<Ticket, TicketError> {
        let code = code::canonical(code);
        let ticket = self.change(&code, |t| {
            change(t);
            t.history.push(HistoryEntry {
                at: now_secs(),
                actor: actor.to_owned(),
                action: action.to_owned(),
                detail: detail.to_owned(),
            });
        })?;
        self.storage.flush()?;
        Ok(ticket)
    }

    /// Every ticket matching the filter, newest first.
    fn list(&self, filter: &TicketFilter) -> Result<Vec<Ticket>, TicketError> {
        let codes: Vec<Vec<u8>> = match filter.status {
            Some(s) => self
                .by_status
                .keys_with_prefix(format!("{}\u{0}", s.key()))?
                .into_iter()
                .map(|k| k.splitn(2, |&b| b == 0).nth(1).unwrap_or_default().to_vec())
                .collect(),
            None => Vec::new(),
        };
        let stored = match filter.status {
            Some(_) => self.tickets_of(&codes)?,
            None => self.tickets.entries()?.into_iter().map(|e| e.1).collect(),
        };
        let mut out: Vec<Ticket> = stored
            .iter()
            .filter_map(|bytes| serde_json::from_slice::<Ticket>(bytes).ok())
            .filter(|t| filter.matches(t))
            .collect();
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.code.cmp(&a.code)));
        Ok(out)
    }

    /// Codes of one user's tickets on one channel.
    fn codes_of_user(&self, channel: Channel, user: &str) -> Vec<String> {
        self.by_user
            .scan_prefix_or_none(format!("{channel}\u{0}{user}\u{0}"))
            .into_iter()
            .filter_map(|(k, _)| {
                k.rsplit(|&b| b == 0)
                    .next()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
            })
            .collect()
    }

    /// Number of tickets in each status.
    fn counts(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .into_iter()
            .map(|s| {
                (
                    s,
                    self.by_status
                        .count_prefix(format!("{}\u{0}", s.key()))
                        .unwrap_or(0),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_ticket(user: &str, content: &str) -> NewTicket {
        NewTicket {
            channel: Channel::Web,
            user_id: user.into(),
            content: content.into(),
            category: "phản ánh".into(),
            ..NewTicket::default()
        }
    }

    #[test]
    fn a_draft_filed_twice_gives_one_ticket() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let s = StoredTickets::new(&storage).unwrap();
            let first = s
                .create_once(new_ticket("u1", "Hồ sơ chậm"), "draft-1")
                .unwrap();
            let again = s
                .create_once(new_ticket("u1", "Hồ sơ chậm"), "draft-1")
                .unwrap();
            assert_eq!(first.code, again.code);
            let other = s
                .create_once(new_ticket("u1", "Hồ sơ chậm"), "draft-2")
                .unwrap();
            assert_ne!(first.code, other.code);
            assert_eq!(s.codes_of_user(Channel::Web, "u1").len(), 2);
        }
    }

    #[test]
    fn codes_are_random_and_indexes_follow_status() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let s = StoredTickets::new(&storage).unwrap();
            let a = s.create(new_ticket("u1", "Hồ sơ chậm")).unwrap();
            let b = s
                .create(new_ticket("u2", "Cán bộ hướng dẫn chưa rõ"))
                .unwrap();
            assert_ne!(a.code, b.code);
            assert!(a.code.starts_with("PA-20"));
            assert_eq!(code::kind(&a.code), Some(code::CodeKind::Current));
            s.update(
                &a.code,
                "lan",
                "status",
                "đang xử lý",
                &|t: &mut Ticket| t.status = Status::InProgress,
            )
            .unwrap();
            let counts = s.counts();
            assert_eq!(counts[0], (Status::New, 1));
            assert_eq!(counts[1], (Status::InProgress, 1));
            let found = s
                .list(&TicketFilter {
                    text: Some("huong dan".into()),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].code, b.code);
            assert!(s
                .get_for_user(&a.code, Channel::Web, "u2")
                .unwrap()
                .is_none());
            assert!(s
                .get_for_user(&a.code.to_lowercase(), Channel::Web, "u1")
                .unwrap()
                .is_some());
            assert_eq!(s.codes_of_user(Channel::Web, "u1"), vec![a.code.clone()]);
            let t = s.get(&a.code).unwrap().unwrap();
            assert_eq!(t.history.len(), 2);
        }
    }

    /// Eight writers file tickets and change one ticket at once: every code is unique
    /// and stored, and no change is lost (sled's transactions, PostgreSQL's SERIALIZABLE).
    #[test]
    fn concurrent_writers_lose_nothing_on_both_backends() {
        for (backend, storage) in crate::storage::testing::backends() {
            let s = StoredTickets::new(&storage).unwrap();
            let shared = s.create(new_ticket("u0", "Chung")).unwrap();
            let codes = std::sync::Mutex::new(Vec::new());
            std::thread::scope(|scope| {
                for w in 0..8 {
                    let (s, codes, shared) = (&s, &codes, &shared.code);
                    scope.spawn(move || {
                        for i in 0..10 {
                            let t = s.create(new_ticket(&format!("u{w}"), "Hồ sơ")).unwrap();
                            codes.lock().unwrap().push(t.code);
                            let note = format!("{w}-{i}");
                            s.update(shared, "lan", "note", &note, &|_| {}).unwrap();
                        }
                    });
                }
            });
            let mut codes = codes.into_inner().unwrap();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), 80, "{backend}: unique codes");
            assert_eq!(
                s.list(&TicketFilter::default()).unwrap().len(),
                81,
                "{backend}"
            );
            let history = s.get(&shared.code).unwrap().unwrap().history;
            assert_eq!(history.len(), 81, "{backend}: created + 80 notes");
            assert_eq!(s.counts()[0], (Status::New, 81), "{backend}");
        }
    }
}
