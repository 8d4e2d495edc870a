//! Tests of the database layer: the sled specifics, and the [`Table`] operations and
//! transactions on both backends (PostgreSQL when the test server is up).

use std::sync::Arc;

use super::*;

#[test]
fn a_second_open_of_the_same_folder_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let first = Storage::open(dir.path()).unwrap();
    first.tree(Tree::Tickets).unwrap().insert("k", "v").unwrap();
    let err = Storage::open(dir.path()).err().expect("locked");
    assert!(err.to_string().contains("another serve"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_its_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let storage = Storage::open(&data).unwrap();
    storage.flush().unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("db")), 0o700);
    for entry in fs::read_dir(data.join("db")).unwrap() {
        let path = entry.unwrap().path();
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), want, "{}", path.display());
    }
    let secret = data_secret(&data).unwrap();
    assert_eq!(mode(&data.join(SECRET_FILE)), 0o600);
    assert_eq!(data_secret(&data).unwrap(), secret, "kept across starts");
    drop(open_private_append(&data.join("log")).unwrap());
    assert_eq!(mode(&data.join("log")), 0o600);
}

#[test]
fn table_operations_mean_the_same_on_both_backends() {
    for (backend, storage) in testing::backends() {
        let t = storage.tree(Tree::WebInbox).unwrap();
        for key in ["a\u{0}2", "a\u{0}1", "b\u{0}1", "a\u{ff}"] {
            t.insert(key, key.to_uppercase()).unwrap();
        }
        assert_eq!(t.get("a\u{0}1").unwrap().as_deref(), Some(&b"A\x001"[..]));
        let keys: Vec<_> = t
            .scan_prefix("a")
            .unwrap()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(
            keys,
            [&b"a\x001"[..], b"a\x002", "a\u{ff}".as_bytes()],
            "{backend}"
        );
        assert_eq!(t.count_prefix("a\u{0}").unwrap(), 2, "{backend}");
        assert_eq!(
            t.range(b"a\x002", Some(b"b")).unwrap().len(),
            2,
            "{backend}"
        );
        assert!(!t.compare_and_swap("b\u{0}1", None, Some(b"x")).unwrap());
        assert!(t
            .compare_and_swap("b\u{0}1", Some(b"B\x001"), Some(b"x"))
            .unwrap());
        assert!(t.compare_and_swap("c", None, Some(b"new")).unwrap());
        assert!(t.compare_and_swap("c", Some(b"new"), None).unwrap());
        assert!(
            t.compare_and_swap("c", None, None).unwrap(),
            "{backend}: absent"
        );
        let doubled = t.update("n", |old| {
            Some(old.map_or(b"1".to_vec(), |v| [v, v].concat()))
        });
        assert_eq!(doubled.unwrap().as_deref(), Some(&b"1"[..]));
        assert_eq!(
            t.remove("n").unwrap().as_deref(),
            Some(&b"1"[..]),
            "{backend}"
        );
        assert_eq!(t.len().unwrap(), 4, "{backend}");
        let mut seen = 0;
        t.visit(b"", None, |_, _| {
            seen += 1;
            std::ops::ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(seen, 1);
        t.clear().unwrap();
        assert!(t.is_empty().unwrap(), "{backend}");
        assert_ne!(
            storage.generate_id().unwrap(),
            storage.generate_id().unwrap()
        );
    }
}

#[test]
fn a_transaction_writes_all_or_nothing_on_both_backends() {
    for (backend, storage) in testing::backends() {
        let a = storage.tree(Tree::Tickets).unwrap();
        let b = storage.tree(Tree::TicketsByStatus).unwrap();
        let done = transaction(&[&a, &b], |tx| {
            tx.insert(0, "k", "1")?;
            tx.insert(1, "i", "")?;
            Ok::<_, TxError<&str>>(tx.get(0, "k")?)
        });
        assert_eq!(
            done.unwrap().as_deref(),
            Some(&b"1"[..]),
            "{backend}: own write read"
        );
        let aborted = transaction(&[&a, &b], |tx| {
            tx.remove(0, "k")?;
            tx.insert(1, "j", "")?;
            Err::<(), _>(TxError::Abort("no"))
        });
        assert!(matches!(aborted, Err(TxError::Abort("no"))), "{backend}");
        assert!(a.get("k").unwrap().is_some() && b.get("j").unwrap().is_none());
    }
}

/// Eight threads add one to a counter 25 times each, by transaction and by update:
/// no increment is lost on either backend.
#[test]
fn concurrent_read_modify_writes_lose_nothing() {
    for (backend, storage) in testing::backends() {
        let t = Arc::new(storage.tree(Tree::StaffLockouts).unwrap());
        let bump = |v: Option<&[u8]>| {
            let n: u64 = v.map_or(0, |v| String::from_utf8_lossy(v).parse().unwrap());
            (n + 1).to_string().into_bytes()
        };
        std::thread::scope(|s| {
            for _ in 0..8 {
                let t = t.clone();
                s.spawn(move || {
                    for _ in 0..25 {
                        t.update("by-update", |v| Some(bump(v))).unwrap();
                        transaction(&[&*t], |tx| {
                            let n = bump(tx.get(0, "by-tx")?.as_deref());
                            tx.insert(0, "by-tx", n)?;
                            Ok::<_, TxError<()>>(())
                        })
                        .unwrap();
                    }
                });
            }
        });
        for key in ["by-update", "by-tx"] {
            assert_eq!(
                t.get(key).unwrap().as_deref(),
                Some(&b"200"[..]),
                "{backend} {key}"
            );
        }
    }
}

/// Two processes on one PostgreSQL database number from blocks of their own: 3,000 ids
/// each (three blocks), none given twice.
#[test]
fn ids_from_two_replicas_never_collide() {
    let Some(url) = testing::fresh_postgres_url() else {
        return;
    };
    let open = || Storage::open_with(&Backend::Postgres(url.clone()), Path::new("")).unwrap();
    let (a, b) = (open(), open());
    let mut ids: Vec<u64> = (0..3000)
        .flat_map(|_| [a.generate_id().unwrap(), b.generate_id().unwrap()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6000);
}
