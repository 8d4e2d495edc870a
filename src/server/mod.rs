//! The `serve` process assembled: engine, web chat, admin (reindex, dossier push), staff
//! pages, Telegram and Zalo when configured, the index watcher and the notifier. `tthc-bot serve` and
//! the integration tests start the same thing.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;

use crate::admin::Admin;
use crate::channel::Channel;
use crate::channels::health::Health;
use crate::channels::limits::ChatLimits;
use crate::channels::notify::Notifier;
use crate::channels::seen::SeenUpdates;
use crate::channels::telegram::{commands, make_bot, Telegram};
use crate::channels::web::WebInbox;
use crate::channels::zalo::{Zalo, ZaloSettings, DEFAULT_API_URL};
use crate::chat::engine::IDLE_SECS;
use crate::chat::place::Places;
use crate::chat::ratings::Ratings;
use crate::chat::replylog::ReplyLog;
use crate::chat::state::{Conversations, StateStore};
use crate::chat::Engine;
use crate::config::Config;
use crate::dossiers::{DossierStore, Importer, StoredDossiers};
use crate::events::{EventStore, StoredEvents};
use crate::search::LiveSearcher;
use crate::staff::client::Transport;
use crate::staff::replies::SavedReplies;
use crate::staff::sessions::Sessions;
use crate::staff::{Accounts, StaffState};
use crate::storage::{Storage, Tree};
use crate::tickets::{Deadlines, Outbox, StoredOutbox, StoredTickets, TicketStore};

mod replicas;
pub use replicas::open_storage;
use replicas::{poll_telegram, replica_name, shared_generation, SharedLimitCounts};

/// How often the serving index pointer is checked for a new generation.
const RELOAD_POLL: Duration = Duration::from_secs(1);
/// How often staff answers waiting in the outbox are delivered.
const DELIVERY_POLL: Duration = Duration::from_secs(1);
/// How often conversation states past their retention are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// A started server: the router to serve and what it runs.
pub struct Server {
    pub app: Router,
    pub engine: Arc<Engine>,
    pub storage: Storage,
    /// The channels that are on.
    pub channels: Vec<Channel>,
}

/// Builds everything and spawns the background tasks (needs a tokio runtime).
pub async fn start(config: &Config) -> anyhow::Result<Server> {
    let places = Places::serving(&config.service.province)?;
    let searcher = Arc::new(LiveSearcher::open(&config.paths.index)?);
    let storage = open_storage(config)?;
    let log = ReplyLog::open(&config.paths.data).context("cannot open the reply log")?;
    let tickets: Arc<dyn TicketStore> = Arc::new(StoredTickets::new(&storage)?);
    let outbox: Arc<dyn Outbox> = Arc::new(StoredOutbox::new(&storage)?);
    let states = Arc::new(StateStore::new(&storage, IDLE_SECS)?);
    let states_for_notices: Arc<dyn Conversations> = states.clone();
    let dossiers: Arc<dyn DossierStore> = Arc::new(StoredDossiers::new(&storage)?);
    let events: Arc<dyn EventStore> = Arc::new(StoredEvents::new(&storage)?);
    tokio::spawn(purge_events(events.clone(), config.storage.clone()));
    let ratings = Ratings::new(events.clone(), storage.shared_secret(&config.paths.data)?);
    let staff_dossiers = dossiers.clone();
    let retention_days = config.storage.conversation_retention_days;
    if retention_days > 0 {
        tokio::spawn(purge_conversations(
            states.clone(),
            retention_days * 24 * 3600,
        ));
    }
    let shared_counts = storage.postgres().map(|pg| {
        Arc::new(SharedLimitCounts {
            pg: pg.clone(),
            hits: Default::default(),
        }) as Arc<dyn crate::limiter::SharedCounts>
    });
    let mut engine = Engine::new(
        searcher.clone(),
        config.bot.clone(),
        states,
        tickets.clone(),
        Some(log),
    )
    .with_user_limit(config.limits.per_user_per_minute)
    .with_dossiers(dossiers.clone())
    .with_places(places)
    .with_ratings(ratings);
    if let Some(counts) = &shared_counts {
        engine = engine.with_shared_limits(counts.clone());
    }
    let engine = Arc::new(engine);
    tokio::spawn(searcher.clone().watch(RELOAD_POLL));

    let replica = replica_name(config);
    let admin = match shared_generation(config, &storage, &replica, &searcher)? {
        Some(shared) => Admin::shared(
            config.admin.token.clone(),
            config.paths.knowledge.clone(),
            searcher.clone(),
            shared,
        ),
        None => Admin::new(
            config.admin.token.clone(),
            config.paths.knowledge.clone(),
            searcher.clone(),
        ),
    };
    let inbox = WebInbox::new(&storage)?;
    let mut limits = ChatLimits::new(&config.limits);
    if let Some(counts) = shared_counts {
        limits = limits.shared(counts);
    }
    let mut app = crate::channels::web::router_with_limits(engine.clone(), inbox.clone(), limits)
        .merge(admin.router())
        .merge(crate::admin::dossiers_router(
            &config.admin.token,
            Arc::new(dossier_importer(dossiers, outbox.clone())),
        ))
        .merge(crate::channels::forms::router(
            config.paths.knowledge.join("forms"),
        ));
    let mut channels = vec![Channel::Web];
    let tg = telegram(config, &engine, &storage)?;
    let mut telegram_polling = None;
    if let Some(tg) = tg.clone() {
        channels.push(Channel::Telegram);
        let secret = config.telegram.webhook_secret.clone();
        if secret.is_empty() {
            telegram_polling = Some(poll_telegram(tg, &storage));
        } else {
            register_webhook(&tg, config).await;
            let seen = SeenUpdates::stored(storage.tree(Tree::TelegramSeenUpdates)?);
            app = app.merge(tg.webhook_router_with(secret, seen));
        }
    }
    let zalo = zalo(config, &engine, &storage)?;
    if let Some(zalo) = zalo.clone() {
        channels.push(Channel::Zalo);
        app = app.merge(zalo.router());
    }
    app = app.merge(crate::channels::health::router(Arc::new(Health {
        replica,
        engine: engine.clone(),
        telegram_polling,
        storage: storage.clone(),
    })));
    let accounts = Arc::new(Accounts::new(&storage)?);
    let staff = StaffState {
        tickets: tickets.clone(),
        outbox: outbox.clone(),
        accounts: accounts.clone(),
        sessions: Sessions::new(&storage)?.idle_after(config.staff.idle_minutes * 60),
        transport: Transport::new(&config.web.public_url, config.web.trust_forwarded_proto),
        deadlines: Deadlines::new(config.staff.answer_working_days, &config.staff.holidays)
            .map_err(|e| anyhow::anyhow!("invalid [staff] holidays: {e}"))?,
        notice: answer_notice(&config.service.agency),
        replies: SavedReplies::new(&storage)?,
        dossiers: staff_dossiers,
        places,
        events,
        titles: {
            let searcher = searcher.clone();
            Arc::new(move |id: &str| searcher.get().by_id(id).map(|e| e.title()))
        },
        service: config.service.name.clone(),
    };
    app = app
        .merge(crate::staff::stats_page::admin_router(
            staff.clone(),
            &config.admin.token,
        ))
        .merge(crate::staff::router(staff))
        .merge(crate::staff::manage::router(accounts, &config.admin.token));
    let notifier = Notifier {
        states: states_for_notices,
        outbox,
        tickets,
        web: inbox,
        telegram: tg,
        zalo,
    };
    tokio::spawn(notifier.run(DELIVERY_POLL));
    Ok(Server {
        app,
        engine,
        storage,
        channels,
    })
}

