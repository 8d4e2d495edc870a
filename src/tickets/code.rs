//! Ticket codes: `PA-2026-7K3QX9`, five random characters within the year and a check
//! character, from an alphabet without look-alikes (no 0/O, no 1/I), so codes cannot be
//! guessed in sequence and a mistyped character is caught before any look-up. Codes
//! filed before this format (`PA-2026-000123`, digits only) stay valid.

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// The characters of a code body: digits 2–9 and letters without I and O.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Random characters of a code body (before the check character).
const RANDOM_CHARS: usize = 5;
const PREFIX: &str = "PA";

/// What a written code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A code of the current format whose check character matches.
    Current,
    /// A code of the older numeric format (`PA-2026-000123`).
    Legacy,
    /// Looks like a code but cannot be one: a wrong check character, a character outside
    /// the alphabet, or a wrong length.
    Mistyped,
}

/// A code as stored: trimmed and upper-case.
pub fn canonical(code: &str) -> String {
    code.trim().to_uppercase()
}

/// A fresh random code for `year`. The body always holds a letter, so a new code is never
/// mistaken for a numeric one of the older format.
pub fn generate(year: i64) -> String {
    loop {
        let mut bytes = [0u8; RANDOM_CHARS];
        OsRng.fill_bytes(&mut bytes);
        // 256 is a multiple of 32: every character is equally likely.
        let body: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(b % 32)] as char)
            .collect();
        if body.bytes().any(|b| b.is_ascii_alphabetic()) {
            let check = check_char(&year.to_string(), &body).expect("alphabet characters");
            return format!("{PREFIX}-{year}-{body}{check}");
        }
    }
}

/// Which kind of code `code` is (case and surrounding spaces ignored); `None` when it is
/// not shaped like a ticket code at all (`PA-YYYY-…`).
pub fn kind(code: &str) -> Option<CodeKind> {
    let code = canonical(code);
    let rest = code.strip_prefix(PREFIX)?.strip_prefix('-')?;
    let (year, body) = rest.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || body.is_empty() {
        return None;
    }
    if !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if body.bytes().all(|b| b.is_ascii_digit()) {
        return Some(CodeKind::Legacy);
    }
    let valid = body.len() == RANDOM_CHARS + 1
        && check_char(year, &body[..RANDOM_CHARS]) == Some(body.as_bytes()[RANDOM_CHARS] as char);
    Some(if valid {
        CodeKind::Current
    } else {
        CodeKind::Mistyped
    })
}

/// The check character of a year and body: Luhn mod 32 over the year's digits and the
/// body's characters, so any one wrong character and most swaps of neighbours change it.
fn check_char(year: &str, body: &str) -> Option<char> {
    let values: Option<Vec<u32>> = year
        .bytes()
        .map(|b| b.is_ascii_digit().then(|| u32::from(b - b'0')))
        .chain(
            body.bytes()
                .map(|b| ALPHABET.iter().position(|&a| a == b).map(|p| p as u32)),
        )
        .collect();
    let n = ALPHABET.len() as u32;
    let mut sum = 0;
    for (i, v) in values?.iter().rev().enumerate() {
        let v = if i % 2 == 0 { v * 2 } else { *v };
        sum += v / n + v % n;
    }
    let check = (n - sum % n) % n;
    Some(ALPHABET[check as usize] as char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_short_readable_and_checked() {
        for _ in 0..500 {
            let code = generate(2026);
            assert_eq!(code.len(), "PA-2026-7K3QX9".len(), "{code}");
            assert!(code.starts_with("PA-2026-"));
            assert!(!code[8..].contains(['0', '1', 'O', 'I']), "{code}");
            assert_eq!(kind(&code), Some(CodeKind::Current), "{code}");
            assert_eq!(kind(&code.to_lowercase()), Some(CodeKind::Current));
        }
    }

    #[test]
    fn every_single_character_typo_is_caught() {
        let code = generate(2026);
        let body_chars: Vec<char> = ALPHABET.iter().map(|&b| b as char).collect();
        let year_chars: Vec<char> = ('0'..='9').collect();
        for pos in (3..7).chain(8..code.len()) {
            let chars = if pos < 7 { &year_chars } else { &body_chars };
            for &c in chars.iter().chain(&['0', '1', 'O', 'I']) {
                if pos < 7 && !c.is_ascii_digit() {
                    continue;
                }
                if code.as_bytes()[pos] as char == c {
                    continue;
                }
                let mut typo = code.clone().into_bytes();
                typo[pos] = c as u8;
                let typo = String::from_utf8(typo).unwrap();
                let k = kind(&typo);
                let digits_only = typo[8..].bytes().all(|b| b.is_ascii_digit());
                assert!(
                    k == Some(CodeKind::Mistyped) || (digits_only && k == Some(CodeKind::Legacy)),
                    "{typo}: {k:?}"
                );
            }
        }
    }

    #[test]
    fn numeric_codes_of_the_older_format_are_legacy() {
        assert_eq!(kind("PA-2026-000123"), Some(CodeKind::Legacy));
        assert_eq!(kind(" pa-2026-2000001 "), Some(CodeKind::Legacy));
        assert_eq!(kind("PA-2026-7K3QX"), Some(CodeKind::Mistyped));
        assert_eq!(kind("PA-26-7K3QX9"), None);
        assert_eq!(kind("hồ sơ"), None);
    }
}
