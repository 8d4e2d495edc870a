//! Forms (mẫu đơn, tờ khai) that come with the Markdown pages: imported beside the
//! knowledge, listed on the card, served over HTTP with the right bytes, nothing else.

use std::path::Path;

use tthc_bot::chat::render::facet_text;
use tthc_bot::chat::Facet;
use tthc_bot::import::import_dvc;
use tthc_bot::knowledge::load;

use crate::support::fixtures::shared;
use crate::support::server::spawn_router;

const PAGE: &str = "2_000712";
const FILE: &str = "to-khai-ghi-vao-so-ho-tich-viec-khai-sinh.docx";

/// A `portal-md/` folder holding one real page with its form file.
fn one_page_with_a_form(dir: &Path) -> Vec<u8> {
    let source = shared().join("dvc/portal-md/raw_data").join(PAGE);
    let target = dir.join("portal-md/raw_data").join(PAGE);
    std::fs::create_dir_all(&target).unwrap();
    let mut form = Vec::new();
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        if entry.path().extension().is_some_and(|e| e == "docx") {
            form = std::fs::read(entry.path()).unwrap();
        }
    }
    std::fs::write(
        dir.join("portal-md/MANIFEST.csv"),
        format!(
            "ma_so,group,linh_vuc,ten,detail_md,fallback_flattened,attachments,url\n\
             2.000712,Bộ Ngoại giao,Hộ tịch,Ghi vào sổ hộ tịch việc khai sinh,raw_data/{PAGE}/{PAGE}_procedure_detail.md,0,,https://dichvucong.gov.vn/x\n"
        ),
    )
    .unwrap();
    assert!(!form.is_empty(), "the page's form file");
    form
}

#[tokio::test]
async fn a_form_downloads_with_its_bytes_and_nothing_else_does() {
    let data = tempfile::tempdir().unwrap();
    let form = one_page_with_a_form(data.path());
    let kb = tempfile::tempdir().unwrap();
    let summary = import_dvc(data.path(), &kb.path().join("national")).unwrap();
    assert_eq!((summary.created, summary.forms.written), (1, 1));
    let again = import_dvc(data.path(), &kb.path().join("national")).unwrap();
    assert_eq!(
        (again.written(), again.forms.written, again.forms.unchanged),
        (0, 0, 1)
    );

    let k = load(kb.path()).unwrap();
    let p = &k.procedures[0];
    let text = facet_text(p, Facet::Forms);
    assert!(
        text.starts_with("📎 Mẫu đơn, tờ khai:\n• Tờ khai ghi vào sổ hộ tịch"),
        "{text}"
    );
    assert!(text.contains(&format!("/forms/2.000712/{FILE}")), "{text}");

    let url = spawn_router(tthc_bot::channels::forms::router(kb.path().join("forms"))).await;
    let http = reqwest::Client::new();
    let ok = http
        .get(format!("{url}/forms/2.000712/{FILE}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(ok.bytes().await.unwrap().to_vec(), form);
    for bad in [
        "/forms/2.000712/..%2F..%2Fnational%2Fbo-ngoai-giao%2F2.000712.toml",
        "/forms/..%2Fnational/2.000712.toml",
        "/forms/2.000712/%2Fetc%2Fpasswd",
        "/forms/2.000712/missing.docx",
        "/forms/2.000712/TO-KHAI.docx",
    ] {
        let status = http
            .get(format!("{url}{bad}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_sends_a_linked_form_as_a_document() {
    use crate::fake_telegram::FakeTelegram;
    use teloxide::types::ChatId;
    use tthc_bot::channels::telegram::{make_bot, Telegram};
    use tthc_bot::chat::Message;

    let knowledge = crate::support::fixtures::repo().join("knowledge");
    let k = load(&knowledge).expect("bundled knowledge");
    let p = k
        .procedures
        .iter()
        .find(|p| p.national_code.as_deref() == Some("2.000712"))
        .expect("2.000712 bundled");
    let text = facet_text(p, Facet::Forms);
    assert!(text.contains(FILE), "{text}");

    let fake = FakeTelegram::start().await;
    let data = tempfile::tempdir().unwrap();
    let (engine, db) = crate::support::fixtures::engine(data.path());
    let tg = Telegram {
        bot: make_bot("123456:TEST", Some(reqwest::Url::parse(&fake.url).unwrap())),
        engine,
        payloads: db.tree(tthc_bot::storage::Tree::TelegramPayloads).unwrap(),
        forms_dir: Some(knowledge.join("forms")),
    };
    tg.send_reply(ChatId(7), &Message::text(text))
        .await
        .expect("sent");
    let docs = fake.calls("senddocument");
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs[0]["multipart"].as_str().unwrap().contains(FILE));
    let size = std::fs::metadata(knowledge.join("forms/2.000712").join(FILE))
        .unwrap()
        .len();
    assert!(docs[0]["len"].as_u64().unwrap() > size);
    assert_eq!(fake.sent_to(7).len(), 1, "the list itself is sent as text");
}
