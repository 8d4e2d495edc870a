//! A minimal WebDriver client (over reqwest) driving headless Debian Chromium through
//! chromedriver, for browser tests of the web pages.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::wait::eventually;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session; the driver process is killed on drop.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    pub async fn start() -> Browser {
        assert!(
            Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
            "browser tests need Debian's chromium and chromium-driver: run ./scripts/test.sh, which installs them"
        );
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=420,900",
                format!("--user-data-dir={}", profile.path().display())
            ]}
        }}});
        let session = eventually(Duration::from_secs(10), async || {
            let r = http
                .post(format!("{base}/session"))
                .json(&caps)
                .send()
                .await
                .ok()?;
            let v: Value = r.json().await.unwrap();
            let session = v["value"]["sessionId"].as_str().map(str::to_owned);
            assert!(session.is_some(), "chromedriver refused the session: {v}");
            session
        })
        .await
        .expect("chromedriver answers within 10 s");
        Browser {
            driver,
            base,
            session,
            http,
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        v["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    /// Element ids matching a CSS selector.
    pub async fn find_all(&self, css: &str) -> Vec<String> {
        let v = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub async fn type_into(&self, element: &str, text: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn click(&self, element: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub async fn text(&self, element: &str) -> String {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{element}/text"),
                None,
            )
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Texts of all elements matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.find_all(css).await {
            out.push(self.text(&e).await);
        }
        out
    }

    /// Waits until some element matching `css` has text satisfying `pred`.
    pub async fn wait_text(
        &self,
        css: &str,
        secs: u64,
        pred: impl Fn(&str) -> bool,
    ) -> Option<String> {
        eventually(Duration::from_secs(secs), async || {
            self.texts(css).await.into_iter().find(|t| pred(t))
        })
        .await
    }

    /// Runs a script; its return value is returned.
    pub async fn execute(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Resizes the window (a phone is 390 × 844).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        let rect = json!({"width": width, "height": height});
        self.call(reqwest::Method::POST, "/window/rect", Some(rect))
            .await;
    }

    /// Saves a screenshot under `target/screenshots/` for a reviewer to look at.
    pub async fn save_screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        self.screenshot(&dir.join(name)).await;
    }

    /// Runs an async script; its callback's argument is returned.
    pub async fn execute_async(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    pub async fn current_url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn screenshot(&self, path: &Path) {
        use base64_png::decode;
        let v = self.call(reqwest::Method::GET, "/screenshot", None).await;
        if let Some(b64) = v.as_str() {
            let _ = std::fs::write(path, decode(b64));
        }
    }
}

/// Tiny base64 decoder for screenshots (no extra dependency).
mod base64_png {
    pub fn decode(s: &str) -> Vec<u8> {
        let val = |c: u8| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        };
        let bits: Vec<u8> = s.bytes().filter_map(val).collect();
        bits.chunks(4)
            .flat_map(|c| {
                let n = c.iter().fold(0u32, |acc, &v| (acc << 6) | v as u32) << (6 * (4 - c.len()));
                let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
                bytes.into_iter().take(c.len().saturating_sub(1))
            })
            .collect()
    }
}
