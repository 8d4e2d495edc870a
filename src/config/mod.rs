//! Settings: `config/default.toml` (or the copy embedded in the binary), then environment.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The defaults shipped in the repository, used when no config file is found.
pub const EMBEDDED_DEFAULT: &str = include_str!("../../config/default.toml");
/// Config file looked for when `--config` is not given.
pub const DEFAULT_PATH: &str = "config/default.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub paths: PathsConfig,
    pub bot: BotConfig,
    /// Who runs the bot; also copied into `bot.service` for the replies.
    #[serde(default)]
    pub service: ServiceConfig,
    pub web: WebConfig,
    #[serde(default)]
    pub telegram: TelegramConfig,
    #[serde(default)]
    pub zalo: ZaloConfig,
    #[serde(default)]
    pub admin: AdminConfig,
    #[serde(default)]
    pub staff: StaffConfig,
    #[serde(default)]
    pub limits: LimitsConfig,
    #[serde(default)]
    pub storage: StorageConfig,
}

/// The staff pages (`/staff`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    /// A session unused this long ends (TTHC_STAFF_IDLE_MINUTES); sessions end after
    /// 12 hours in any case.
    #[serde(default = "default_idle_minutes")]
    pub idle_minutes: u64,
    /// Working days to answer a ticket (TTHC_ANSWER_WORKING_DAYS); weekends and
    /// `holidays` are not counted.
    #[serde(default = "default_answer_working_days")]
    pub answer_working_days: u32,
    /// Public holidays, "YYYY-MM-DD".
    #[serde(default)]
    pub holidays: Vec<String>,
}

fn default_answer_working_days() -> u32 {
    10
}

fn default_idle_minutes() -> u64 {
    30
}

impl Default for StaffConfig {
    fn default() -> Self {
        StaffConfig {
            idle_minutes: default_idle_minutes(),
            answer_working_days: default_answer_working_days(),
            holidays: Vec::new(),
        }
    }
}

/// Abuse limits of the chat (0 turns a limit off).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Messages one user may send per minute, on every channel
    /// (TTHC_LIMIT_PER_USER_PER_MINUTE).
    pub per_user_per_minute: usize,
    /// Web chat requests one client address may send per minute, whatever user ids it
    /// gives (TTHC_LIMIT_PER_IP_PER_MINUTE).
    pub per_ip_per_minute: usize,
    /// Web chat requests the whole server answers per second (TTHC_LIMIT_GLOBAL_PER_SECOND).
    pub global_per_second: usize,
    /// Header a reverse proxy you run puts the client address in (`x-forwarded-for`,
    /// `x-real-ip`); empty means the connection's address (TTHC_CLIENT_IP_HEADER).
    pub client_ip_header: String,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            per_user_per_minute: 20,
            per_ip_per_minute: 60,
            global_per_second: 200,
            client_ip_header: String::new(),
        }
    }
}

/// Admin endpoints (`/admin/*`): bearer token, none by default (then they answer 401).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// ADMIN_TOKEN
    #[serde(default)]
    pub token: String,
}

/// Zalo Official Account: on when app id, secret key and access token are set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZaloConfig {
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub oa_secret_key: String,
    #[serde(default)]
    pub access_token: String,
    /// Zalo API host; empty means the official one.
    #[serde(default)]
    pub api_url: String,
    /// Events older (or further in the future) than this are refused with 401
    /// (ZALO_MAX_EVENT_AGE_SECS).
    #[serde(default = "default_max_event_age")]
    pub max_event_age_secs: u64,
}

fn default_max_event_age() -> u64 {
    300
}

