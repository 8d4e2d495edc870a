//! `tthc-bot tickets list|show|export`.
//!
//! They open the database directly, so they run while `serve` is stopped (sled
//! allows one process at a time); the error says so when it is running.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use tthc_bot::config::Config;
use tthc_bot::tickets::code::{kind, CodeKind};
use tthc_bot::tickets::export::{to_csv, to_json};
use tthc_bot::tickets::{Status, StoredTickets, TicketFilter, TicketStore};
use tthc_bot::time::vn_format;

#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// List tickets, newest first.
    List {
        /// Only this status: new, in_progress, answered, closed.
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one ticket with its history (PA-2026-7K3QX9, or an older PA-2026-000123).
    Show { code: String },
    /// Export every ticket to standard output.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Leave out names, phone numbers and user ids.
        #[arg(long)]
        no_personal: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

pub fn run_tickets(cmd: TicketsCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let storage = tthc_bot::server::open_storage(config)?;
    let store = StoredTickets::new(&storage)?;
    match cmd {
        TicketsCommand::List { status } => {
            let status = match status.as_deref() {
                Some(s) => Some(Status::parse(s).with_context(|| {
                    format!("unknown status {s:?}: use new, in_progress, answered or closed")
                })?),
                None => None,
            };
            let tickets = store.list(&TicketFilter {
                status,
                ..Default::default()
            })?;
            for t in &tickets {
                let content: String = t.content.chars().take(60).collect();
                println!(
                    "{}  {}  {:<9} {:<12} {}",
                    t.code,
                    vn_format(t.created_at),
                    t.channel,
                    t.status.key(),
                    content
                );
            }
            println!("{} ticket(s)", tickets.len());
        }
        TicketsCommand::Show { code } => {
            if kind(&code) == Some(CodeKind::Mistyped) {
                bail!("ticket code {code} looks mistyped: its check character does not match");
            }
            let Some(t) = store.get(&code)? else {
                bail!("ticket {code} not found");
            };
            println!("{}", serde_json::to_string_pretty(&t)?);
        }
        TicketsCommand::Export {
            format,
            no_personal,
        } => {
            let tickets = store.list(&TicketFilter::default())?;
            let out = match format {
                ExportFormat::Csv => to_csv(&tickets, !no_personal),
                ExportFormat::Json => {
                    serde_json::to_string_pretty(&to_json(&tickets, !no_personal))? + "\n"
                }
            };
            std::io::stdout().write_all(out.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
