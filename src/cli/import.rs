//! `tthc-bot import dvc DIR [--out DIR]`: national procedure records into the knowledge base.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use tthc_bot::config::Config;
use tthc_bot::import::import_dvc;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import the National Public Service Portal records (../shared/dvc).
    Dvc(DvcArgs),
}

#[derive(Debug, Args)]
pub struct DvcArgs {
    /// Data folder holding national/<ministry>/*.json, bo-quoc-phong/*.json and/or
    /// portal-md/ (Markdown pages and catalogue).
    pub dir: PathBuf,
    /// Where to write one file per procedure (default: <knowledge>/national).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(cmd: ImportCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let ImportCommand::Dvc(args) = cmd;
    let out = args
        .out
        .unwrap_or_else(|| config.paths.knowledge.join("national"));
    let summary = import_dvc(&args.dir, &out)?;
    println!("records read:      {}", summary.read);
    println!(
        "files written:     {} ({} new, {} updated)",
        summary.written(),
        summary.created,
        summary.updated
    );
    println!("files unchanged:   {}", summary.unchanged);
    println!(
        "files removed:     {} (records no longer in the source)",
        summary.removed
    );
    println!(
        "catalogue-only:    {} (no detail page: name, field, agency and portal link)",
        summary.catalogue_only
    );
    println!(
        "fallback pages:    {} (tables flattened into text)",
        summary.fallback.len()
    );
    for (path, note) in &summary.fallback {
        println!("  fallback {}: {note}", path.display());
    }
    println!(
        "form files:        {} written, {} unchanged",
        summary.forms.written, summary.forms.unchanged
    );
    println!("records skipped:   {}", summary.skipped.len());
    for (path, reason) in &summary.skipped {
        println!("  skipped {}: {reason}", path.display());
    }
    println!("output folder:     {}", out.display());
    if summary.written() + summary.removed > 0 {
        println!("run `tthc-bot index build` (or let serve reload) to search the new records");
    }
    Ok(ExitCode::SUCCESS)
}
