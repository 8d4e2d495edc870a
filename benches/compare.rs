//! Side-by-side comparison on the same documents and questions: our index, a plain
//! tantivy index with the default tokenizer, and SQLite FTS5 (unicode61,
//! remove_diacritics 2). Prints top-1, top-3, false-answer rate, p50/p99 query latency,
//! build time and index size, and the ratios ours / peer.
//!
//! `cargo bench --bench compare [-- extra.jsonl ...]` (dev set from ../shared/eval).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{doc, Index, TantivyDocument};
use tthc_bot::eval::{fold_text, parse_cases, Case};
use tthc_bot::knowledge::load;
use tthc_bot::search::{build, Entry, Outcome, Searcher};

const TOP: usize = 5;

struct Ranked {
    titles: Vec<String>,
    answered: bool,
}

struct Report {
    name: &'static str,
    top1: f64,
    top3: f64,
    false_rate: f64,
    p50: Duration,
    p99: Duration,
    build: Duration,
    size: u64,
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                dir_size(&e.path())
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

fn score(
    name: &'static str,
    cases: &[Case],
    build: Duration,
    size: u64,
    mut ask: impl FnMut(&str) -> Ranked,
) -> Report {
    let mut latencies = Vec::new();
    let (mut top1, mut top3, mut answerable, mut false_answers) = (0, 0, 0, 0);
    // Warm-up pass, then the measured pass.
    for c in cases {
        ask(&c.q);
    }
    for c in cases {
        let t = Instant::now();
        let r = ask(&c.q);
        latencies.push(t.elapsed());
        let matches = |title: &str| {
            let t = fold_text(title);
            c.expect
                .as_ref()
                .is_some_and(|e| e.iter().any(|x| t.contains(&fold_text(x))))
                && !c.not.iter().any(|n| t.contains(&fold_text(n)))
        };
        let kind_ok = |title: &str| {
            c.kind.as_deref() != Some("plan")
                || title.starts_with("Kế hoạch")
                || title.contains("—")
        };
        let first_ok = r.titles.first().is_some_and(|t| matches(t) && kind_ok(t));
        if c.expect.is_some() {
            answerable += 1;
            top1 += usize::from(first_ok);
            top3 += usize::from(r.titles.iter().take(3).any(|t| matches(t) && kind_ok(t)));
        }
        if r.answered && !first_ok {
            false_answers += 1;
        }
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    Report {
        name,
        top1: top1 as f64 / answerable.max(1) as f64,
        top3: top3 as f64 / answerable.max(1) as f64,
        false_rate: false_answers as f64 / cases.len().max(1) as f64,
        p50: pct(0.5),
        p99: pct(0.99),
        build,
        size,
    }
}

fn texts(e: &Entry) -> (String, String) {
    (e.title(), [e.name_runs(), e.body_runs()].concat().join(" "))
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![repo.join("../shared/eval/dev.jsonl")];
    files.extend(
        std::env::args()
            .skip(1)
            .filter(|a| a.ends_with(".jsonl"))
            .map(PathBuf::from),
    );
    let mut cases = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        cases.extend(parse_cases(&text).expect("valid JSONL"));
    }
    let knowledge = load(&repo.join("knowledge")).expect("bundled knowledge base");
    let entries = Entry::all(&knowledge);
    println!(
        "{} questions from {} file(s); {} documents",
        cases.len(),
        files.len(),
        entries.len()
    );

    // (a) ours
    let ours_dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    build(&repo.join("knowledge"), ours_dir.path()).unwrap();
    let ours_build = t.elapsed();
    let ours = Searcher::open(ours_dir.path()).unwrap();
    let ours_report = score(
        "tthc-bot",
        &cases,
        ours_build,
        dir_size(ours_dir.path()),
        |q| {
            let r = ours.search(q).unwrap();
            Ranked {
                titles: r
                    .hits
                    .iter()
                    .take(TOP)
                    .map(|h| ours.entry(h.ord).title())
                    .collect(),
                answered: r.outcome == Outcome::Answer,
            }
        },
    );

    // (b) tantivy with the default tokenizer
    let tv_dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let mut sb = Schema::builder();
    let title = sb.add_text_field("title", TEXT | STORED);
    let body = sb.add_text_field("body", TEXT);
    let index = Index::create_in_dir(tv_dir.path(), sb.build()).unwrap();
    let mut w = index.writer_with_num_threads(1, 50_000_000).unwrap();
    for e in &entries {
        let (t_, b_) = texts(e);
        w.add_document(doc!(title => t_, body => b_)).unwrap();
    }
    w.commit().unwrap();
    w.wait_merging_threads().unwrap();
    let tv_build = t.elapsed();
    let reader = index.reader().unwrap();
    let parser = QueryParser::for_index(&index, vec![title, body]);
    let tv_report = score(
        "tantivy default",
        &cases,
        tv_build,
        dir_size(tv_dir.path()),
        |q| {
            let searcher = reader.searcher();
            let (query, _) = parser.parse_query_lenient(q);
            let top = searcher.search(&query, &TopDocs::with_limit(TOP)).unwrap();
            let titles: Vec<String> = top
                .iter()
                .filter_map(|(_, a)| searcher.doc::<TantivyDocument>(*a).ok())
                .filter_map(|d| {
                    d.get_first(title)
                        .and_then(|v| tantivy::schema::Value::as_str(&v))
                        .map(str::to_owned)
                })
                .collect();
            Ranked {
                answered: !titles.is_empty(),
                titles,
            }
        },
    );

    // (c) SQLite FTS5
    let db_dir = tempfile::tempdir().unwrap();
    let db_path = db_dir.path().join("fts.sqlite");
    let t = Instant::now();
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    conn.execute_batch("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');").unwrap();
    {
        let tx = conn.unchecked_transaction().unwrap();
        for e in &entries {
            let (t_, b_) = texts(e);
            tx.execute("INSERT INTO docs(title, body) VALUES (?1, ?2)", (&t_, &b_))
                .unwrap();
        }
        tx.commit().unwrap();
    }
    let fts_build = t.elapsed();
    let mut stmt = conn
        .prepare("SELECT title FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 5")
        .unwrap();
    let fts_report = score(
        "SQLite FTS5",
        &cases,
        fts_build,
        std::fs::metadata(&db_path).map_or(0, |m| m.len()),
        |q| {
            let terms: Vec<String> = tthc_bot::text::words(q)
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "")))
                .collect();
            if terms.is_empty() {
                return Ranked {
                    titles: vec![],
                    answered: false,
                };
            }
            let titles: Vec<String> = stmt
                .query_map([terms.join(" OR ")], |row| row.get::<_, String>(0))
                .map(|rows| rows.flatten().collect())
                .unwrap_or_default();
            Ranked {
                answered: !titles.is_empty(),
                titles,
            }
        },
    );

    let reports = [ours_report, tv_report, fts_report];
    println!("\n| engine | top-1 | top-3 | false-answer rate | p50 query | p99 query | index build | index size |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in &reports {
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} ms | {:.3} ms | {:.1} ms | {:.1} KiB |",
            r.name,
            r.top1,
            r.top3,
            r.false_rate,
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3,
            r.build.as_secs_f64() * 1e3,
            r.size as f64 / 1024.0
        );
    }
    let o = &reports[0];
    for peer in &reports[1..] {
        println!(
            "\nours / {}: top-1 {:+.1} points, top-3 {:+.1} points, false answers {:.3} vs {:.3}, p50 x{:.2}, p99 x{:.2}, build x{:.2}, size x{:.2}",
            peer.name,
            (o.top1 - peer.top1) * 100.0,
            (o.top3 - peer.top3) * 100.0,
            o.false_rate,
            peer.false_rate,
            o.p50.as_secs_f64() / peer.p50.as_secs_f64().max(1e-9),
            o.p99.as_secs_f64() / peer.p99.as_secs_f64().max(1e-9),
            o.build.as_secs_f64() / peer.build.as_secs_f64().max(1e-9),
            o.size as f64 / peer.size.max(1) as f64
        );
    }
}
