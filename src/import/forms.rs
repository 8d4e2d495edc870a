//! Form files (mẫu đơn, tờ khai) that come with the Markdown pages: copied to
//! `knowledge/forms/<national code>/<safe name>`, only when their bytes change, and named
//! in the procedure. A form whose file is not in the data set keeps only its name.

use std::fs;
use std::io;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::record::Record;

/// What copying the forms of one record did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Copied {
    pub written: usize,
    pub unchanged: usize,
}

/// Resolves the forms of a record read from `page`: files found beside the page are
/// copied under `forms_dir/<code>/`, the others lose their file name.
pub fn copy_forms(page: &Path, record: &mut Record, forms_dir: &Path) -> io::Result<Copied> {
    let mut copied = Copied::default();
    let Some(page_dir) = page.parent() else {
        return Ok(copied);
    };
    for form in &mut record.forms {
        let Some(file) = form.file.take() else {
            continue;
        };
        let Some(source) = find(page_dir, &file) else {
            continue;
        };
        let Some(safe) = safe_name(&file) else {
            continue;
        };
        let bytes = fs::read(&source)?;
        let target = forms_dir.join(&record.code).join(&safe);
        if fs::read(&target).is_ok_and(|old| old == bytes) {
            copied.unchanged += 1;
        } else {
            fs::create_dir_all(target.parent().expect("a folder"))?;
            fs::write(&target, &bytes)?;
            copied.written += 1;
        }
        form.file = Some(safe);
    }
    Ok(copied)
}

/// The file of `dir` named `name`, whatever Unicode form either name is in.
fn find(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let direct = dir.join(name);
    if direct.is_file() {
        return Some(direct);
    }
    let wanted: String = name.nfc().collect();
    fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.nfc().eq(wanted.chars()))
        })
}

/// A file name safe in a URL and on any disk: folded, lowercase, `[a-z0-9-]` and one
/// extension ("TỜ KHAI ĐĂNG KÝ.docx" → "to-khai-dang-ky.docx"); `None` without a name.
pub fn safe_name(file: &str) -> Option<String> {
    let (stem, ext) = file.rsplit_once('.')?;
    let slug = |s: &str| {
        let folded = crate::text::fold(&crate::text::normalize(s));
        let mapped: String = folded
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        mapped
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let (stem, ext) = (slug(stem), slug(ext));
    (!stem.is_empty() && !ext.is_empty()).then(|| format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(
            safe_name("TỜ KHAI ĐĂNG KÝ GIÁM HỘ.docx").as_deref(),
            Some("to-khai-dang-ky-giam-ho.docx")
        );
        assert_eq!(
            safe_name("../../etc/passwd.doc").as_deref(),
            Some("etc-passwd.doc")
        );
        assert_eq!(safe_name("noext"), None);
    }
}