/// The Telegram channel when a token is configured.
fn telegram(
    config: &Config,
    engine: &Arc<Engine>,
    storage: &Storage,
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
        payloads: storage.tree(Tree::TelegramPayloads)?,
        forms_dir: Some(config.paths.knowledge.join("forms")),
    }))
}

/// The Zalo channel when app id, secret key and access token are configured.
fn zalo(config: &Config, engine: &Arc<Engine>, storage: &Storage) -> anyhow::Result<Option<Zalo>> {
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
        public_url: config.web.public_url.clone(),
    };
    let zalo = Zalo::new(settings, engine.clone(), storage)?;
    Ok(Some(zalo.with_max_event_age(z.max_event_age_secs)))
}

/// Deletes conversation states unused for `retention_secs`, at start and then every
/// [`PURGE_EVERY`]. Tickets are never deleted.
async fn purge_conversations(states: Arc<StateStore>, retention_secs: u64) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        every.tick().await;
        let store = states.clone();
        match tokio::task::spawn_blocking(move || store.purge_older_than(retention_secs)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(purged = n, "old conversation states deleted"),
            Ok(Err(e)) => tracing::warn!(error = %e, "conversation purge failed"),
            Err(e) => tracing::warn!(error = %e, "conversation purge task failed"),
        }
    }
}

/// Drops old statistics texts and events once a day, as `[storage]` says.
async fn purge_events(events: Arc<dyn EventStore>, keep: crate::config::StorageConfig) {
    const DAY: u64 = 86_400;
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        every.tick().await;
        // 0 days keeps everything, as for conversations.
        let now = crate::time::now_secs();
        let before = |days: u64| match days {
            0 => 0,
            days => now.saturating_sub(days.saturating_mul(DAY)),
        };
        let (texts, all) = (
            before(keep.event_text_retention_days),
            before(keep.event_retention_days),
        );
        let store = events.clone();
        match tokio::task::spawn_blocking(move || store.purge(texts, all)).await {
            Ok(Ok(p)) if p.texts + p.events > 0 => {
                tracing::info!(texts = p.texts, events = p.events, "old statistics purged")
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "statistics purge failed"),
            Err(e) => tracing::warn!(error = %e, "statistics purge task failed"),
        }
    }
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

/// Imports dossier records; subscribers of a changed dossier get its new status.
pub fn dossier_importer(store: Arc<dyn DossierStore>, outbox: Arc<dyn Outbox>) -> Importer {
    Importer {
        store,
        outbox,
        notice: Arc::new(|d| crate::chat::render::dossier_notice(d, crate::time::now_secs())),
    }
}

/// Answers reach citizens as an officer's reply of the agency running the service.
fn answer_notice(agency: &str) -> crate::tickets::rules::AnswerNotice {
    let unit = agency.to_owned();
    Arc::new(move |t: &crate::tickets::Ticket, answer: &str| {
        crate::chat::render::ticket_answer_notice(&unit, t, answer)
    })
}
