//! Abuse limits of the web chat beyond the engine's per-user one: per client address
//! (the web client chooses its user id, so a new id per request must not escape) and for
//! the whole server. A limited request gets HTTP 429 with a Vietnamese text.
//!
//! The client address is the connection's (`ConnectInfo`, which `serve` provides), or,
//! when `[limits] client_ip_header` names a header set by a proxy you run, the last
//! address in that header. IPv6 clients are counted per /64 (one subscriber's network).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::chat::render;
use crate::config::LimitsConfig;
use crate::limiter::RateLimiter;

/// Key of the one global counter.
const GLOBAL_KEY: &str = "all";

/// The address of the connection a request came on; loopback when the server was not
/// started with connect info (a router served without it, as in some tests).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
        Ok(PeerAddr(ip))
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    Address,
    User,
    Global,
}

/// The per-address and global limits of `POST /api/chat`.
pub struct ChatLimits {
    per_ip: Option<RateLimiter>,
    global: Option<RateLimiter>,
    ip_header: Option<String>,
}

impl Default for ChatLimits {
    fn default() -> Self {
        ChatLimits::new(&LimitsConfig::default())
    }
}

impl ChatLimits {
    /// Limits as configured; a limit of 0 is off.
    pub fn new(config: &LimitsConfig) -> ChatLimits {
        let per_ip =
            (config.per_ip_per_minute > 0).then(|| RateLimiter::new(config.per_ip_per_minute));
        let global = (config.global_per_second > 0)
            .then(|| RateLimiter::with_window(config.global_per_second, Duration::from_secs(1)));
        let header = config.client_ip_header.trim().to_ascii_lowercase();
        ChatLimits {
            per_ip,
            global,
            ip_header: (!header.is_empty()).then_some(header),
        }
    }

    /// The same limits with the per-address one counted in `counts` (shared by replicas;
    /// the global one stays per process: it protects this process).
    pub fn shared(mut self, counts: std::sync::Arc<dyn crate::limiter::SharedCounts>) -> Self {
        self.per_ip = self.per_ip.map(|l| l.shared(counts, "chat-ip"));
        self
    }

    /// The client's address: the proxy header's last address when configured and
    /// readable, else the connection's.
    pub fn client_ip(&self, peer: PeerAddr, headers: &HeaderMap) -> IpAddr {
        self.ip_header
            .as_deref()
            .and_then(|name| headers.get_all(name).iter().next_back())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(peer.0)
    }

    /// Counts a request of `ip` against the address limit, then the global one; the
    /// first limit reached, if any (a request refused by one is not counted by the next).
    pub fn admit(&self, ip: IpAddr) -> Result<(), Limited> {
        if let Some(l) = &self.per_ip {
            if !l.allow(&address_key(ip)) {
                return Err(Limited::Address);
            }
        }
        if let Some(l) = &self.global {
            if !l.allow(GLOBAL_KEY) {
                return Err(Limited::Global);
            }
        }
        Ok(())
    }
}

/// The counter of an address: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64.
fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// HTTP 429 with the Vietnamese text, as `error` and as the one message of the reply
/// (the chat page shows either).
pub fn too_many_requests(why: Limited) -> Response {
    tracing::info!(limit = ?why, "chat request rate-limited");
    let text = render::rate_limited();
    let body = json!({ "error": text, "messages": [{ "text": text, "buttons": [] }] });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    let retry = if why == Limited::Global { "1" } else { "60" };
    response
        .headers_mut()
        .insert("retry-after", retry.parse().expect("valid header"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(per_ip: usize, global: usize, header: &str) -> LimitsConfig {
        LimitsConfig {
            per_user_per_minute: 20,
            per_ip_per_minute: per_ip,
            global_per_second: global,
            client_ip_header: header.into(),
        }
    }

    #[test]
    fn each_address_and_the_whole_server_are_limited() {
        let limits = ChatLimits::new(&config(2, 3, ""));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(limits.admit(a), Ok(()));
        assert_eq!(limits.admit(a), Ok(()));
        assert_eq!(limits.admit(a), Err(Limited::Address));
        assert_eq!(limits.admit(b), Ok(()));
        assert_eq!(limits.admit(b), Err(Limited::Global));
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let limits = ChatLimits::new(&config(0, 0, ""));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        assert!((0..1000).all(|_| limits.admit(a).is_ok()));
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(address_key(one), address_key(two));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(address_key(mapped), "10.0.0.1");
    }

    #[test]
    fn the_proxy_header_is_read_only_when_configured() {
        let peer = PeerAddr("127.0.0.1".parse().unwrap());
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 5.6.7.8".parse().unwrap());
        let plain = ChatLimits::new(&config(1, 1, ""));
        assert_eq!(plain.client_ip(peer, &headers), peer.0);
        let proxied = ChatLimits::new(&config(1, 1, "X-Forwarded-For"));
        assert_eq!(
            proxied.client_ip(peer, &headers),
            "5.6.7.8".parse::<IpAddr>().unwrap()
        );
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(proxied.client_ip(peer, &headers), peer.0);
    }
}
