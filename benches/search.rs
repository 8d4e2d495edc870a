//! Criterion benchmarks: the analyzer, a search on the bundled knowledge base, a search on a
//! 20,000-procedure synthetic corpus, and a full chat turn through the engine.

use std::path::Path;
use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tthc_bot::chat::engine::IDLE_SECS;
use tthc_bot::chat::state::StateStore;
use tthc_bot::chat::{Engine, Incoming};
use tthc_bot::config::Config;
use tthc_bot::knowledge::load;
use tthc_bot::search::{build, build_knowledge, LiveSearcher, Searcher};
use tthc_bot::text::Analyzed;
use tthc_bot::tickets::StoredTickets;

#[path = "support/synthetic.rs"]
mod synthetic;

const QUESTIONS: [&str; 6] = [
    "làm giấy khai sinh cho con cần những giấy tờ gì",
    "dang ky tam tru online",
    "làm lại cccd bị mất",
    "sang ten so do",
    "lệ phí đổi bằng lái xe",
    "giá vàng hôm nay",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn benches(c: &mut Criterion) {
    c.bench_function("analyzer: typical question", |b| {
        b.iter(|| {
            Analyzed::of(black_box(
                "làm giấy khai sinh cho con cần những giấy tờ gì ở đâu",
            ))
        })
    });

    let bundled_dir = tempfile::tempdir().unwrap();
    build(&repo().join("knowledge"), bundled_dir.path()).unwrap();
    let bundled = Searcher::open(bundled_dir.path()).unwrap();
    let mut i = 0;
    c.bench_function("search: bundled knowledge base", |b| {
        b.iter(|| {
            i += 1;
            bundled
                .search(black_box(QUESTIONS[i % QUESTIONS.len()]))
                .unwrap()
        })
    });

    let base = load(&repo().join("knowledge")).unwrap();
    let corpus = synthetic::generate(&base, 20_000, 42);
    let big_dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    build_knowledge(&corpus, "synthetic".into(), big_dir.path(), &mut |_, _| {}).unwrap();
    println!(
        "index build, 20,000 procedures: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let opened = std::time::Instant::now();
    let big = Searcher::open(big_dir.path()).unwrap();
    println!(
        "index open, 20,000 procedures: {:.1} s",
        opened.elapsed().as_secs_f64()
    );
    let mut lat: Vec<f64> = (0..600)
        .map(|n| {
            let t = std::time::Instant::now();
            big.search(QUESTIONS[n % QUESTIONS.len()]).unwrap();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    println!(
        "search on 20,000 procedures: p50 {:.2} ms, p99 {:.2} ms",
        lat[300], lat[594]
    );
    c.bench_function("search: 20,000 procedures", |b| {
        b.iter(|| {
            i += 1;
            big.search(black_box(QUESTIONS[i % QUESTIONS.len()]))
                .unwrap()
        })
    });

    let data = tempfile::tempdir().unwrap();
    let config = Config::load(Some(&repo().join("config/default.toml"))).unwrap();
    let storage = tthc_bot::storage::Storage::open(data.path()).unwrap();
    let live = Arc::new(LiveSearcher::open(bundled_dir.path()).unwrap());
    let engine = Engine::new(
        live,
        config.bot,
        Arc::new(StateStore::new(&storage, IDLE_SECS).unwrap()),
        Arc::new(StoredTickets::new(&storage).unwrap()),
        None,
    );
    c.bench_function("chat turn: engine.handle", |b| {
        b.iter(|| {
            i += 1;
            let user = format!("bench-{}", i % 10_000);
            engine.handle(&Incoming::new(
                tthc_bot::channel::Channel::Web,
                &user,
                QUESTIONS[i % QUESTIONS.len()],
            ))
        })
    });
}

criterion_group!(search, benches);
criterion_main!(search);
