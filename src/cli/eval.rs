//! `tthc-bot eval FILE.jsonl`: answer quality on a question file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use tthc_bot::chat::answer_question;
use tthc_bot::config::Config;
use tthc_bot::eval::{parse_cases, score, Summary};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Question file: one JSON object per line with q, expect, and optional not and kind.
    pub file: PathBuf,
    /// Print every question, not only the misses.
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: EvalArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let cases = parse_cases(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let searcher = super::open_or_build(config)?;
    let mut outcomes = Vec::with_capacity(cases.len());
    for case in cases {
        let answer = answer_question(&searcher, &config.bot, &case.q)?;
        outcomes.push(score(case, &answer, searcher.entries()));
    }
    for o in &outcomes {
        if args.all || !o.correct() {
            let mark = if o.correct() { "ok  " } else { "MISS" };
            println!(
                "{mark} {:?} expect={:?} answered={} top={:?}",
                o.case.q,
                o.case.expect,
                o.answered,
                o.top_title.as_deref().unwrap_or("-")
            );
        }
    }
    let s = Summary::of(&outcomes);
    println!(
        "questions: {}  answerable: {}  top-1: {:.3}  top-3: {:.3}  false-answer rate: {:.3}  accuracy: {:.3}",
        s.questions,
        s.answerable,
        s.top1_rate(),
        s.top3_rate(),
        s.false_answer_rate(),
        s.accuracy()
    );
    Ok(ExitCode::SUCCESS)
}
