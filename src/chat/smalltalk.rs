//! Small talk: greetings, thanks, acknowledgements and goodbyes, told apart from questions.
//!
//! A message is small talk when, after dropping polite particles ("ạ", "nhé", "bạn"), what
//! is left is one of the phrases below. Anything longer is a question and goes to search.

use crate::text::folded_words;

/// The kinds of small talk, each with its own short reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Greeting,
    Thanks,
    Acknowledgement,
    Goodbye,
}

/// Particles and forms of address around a small-talk phrase (folded).
const PARTICLES: &[&str] = &[
    "a", "ah", "ad", "admin", "ban", "bot", "em", "lam", "nha", "nhe", "nhieu", "oi", "shop",
];

/// Folded phrases, longest meaning first within each kind.
const PHRASES: &[(SmallTalk, &[&str])] = &[
    (
        SmallTalk::Greeting,
        &[
            "xin chao",
            "chao",
            "hello",
            "hi",
            "alo",
            "hey",
            "chao buoi sang",
        ],
    ),
    (
        SmallTalk::Thanks,
        &[
            "cam on",
            "cam on nhe",
            "xin cam on",
            "ok cam on",
            "da cam on",
            "thank",
            "thanks",
            "thank you",
            "tks",
            "thanks you",
        ],
    ),
    (
        SmallTalk::Acknowledgement,
        &[
            "ok", "oke", "okay", "okie", "vang", "da", "uh", "u", "duoc roi", "da hieu",
            "hieu roi", "da ro", "ro roi", "ok roi", "vang a",
        ],
    ),
    (
        SmallTalk::Goodbye,
        &[
            "tam biet",
            "bye",
            "bye bye",
            "bai",
            "hen gap lai",
            "chao tam biet",
        ],
    ),
];

/// The small talk `text` is, if it is nothing more.
pub fn detect(text: &str) -> Option<SmallTalk> {
    let words = folded_words(text);
    let core = strip_particles(&words);
    if core.is_empty() {
        return None;
    }
    let phrase = core.join(" ");
    PHRASES
        .iter()
        .find(|(_, phrases)| phrases.contains(&phrase.as_str()))
        .map(|(kind, _)| *kind)
}

fn strip_particles(words: &[String]) -> &[String] {
    let particle = |w: &String| PARTICLES.contains(&w.as_str());
    let start = words
        .iter()
        .position(|w| !particle(w))
        .unwrap_or(words.len());
    let end = words
        .iter()
        .rposition(|w| !particle(w))
        .map_or(start, |i| i + 1);
    &words[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_talk_with_particles_is_recognised() {
        assert_eq!(detect("Cảm ơn bạn nhiều nhé!"), Some(SmallTalk::Thanks));
        assert_eq!(detect("ok"), Some(SmallTalk::Acknowledgement));
        assert_eq!(detect("Vâng ạ"), Some(SmallTalk::Acknowledgement));
        assert_eq!(detect("tạm biệt"), Some(SmallTalk::Goodbye));
        assert_eq!(detect("Xin chào bot"), Some(SmallTalk::Greeting));
    }

    #[test]
    fn questions_are_not_small_talk() {
        assert_eq!(detect("cảm ơn, cho hỏi làm giấy khai sinh ở đâu"), None);
        assert_eq!(detect("đăng ký khai sinh"), None);
        assert_eq!(detect("ạ"), None);
        assert_eq!(detect(""), None);
    }
}
