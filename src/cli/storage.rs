//! `tthc-bot storage migrate --from sled:DIR --to postgres:URL`: copies a deployment's
//! data (the sled database under DIR, DIR's secret key) into PostgreSQL, checks the copy
//! and prints each table's counts. Safe to run again; run it while `serve` is stopped.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Subcommand;
use tthc_bot::storage::{Backend, Storage};

#[derive(Debug, Subcommand)]
pub enum StorageCommand {
    /// Copy every table from a sled data folder into PostgreSQL and verify the counts.
    Migrate {
        /// Source: `sled:DIR` (a data folder).
        #[arg(long)]
        from: String,
        /// Target: `postgres:URL`.
        #[arg(long)]
        to: String,
    },
}

/// A database named on the command line, and its data folder (sled; the secret).
fn parse(spec: &str) -> anyhow::Result<(Backend, PathBuf)> {
    match spec.split_once(':') {
        Some(("sled", dir)) if !dir.is_empty() => Ok((Backend::Sled, PathBuf::from(dir))),
        Some(("postgres", url)) if !url.is_empty() => {
            Ok((Backend::Postgres(url.to_owned()), PathBuf::new()))
        }
        _ => bail!("{spec:?}: expected sled:DIR or postgres:URL"),
    }
}

pub fn run_storage(cmd: StorageCommand) -> anyhow::Result<ExitCode> {
    let StorageCommand::Migrate { from, to } = cmd;
    let (from_backend, data_dir) = parse(&from)?;
    let (to_backend, _) = parse(&to)?;
    let sled_to_postgres = matches!(
        (&from_backend, &to_backend),
        (Backend::Sled, Backend::Postgres(_))
    );
    if !sled_to_postgres {
        bail!("only sled:DIR to postgres:URL is supported (got {from} to {to})");
    }
    if from_backend == Backend::Sled && !data_dir.join("db").is_dir() {
        bail!(
            "{}: no sled database (expected {}/db)",
            from,
            data_dir.display()
        );
    }
    let source = Storage::open_with(&from_backend, &data_dir)
        .with_context(|| format!("cannot open the source {from} (is serve running on it?)"))?;
    let target = Storage::open_with(&to_backend, &data_dir)
        .with_context(|| format!("cannot open the target {to}"))?;
    let copied = source.copy_into(&target, &data_dir)?;
    target.flush()?;
    println!("{:<28} {:>10} {:>10}", "table", "source", "target");
    for t in &copied {
        println!("{:<28} {:>10} {:>10}", t.table, t.source, t.target);
    }
    let total: usize = copied.iter().map(|t| t.source).sum();
    println!(
        "copied and verified {total} entries in {} tables",
        copied.len()
    );
    Ok(ExitCode::SUCCESS)
}
