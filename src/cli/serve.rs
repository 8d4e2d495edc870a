//! `tthc-bot serve`: the web chat (always), plus the channels whose tokens are set.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tthc_bot::chat::replylog::ReplyLog;
use tthc_bot::chat::Engine;
use tthc_bot::config::Config;
use tthc_bot::search::LiveSearcher;

/// How often the serving index pointer is checked for a new generation.
const RELOAD_POLL: Duration = Duration::from_secs(1);

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port of the web chat (default from config: 8080; 0 picks a free port).
    #[arg(long)]
    pub port: Option<u16>,
}

pub fn run(args: ServeArgs, config: &Config) -> anyhow::Result<std::process::ExitCode> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(serve(args, config.clone()))?;
    Ok(std::process::ExitCode::SUCCESS)
}

async fn serve(args: ServeArgs, config: Config) -> anyhow::Result<()> {
    super::open_or_build(&config)?;
    let searcher = Arc::new(LiveSearcher::open(&config.paths.index)?);
    std::fs::create_dir_all(&config.paths.data)
        .with_context(|| format!("cannot create data folder {}", config.paths.data.display()))?;
    let db_path = config.paths.data.join("db");
    let db = sled::Config::new()
        .path(&db_path)
        .cache_capacity(64 * 1024 * 1024)
        .open()
        .with_context(|| {
            format!(
                "cannot open the database {} (is another serve running?)",
                db_path.display()
            )
        })?;
    let log = ReplyLog::open(&config.paths.data).context("cannot open the reply log")?;
    let engine = Arc::new(Engine::new(
        searcher.clone(),
        config.bot.clone(),
        &db,
        Some(log),
    )?);
    tokio::spawn(watch_index(searcher));

    let app = tthc_bot::channels::web::router(engine.clone());
    let port = args.port.unwrap_or(config.web.port);
    let addr = format!("{}:{}", config.web.bind, port);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!(web = %format!("http://{local}/"), telegram = false, zalo = false, "tthc-bot serving; channels on: web");
    println!("tthc-bot: web chat on http://{local}/ (channels: web)");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    db.flush_async().await?;
    Ok(())
}

/// Picks up new index generations without restart.
async fn watch_index(searcher: Arc<LiveSearcher>) {
    let mut tick = tokio::time::interval(RELOAD_POLL);
    loop {
        tick.tick().await;
        let s = searcher.clone();
        match tokio::task::spawn_blocking(move || s.reload_if_changed()).await {
            Ok(Ok(Some(name))) => {
                tracing::info!(generation = %name, "switched to new index generation")
            }
            Ok(Ok(None)) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "index reload failed; still serving the previous generation")
            }
            Err(e) => tracing::warn!(error = %e, "index reload task failed"),
        }
    }
}
