//! Fee and time as a citizen reads them: a value shared by several submission channels is
//! said once and names the channels ("Miễn phí — nộp trực tuyến, qua bưu chính hoặc trực
//! tiếp"), a note shared by all of them once and shortened.
//!
//! Imported records store one value when every channel agrees and "Trực tuyến: A;
//! Trực tiếp: B" otherwise; amounts the portal writes differently ("150,000 VNĐ",
//! "150,000 Việt Nam Đồng") are the same amount here.

use std::sync::LazyLock;

use regex::Regex;

/// Longest note shown after a value, in characters.
const MAX_NOTE_CHARS: usize = 180;

/// The channel names of the portal, as a card phrases them.
const CHANNELS: [(&str, &str); 3] = [
    ("Trực tuyến", "trực tuyến"),
    ("Dịch vụ bưu chính", "qua bưu chính"),
    ("Trực tiếp", "trực tiếp"),
];

/// A time the portal gives without a unit ("7 (Cổng Dịch vụ công không ghi đơn vị)").
static UNITLESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+) \(Cổng Dịch vụ công không ghi đơn vị\)$").unwrap());

/// One value and the channels it applies to (none named: all of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub value: String,
    pub note: String,
    pub channels: Vec<String>,
}

/// The values of a stored fee or time text, grouped by equal value.
pub fn group(text: &str, all_channels: &[String]) -> Vec<Shared> {
    let mut out: Vec<Shared> = Vec::new();
    for (channel, value) in split(text) {
        let (value, note) = split_note(&value);
        let channels = match channel {
            Some(c) => vec![c],
            None => all_channels.to_vec(),
        };
        match out.iter_mut().find(|s| s.value == value) {
            Some(s) => {
                s.channels.extend(channels);
                if s.note != note {
                    s.note = longest(&s.note, &note);
                }
            }
            None => out.push(Shared {
                value,
                note,
                channels,
            }),
        }
    }
    out
}

fn longest(a: &str, b: &str) -> String {
    if b.chars().count() > a.chars().count() {
        b.to_owned()
    } else {
        a.to_owned()
    }
}

/// The lines a card shows for a fee or time text.
pub fn lines(text: &str, all_channels: &[String]) -> Vec<String> {
    let groups = group(text, all_channels);
    let notes: Vec<&str> = groups.iter().map(|g| g.note.as_str()).collect();
    let shared_note = notes.windows(2).all(|w| w[0] == w[1]);
    let mut out = Vec::new();
    for g in &groups {
        let mut line = readable(&g.value);
        if !g.channels.is_empty() {
            line.push_str(&format!(" — nộp {}", channel_phrase(&g.channels)));
        }
        let note_said_below = shared_note && groups.len() > 1;
        if !g.note.is_empty() && !note_said_below {
            line.push_str(&format!(" ({})", shorten(&g.note, MAX_NOTE_CHARS)));
        }
        out.push(line);
    }
    if shared_note && groups.len() > 1 && !notes[0].is_empty() {
        out.push(format!("Ghi chú: {}", shorten(notes[0], MAX_NOTE_CHARS)));
    }
    out
}

/// The one value of a text when all channels share it.
pub fn single(text: &str) -> Option<String> {
    match group(text, &[]).as_slice() {
        [one] => Some(readable(&one.value)),
        _ => None,
    }
}

/// "trực tuyến, qua bưu chính hoặc trực tiếp".
pub fn channel_phrase(channels: &[String]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in channels {
        let name = CHANNELS
            .iter()
            .find(|(portal, _)| portal == c)
            .map_or(c.as_str(), |(_, card)| card);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} hoặc {last}", rest.join(", ")),
    }
}

/// A value as a citizen reads it: a time without unit says so in words.
pub fn readable(value: &str) -> String {
    match UNITLESS.captures(value) {
        Some(c) => format!(
            "Cổng Dịch vụ công ghi «{}» nhưng không ghi là ngày hay giờ, bạn nên hỏi lại nơi nộp hồ sơ",
            &c[1]
        ),
        None => value.to_owned(),
    }
}

/// Whether a time is a number without a unit.
pub fn is_unitless(value: &str) -> bool {
    UNITLESS.is_match(value)
}

