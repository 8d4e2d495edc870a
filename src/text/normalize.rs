//! Normalization of Vietnamese text: NFC, lowercase, one tone-mark placement, folding.
//!
//! Vietnamese is written with two tone-placement habits ("hoà"/"hòa", "thuỷ"/"thủy");
//! [`normalize`] moves every tone mark to one canonical vowel so both spell the same word.
//! [`fold`] removes all diacritics, including đ→d, which Unicode decomposition keeps.

use unicode_normalization::UnicodeNormalization;

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// NFC, lowercase, and canonical tone-mark placement in every syllable.
pub fn normalize(text: &str) -> String {
    let lower: String = text.nfd().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut syllable = String::new();
    for c in lower.chars() {
        if c.is_alphanumeric() || TONE_MARKS.contains(&c) || is_combining(c) {
            syllable.push(c);
        } else {
            place_tone(&syllable, &mut out);
            syllable.clear();
            out.push(c);
        }
    }
    place_tone(&syllable, &mut out);
    out.nfc().collect()
}

/// Consonants after which a final "i" is also written "y" ("sĩ"/"sỹ", "kĩ"/"kỹ",
/// "lí"/"lý", "tí"/"tý", "qui"/"quy"). "m" is left out: folded "mi" is also "mì", never
/// written "my".
const I_Y_ONSETS: [&str; 5] = ["k", "l", "s", "t", "qu"];

/// The other spelling of a folded syllable that ends in "i" or "y" after a consonant
/// ("si" → "sy", "quy" → "qui"): the same word, and the national records spell it both
/// ways ("liệt sĩ", "liệt sỹ").
pub fn i_y_variant(word: &str) -> Option<String> {
    let (onset, other) = match (word.strip_suffix('i'), word.strip_suffix('y')) {
        (Some(onset), _) => (onset, 'y'),
        (_, Some(onset)) => (onset, 'i'),
        _ => return None,
    };
    I_Y_ONSETS
        .contains(&onset)
        .then(|| format!("{onset}{other}"))
}

/// Removes every diacritic and maps đ to d. Expects normalized (lowercase) input.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Writes one decomposed syllable to `out` with its tone mark on the canonical vowel.
fn place_tone(syllable: &str, out: &mut String) {
    let tone = syllable.chars().find(|c| TONE_MARKS.contains(c));
    let Some(tone) = tone else {
        out.push_str(syllable);
        return;
    };
    // Base letters, each with its non-tone marks (circumflex, breve, horn).
    let mut letters: Vec<String> = Vec::new();
    for c in syllable.chars().filter(|c| !TONE_MARKS.contains(c)) {
        match letters.last_mut() {
            Some(last) if is_combining(c) => last.push(c),
            _ => letters.push(c.to_string()),
        }
    }
    match tone_position(&letters) {
        Some(pos) => {
            for (i, letter) in letters.iter().enumerate() {
                out.push_str(letter);
                if i == pos {
                    out.push(tone);
                }
            }
        }
        None => out.push_str(syllable),
    }
}

fn base(letter: &str) -> char {
    letter.chars().next().unwrap_or(' ')
}

fn is_vowel(letter: &str) -> bool {
    matches!(base(letter), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn has_modifier(letter: &str) -> bool {
    letter
        .chars()
        .skip(1)
        .any(|c| matches!(c, '\u{302}' | '\u{306}' | '\u{31b}'))
}

/// Index of the letter that carries the tone ("new style": hoà, thuỷ).
fn tone_position(letters: &[String]) -> Option<usize> {
    let first_vowel = letters.iter().position(|l| is_vowel(l))?;
    // "qu" and "gi" before another vowel act as consonants.
    let mut start = first_vowel;
    let initial_u = start > 0 && base(&letters[start - 1]) == 'q' && base(&letters[start]) == 'u';
    let initial_i = start > 0 && base(&letters[start - 1]) == 'g' && base(&letters[start]) == 'i';
    if (initial_u || initial_i) && letters.get(start + 1).is_some_and(|l| is_vowel(l)) {
        start += 1;
    }
    let end = (start..letters.len())
        .find(|&i| !is_vowel(&letters[i]))
        .unwrap_or(letters.len());
    let cluster = start..end;
    if let Some(marked) = cluster.clone().rev().find(|&i| has_modifier(&letters[i])) {
        return Some(marked);
    }
    let len = end - start;
    if len == 1 {
        return Some(start);
    }
    if end < letters.len() || len == 3 {
        // A final consonant (toán, thuyết) or a three-vowel cluster (khoái, khuỷu).
        return Some(if len == 3 { start + 1 } else { end - 1 });
    }
    let pair: String = letters[start..end].iter().map(|l| base(l)).collect();
    Some(if matches!(pair.as_str(), "oa" | "oe" | "uy") {
        start + 1
    } else {
        start
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_i_and_y_after_a_consonant_are_one_spelling() {
        assert_eq!(i_y_variant("si").as_deref(), Some("sy"));
        assert_eq!(i_y_variant("quy").as_deref(), Some("qui"));
        assert_eq!(i_y_variant("ky").as_deref(), Some("ki"));
        for other in ["mi", "thuy", "huy", "y", "ai", "chi", "sinh", ""] {
            assert_eq!(i_y_variant(other), None, "{other}");
        }
    }

    #[test]
    fn lowercases_and_composes() {
        assert_eq!(normalize("ĐĂNG KÝ KHAI SINH"), "đăng ký khai sinh");
        // Decomposed input (NFD) comes out composed.
        let nfd: String = "Thủ tục".nfd().collect();
        assert_eq!(normalize(&nfd), "thủ tục");
    }

    #[test]
    fn unifies_tone_placement() {
        assert_eq!(normalize("hòa"), normalize("hoà"));
        assert_eq!(normalize("thủy"), normalize("thuỷ"));
        assert_eq!(normalize("khỏe"), normalize("khoẻ"));
        assert_eq!(normalize("hoà"), "hoà");
        assert_eq!(normalize("toán"), "toán");
        assert_eq!(normalize("quý"), "quý");
        assert_eq!(normalize("giấy"), "giấy");
        assert_eq!(normalize("người"), "người");
        assert_eq!(normalize("thuyết"), "thuyết");
        assert_eq!(normalize("của"), "của");
        assert_eq!(normalize("mùa"), "mùa");
    }

    #[test]
    fn folds_d_bar_and_marks() {
        assert_eq!(fold("đăng"), "dang");
        assert_eq!(fold("quyền"), "quyen");
        assert_eq!(fold("ưỡng"), "uong");
    }
}
