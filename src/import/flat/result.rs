//! The result (`ket_qua_xu_ly`): the names of what the citizen receives, without the
//! portal's result codes and page furniture.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;

/// Parses `ket_qua_xu_ly`: result names each followed by "Mã: KQ...", then page
/// furniture from "Từ khóa" on.
pub fn parse_result(flat: &str) -> Vec<String> {
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Mã: ?KQ(?:\.[A-Z]*\d+)+").unwrap());
    let body = flat.split("Từ khóa").next().unwrap_or_default();
    let mut out: Vec<String> = CODE
        .split(body)
        .map(|piece| clean(piece.trim_start_matches(['.', ' '])))
        .filter(|s| !s.is_empty())
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_loses_codes_and_page_furniture() {
        let flat = "Giấy chứng nhận cải tạoMã: KQ.G04.000501Tem kiểm địnhMã: KQ.G04.000495Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnNộp hồ sơ";
        assert_eq!(
            parse_result(flat),
            ["Giấy chứng nhận cải tạo", "Tem kiểm định"]
        );
    }
}
