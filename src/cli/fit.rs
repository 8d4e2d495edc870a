//! `tthc-bot fit FILE.jsonl... [--folds N] [--write PATH]`: fits the decision model on
//! labelled question files, prints cross-validated figures per file and overall, and
//! writes the parameters fitted on all questions (embedded at the next build from
//! `src/search/decision.json`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tthc_bot::chat::search_query;
use tthc_bot::config::Config;
use tthc_bot::eval::fit::{cross_validate, fit, outcome_of, samples, summarize, Question};
use tthc_bot::eval::{Scored, Summary};
use tthc_bot::search::decision::SIGNAL_NAMES;
use tthc_bot::search::DecisionModel;

#[derive(Debug, Args)]
pub struct FitArgs {
    /// Labelled question files (the `eval` format).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Where to write the model fitted on every question (JSON).
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// Also write each question's signals and labels under the fitted model (JSONL).
    #[arg(long)]
    pub samples: Option<PathBuf>,
}

pub fn run(args: FitArgs, config: &Config) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.folds >= 2, "--folds must be at least 2");
    let searcher = super::open_or_build(config)?;
    let mut questions = Vec::new();
    for (source, file) in args.files.iter().enumerate() {
        for case in super::eval::read_cases(file)? {
            let query = search_query(&searcher, &case.q);
            questions.push(Question {
                case,
                query,
                source,
            });
        }
    }
    let held_out = cross_validate(&searcher, &questions, args.folds)?;
    println!(
        "cross-validated ({} folds, twins kept together):",
        args.folds
    );
    for (source, file) in args.files.iter().enumerate() {
        let of_file: Vec<Scored> = held_out
            .iter()
            .zip(&questions)
            .filter(|(_, q)| q.source == source)
            .map(|(h, _)| h.clone())
            .collect();
        println!("  {}: {}", file.display(), Summary::of(&of_file).line());
    }
    println!("  all: {}", Summary::of(&held_out).line());
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let fitted_on = format!(
        "tthc-bot fit {} ({} questions, {}-fold CV)",
        names.join(" "),
        questions.len(),
        args.folds
    );
    let model = fit(&searcher, &questions, &fitted_on)?;
    let in_sample = samples(&searcher, &questions, &model.ranker)?;
    println!(
        "fitted on all (in-sample, for reference): {}",
        summarize(&in_sample, &model).line()
    );
    if let Some(path) = &args.samples {
        write_samples(path, &in_sample, &model)?;
    }
    let json = serde_json::to_string_pretty(&model)?;
    DecisionModel::from_json(&json)
        .map_err(|e| anyhow::anyhow!("the fitted model would not load: {e}"))?;
    match args.write {
        Some(path) => {
            std::fs::write(&path, json + "\n")?;
            println!("wrote {}", path.display());
        }
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn write_samples(
    path: &std::path::Path,
    samples: &[tthc_bot::eval::fit::Sample],
    model: &DecisionModel,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for s in samples {
        let signals: serde_json::Map<String, serde_json::Value> = SIGNAL_NAMES
            .iter()
            .zip(s.signals.values)
            .map(|(n, v)| (n.to_string(), serde_json::json!(v)))
            .collect();
        let line = serde_json::json!({
            "q": s.scored.case.q,
            "source": s.source,
            "answerable": s.scored.answerable(),
            "top1": s.scored.top1,
            "in_choices": s.scored.in_choices,
            "contradicted": s.signals.contradicted,
            "unsettled": s.signals.unsettled,
            "outcome": outcome_of(model, s).as_str(),
            "p_answer": model.answer.probability(&s.signals),
            "top": s.scored.top_title,
            "signals": signals,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
