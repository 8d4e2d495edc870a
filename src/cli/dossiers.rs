//! `tthc-bot dossiers import FILE`: loads a one-stop system export (JSON Lines or CSV)
//! into the dossier store. It opens the database directly, so it runs while `serve` is
//! stopped; with `serve` running, push the same file to `POST /admin/dossiers`.
//! Subscribers of a dossier whose status changed are told when `serve` next runs.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;
use tthc_bot::config::Config;
use tthc_bot::server::dossier_importer;
use tthc_bot::tickets::StoredOutbox;

#[derive(Debug, Subcommand)]
pub enum DossiersCommand {
    /// Upsert dossier records by ma_ho_so from a JSON Lines or CSV file ("-": standard
    /// input). Exits 1 when some lines were rejected (the others are stored).
    Import { file: String },
}

pub fn run_dossiers(cmd: DossiersCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let DossiersCommand::Import { file } = cmd;
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?
    };
    let storage = tthc_bot::server::open_storage(config).context(
        "cannot open the database; while serve runs, push the file to POST /admin/dossiers",
    )?;
    let importer = dossier_importer(
        Arc::new(tthc_bot::dossiers::StoredDossiers::new(&storage)?),
        Arc::new(StoredOutbox::new(&storage)?),
    );
    let report = importer.import(&text)?;
    println!("{}", report.summary());
    for r in &report.rejected {
        eprintln!("{file}:{}: rejected: {}", r.line, r.reason);
    }
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
