//! HTTP helpers: the web chat endpoint `POST /api/chat` and its reply, and staff pages
//! fetched with a session.

use reqwest::redirect::Policy;
use serde_json::{json, Value};

/// A client that does not follow redirects (the staff pages answer 303).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// The JSON reply of `POST {url}/api/chat`, or why there is none (connection error,
/// error status, a body that is not JSON).
pub async fn try_post_chat(
    http: &reqwest::Client,
    url: &str,
    user: &str,
    text: &str,
) -> Result<Value, String> {
    let r = http
        .post(format!("{url}/api/chat"))
        .json(&json!({"user_id": user, "text": text}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!("status {}", r.status()));
    }
    r.json().await.map_err(|e| e.to_string())
}

/// The JSON reply of `POST {url}/api/chat`; panics when there is none.
pub async fn post_chat(http: &reqwest::Client, url: &str, user: &str, text: &str) -> Value {
    try_post_chat(http, url, user, text)
        .await
        .unwrap_or_else(|e| panic!("POST /api/chat {text:?}: {e}"))
}

/// The texts of the messages of a chat reply, in order.
pub fn texts(reply: &Value) -> Vec<String> {
    reply["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("a chat reply has messages: {reply}"))
        .iter()
        .map(|m| m["text"].as_str().expect("a message has a text").to_owned())
        .collect()
}

/// The texts of the reply of `POST {url}/api/chat`.
pub async fn chat(http: &reqwest::Client, url: &str, user: &str, text: &str) -> Vec<String> {
    texts(&post_chat(http, url, user, text).await)
}

/// The text of the page at `url`, fetched with the staff session `cookie`.
pub async fn staff_page(http: &reqwest::Client, url: &str, cookie: &str) -> String {
    http.get(url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}
