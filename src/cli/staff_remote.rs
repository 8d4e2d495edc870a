//! `tthc-bot staff …` while `serve` runs: the command goes to the running server's
//! `POST /admin/staff` with `Authorization: Bearer <ADMIN_TOKEN>`, so accounts change
//! without a restart.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::Value;
use tthc_bot::config::Config;
use tthc_bot::staff::manage::StaffRequest;

use super::staff::{print_account, read_password, StaffCommand};

/// How long the running server may take to answer (a password hash takes a moment).
const TIMEOUT: Duration = Duration::from_secs(30);

/// The address of the running serve: `--server`, else the configured bind and port
/// (a wildcard bind is reached on the loopback address).
pub fn server_url(server: Option<&str>, config: &Config) -> String {
    if let Some(url) = server {
        return url.trim_end_matches('/').to_owned();
    }
    let host = match config.web.bind.as_str() {
        "0.0.0.0" | "" => "127.0.0.1".to_owned(),
        "::" | "[::]" => "[::1]".to_owned(),
        h if h.contains(':') && !h.starts_with('[') => format!("[{h}]"),
        h => h.to_owned(),
    };
    format!("http://{host}:{}", config.web.port)
}

pub fn run(cmd: StaffCommand, server: Option<&str>, config: &Config) -> anyhow::Result<ExitCode> {
    let token = config.admin.token.clone();
    if token.is_empty() {
        bail!(
            "the database is held by a running `tthc-bot serve`; to manage staff through it, \
             set ADMIN_TOKEN to the token serve runs with (or [admin] token in the config), \
             or stop serve first"
        );
    }
    let request = match cmd {
        StaffCommand::Add { name, role } => StaffRequest {
            password: Some(read_password()?),
            role: Some(role.role.key().to_owned()),
            units: role.units,
            ..StaffRequest::named("add", name)
        },
        StaffCommand::Role { name, role } => StaffRequest {
            role: Some(role.role.key().to_owned()),
            units: role.units,
            ..StaffRequest::named("role", name)
        },
        StaffCommand::List => StaffRequest::named("list", String::new()),
        StaffCommand::Disable { name } => StaffRequest::named("disable", name),
        StaffCommand::Enable { name } => StaffRequest::named("enable", name),
    };
    let url = format!("{}/admin/staff", server_url(server, config));
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let answer = runtime.block_on(send(&url, &token, &request))?;
    match request.action.as_str() {
        "list" => {
            for a in answer["accounts"].as_array().into_iter().flatten() {
                let units: Vec<String> = a["units"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|u| u.as_str().map(str::to_owned))
                    .collect();
                print_account(
                    a["name"].as_str().unwrap_or(""),
                    a["disabled"].as_bool().unwrap_or(false),
                    a["created_at"].as_u64().unwrap_or(0),
                    a["role"].as_str().unwrap_or("province"),
                    &units,
                );
            }
        }
        "add" => println!("staff account {} created (through {url})", request.name),
        "role" => println!(
            "staff account {} is now {} (through {url})",
            request.name,
            request.role.as_deref().unwrap_or("province")
        ),
        action => println!("staff account {} {action}d (through {url})", request.name),
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends one request; the answer's JSON, or an error saying what the server said.
async fn send(url: &str, token: &str, request: &StaffRequest) -> anyhow::Result<Value> {
    let http = reqwest::Client::builder().timeout(TIMEOUT).build()?;
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(request)
        .send()
        .await
        .with_context(|| format!("the database is held by a running serve, but {url} does not answer (use --server URL)"))?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    if status == reqwest::StatusCode::UNAUTHORIZED {
        bail!("{url} refused ADMIN_TOKEN: set the token the running serve was started with");
    }
    if !status.is_success() {
        let why = body["error"].as_str().unwrap_or("no reason given");
        bail!("{url} answered {status}: {why}");
    }
    Ok(body)
}
