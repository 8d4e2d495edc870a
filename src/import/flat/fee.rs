//! The fee cell: "Miễn phí", an amount with its currency ("1,500,000 Việt Nam Đồng") or
//! nothing, and the note in parentheses after it; a zero amount reads as free.

use super::{clean, number_len, NO_INFO};

/// How the portal writes a free procedure, and how a zero amount is shown.
const FREE: &str = "Miễn phí";

/// Currencies a fee amount is written in (longest first).
pub(super) const CURRENCIES: [&str; 4] = ["Việt Nam Đồng", "VNĐ", "Đồng", "USD"];

/// A fee cell: the amount or "free", and the note in parentheses after it.
#[derive(Debug, Clone)]
pub(super) struct Fee {
    pub(super) amount: String,
    pub(super) note: String,
}

impl Fee {
    pub(super) fn display(&self) -> String {
        if self.note.is_empty() {
            self.amount.clone()
        } else if self.amount.is_empty() {
            self.note.clone()
        } else {
            format!("{} ({})", self.amount, self.note)
        }
    }
}

pub(super) fn starts_with_currency(text: &str) -> bool {
    CURRENCIES.iter().any(|c| text.starts_with(c))
}

/// Splits the fee cell (and its parenthesised note) off the front of the rest of a row.
pub(super) fn split_fee(cells: &str) -> (Option<Fee>, &str) {
    let (amount, rest) = if let Some(rest) = cells.strip_prefix(FREE) {
        (FREE.to_owned(), rest)
    } else if let Some(rest) = cells.strip_prefix(NO_INFO) {
        return (None, rest);
    } else if let Some((amount, rest)) = split_amount(cells) {
        (amount, rest)
    } else {
        return (None, cells);
    };
    let (note, rest) = split_parenthesised(rest);
    let fee = Fee {
        amount,
        note: clean(note),
    };
    (Some(fee), rest)
}

/// A fee cell on its own (the defence records' tables): "Miễn phí" when the whole cell
/// is a zero amount ("Phí : 0 Đồng", "Lệ phí : 0 Đồng"), else the text as written (it may
/// list several labelled fees).
pub fn parse_fee(cell: &str) -> Option<String> {
    let cell = clean(cell);
    match split_fee(&cell) {
        (Some(fee), rest) if fee.amount == FREE && fee.note.is_empty() && rest.is_empty() => {
            Some(FREE.to_owned())
        }
        _ => (!cell.is_empty()).then_some(cell),
    }
}

/// "1,500,000 Việt Nam Đồng..." → ("1,500,000 Việt Nam Đồng", rest).
fn split_amount(cells: &str) -> Option<(String, &str)> {
    let cells_trim = cells
        .trim_start()
        .trim_start_matches("Lệ phí")
        .trim_start_matches("Phí")
        .trim_start_matches([' ', ':']);
    let digits_end = number_len(cells_trim);
    if digits_end == 0 {
        return None;
    }
    let after = cells_trim[digits_end..].trim_start();
    let currency = CURRENCIES.iter().find(|c| after.starts_with(*c))?;
    let amount = &cells_trim[..digits_end];
    let rest = &after[currency.len()..];
    let text = if amount.chars().all(|c| c == '0') {
        FREE.to_owned()
    } else {
        format!("{amount} {currency}")
    };
    Some((text, rest))
}

/// A leading balanced "(...)" and what follows it.
fn split_parenthesised(text: &str) -> (&str, &str) {
    if !text.starts_with('(') {
        return ("", text);
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return (&text[1..i], &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (&text[1..], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_cells_of_the_defence_tables() {
        assert_eq!(parse_fee("Phí : 0 Đồng").as_deref(), Some("Miễn phí"));
        assert_eq!(parse_fee("Lệ phí : 0 Đồng").as_deref(), Some("Miễn phí"));
        let listed = "Phí : 2.000.000 Đồng (Thẩm định) Phí : 3.500.000 Đồng (Thăm dò)";
        assert_eq!(parse_fee(listed).as_deref(), Some(listed));
        assert_eq!(
            parse_fee("Phí : Không Đồng").as_deref(),
            Some("Phí : Không Đồng")
        );
        assert_eq!(parse_fee(""), None);
    }

    #[test]
    fn fee_keeps_its_nested_note_and_the_rest_of_the_row() {
        let (fee, rest) = split_fee("135 VNĐ(Lệ phí (lần đầu): 135.000 đồng)Mô tả");
        let fee = fee.expect("fee");
        assert_eq!(fee.display(), "135 VNĐ (Lệ phí (lần đầu): 135.000 đồng)");
        assert_eq!(rest, "Mô tả");
    }
}
