//! The steps (`trinh_tu_thuc_hien`): one step per line or per "Bước N" label.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;

/// Splits `trinh_tu_thuc_hien` into steps: one per line or per "Bước N".
pub fn parse_steps(text: &str) -> Vec<String> {
    static STEP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\s)(Bước\s*\d+\s*[:.\-])").unwrap());
    let mut out = Vec::new();
    for line in text.lines() {
        let mut from = 0;
        for m in STEP.captures_iter(line) {
            let at = m.get(1).expect("group").start();
            out.push(clean(&line[from..at]));
            from = at;
        }
        out.push(clean(&line[from..]));
    }
    out.retain(|s| !s.is_empty() && s != "-");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_split_on_lines_and_step_labels() {
        let steps =
            parse_steps("Bước 1: Nộp hồ sơ. Bước 2: Nhận kết quả.\n- Trả kết quả qua bưu điện");
        assert_eq!(
            steps,
            [
                "Bước 1: Nộp hồ sơ.",
                "Bước 2: Nhận kết quả.",
                "- Trả kết quả qua bưu điện"
            ]
        );
    }
}
