//! Masking of personal data in questions before they are logged: e-mail addresses, phone
//! and ID numbers, names after a cue ("tôi tên là …", "họ tên: …", "tôi là Nguyễn Văn An")
//! and home addresses after a cue ("địa chỉ …", "nhà tôi ở …", "số nhà …", "thôn …").
//!
//! Heuristic by nature: a name or address without a cue is not found, and a cue followed
//! by ordinary words may mask a few of them; the log is for counting questions, so masking
//! too much is the safer mistake.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// What a masked span is replaced with.
pub const MASK: &str = "***";
/// Most words taken as a name.
const MAX_NAME_WORDS: usize = 5;
/// Most lower-case words taken as a name after a cue that certainly announces one.
const MAX_LOWER_NAME_WORDS: usize = 4;
/// Most words taken as an address.
const MAX_ADDRESS_WORDS: usize = 16;

/// Words that end a lower-case name (what usually follows a name in a question).
const NOT_NAME: &[&str] = &[
    "gì",
    "ai",
    "sao",
    "nào",
    "thế",
    "như",
    "muốn",
    "cần",
    "hỏi",
    "xin",
    "nhờ",
    "làm",
    "sinh",
    "năm",
    "nhà",
    "địa",
    "số",
    "ở",
    "tại",
    "là",
    "và",
    "với",
    "có",
    "không",
    "đang",
    "đã",
    "bị",
    "được",
    "để",
    "cho",
    "của",
    "thì",
    "mà",
    "nên",
    "vì",
    "do",
    "hiện",
    "vừa",
    "mới",
    "trong",
    "trên",
    "theo",
    "từ",
    "đến",
    "khi",
    "bao",
    "mấy",
    "phải",
    "rồi",
    "cũng",
    "về",
    "sống",
    "quê",
    "thường",
    "tạm",
    "điện",
    "email",
    "sđt",
];

/// Words of Vietnamese addresses (administrative units, streets, house numbers).
const ADDRESS_WORDS: &[&str] = &[
    "số",
    "nhà",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "đường",
    "phố",
    "phường",
    "xã",
    "quận",
    "huyện",
    "tỉnh",
    "thành",
    "thị",
    "trấn",
    "tp",
    "tx",
    "tt",
    "p",
    "q",
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "làng",
    "tổ",
    "dân",
    "khu",
    "khóm",
    "lô",
    "căn",
    "hộ",
    "chung",
    "cư",
    "tầng",
    "phòng",
    "kp",
    "đội",
];

/// `text` with e-mail addresses, phone and ID numbers, and names and addresses after a
/// cue replaced by [`MASK`].
pub fn mask_personal(text: &str) -> String {
    let text: String = text.nfc().collect();
    let text = mask_emails(&text);
    let text = mask_phones(&text);
    let mut spans = name_spans(&text);
    spans.extend(address_spans(&text));
    replace_spans(&text, spans)
}

/// Replaces runs of 9 or more digits (phone numbers, with spaces or dots) by [`MASK`].
pub fn mask_phones(text: &str) -> String {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    let re = PHONE.get_or_init(|| Regex::new(r"\+?\d(?:[\s.\-]?\d){8,}").expect("valid regex"));
    re.replace_all(text, MASK).into_owned()
}

/// Replaces e-mail addresses by [`MASK`].
pub fn mask_emails(text: &str) -> String {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let re =
        EMAIL.get_or_init(|| Regex::new(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+").expect("valid regex"));
    re.replace_all(text, MASK).into_owned()
}

/// A word of the text: where its letters are, and the punctuation right after it.
#[derive(Debug)]
struct Word<'a> {
    start: usize,
    end: usize,
    core: &'a str,
    /// A comma follows.
    comma: bool,
    /// A sentence ends after it (., ;, !, ?, or a line break before the next word).
    sentence_end: bool,
}

/// The words of `text` from byte `from` on.
fn words_from(text: &str, from: usize) -> Vec<Word<'_>> {
    let mut words: Vec<Word<'_>> = Vec::new();
    let mut offset = from;
    for chunk in text[from..].split_inclusive(char::is_whitespace) {
        let start_of_chunk = offset;
        offset += chunk.len();
        let token = chunk.trim_end();
        if token.is_empty() {
            if chunk.contains('\n') {
                if let Some(last) = words.last_mut() {
                    last.sentence_end = true;
                }
            }
            continue;
        }
        let lead = token.len() - token.trim_start_matches(['(', '"', '\'', '“']).len();
        let core = token[lead..].trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '/');
        let tail = &token[lead + core.len()..];
        if core.is_empty() {
            if let Some(last) = words.last_mut() {
                last.sentence_end |= tail.contains(['.', ';', '!', '?']);
                last.comma |= tail.contains(',');
            }
            continue;
        }
        words.push(Word {
            start: start_of_chunk + lead,
            end: start_of_chunk + lead + core.len(),
            core,
            comma: tail.contains([',', ':']),
            sentence_end: tail.contains(['.', ';', '!', '?']) || chunk.ends_with('\n'),
        });
    }
    words
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().all(char::is_alphabetic)
}

