//! `tthc-bot index build|check|status`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use tthc_bot::config::Config;
use tthc_bot::knowledge;
use tthc_bot::search::{self, SearchError, Searcher};

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Validate the knowledge base and build a new index generation.
    Build(PathArgs),
    /// Validate the knowledge base without building.
    Check(PathArgs),
    /// Show the serving generation.
    Status(PathArgs),
    /// Serve the previous generation again (a running serve picks it up).
    Rollback(PathArgs),
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// Knowledge base folder (default from config: knowledge).
    #[arg(long)]
    pub knowledge: Option<PathBuf>,
    /// Index folder (default from config: index).
    #[arg(long)]
    pub index: Option<PathBuf>,
}

impl PathArgs {
    fn knowledge(&self, c: &Config) -> PathBuf {
        self.knowledge
            .clone()
            .unwrap_or_else(|| c.paths.knowledge.clone())
    }

    fn index(&self, c: &Config) -> PathBuf {
        self.index.clone().unwrap_or_else(|| c.paths.index.clone())
    }
}

pub fn run(cmd: IndexCommand, config: &Config) -> anyhow::Result<ExitCode> {
    match cmd {
        IndexCommand::Build(a) => build(&a.knowledge(config), &a.index(config)),
        IndexCommand::Check(a) => check(&a.knowledge(config)),
        IndexCommand::Status(a) => status(&a.index(config)),
        IndexCommand::Rollback(a) => {
            let name = search::rollback(&a.index(config))?;
            println!("now serving {name}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build(knowledge: &std::path::Path, index: &std::path::Path) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut progress = BuildProgress::new(started);
    let result = search::build_with_progress(knowledge, index, &mut |done, total| {
        progress.update(done, total)
    });
    progress.finish();
    match result {
        Ok(report) => {
            let m = &report.manifest;
            println!(
                "built {} in {:.1}s: {} procedures, {} plan sections, {} synonym groups",
                report.generation_dir.display(),
                started.elapsed().as_secs_f64(),
                m.procedures,
                m.plan_sections,
                m.synonym_groups
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(SearchError::Knowledge(problems)) if !is_missing_folder(&problems) => {
            for p in &problems.0 {
                eprintln!("{p}");
            }
            eprintln!(
                "index build failed: {} problem(s); the serving index is unchanged",
                problems.0.len()
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

fn check(knowledge: &std::path::Path) -> anyhow::Result<ExitCode> {
    match knowledge::load(knowledge) {
        Ok(k) => {
            let catalogue = k
                .procedures
                .iter()
                .filter(|p| p.is_catalogue_only())
                .count();
            println!(
                "ok: {} procedures, {} plan sections, {} synonym groups",
                k.procedures.len(),
                k.plan_sections.len(),
                k.synonyms.len()
            );
            println!(
                "procedures with details: {}, catalogue-only entries (name and portal link): {catalogue}",
                k.procedures.len() - catalogue
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) if is_missing_folder(&problems) => Err(problems.into()),
        Err(problems) => {
            for p in &problems.0 {
                eprintln!("{p}");
            }
            eprintln!("check failed: {} problem(s)", problems.0.len());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// No knowledge folder at all: one error line, not a problem list.
fn is_missing_folder(problems: &knowledge::Problems) -> bool {
    matches!(problems.0.as_slice(), [only] if only.is_whole_base())
}

fn status(index: &std::path::Path) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index)?;
    let m = searcher.manifest();
    println!("generation: {}", m.generation);
    println!(
        "built at: {} (Vietnam time)",
        tthc_bot::time::vn_format(m.built_at)
    );
    println!(
        "generations on disk: {}",
        search::list_generations(index).join(", ")
    );
    println!("knowledge checksum: {}", m.knowledge_checksum);
    println!("procedures: {}", m.procedures);
    println!("plan sections: {}", m.plan_sections);
    println!("synonym groups: {}", m.synonym_groups);
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal, plain log lines otherwise; only for builds that take
/// more than a second.
struct BuildProgress {
    started: std::time::Instant,
    bar: Option<indicatif::ProgressBar>,
    last_logged: usize,
}

impl BuildProgress {
    const DELAY: std::time::Duration = std::time::Duration::from_secs(1);

    fn new(started: std::time::Instant) -> Self {
        BuildProgress {
            started,
            bar: None,
            last_logged: 0,
        }
    }

    fn update(&mut self, done: usize, total: usize) {
        if self.started.elapsed() < Self::DELAY || total == 0 {
            return;
        }
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            let bar = self.bar.get_or_insert_with(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "indexing {bar:40} {pos}/{len} documents",
                    )
                    .expect("valid template"),
                );
                bar
            });
            bar.set_position(done as u64);
        } else if done * 4 / total > self.last_logged {
            self.last_logged = done * 4 / total;
            eprintln!("indexing: {done}/{total} documents");
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
