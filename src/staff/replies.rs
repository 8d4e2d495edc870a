//! Saved replies (mẫu trả lời): answers staff write once and reuse. The "Mẫu trả lời" page
//! lists, adds and deletes them; a ticket page links each one, and following a link fills
//! the answer box with it (no script: the page is rendered again with the text).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::extract::{CsrfForm, StaffSession};
use super::html::{respond, server_error, RepliesPage};
use super::routes::StaffState;
use crate::storage::{Storage, Table, Tree};
use crate::tickets::rules::MAX_TEXT;

/// Longest name of a saved reply.
const MAX_NAME: usize = 80;

/// Saved replies by name, in the database.
#[derive(Clone)]
pub struct SavedReplies {
    tree: Table,
}

impl SavedReplies {
    pub fn new(storage: &Storage) -> Result<SavedReplies, crate::storage::StorageError> {
        Ok(SavedReplies {
            tree: storage.tree(Tree::StaffReplies)?,
        })
    }

    /// (name, text), by name.
    pub fn list(&self) -> Vec<(String, String)> {
        self.tree
            .scan_prefix_or_none(b"")
            .into_iter()
            .map(|(k, v)| {
                let text = String::from_utf8_lossy(&v).into_owned();
                (String::from_utf8_lossy(&k).into_owned(), text)
            })
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<String> {
        let v = self.tree.get(name.as_bytes()).ok()??;
        Some(String::from_utf8_lossy(&v).into_owned())
    }

    pub fn save(&self, name: &str, text: &str) -> Result<(), crate::storage::StorageError> {
        self.tree.insert(name.as_bytes(), text.as_bytes())?;
        self.tree.flush()
    }

    pub fn remove(&self, name: &str) -> Result<(), crate::storage::StorageError> {
        self.tree.remove(name.as_bytes())?;
        self.tree.flush()
    }
}

/// `GET /staff/replies`
pub async fn page(State(st): State<StaffState>, session: StaffSession) -> Response {
    show(&st, &session, StatusCode::OK, None)
}

fn show(
    st: &StaffState,
    session: &StaffSession,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let replies = st.replies.list();
    respond(
        status,
        &RepliesPage::new(session.user_bar(), &replies, error),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SaveForm {
    name: String,
    text: String,
}

/// `POST /staff/replies`: adds or replaces a saved reply.
pub async fn save(State(st): State<StaffState>, form: CsrfForm<SaveForm>) -> Response {
    let CsrfForm { session, fields } = form;
    let (name, text) = (fields.name.trim(), fields.text.trim());
    let bad_name = name.is_empty() || name.chars().count() > MAX_NAME;
    if bad_name || text.is_empty() || text.chars().count() > MAX_TEXT {
        let message =
            format!("Mẫu cần tên (tối đa {MAX_NAME} ký tự) và nội dung (1 đến {MAX_TEXT} ký tự).");
        return show(&st, &session, StatusCode::BAD_REQUEST, Some(&message));
    }
    match st.replies.save(name, text) {
        Ok(()) => Redirect::to("/staff/replies").into_response(),
        Err(e) => server_error(&e.to_string()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    name: String,
}

/// `POST /staff/replies/delete`
pub async fn delete(State(st): State<StaffState>, form: CsrfForm<DeleteForm>) -> Response {
    match st.replies.remove(form.fields.name.trim()) {
        Ok(()) => Redirect::to("/staff/replies").into_response(),
        Err(e) => server_error(&e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_replies_are_kept_by_name() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let r = SavedReplies::new(&storage).unwrap();
            r.save(
                "Đã chuyển",
                "Phản ánh đã được chuyển tới bộ phận phụ trách.",
            )
            .unwrap();
            r.save("Đã xử lý", "Đơn vị đã khắc phục.").unwrap();
            assert_eq!(r.list().len(), 2);
            assert_eq!(r.get("Đã xử lý").as_deref(), Some("Đơn vị đã khắc phục."));
            r.remove("Đã chuyển").unwrap();
            assert_eq!(r.list().len(), 1);
        }
    }
}
