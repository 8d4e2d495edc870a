//! Fixtures: paths, the bundled knowledge indexed once, engines on it, procedure files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tthc_bot::chat::engine::IDLE_SECS;
use tthc_bot::chat::state::StateStore;
use tthc_bot::chat::{answer_question, Answer, Engine};
use tthc_bot::config::Config;
use tthc_bot::search::{build, LiveSearcher, Searcher};
use tthc_bot::storage::Storage;
use tthc_bot::tickets::StoredTickets;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (seeds, national records, eval questions).
pub fn shared() -> PathBuf {
    let dir = repo().join("..").join("shared");
    assert!(
        dir.is_dir(),
        "tests need ../shared beside the repository ({})",
        dir.display()
    );
    dir
}

pub fn config() -> Config {
    Config::load(Some(&repo().join("config/default.toml"))).expect("default config loads")
}

static BUNDLED: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();

fn bundled_fixture() -> &'static (tempfile::TempDir, Searcher) {
    BUNDLED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        build(&repo().join("knowledge"), dir.path()).expect("bundled knowledge builds");
        let s = Searcher::open(dir.path()).expect("index opens");
        (dir, s)
    })
}

/// The bundled knowledge base, indexed once into a temporary folder.
pub fn bundled() -> &'static Searcher {
    &bundled_fixture().1
}

/// The index folder of [`bundled`] (read-only for tests).
pub fn bundled_index_dir() -> &'static Path {
    bundled_fixture().0.path()
}

/// A conversation engine on the bundled index with its database in `data`.
pub fn engine(data: &Path) -> (Arc<Engine>, Storage) {
    let live = Arc::new(LiveSearcher::open(bundled_index_dir()).expect("index opens"));
    let storage = Storage::open(data).expect("database opens");
    let engine = Engine::new(
        live,
        config().bot,
        Arc::new(StateStore::new(&storage, IDLE_SECS).expect("state store opens")),
        Arc::new(StoredTickets::new(&storage).expect("ticket store opens")),
        None,
    );
    (Arc::new(engine), storage)
}

pub fn ask(searcher: &Searcher, question: &str) -> Answer {
    answer_question(searcher, &config().bot, question).expect("search works")
}

/// Title of the top hit.
pub fn top_title(searcher: &Searcher, question: &str) -> String {
    let a = ask(searcher, question);
    let top = a
        .result
        .hits
        .first()
        .unwrap_or_else(|| panic!("no hit for {question:?}"));
    searcher.entry(top.ord).title()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A complete, valid procedure file (id dang-ky-khai-sinh).
pub const TEMPLATE: &str = r#"id = "dang-ky-khai-sinh"
name = "Đăng ký khai sinh"
field = "Hộ tịch"
level = "cấp xã"
authority = "Ủy ban nhân dân cấp xã"
where_to_submit = "Bộ phận Một cửa cấp xã"
summary = "Đăng ký khai sinh cho trẻ em."
aliases = ["làm giấy khai sinh"]
documents = ["Tờ khai đăng ký khai sinh"]
steps = ["Nộp hồ sơ", "Nhận kết quả"]
processing_time = "Trong ngày"
fee = "Miễn lệ phí khi đăng ký đúng hạn"
result = "Giấy khai sinh"
legal_basis = ["Luật Hộ tịch 2014"]
postal_service = true
checked = "2026-11-22"

[online]
level = "toàn trình"
url = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
"#;

/// [`TEMPLATE`] with another id and name, and no aliases.
pub fn procedure_toml(id: &str, name: &str) -> String {
    TEMPLATE
        .replace("id = \"dang-ky-khai-sinh\"", &format!("id = \"{id}\""))
        .replace(
            "name = \"Đăng ký khai sinh\"",
            &format!("name = \"{name}\""),
        )
        .replace("aliases = [\"làm giấy khai sinh\"]", "aliases = [\"-\"]")
        .replace(
            "summary = \"Đăng ký khai sinh cho trẻ em.\"",
            "summary = \"Thủ tục mẫu.\"",
        )
}
