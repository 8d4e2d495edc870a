//! `tthc-bot serve`: the web chat (always), plus the channels whose tokens are set.

use anyhow::Context;
use clap::Args;
use tthc_bot::config::Config;

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
    let server = tthc_bot::server::start(&config).await?;
    let port = args.port.unwrap_or(config.web.port);
    let addr = format!("{}:{}", config.web.bind, port);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let on: Vec<&str> = server.channels.iter().map(|c| c.as_str()).collect();
    let on = on.join(", ");
    tracing::info!(web = %format!("http://{local}/"), channels = %on, "tthc-bot serving; channels on: {on}");
    println!("tthc-bot: web chat on http://{local}/ (channels: {on})");
    // Connect info gives the chat's per-address limit the client's address.
    let app = server
        .app
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    server.storage.flush_async().await?;
    Ok(())
}
