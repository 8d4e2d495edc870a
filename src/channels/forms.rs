//! `GET /forms/<code>/<file>`: the form files that come with the national records
//! (`knowledge/forms/<national code>/<file>`), with their content type. Only names the
//! importer writes are served (`[a-z0-9-]` with one extension, a code of digits and
//! dots): anything else, including a path that tries to leave the folder, is 404.

use std::path::PathBuf;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// `text` with its form links (`/forms/...`) made absolute on `public_url`, for channels
/// that open links outside the web chat; unchanged when no public address is set.
pub fn absolute_links(text: &str, public_url: &str) -> String {
    let base = public_url.trim_end_matches('/');
    if base.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/forms/") {
        let starts_link = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(');
        out.push_str(&rest[..at]);
        if starts_link {
            out.push_str(base);
        }
        out.push_str("/forms/");
        rest = &rest[at + "/forms/".len()..];
    }
    out.push_str(rest);
    out
}

/// Routes serving the form files below `dir` (`knowledge/forms`).
pub fn router(dir: PathBuf) -> Router {
    Router::new()
        .route("/forms/{code}/{file}", get(form))
        .with_state(dir)
}

async fn form(State(dir): State<PathBuf>, Path((code, file)): Path<(String, String)>) -> Response {
    let Some(kind) = content_type(&file).filter(|_| safe_code(&code) && safe_file(&file)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(dir.join(&code).join(&file)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, kind.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The form files a reply links ("/forms/<code>/<file>") that exist below `dir`, once each.
pub fn linked_files(dir: &std::path::Path, text: &str) -> Vec<PathBuf> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"/forms/([0-9.]+)/([a-z0-9-]+\.[a-z0-9]+)").unwrap()
    });
    let mut out: Vec<PathBuf> = Vec::new();
    for c in LINK.captures_iter(text) {
        let (code, file) = (&c[1], &c[2]);
        if !(safe_code(code) && safe_file(file) && content_type(file).is_some()) {
            continue;
        }
        let path = dir.join(code).join(file);
        if path.is_file() && !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

fn safe_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !code.starts_with('.')
        && !code.contains("..")
}

fn safe_file(file: &str) -> bool {
    let Some((stem, ext)) = file.split_once('.') else {
        return false;
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    ok(stem) && ok(ext)
}

fn content_type(file: &str) -> Option<&'static str> {
    let ext = file.rsplit_once('.')?.1;
    Some(match ext {
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf" => "application/pdf",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_links_become_absolute_only_with_a_public_address() {
        let text = "📎 Tờ khai: /forms/1.000001/to-khai.docx (tải về)";
        assert_eq!(absolute_links(text, ""), text);
        assert_eq!(
            absolute_links(text, "https://tthc.example.vn/"),
            "📎 Tờ khai: https://tthc.example.vn/forms/1.000001/to-khai.docx (tải về)"
        );
        let portal = "https://dichvucong.gov.vn/forms/x";
        assert_eq!(absolute_links(portal, "https://a.vn"), portal);
    }

    #[test]
    fn only_importer_names_pass() {
        assert!(safe_code("1.000148") && safe_file("to-khai-01.docx"));
        assert!(!safe_code("..") && !safe_code("1/../2"));
        assert!(!safe_file("..docx") && !safe_file("a.b.docx") && !safe_file("A.docx"));
        assert_eq!(content_type("a.exe"), None);
    }
}
