//! The marked action a procedure's name opens with ("Xóa đăng ký …", "Cấp lại …",
//! "Gia hạn …").
//!
//! Most names open with the plain action of getting something ("Cấp …", "Đăng ký …");
//! a marked action makes the procedure a variant of the plain one, and a question that
//! does not ask for that action ("muốn đăng ký tàu cá") is rarely about it, and a
//! question that names one ("muốn gia hạn tạm trú") is rarely about a name without it. The
//! searcher turns both into ranking features.

use super::folded_words;

/// Folded marked actions, as word sequences.
const MARKED: &[&str] = &[
    "bai bo",
    "bo sung",
    "cai chinh",
    "cap bo sung",
    "cap doi",
    "cap lai",
    "cap sua doi",
    "cham dut",
    "chia",
    "chuyen",
    "chuyen doi",
    "chuyen nhuong",
    "cong bo lai",
    "dang ky lai",
    "dieu chinh",
    "dinh chi",
    "dinh chinh",
    "doi",
    "gia han",
    "giai the",
    "giam",
    "hoan",
    "hop nhat",
    "huy",
    "khoi phuc",
    "mien",
    "ngung",
    "phuc hoi",
    "sap nhap",
    "sua doi",
    "tach",
    "tam ngung",
    "thay doi",
    "thoi",
    "thu hoi",
    "tiep tuc",
    "tro lai",
    "xoa",
];

/// Plain openings skipped before a marked action ("Thủ tục", "Thông báo tạm ngừng …").
const PLAIN: &[&str] = &[
    "cap",
    "dang ky",
    "de nghi",
    "giai quyet",
    "thong bao",
    "thu tuc",
    "thuc hien",
    "tthc",
];

/// Plain actions citizens write that names do not open with ("làm sổ đỏ", "xin giấy
/// phép", "mở quán").
const ASKED_PLAIN: &[&str] = &["lam", "mo", "thanh lap", "xin"];

/// True when `words` (folded) ask for some action, plain or marked: "sổ đỏ" alone asks
/// for none, so no variant of it is less likely than another.
pub fn names_action(words: &[String]) -> bool {
    (0..words.len()).any(|i| {
        let rest = &words[i..];
        [MARKED, PLAIN, ASKED_PLAIN]
            .iter()
            .any(|list| longest(list, rest).is_some())
    })
}

/// Single-word marked actions a folded question may name: the others fold together with
/// common words ("đổi" with "đối với", "thôi" with "thời", "miễn" with "miền").
const ASKED_SINGLE: &[&str] = &["xoa"];

/// Single-word marked actions as written with their diacritics, which tell them from the
/// words they fold together with.
const ACCENTED_SINGLE: &[(&str, &str)] = &[
    ("chuyển", "chuyen"),
    ("đổi", "doi"),
    ("giảm", "giam"),
    ("hoàn", "hoan"),
    ("hủy", "huy"),
    ("huỷ", "huy"),
    ("miễn", "mien"),
    ("ngừng", "ngung"),
    ("tách", "tach"),
    ("thôi", "thoi"),
];

/// The single-word marked action a word written with its diacritics is ("đổi" but not
/// "đối", "thôi" but not "thời").
pub fn accented_mark(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    ACCENTED_SINGLE
        .iter()
        .find(|(accented, _)| *accented == lower)
        .map(|(_, folded)| *folded)
}

/// The marked actions `words` (folded) name anywhere ("sắp hết hạn, muốn gia hạn tạm
/// trú" → "gia han"): every marked action of two words or more, and the single words that
/// cannot be another word folded.
pub fn marked_in(words: &[String]) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match longest(MARKED, &words[at..]) {
            Some(mark) if mark.contains(' ') || ASKED_SINGLE.contains(&mark) => {
                found.push(mark);
                at += mark.split(' ').count();
            }
            _ => at += 1,
        }
    }
    found
}

/// True for a marked action of doing something again ("cấp lại", "đăng ký lại", "công
/// bố lại"): a citizen asking to get a paper again says it one way ("xin cấp lại giấy
/// phép") while the name says it another ("Công bố lại hoạt động bến").
pub fn repeats(mark: &str) -> bool {
    mark.ends_with(" lai")
}

/// Most plain openings skipped.
const MAX_PLAIN: usize = 3;