/// Names after "tôi tên là", "tên tôi là", "họ tên:" (any case) or "tôi là", "họ tên"
/// (capitalised words only).
fn name_spans(text: &str) -> Vec<(usize, usize)> {
    static CUES: OnceLock<[Regex; 2]> = OnceLock::new();
    let [sure, maybe] = CUES.get_or_init(|| {
        [
            Regex::new(
                r"(?i)\b(?:(?:họ\s+và\s+tên|họ\s+tên|tên)\s*:|tên\s+(?:của\s+)?(?:tôi|mình|em|cháu|con)\s+là|(?:tôi|mình|em|cháu|con)\s+tên\s+là|tên\s+là)",
            )
            .expect("valid regex"),
            Regex::new(
                r"(?i)\b(?:(?:tôi|mình|em|cháu|con)\s+(?:là|tên)|tên\s+(?:tôi|mình|em)|họ\s+và\s+tên|họ\s+tên)\b",
            )
            .expect("valid regex"),
        ]
    });
    let mut spans = Vec::new();
    for (re, lower_case_too) in [(sure, true), (maybe, false)] {
        for cue in re.find_iter(text) {
            let words = words_from(text, cue.end());
            let taken = if words.first().is_some_and(|w| capitalised(w.core)) {
                take_while_ends(&words, MAX_NAME_WORDS, |w| capitalised(w.core))
            } else if lower_case_too {
                take_while_ends(&words, MAX_LOWER_NAME_WORDS, |w| {
                    w.core.chars().all(char::is_alphabetic)
                        && !NOT_NAME.contains(&w.core.to_lowercase().as_str())
                })
            } else {
                &[]
            };
            if let (Some(first), Some(last)) = (taken.first(), taken.last()) {
                spans.push((first.start, last.end));
            }
        }
    }
    spans
}

/// The first words that satisfy `keep`, at most `max`, ending at punctuation.
fn take_while_ends<'w, 'a>(
    words: &'w [Word<'a>],
    max: usize,
    keep: impl Fn(&Word<'a>) -> bool,
) -> &'w [Word<'a>] {
    let mut n = 0;
    while n < words.len().min(max) && keep(&words[n]) {
        n += 1;
        if words[n - 1].comma || words[n - 1].sentence_end {
            break;
        }
    }
    &words[..n]
}

fn address_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || capitalised(word)
        || ADDRESS_WORDS.contains(&word.to_lowercase().trim_end_matches('.'))
}

/// Addresses after "địa chỉ", "nhà tôi ở", "tôi ở", and those starting with "số nhà",
/// "thôn", "xóm", "ấp", "tổ", "khu phố", "ngõ", "hẻm": the address words that follow
/// (numbers, capitalised names, administrative units), across commas, up to the end of
/// the sentence; only when at least one is a number or a name.
fn address_spans(text: &str) -> Vec<(usize, usize)> {
    static CUES: OnceLock<[Regex; 2]> = OnceLock::new();
    let [after, within] = CUES.get_or_init(|| {
        [
            Regex::new(
                r"(?i)\b(?:địa\s+chỉ(?:\s+(?:nhà|của\s+tôi|của\s+mình|thường\s+trú|tạm\s+trú|liên\s+hệ|hiện\s+tại))*(?:\s*:|\s+là|\s+ở|\s+tại)?|(?:nhà\s+)?(?:tôi|mình|em)\s+(?:ở|sống\s+ở|sống\s+tại|cư\s+trú\s+tại)|nhà\s+(?:tôi|mình|em)\s+(?:ở|tại))",
            )
            .expect("valid regex"),
            Regex::new(r"(?i)\b(?:số\s+nhà|thôn|xóm|ấp|tổ|khu\s+phố|ngõ|ngách|hẻm|kiệt)\b")
                .expect("valid regex"),
        ]
    });
    let mut spans = Vec::new();
    for (re, from_cue_start) in [(after, false), (within, true)] {
        for cue in re.find_iter(text) {
            let from = if from_cue_start {
                cue.start()
            } else {
                cue.end()
            };
            let words = words_from(text, from);
            let mut n = 0;
            while n < words.len().min(MAX_ADDRESS_WORDS) && address_word(words[n].core) {
                n += 1;
                if words[n - 1].sentence_end {
                    break;
                }
            }
            let taken = &words[..n];
            let named = taken
                .iter()
                .any(|w| !ADDRESS_WORDS.contains(&w.core.to_lowercase().trim_end_matches('.')));
            if let (true, Some(first), Some(last)) = (named, taken.first(), taken.last()) {
                spans.push((first.start, last.end));
            }
        }
    }
    spans
}