/// Telegram: on when a token is set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    /// Bot token (TELOXIDE_TOKEN).
    #[serde(default)]
    pub token: String,
    /// Bot API server (TELEGRAM_API_URL); empty means the official one.
    #[serde(default)]
    pub api_url: String,
    /// Webhook mode when set: updates arrive at POST /telegram/webhook with this secret
    /// in X-Telegram-Bot-Api-Secret-Token (TELEGRAM_WEBHOOK_SECRET).
    #[serde(default)]
    pub webhook_secret: String,
    /// Public URL registered with setWebhook in webhook mode (TELEGRAM_WEBHOOK_URL).
    #[serde(default)]
    pub webhook_url: String,
}

/// The HTTP server of `serve` (web chat, webhooks, staff pages).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    pub bind: String,
    pub port: u16,
    /// Public address of this server (`https://...`), for links sent to channels that
    /// leave the page (Zalo, Telegram); empty when the server is not public.
    #[serde(default)]
    pub public_url: String,
    /// Behind a reverse proxy: trust its `X-Forwarded-Proto` (staff cookies get `Secure`
    /// on https) and `X-Forwarded-For` (the client address of the login limits)
    /// (TTHC_TRUST_FORWARDED_PROTO). Off by default: anyone could send those headers.
    #[serde(default)]
    pub trust_forwarded_proto: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathsConfig {
    pub knowledge: PathBuf,
    pub index: PathBuf,
    pub data: PathBuf,
}

/// What the bot tells citizens about itself and the hotline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotConfig {
    pub hotline: String,
    pub hotline_name: String,
    /// When citizens can expect an answer to feedback ("trong 10 ngày làm việc").
    pub ticket_answer_time: String,
    /// The `[service]` section (set when the config is loaded).
    #[serde(skip)]
    pub service: ServiceConfig,
}