/// The marked actions `title` opens with: one, or several listed ("Cấp lại, đổi, điều
/// chỉnh thông tin …"). Empty when it opens plainly, or lists a plain action among them
/// ("Cấp, cấp lại phù hiệu" is also the first issue).
pub fn marked_leads(title: &str) -> Vec<&'static str> {
    let mut marked = Vec::new();
    for part in title.split([',', '/', ';']) {
        let words = folded_words(part);
        let (lead, whole) = lead_of(&words);
        match lead {
            Some(action) => marked.push(action),
            None => return Vec::new(),
        }
        if !whole {
            break;
        }
    }
    marked
}

/// The marked action `words` open with, and whether the action is all of `words` (one
/// item of a list of actions).
fn lead_of(words: &[String]) -> (Option<&'static str>, bool) {
    let mut at = 0;
    for _ in 0..=MAX_PLAIN {
        let rest = &words[at.min(words.len())..];
        if let Some(marked) = longest(MARKED, rest) {
            let len = marked.split(' ').count();
            return (Some(marked), rest.len() == len);
        }
        match longest(PLAIN, rest) {
            Some(plain) => at += plain.split(' ').count(),
            None => break,
        }
    }
    (None, false)
}

/// The longest of `phrases` `words` starts with (compared in place: this runs for every
/// word of every question).
fn longest(phrases: &[&'static str], words: &[String]) -> Option<&'static str> {
    phrases
        .iter()
        .filter(|p| starts_with(words, p))
        .max_by_key(|p| p.len())
        .copied()
}

fn starts_with(words: &[String], phrase: &str) -> bool {
    phrase
        .split(' ')
        .enumerate()
        .all(|(at, part)| words.get(at).is_some_and(|w| w == part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(title: &str) -> Option<&'static str> {
        match marked_leads(title).as_slice() {
            [] => None,
            [one] => Some(one),
            more => panic!("{more:?}"),
        }
    }

    #[test]
    fn finds_the_marked_action_after_plain_openings() {
        assert_eq!(lead("Xóa đăng ký tàu cá"), Some("xoa"));
        assert_eq!(lead("Cấp lại thẻ căn cước"), Some("cap lai"));
        assert_eq!(lead("Đăng ký lại khai tử"), Some("dang ky lai"));
        assert_eq!(
            lead("Thủ tục thông báo tạm ngừng kinh doanh"),
            Some("tam ngung")
        );
        assert_eq!(lead("Thay đổi nội dung đăng ký"), Some("thay doi"));
    }

    #[test]
    fn a_list_of_actions_gives_each_and_a_plain_one_makes_it_plain() {
        assert_eq!(
            marked_leads("Cấp lại, đổi, điều chỉnh thông tin trên sổ bảo hiểm xã hội"),
            vec!["cap lai", "doi", "dieu chinh"]
        );
        assert!(marked_leads("Cấp, cấp lại Phù hiệu cho xe ô tô").is_empty());
        assert!(marked_leads("Đăng ký, đăng ký lại, điều chỉnh đóng BHXH").is_empty());
        assert_eq!(
            marked_leads("Xóa đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản"),
            vec!["xoa"]
        );
    }

    #[test]
    fn a_bare_object_asks_for_no_action() {
        assert!(!names_action(&folded_words("sổ đỏ")));
        assert!(names_action(&folded_words("làm sổ đỏ")));
        assert!(names_action(&folded_words("muốn đăng ký tàu cá")));
        assert!(names_action(&folded_words("sổ đỏ cấp lại")));
    }

    #[test]
    fn a_question_names_marked_actions_anywhere_but_not_folded_look_alikes() {
        let marks = |text: &str| marked_in(&folded_words(text));
        assert_eq!(
            marks("tạm trú sắp hết hạn, muốn gia hạn thêm"),
            vec!["gia han"]
        );
        assert_eq!(marks("đăng ký lại kết hôn"), vec!["dang ky lai"]);
        assert_eq!(marks("xoá đăng ký thường trú"), vec!["xoa"]);
        assert!(marks("đổi bằng lái đối với người thời trước").is_empty());
        assert!(marks("đăng ký khai sinh").is_empty());
        assert!(repeats("cong bo lai") && repeats("cap lai") && !repeats("gia han"));
        assert_eq!(accented_mark("Đổi"), Some("doi"));
        assert_eq!(accented_mark("đối"), None);
        assert_eq!(accented_mark("doi"), None);
    }

    #[test]
    fn plain_names_have_none() {
        assert_eq!(lead("Cấp thẻ căn cước"), None);
        assert_eq!(lead("Đăng ký tạm trú"), None);
        assert_eq!(lead("Cấp giấy chứng nhận đăng ký tàu cá"), None);
        assert_eq!(lead("Thủ tục"), None);
        assert_eq!(lead(""), None);
    }
}
