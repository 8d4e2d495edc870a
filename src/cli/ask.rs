//! `tthc-bot ask [--json] "câu hỏi"` and `ask [--json] -` (one question per stdin line).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Args;
use serde_json::json;
use tthc_bot::chat::{answer_question, Answer};
use tthc_bot::config::Config;
use tthc_bot::search::Searcher;

#[derive(Debug, Args)]
pub struct AskArgs {
    /// Print one JSON object per question instead of the reply text.
    #[arg(long)]
    pub json: bool,
    /// The question, or "-" to read one question per line from standard input.
    #[arg(value_parser = non_blank)]
    pub question: String,
}

/// A question must say something: an empty one is a usage error, not a reply.
fn non_blank(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("the question is empty (give a question, or - to read them from standard input)".into())
    } else {
        Ok(text.to_owned())
    }
}

pub fn run(args: AskArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let searcher = super::open_or_build(config)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.question == "-" {
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            print_answer(&mut out, &searcher, config, &line, args.json)?;
        }
    } else {
        print_answer(&mut out, &searcher, config, &args.question, args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_answer(
    out: &mut impl Write,
    searcher: &Searcher,
    config: &Config,
    question: &str,
    as_json: bool,
) -> anyhow::Result<()> {
    let answer = answer_question(searcher, &config.bot, question)?;
    if as_json {
        writeln!(out, "{}", answer_json(searcher, &answer))?;
    } else {
        writeln!(out, "{}", answer.reply)?;
    }
    Ok(())
}

/// The `ask --json` contract: question, answered, outcome, choices (ids offered, in
/// order), reply, hits (best first).
pub fn answer_json(searcher: &Searcher, answer: &Answer) -> serde_json::Value {
    let hits: Vec<serde_json::Value> = answer
        .result
        .hits
        .iter()
        .map(|h| {
            let e = searcher.entry(h.ord);
            json!({"kind": e.kind().as_str(), "id": e.id(), "title": e.title(), "score": h.score, "coverage": h.coverage, "phrase": h.phrase, "named_share": h.named_share})
        })
        .collect();
    let choices: Vec<&str> = answer
        .result
        .choice_hits()
        .map(|h| searcher.entry(h.ord).id())
        .collect();
    json!({
        "question": answer.question,
        "answered": answer.answered,
        "outcome": answer.outcome.as_str(),
        "choices": choices,
        "reply": answer.reply,
        "hits": hits,
    })
}
