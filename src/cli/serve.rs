//! `tthc-bot serve`: the web chat (always), plus the channels whose tokens are set.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tthc_bot::admin::Admin;
use tthc_bot::channels::notify::Notifier;
use tthc_bot::channels::telegram::{commands, make_bot, Telegram};
use tthc_bot::channels::web::WebInbox;
use tthc_bot::channels::zalo::{Zalo, ZaloSettings, DEFAULT_API_URL};
use tthc_bot::chat::replylog::ReplyLog;
use tthc_bot::chat::Engine;
use tthc_bot::config::Config;
use tthc_bot::search::LiveSearcher;
use tthc_bot::staff::sessions::Sessions;
use tthc_bot::staff::{Accounts, StaffState};
use tthc_bot::tickets::Outbox;

/// How often the serving index pointer is checked for a new generation.
const RELOAD_POLL: Duration = Duration::from_secs(1);
/// How often staff answers waiting in the outbox are delivered.
const DELIVERY_POLL: Duration = Duration::from_secs(1);

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
    tokio::spawn(searcher.clone().watch(RELOAD_POLL));

    let admin = Admin::new(
        config.admin.token.clone(),
        config.paths.knowledge.clone(),
        searcher.clone(),
    );
    let inbox = WebInbox::new(&db)?;
    let mut app =
        tthc_bot::channels::web::router(engine.clone(), inbox.clone()).merge(admin.router());
    let mut channels = vec!["web"];
    let tg = telegram(&config, &engine, &db)?;
    if let Some(tg) = tg.clone() {
        channels.push("telegram");
        let secret = config.telegram.webhook_secret.clone();
        if secret.is_empty() {
            tokio::spawn(tg.run_polling());
        } else {
            register_webhook(&tg, &config).await;
            app = app.merge(tg.webhook_router(secret));
        }
    }
    let port = args.port.unwrap_or(config.web.port);
    let addr = format!("{}:{}", config.web.bind, port);
    let zalo = zalo(&config, &engine, &db)?;
    if let Some(zalo) = zalo.clone() {
        channels.push("zalo");
        app = app.merge(zalo.router());
    }
    let staff = StaffState {
        tickets: engine.tickets().clone(),
        outbox: Outbox::new(&db)?,
        accounts: Arc::new(Accounts::new(&db)?),
        sessions: Sessions::new(&db)?,
    };
    app = app.merge(tthc_bot::staff::router(staff));
    let notifier = Notifier {
        outbox: Outbox::new(&db)?,
        tickets: engine.tickets().clone(),
        web: inbox,
        telegram: tg,
        zalo,
    };
    tokio::spawn(notifier.run(DELIVERY_POLL));
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let on = channels.join(", ");
    tracing::info!(web = %format!("http://{local}/"), channels = %on, "tthc-bot serving; channels on: {on}");
    println!("tthc-bot: web chat on http://{local}/ (channels: {on})");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    db.flush_async().await?;
    Ok(())
}

/// The Telegram channel when a token is configured.
fn telegram(
    config: &Config,
    engine: &Arc<Engine>,
    db: &sled::Db,
) -> anyhow::Result<Option<Telegram>> {
    let tg = &config.telegram;
    if tg.token.is_empty() {
        return Ok(None);
    }
    let api_url = if tg.api_url.is_empty() {
        None
    } else {
        Some(
            reqwest::Url::parse(&tg.api_url)
                .with_context(|| format!("invalid TELEGRAM_API_URL {:?}", tg.api_url))?,
        )
    };
    Ok(Some(Telegram {
        bot: make_bot(&tg.token, api_url),
        engine: engine.clone(),
        payloads: db.open_tree("telegram_payloads")?,
    }))
}

/// The Zalo channel when app id, secret key and access token are configured.
fn zalo(config: &Config, engine: &Arc<Engine>, db: &sled::Db) -> anyhow::Result<Option<Zalo>> {
    let z = &config.zalo;
    if z.app_id.is_empty() || z.oa_secret_key.is_empty() || z.access_token.is_empty() {
        return Ok(None);
    }
    let api_url = if z.api_url.is_empty() {
        DEFAULT_API_URL.to_owned()
    } else {
        z.api_url.clone()
    };
    let settings = ZaloSettings {
        app_id: z.app_id.clone(),
        secret_key: z.oa_secret_key.clone(),
        access_token: z.access_token.clone(),
        api_url,
    };
    Ok(Some(Zalo::new(settings, engine.clone(), db)?))
}

async fn register_webhook(tg: &Telegram, config: &Config) {
    use teloxide::payloads::SetWebhookSetters;
    use teloxide::prelude::Requester;
    if let Err(e) = tg.bot.set_my_commands(commands()).await {
        tracing::warn!(error = %e, "telegram setMyCommands failed");
    }
    let url = &config.telegram.webhook_url;
    if url.is_empty() {
        tracing::info!("telegram webhook mode: set the webhook URL with Telegram yourself (TELEGRAM_WEBHOOK_URL is empty)");
        return;
    }
    match reqwest::Url::parse(url) {
        Ok(u) => {
            let secret = config.telegram.webhook_secret.clone();
            if let Err(e) = tg.bot.set_webhook(u).secret_token(secret).await {
                tracing::warn!(error = %e, "telegram setWebhook failed");
            }
        }
        Err(e) => tracing::warn!(error = %e, url = %url, "invalid TELEGRAM_WEBHOOK_URL"),
    }
}