impl BotConfig {
    /// The hotline's digits, for a `tel:` link ("1800 1096" → "18001096").
    pub fn hotline_digits(&self) -> String {
        self.hotline
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

/// Who runs the bot, said on the web chat and in the greeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// The assistant's name (TTHC_SERVICE_NAME).
    #[serde(default = "default_service_name")]
    pub name: String,
    /// The agency that runs it (TTHC_AGENCY); empty: not said.
    #[serde(default)]
    pub agency: String,
    /// Address of a logo for the web chat header (TTHC_LOGO_URL); empty: none.
    #[serde(default)]
    pub logo_url: String,
    /// The province the deployment serves, as named in the 2025 units ("Cần Thơ",
    /// "Thành phố Cần Thơ"; TTHC_PROVINCE); empty: nationwide.
    #[serde(default)]
    pub province: String,
}

fn default_service_name() -> String {
    "Trợ lý thủ tục hành chính".to_owned()
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            name: default_service_name(),
            agency: String::new(),
            logo_url: String::new(),
            province: String::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config {path}: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Config {
    /// Reads `path`, or `config/default.toml` when present, or the embedded defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (text, origin) = match path {
            Some(p) => (read(p)?, p.to_path_buf()),
            None if Path::new(DEFAULT_PATH).is_file() => {
                (read(Path::new(DEFAULT_PATH))?, PathBuf::from(DEFAULT_PATH))
            }
            None => (
                EMBEDDED_DEFAULT.to_owned(),
                PathBuf::from("<embedded default>"),
            ),
        };
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: origin,
            message: e.message().to_owned(),
        })?;
        config.apply_env();
        config.bot.service = config.service.clone();
        Ok(config)
    }

    /// Environment variables override the file.
    fn apply_env(&mut self) {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(v) = var("TTHC_KNOWLEDGE_DIR") {
            self.paths.knowledge = v.into();
        }
        if let Some(v) = var("TTHC_INDEX_DIR") {
            self.paths.index = v.into();
        }
        if let Some(v) = var("TTHC_DATA_DIR") {
            self.paths.data = v.into();
        }
        if let Some(v) = var("TTHC_HOTLINE") {
            self.bot.hotline = v;
        }
        if let Some(v) = var("TTHC_WEB_BIND") {
            self.web.bind = v;
        }
        if let Some(v) = var("TTHC_PUBLIC_URL") {
            self.web.public_url = v;
        }
        for (name, slot) in [
            ("TTHC_HOTLINE_NAME", &mut self.bot.hotline_name),
            ("TTHC_SERVICE_NAME", &mut self.service.name),
            ("TTHC_AGENCY", &mut self.service.agency),
            ("TTHC_LOGO_URL", &mut self.service.logo_url),
            ("TTHC_PROVINCE", &mut self.service.province),
            ("TTHC_TICKET_ANSWER_TIME", &mut self.bot.ticket_answer_time),
            ("TELOXIDE_TOKEN", &mut self.telegram.token),
            ("TELEGRAM_API_URL", &mut self.telegram.api_url),
            ("TELEGRAM_WEBHOOK_SECRET", &mut self.telegram.webhook_secret),
            ("TELEGRAM_WEBHOOK_URL", &mut self.telegram.webhook_url),
            ("ZALO_APP_ID", &mut self.zalo.app_id),
            ("ZALO_OA_SECRET_KEY", &mut self.zalo.oa_secret_key),
            ("ZALO_ACCESS_TOKEN", &mut self.zalo.access_token),
            ("ZALO_API_URL", &mut self.zalo.api_url),
            ("ADMIN_TOKEN", &mut self.admin.token),
        ] {
            if let Some(v) = var(name) {
                *slot = v;
            }
        }
        if let Some(port) = var("TTHC_WEB_PORT").and_then(|v| v.parse().ok()) {
            self.web.port = port;
        }
        if let Some(v) = var("TTHC_TRUST_FORWARDED_PROTO") {
            self.web.trust_forwarded_proto = matches!(v.as_str(), "1" | "true" | "yes" | "on");
        }
        if let Some(d) = var("TTHC_ANSWER_WORKING_DAYS").and_then(|v| v.parse().ok()) {
            self.staff.answer_working_days = d;
        }
        if let Some(m) = var("TTHC_STAFF_IDLE_MINUTES").and_then(|v| v.parse().ok()) {
            self.staff.idle_minutes = m;
        }
        if let Some(v) = var("TTHC_CLIENT_IP_HEADER") {
            self.limits.client_ip_header = v;
        }
        let number = |name: &str| var(name).and_then(|v| v.trim().parse::<u64>().ok());
        for (name, slot) in [
            (
                "TTHC_LIMIT_PER_USER_PER_MINUTE",
                &mut self.limits.per_user_per_minute,
            ),
            (
                "TTHC_LIMIT_PER_IP_PER_MINUTE",
                &mut self.limits.per_ip_per_minute,
            ),
            (
                "TTHC_LIMIT_GLOBAL_PER_SECOND",
                &mut self.limits.global_per_second,
            ),
        ] {
            if let Some(n) = number(name) {
                *slot = n as usize;
            }
        }
        self.storage.apply_env();
        if let Some(n) = number("ZALO_MAX_EVENT_AGE_SECS") {
            self.zalo.max_event_age_secs = n;
        }
    }
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })
}

impl Default for ZaloConfig {
    fn default() -> Self {
        ZaloConfig {
            app_id: String::new(),
            oa_secret_key: String::new(),
            access_token: String::new(),
            api_url: String::new(),
            max_event_age_secs: default_max_event_age(),
        }
    }
}

mod storage;
pub use storage::{StorageBackend, StorageConfig};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses() {
        let c: Config = toml::from_str(EMBEDDED_DEFAULT).unwrap();
        assert_eq!(c.paths.index, PathBuf::from("index"));
        assert!(!c.bot.hotline.is_empty());
        assert_eq!(c.staff.idle_minutes, 30);
        assert!(!c.web.trust_forwarded_proto);
        assert_eq!(c.limits.per_ip_per_minute, 60);
        assert_eq!(c.storage.conversation_retention_days, 90);
        assert_eq!(c.zalo.max_event_age_secs, 300);
    }
}
