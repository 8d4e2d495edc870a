//! Command-line interface: one file per subcommand, each an `Args` struct and `run`.

mod ask;
mod dossiers;
mod eval;
mod fit;
mod import;
mod index;
mod report;
mod serve;
mod staff;
mod staff_remote;
mod storage;
mod tickets;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tthc_bot::config::Config;
use tthc_bot::search::{SearchError, Searcher};

#[derive(Debug, Parser)]
#[command(
    name = "tthc-bot",
    version,
    about = "Vietnamese chatbot for administrative procedures (TTHC) and hotline feedback"
)]
pub struct Cli {
    /// Config file (default: config/default.toml if present, else built-in defaults).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// More log output (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build, check or inspect the search index.
    #[command(subcommand)]
    Index(index::IndexCommand),
    /// Answer a question as a citizen would see it.
    Ask(ask::AskArgs),
    /// Run the bot: web chat on localhost, plus Telegram and Zalo when configured.
    Serve(serve::ServeArgs),
    /// Inspect and export feedback tickets (while serve is stopped).
    #[command(subcommand)]
    Tickets(tickets::TicketsCommand),
    /// Manage staff accounts of the /staff pages.
    Staff(staff::StaffArgs),
    /// Import dossier status records (tra cứu hồ sơ) while serve is stopped.
    #[command(subcommand)]
    Dossiers(dossiers::DossiersCommand),
    /// Import official procedure records into the knowledge base.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Score a question file (JSONL): top-1, direct, shown, false answers, declined.
    Eval(eval::EvalArgs),
    /// Fit the ranker and the answer/choices/decline decision on question files (cross-validated).
    Fit(fit::FitArgs),
    /// The periodic report (quarter, half year, year or days): HTML, CSV or JSON.
    Report(report::ReportArgs),
    /// Administrative units after the 2025 reform: which commune or ward a text names.
    #[command(subcommand)]
    Units(units::UnitsCommand),
    /// Database maintenance: copy a deployment from sled to PostgreSQL.
    #[command(subcommand)]
    Storage(storage::StorageCommand),
}

pub fn init_logging(cli: &Cli) {
    let serving = matches!(cli.command, Command::Serve(_));
    let level = match cli.verbose {
        0 if serving => "info",
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TTHC_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Index(cmd) => index::run(cmd, &config),
        Command::Ask(args) => ask::run(args, &config),
        Command::Eval(args) => eval::run(args, &config),
        Command::Fit(args) => fit::run(args, &config),
        Command::Import(cmd) => import::run(cmd, &config),
        Command::Serve(args) => serve::run(args, &config),
        Command::Tickets(cmd) => tickets::run_tickets(cmd, &config),
        Command::Staff(cmd) => staff::run_staff(cmd, &config),
        Command::Dossiers(cmd) => dossiers::run_dossiers(cmd, &config),
        Command::Units(cmd) => units::run_units(cmd, &config),
        Command::Report(args) => report::run_report(args, &config),
        Command::Storage(cmd) => storage::run_storage(cmd),
    }
}

/// Opens the serving index, building it from the knowledge base on first use.
pub fn open_or_build(config: &Config) -> anyhow::Result<Searcher> {
    match Searcher::open(&config.paths.index) {
        Ok(s) => Ok(s),
        Err(SearchError::NoIndex(_)) => {
            tracing::info!(index = %config.paths.index.display(), "no index yet, building it");
            tthc_bot::search::build(&config.paths.knowledge, &config.paths.index)?;
            Ok(Searcher::open(&config.paths.index)?)
        }
        Err(e) => Err(e.into()),
    }
}
