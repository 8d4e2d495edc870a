//! Channel adapters: each turns its platform's input into [`crate::chat::Incoming`] and
//! renders the engine's messages back. No channel reaches into search directly.

pub mod forms;
pub mod health;
pub mod limits;
pub mod notify;
pub mod poll_leader;
pub mod seen;
pub mod telegram;
pub mod web;
pub mod web_history;
pub mod zalo;

/// Splits `text` into parts of at most `max` characters, preferring line breaks,
/// then spaces, so no part is cut mid-word unless a single word is longer than `max`.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > max {
        let window = &rest[..max];
        let cut = window
            .iter()
            .rposition(|&c| c == '\n')
            .or_else(|| window.iter().rposition(|&c| c == ' '))
            .filter(|&i| i > max / 2)
            .map_or(max, |i| i + 1);
        parts.push(rest[..cut].iter().collect::<String>().trim_end().to_owned());
        rest.drain(..cut);
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.into_iter().collect());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_line_breaks_and_keeps_everything() {
        let text = format!("{}\n{}", "a".repeat(3000), "b".repeat(3000));
        let parts = split_text(&text, 4096);
        assert_eq!(parts, vec!["a".repeat(3000), "b".repeat(3000)]);
        let long = "x".repeat(5000);
        let parts = split_text(&long, 4096);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            vec![4096, 904]
        );
        assert_eq!(split_text("ngắn", 10), vec!["ngắn"]);
    }
}
