//! Servers inside the test process: the same assembly as `serve` on the bundled index,
//! and any router (fake APIs, single channels) on a free local port.

use std::path::Path;

use axum::Router;
use tthc_bot::config::Config;
use tthc_bot::storage::Storage;

use super::fixtures::{bundled_index_dir, config, repo};

/// A running in-process server (the same assembly as `serve`).
pub struct TestServer {
    pub url: String,
    pub storage: Storage,
    _data: tempfile::TempDir,
}

impl TestServer {
    /// The server's data folder (database, reply log, secret).
    pub fn data_dir(&self) -> &Path {
        self._data.path()
    }
}

/// Starts the `serve` assembly on the bundled index with a fresh data folder; Telegram
/// goes to `telegram_url` when given.
pub async fn start_server(telegram_url: Option<&str>) -> TestServer {
    start_server_with(telegram_url, |_| {}).await
}

/// [`start_server`] with settings changed by `edit` first. Tests send many chats from one
/// address, so the per-address and global limits are off unless `edit` sets them.
pub async fn start_server_with(
    telegram_url: Option<&str>,
    edit: impl FnOnce(&mut Config),
) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    let mut cfg = config();
    cfg.limits.per_ip_per_minute = 0;
    cfg.limits.global_per_second = 0;
    cfg.paths.index = bundled_index_dir().to_path_buf();
    cfg.paths.knowledge = repo().join("knowledge");
    cfg.paths.data = data.path().to_path_buf();
    if let Some(url) = telegram_url {
        cfg.telegram.token = "123456:TEST".into();
        cfg.telegram.api_url = url.into();
    }
    edit(&mut cfg);
    let server = tthc_bot::server::start(&cfg).await.expect("server starts");
    let storage = server.storage.clone();
    let url = spawn_router(server.app).await;
    TestServer {
        url,
        storage,
        _data: data,
    }
}

/// Serves `app` on 127.0.0.1 at a free port in the background, with the client's
/// address (connect info) as `serve` gives it; its `http://host:port` address, without a
/// trailing slash.
pub async fn spawn_router(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}
