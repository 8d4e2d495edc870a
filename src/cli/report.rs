//! `tthc-bot report --period 2026-Q4|2026-H2|2026|FROM..TO [--format html|csv|json]
//! [--channel web|telegram|zalo] [--out FILE] [--data DIR]`: the periodic report.
//!
//! It reads the data folder (`--data`, e.g. an exported copy, or the configured one)
//! when no `serve` holds it; while `serve` runs it asks the running server's
//! `GET /admin/report` with `ADMIN_TOKEN` (read-only: nothing is written).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use tthc_bot::channel::Channel;
use tthc_bot::config::Config;
use tthc_bot::events::StoredEvents;
use tthc_bot::stats::report::{render, Format};
use tthc_bot::stats::{summarize, Period, Sources};
use tthc_bot::storage::{Storage, StorageError};
use tthc_bot::tickets::{Deadlines, StoredTickets};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-12-31.
    #[arg(long)]
    pub period: String,
    /// html (self-contained, prints to A4), csv or json.
    #[arg(long, default_value = "html")]
    pub format: String,
    /// Only this channel (web, telegram, zalo); default: all.
    #[arg(long)]
    pub channel: Option<String>,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The data folder to read (default: the configured one).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The running serve to ask when it holds the database.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

pub fn run_report(args: ReportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let period = Period::parse(&args.period)?;
    let Some(format) = Format::parse(&args.format) else {
        bail!("unknown format {:?}: html, csv or json", args.format);
    };
    let channel = match args.channel.as_deref() {
        None | Some("") => None,
        Some(name) => Some(
            Channel::parse(name)
                .with_context(|| format!("unknown channel {name:?}: web, telegram or zalo"))?,
        ),
    };
    let opened = match &args.data {
        Some(data) => Storage::open(data),
        None => tthc_bot::server::open_storage(config),
    };
    let text = match opened {
        Ok(storage) => local(&storage, &period, channel, format, config)?,
        Err(StorageError::Open { .. }) => remote(&args, config)?,
        Err(e) => return Err(e.into()),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("report {} written to {}", period.name, path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The report from a data folder no serve holds.
fn local(
    storage: &Storage,
    period: &Period,
    channel: Option<Channel>,
    format: Format,
    config: &Config,
) -> anyhow::Result<String> {
    let searcher = super::open_or_build(config)?;
    let titles = |id: &str| searcher.by_id(id).map(|e| e.title());
    let deadlines = Deadlines::new(config.staff.answer_working_days, &config.staff.holidays)
        .map_err(|e| anyhow::anyhow!("invalid [staff] holidays: {e}"))?;
    let sources = Sources {
        events: &StoredEvents::new(storage)?,
        tickets: &StoredTickets::new(storage)?,
        deadlines: &deadlines,
        titles: &titles,
        ticket_scope: None,
    };
    let summary = summarize(period, channel, &sources)?;
    Ok(render(&summary, format, &config.service.name))
}

/// The report from the running serve's `/admin/report`.
fn remote(args: &ReportArgs, config: &Config) -> anyhow::Result<String> {
    let token = &config.admin.token;
    if token.is_empty() {
        bail!(
            "the database is held by a running `tthc-bot serve`; set ADMIN_TOKEN to the token \
             serve runs with to read the report through it, or pass --data with a copy"
        );
    }
    let url = format!(
        "{}/admin/report",
        super::staff_remote::server_url(args.server.as_deref(), config)
    );
    let query = [
        ("period", args.period.as_str()),
        ("format", args.format.as_str()),
        ("channel", args.channel.as_deref().unwrap_or("")),
    ];
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let r = http
            .get(&url)
            .bearer_auth(token)
            .query(&query)
            .send()
            .await
            .with_context(|| format!("the database is held by a running serve, but {url} does not answer (use --server URL)"))?;
        let status = r.status();
        let body = r.text().await?;
        if !status.is_success() {
            bail!("{url} answered {status}: {body}");
        }
        Ok(body)
    })
}
