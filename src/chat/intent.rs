//! What a typed message asks for before it is searched: a command ("/hotline"), or the
//! list of online services. Button payloads are read by [`super::payload`].

/// Commands typed by hand (Telegram's menu sends them too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Empty text, `/start`, `/help`, `/menu`: the greeting and menu.
    Menu,
    /// `/hotline`.
    Hotline,
    /// `/phananh` or `/tracuu` not taken by the dialogue or a look-up: where to send
    /// feedback.
    FeedbackChannels,
}

/// The command the text starts with, if any.
pub fn command(text: &str) -> Option<Command> {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    match first.as_str() {
        "" | "/start" | "/help" | "/menu" => Some(Command::Menu),
        "/hotline" => Some(Command::Hotline),
        "/phananh" | "/tracuu" => Some(Command::FeedbackChannels),
        _ => None,
    }
}

/// "dịch vụ công trực tuyến", "những thủ tục nào làm online": the list, not a search.
/// `folded` is the question's folded words joined by spaces.
pub fn asks_online_list(folded: &str) -> bool {
    let online = ["truc tuyen", "online", "qua mang"]
        .iter()
        .any(|c| folded.contains(c));
    let list = [
        "thu tuc nao",
        "nhung thu tuc",
        "cac thu tuc",
        "danh sach",
        "dich vu nao",
        "nhung dich vu",
        "cac dich vu",
    ]
    .iter()
    .any(|c| folded.contains(c));
    let dvc = folded == "dich vu cong truc tuyen"
        || folded == "dich vu cong"
        || folded == "dvc truc tuyen";
    dvc || (online && list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_online_list_questions() {
        assert_eq!(command(""), Some(Command::Menu));
        assert_eq!(command("/HOTLINE"), Some(Command::Hotline));
        assert_eq!(command("/tracuu abc"), Some(Command::FeedbackChannels));
        assert_eq!(command("làm căn cước"), None);
        assert!(asks_online_list("dich vu cong"));
        assert!(asks_online_list("nhung thu tuc nao lam online"));
        assert!(!asks_online_list("dang ky khai sinh truc tuyen"));
    }
}
