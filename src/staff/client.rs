//! Where a staff request came from, as far as the configuration lets the server trust
//! it: the client address (for the login limits) and whether it came over HTTPS (for the
//! `Secure` cookie flag). Headers set by a reverse proxy (`X-Forwarded-Proto`,
//! `X-Forwarded-For`) are read only when `[web] trust_forwarded_proto` is on.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::routes::StaffState;

/// What the configuration says about the way requests arrive.
#[derive(Debug, Clone, Copy, Default)]
pub struct Transport {
    /// `[web] public_url` is an https address: cookies are always `Secure`.
    pub public_https: bool,
    /// A reverse proxy sets `X-Forwarded-Proto` and `X-Forwarded-For`; trust them.
    pub trust_forwarded: bool,
}

impl Transport {
    pub fn new(public_url: &str, trust_forwarded: bool) -> Transport {
        let public_https = public_url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        Transport {
            public_https,
            trust_forwarded,
        }
    }

    /// True when cookies set in answer to a request with `headers` should be `Secure`.
    pub fn secure(&self, headers: &HeaderMap) -> bool {
        self.public_https
            || (self.trust_forwarded
                && headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').next())
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("https")))
    }

    /// The client address: the proxy's last `X-Forwarded-For` entry when trusted, else
    /// the peer of the connection (127.0.0.1 when the server did not record it).
    pub fn client_ip(&self, parts: &Parts) -> IpAddr {
        let forwarded = self
            .trust_forwarded
            .then(|| parts.headers.get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        forwarded.unwrap_or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip())
        })
    }
}

/// The client address of a staff request (see [`Transport::client_ip`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<StaffState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &StaffState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(st.transport.client_ip(parts)))
    }
}

/// Whether cookies set in answer to this request get `Secure`.
#[derive(Debug, Clone, Copy)]
pub struct SecureCookies(pub bool);

impl FromRequestParts<StaffState> for SecureCookies {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &StaffState,
    ) -> Result<Self, Self::Rejection> {
        Ok(SecureCookies(st.transport.secure(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(headers: &[(&str, &str)], peer: Option<&str>) -> Parts {
        let mut r = Request::get("/staff/login");
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        let (mut parts, _) = r.body(()).unwrap().into_parts();
        if let Some(p) = peer {
            parts
                .extensions
                .insert(ConnectInfo::<SocketAddr>(p.parse().unwrap()));
        }
        parts
    }

    #[test]
    fn forwarded_headers_count_only_when_trusted() {
        let p = parts(
            &[
                ("x-forwarded-proto", "https"),
                ("x-forwarded-for", "1.2.3.4, 5.6.7.8"),
            ],
            Some("10.0.0.1:5000"),
        );
        let direct = Transport::new("", false);
        assert!(!direct.secure(&p.headers));
        assert_eq!(direct.client_ip(&p), "10.0.0.1".parse::<IpAddr>().unwrap());
        let proxied = Transport::new("", true);
        assert!(proxied.secure(&p.headers));
        assert_eq!(proxied.client_ip(&p), "5.6.7.8".parse::<IpAddr>().unwrap());
        assert!(Transport::new("HTTPS://hotline.example", false).secure(&HeaderMap::new()));
        assert!(!Transport::new("http://hotline.example", false).secure(&HeaderMap::new()));
    }

    #[test]
    fn without_connection_info_the_client_is_localhost() {
        let t = Transport::default();
        assert_eq!(
            t.client_ip(&parts(&[], None)),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
    }
}
