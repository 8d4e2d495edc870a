//! Reading an export: JSON Lines (one object per line) or CSV with a header row of the
//! field names (comma, semicolon or tab; quoted fields as RFC 4180). Each record keeps
//! its line number so a rejected one can be reported where it is.

use std::collections::HashMap;

use super::record::{from_fields, Dossier};

/// One record of an export: where it starts and what it reads as.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line of the file where the record starts.
    pub line: usize,
    pub record: Result<Dossier, String>,
}

/// Reads an export, telling the two formats apart by the first character (`{` is JSON
/// Lines).
pub fn read(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        read_jsonl(text)
    } else {
        read_csv(text)
    }
}

/// One JSON object per line; blank lines are skipped.
pub fn read_jsonl(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Line {
            line: i + 1,
            record: json_fields(l).and_then(|f| from_fields(&f)),
        })
        .collect()
}

fn json_fields(line: &str) -> Result<HashMap<String, String>, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let mut fields = HashMap::new();
    for (key, v) in object {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err(format!("{key}: expected a text or a number")),
        };
        fields.insert(key.trim().to_lowercase(), text);
    }
    Ok(fields)
}

/// A header row, then one record per row.
pub fn read_csv(text: &str) -> Vec<Line> {
    let delimiter = delimiter(text.lines().next().unwrap_or(""));
    let mut rows = rows(text, delimiter).into_iter();
    let Some((_, header)) = rows.next() else {
        return Vec::new();
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    rows.filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| {
            let record = if cells.len() != header.len() {
                Err(format!(
                    "expected {} columns as in the header, found {}",
                    header.len(),
                    cells.len()
                ))
            } else {
                from_fields(&header.iter().cloned().zip(cells).collect())
            };
            Line { line, record }
        })
        .collect()
}

fn delimiter(header: &str) -> char {
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| header.matches(*d).count())
        .unwrap_or(',')
}

/// The rows of a CSV text with the line each starts on; quoted cells may hold the
/// delimiter, doubled quotes and line breaks.
fn rows(text: &str, delimiter: char) -> Vec<(usize, Vec<String>)> {
    let (mut rows, mut cells, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut line, mut start, mut quoted) = (1usize, 1usize, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.is_empty() => quoted = true,
            '\n' if quoted => {
                line += 1;
                cell.push('\n');
            }
            '\r' if !quoted => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                rows.push((start, std::mem::take(&mut cells)));
                line += 1;
                start = line;
            }
            c if c == delimiter && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push((start, cells));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_quoted_delimiters_and_their_line_numbers() {
        let text = "ma_ho_so;ten_tthc;trang_thai;so_dien_thoai;ghi_chu\r\n\
                    A-1;\"Cấp đổi; cấp lại\";4;0912345678;\"dòng 1\ndòng 2\"\r\n\
                    A-2;X;99;0912345678;\r\n\
                    \r\n\
                    A-3;\"Y \"\"Z\"\"\";Đã trả kết quả;0912345678;\n";
        let lines = read(text);
        assert_eq!(lines.len(), 3);
        let first = lines[0].record.as_ref().unwrap();
        assert_eq!(first.ten_tthc, "Cấp đổi; cấp lại");
        assert_eq!(first.ghi_chu.as_deref(), Some("dòng 1\ndòng 2"));
        assert_eq!(lines[1].line, 4);
        assert!(lines[1].record.as_ref().unwrap_err().contains("trang_thai"));
        assert_eq!(lines[2].line, 6);
        assert_eq!(lines[2].record.as_ref().unwrap().ten_tthc, "Y \"Z\"");
    }

    #[test]
    fn json_lines_accept_numbers_and_report_bad_lines() {
        let text = "{\"ma_ho_so\":\"A-1\",\"ten_tthc\":\"X\",\"trang_thai\":9,\"so_giay_to\":1234567}\n\n[1]\n{\"ma_ho_so\":\"A-2\"";
        let lines = read(text);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].record.as_ref().unwrap().verifies("4567"));
        assert_eq!((lines[1].line, lines[2].line), (3, 4));
        assert!(lines[1].record.is_err() && lines[2].record.is_err());
    }
}
