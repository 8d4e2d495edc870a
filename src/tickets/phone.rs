//! Vietnamese phone numbers: mobile (03, 05, 07, 08, 09 + 8 digits) and landline (02 + 9
//! digits), written with spaces, dots or dashes, or with the +84 / 84 prefix.

/// The number in its 0-prefixed form, or `None` when it is not a Vietnamese number.
pub fn normalize_phone(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " .-+()".contains(c))
    {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits
        .strip_prefix("84")
        .filter(|_| trimmed.starts_with('+') || digits.len() >= 11)
    {
        format!("0{rest}")
    } else {
        digits
    };
    let mobile = national.len() == 10
        && ["03", "05", "07", "08", "09"]
            .iter()
            .any(|p| national.starts_with(p));
    let landline = national.len() == 11 && national.starts_with("02");
    (mobile || landline).then_some(national)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_vietnamese_numbers_in_common_writings() {
        assert_eq!(
            normalize_phone("0912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84 912.345.678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("024 3825 1234").as_deref(),
            Some("02438251234")
        );
    }

    #[test]
    fn rejects_other_input() {
        for bad in [
            "",
            "12345",
            "0112345678",
            "09123456789",
            "abc0912345678",
            "0912-345-67x",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }
}
