//! Telegram `update_id`s already handled in webhook mode: Telegram delivers an update
//! again when it did not get a 200 in time, and each must be answered once.
//!
//! Kept in the database (survives restarts, shared by replicas); update ids grow by one per update, so ids more than
//! [`KEEP`] below the newest are dropped as newer ones arrive and the tree stays small.
//! Without a database, a bounded set in memory does the same for the process's life.

use crate::storage::Table;
use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// How many update ids below the newest one are remembered.
pub const KEEP: u32 = 100_000;

pub enum SeenUpdates {
    Stored(Table),
    Memory(Mutex<(HashSet<u32>, VecDeque<u32>)>),
}

impl SeenUpdates {
    /// Ids kept in `tree` (`storage::Tree::TelegramSeenUpdates`).
    pub fn stored(tree: Table) -> SeenUpdates {
        SeenUpdates::Stored(tree)
    }

    /// The last [`KEEP`] ids kept in memory.
    pub fn in_memory() -> SeenUpdates {
        SeenUpdates::Memory(Mutex::default())
    }

    /// True the first time `id` is seen (atomic); a storage error counts as first (an
    /// answer given twice beats one never given).
    pub fn first_time(&self, id: u32) -> bool {
        match self {
            SeenUpdates::Stored(tree) => {
                let key = id.to_be_bytes();
                let first = !matches!(tree.compare_and_swap(key, None, Some(b"1")), Ok(false));
                if first && id > KEEP {
                    forget_below(tree, id - KEEP);
                }
                first
            }
            SeenUpdates::Memory(set) => {
                let mut guard = set.lock().expect("seen updates lock poisoned");
                let (ids, order) = &mut *guard;
                if !ids.insert(id) {
                    return false;
                }
                order.push_back(id);
                while order.len() > KEEP as usize {
                    if let Some(old) = order.pop_front() {
                        ids.remove(&old);
                    }
                }
                true
            }
        }
    }
}

/// Removes the ids below `floor` (usually none or one).
fn forget_below(tree: &Table, floor: u32) {
    let old = tree
        .range(b"", Some(&floor.to_be_bytes()))
        .unwrap_or_default();
    for (key, _) in old {
        let _ = tree.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Tree;

    #[test]
    fn an_id_is_first_once_and_old_ids_are_dropped() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let tree = storage.tree(Tree::TelegramSeenUpdates).unwrap();
            let seen = SeenUpdates::stored(tree.clone());
            assert!(seen.first_time(7));
            assert!(!seen.first_time(7));
            assert!(seen.first_time(8));
            assert!(seen.first_time(KEEP + 9));
            assert_eq!(
                tree.len().unwrap(),
                1,
                "7 and 8 are far below the newest: dropped"
            );
            assert!(!seen.first_time(KEEP + 9));

            let memory = SeenUpdates::in_memory();
            assert!(memory.first_time(1) && !memory.first_time(1));
        }
    }
}
