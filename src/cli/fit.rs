//! `tthc-bot fit FILE.jsonl... [--folds N] [--write PATH]`: fits the decision model on
//! labelled question files, prints cross-validated figures per file and overall, and
//! writes the parameters fitted on all questions (embedded at the next build from
//! `src/search/decision.json`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tthc_bot::chat::decide;
use tthc_bot::config::Config;
use tthc_bot::eval::fit::{cross_validate, fit, summarize, Sample};
use tthc_bot::eval::{score_result, Scored, Summary};
use tthc_bot::search::Searcher;

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
}

pub fn run(args: FitArgs, config: &Config) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.folds >= 2, "--folds must be at least 2");
    let searcher = super::open_or_build(config)?;
    let mut samples = Vec::new();
    for (source, file) in args.files.iter().enumerate() {
        for case in super::eval::read_cases(file)? {
            samples.push(sample(&searcher, case, source)?);
        }
    }
    let held_out = cross_validate(&samples, args.folds);
    println!("cross-validated ({} folds, twins kept together):", args.folds);
    for (source, file) in args.files.iter().enumerate() {
        let of_file: Vec<Scored> = held_out
            .iter()
            .zip(&samples)
            .filter(|(_, s)| s.source == source)
            .map(|(h, _)| h.clone())
            .collect();
        println!("  {}: {}", file.display(), Summary::of(&of_file).line());
    }
    println!("  all: {}", Summary::of(&held_out).line());
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let fitted_on = format!(
        "tthc-bot fit {} ({} questions, {}-fold CV)",
        names.join(" "),
        samples.len(),
        args.folds
    );
    let model = fit(&samples, &fitted_on);
    println!(
        "fitted on all (in-sample, for reference): {}",
        summarize(&samples, &model).line()
    );
    let json = serde_json::to_string_pretty(&model)?;
    match args.write {
        Some(path) => {
            std::fs::write(&path, json + "\n")?;
            println!("wrote {}", path.display());
        }
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn sample(
    searcher: &Searcher,
    case: tthc_bot::eval::Case,
    source: usize,
) -> anyhow::Result<Sample> {
    let decided = decide(searcher, &case.q)?;
    let result = decided.result;
    Ok(Sample {
        signals: result.signals,
        has_hits: !result.hits.is_empty(),
        scored: score_result(case, &result, result.outcome, searcher.entries()),
        source,
    })
}