/// `text` with the spans (byte ranges, possibly overlapping) replaced by [`MASK`].
fn replace_spans(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if end <= at {
            continue;
        }
        if start >= at {
            out.push_str(&text[at..start]);
            out.push_str(MASK);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phone_numbers() {
        assert_eq!(mask_phones("gọi 0912 345 678 giúp"), "gọi *** giúp");
        assert_eq!(mask_phones("số +84912345678"), "số ***");
        assert_eq!(mask_phones("năm 2025"), "năm 2025");
        assert_eq!(mask_personal("CCCD 001203004567 bị mất"), "CCCD *** bị mất");
    }

    #[test]
    fn masks_email_addresses() {
        assert_eq!(
            mask_personal("gửi về an.nguyen+hs@gmail.com.vn nhé"),
            "gửi về *** nhé"
        );
        assert_eq!(mask_personal("email: tran_b@so-tp.gov.vn."), "email: ***.");
    }

    #[test]
    fn masks_names_after_cues() {
        let cases = [
            (
                "Tôi tên là Nguyễn Văn An, muốn hỏi thủ tục cấp hộ chiếu",
                "Tôi tên là ***, muốn hỏi thủ tục cấp hộ chiếu",
            ),
            (
                "tên tôi là trần thị bích muốn làm giấy khai sinh",
                "tên tôi là *** muốn làm giấy khai sinh",
            ),
            (
                "Họ tên: Lê Văn Tám. Hỏi về đất đai",
                "Họ tên: ***. Hỏi về đất đai",
            ),
            ("tôi là Phạm Minh Châu ở Hà Nội", "tôi là *** ở Hà Nội"),
            ("xin chào, em là Hùng", "xin chào, em là ***"),
        ];
        for (question, masked) in cases {
            assert_eq!(mask_personal(question), masked, "{question}");
        }
    }

    #[test]
    fn leaves_questions_without_names_alone() {
        for question in [
            "tôi là người dân muốn hỏi thủ tục đổi tên",
            "thủ tục đổi tên là gì",
            "điền họ tên vào tờ khai thế nào",
            "thay đổi địa chỉ trên căn cước như thế nào",
            "thủ tục thành lập tổ chức hội",
            "lệ phí cấp sổ đỏ năm 2025",
        ] {
            assert_eq!(mask_personal(question), question);
        }
    }

    #[test]
    fn masks_addresses_after_cues() {
        let cases = [
            (
                "địa chỉ: số 12 ngõ 34 Láng Hạ, Đống Đa, Hà Nội. Tôi cần đăng ký tạm trú",
                "địa chỉ: ***. Tôi cần đăng ký tạm trú",
            ),
            (
                "nhà tôi ở 25 Trần Hưng Đạo, phường 3 muốn xin giấy phép xây dựng",
                "nhà tôi ở *** muốn xin giấy phép xây dựng",
            ),
            (
                "tôi sống tại thôn Đông Xá, xã Hòa Bình cần xác nhận cư trú",
                "tôi sống tại *** cần xác nhận cư trú",
            ),
            ("số nhà 5 hẻm 12 bị cấp sai", "*** bị cấp sai"),
        ];
        for (question, masked) in cases {
            assert_eq!(mask_personal(question), masked, "{question}");
        }
    }
}