/// Splits "Trực tuyến: A; Trực tiếp: B" at top-level "; " before a channel name; a text
/// without channel names is one value for all channels.
fn split(text: &str) -> Vec<(Option<String>, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if channel_prefix(text).is_none() {
        return vec![(None, text.to_owned())];
    }
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth <= 0 && channel_prefix(text[i + 1..].trim_start()).is_some() => {
                parts.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[from..]);
    parts
        .into_iter()
        .filter_map(|p| {
            let p = p.trim();
            let (name, rest) = channel_prefix(p)?;
            Some((Some(name.to_owned()), rest.trim().to_owned()))
        })
        .collect()
}

fn channel_prefix(text: &str) -> Option<(&'static str, &str)> {
    CHANNELS.iter().find_map(|(name, _)| {
        text.strip_prefix(name)?
            .strip_prefix(':')
            .map(|r| (*name, r))
    })
}

/// "150,000 Việt Nam Đồng (150.000 đồng/1 giấy)" → ("150.000 đồng", "150.000 đồng/1 giấy").
fn split_note(value: &str) -> (String, String) {
    let (head, note) = match value.find(" (") {
        Some(at) if value.ends_with(')') => (&value[..at], &value[at + 2..value.len() - 1]),
        _ => (value, ""),
    };
    if UNITLESS.is_match(value) {
        return (value.to_owned(), String::new());
    }
    (amount(head), note.trim().to_owned())
}

/// "150,000 VNĐ" → "150.000 đồng"; other texts as written.
fn amount(text: &str) -> String {
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,3}(?:[.,]\d{3})*) (?:VNĐ|Việt Nam Đồng|Đồng|đồng)$").unwrap()
    });
    match AMOUNT.captures(text.trim()) {
        Some(c) => format!("{} đồng", c[1].replace(',', ".")),
        None => text.trim().to_owned(),
    }
}

/// At most `max` characters, cut at a word, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{} …", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<String> {
        ["Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn one_shared_value_names_every_channel() {
        assert_eq!(
            lines("Miễn phí", &all()),
            ["Miễn phí — nộp trực tuyến, qua bưu chính hoặc trực tiếp"]
        );
        assert_eq!(lines("Miễn phí", &[]), ["Miễn phí"]);
    }

    #[test]
    fn equal_amounts_written_differently_are_said_once() {
        let fee = "Trực tuyến: 150,000 VNĐ (150.000 đồng/1 giấy); Dịch vụ bưu chính: 150,000 Việt Nam Đồng (150.000 đồng/1 giấy); Trực tiếp: 150,000 VNĐ (150.000 đồng/1 giấy)";
        assert_eq!(
            lines(fee, &all()),
            ["150.000 đồng — nộp trực tuyến, qua bưu chính hoặc trực tiếp (150.000 đồng/1 giấy)"]
        );
    }

    #[test]
    fn different_values_each_name_their_channels_and_a_shared_note_comes_once() {
        let fee = "Trực tuyến: 25 VNĐ (theo Thông tư 64; hết 2026); Trực tiếp: 50 VNĐ (theo Thông tư 64; hết 2026)";
        assert_eq!(
            lines(fee, &all()),
            [
                "25 đồng — nộp trực tuyến",
                "50 đồng — nộp trực tiếp",
                "Ghi chú: theo Thông tư 64; hết 2026"
            ]
        );
        let time = "Trực tuyến: 5 ngày làm việc; Trực tiếp: 7 (Cổng Dịch vụ công không ghi đơn vị)";
        let shown = lines(time, &all());
        assert_eq!(shown[0], "5 ngày làm việc — nộp trực tuyến");
        assert!(shown[1].starts_with("Cổng Dịch vụ công ghi «7» nhưng không ghi là ngày hay giờ"));
    }

    #[test]
    fn long_notes_are_shortened() {
        let note = "rất dài ".repeat(60);
        let shown = lines(&format!("Miễn phí ({note})"), &[]);
        assert!(shown[0].chars().count() < 220, "{}", shown[0]);
        assert!(shown[0].ends_with("…)"), "{}", shown[0]);
    }
}
