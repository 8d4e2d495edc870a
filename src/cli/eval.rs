//! `tthc-bot eval FILE.jsonl [--all]`: answer quality on a question file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use tthc_bot::chat::answer_question;
use tthc_bot::config::Config;
use tthc_bot::eval::{parse_cases, score, Case, Summary};
use tthc_bot::search::{DecisionModel, Signals};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Question file: one JSON object per line with q, expect, and optional not and kind.
    pub file: PathBuf,
    /// Print every question with its outcome, not only the misses.
    #[arg(long)]
    pub all: bool,
    /// Also print what the decision read: the answer model's probability and the
    /// near-duplicate rules (unsettled, contradicted).
    #[arg(long)]
    pub why: bool,
}

pub fn run(args: EvalArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let cases = read_cases(&args.file)?;
    let searcher = super::open_or_build(config)?;
    let mut scored = Vec::with_capacity(cases.len());
    let mut signals = Vec::with_capacity(cases.len());
    for case in cases {
        let answer = answer_question(&searcher, &config.bot, &case.q)?;
        signals.push(answer.result.signals);
        scored.push(score(case, &answer, searcher.entries()));
    }
    for (s, signals) in scored.iter().zip(&signals) {
        if args.all || !s.correct() {
            let mark = if s.correct() { "ok  " } else { "MISS" };
            let reason = if args.why {
                why(signals)
            } else {
                String::new()
            };
            println!(
                "{mark} {:?} expect={:?} outcome={} top={:?}{reason}",
                s.case.q,
                s.case.expect,
                s.outcome.as_str(),
                s.top_title.as_deref().unwrap_or("-")
            );
        }
    }
    println!("{}", Summary::of(&scored).line());
    Ok(ExitCode::SUCCESS)
}

/// " p_answer=0.42 unsettled contradicted": what the decision read.
fn why(signals: &Signals) -> String {
    let p = DecisionModel::embedded().answer.probability(signals);
    let mut text = format!(" p_answer={p:.2}");
    for (set, name) in [
        (signals.unsettled, "unsettled"),
        (signals.contradicted, "contradicted"),
    ] {
        if set {
            text.push(' ');
            text.push_str(name);
        }
    }
    text
}

/// Reads a question file, naming the file and line of a bad entry.
pub fn read_cases(path: &Path) -> anyhow::Result<Vec<Case>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_cases(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
