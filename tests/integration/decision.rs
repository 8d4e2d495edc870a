//! The three outcomes on real-style questions: facet questions answered directly,
//! near-duplicates decided by their differing phrase, ambiguous questions asked back,
//! small talk, and one decision shared by `ask --json` and `POST /api/chat`.

use serde_json::Value;
use tthc_bot::eval::fold_text;
use tthc_bot::search::Outcome;

use crate::support::binary::{command, json_lines, run_with_stdin};
use crate::support::fixtures::{ask, bundled, bundled_index_dir, repo};
use crate::support::http::{client, post_chat};
use crate::support::server::start_server;

fn top_folded(question: &str) -> String {
    let a = ask(bundled(), question);
    let top = a.result.hits.first().expect("a hit");
    fold_text(&bundled().entry(top.ord).title())
}

#[test]
fn facet_question_with_context_is_answered_directly_facet_first() {
    let a = ask(bundled(), "đi đăng ký kết hôn phải đem theo những gì");
    assert_eq!(a.outcome, Outcome::Answer, "{}", a.reply);
    assert!(a.answered);
    assert!(top_folded("đi đăng ký kết hôn phải đem theo những gì").contains("dang ky ket hon"));
    let head: String = a.reply.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("Giấy tờ"),
        "documents come first: {}",
        a.reply
    );

    let q = "đăng ký khai tử cho bố ở đâu, mất bao lâu";
    let b = ask(bundled(), q);
    assert_eq!(b.outcome, Outcome::Answer, "{}", b.reply);
    assert!(top_folded(q).contains("dang ky khai tu"));
    assert!(b.reply.contains("📍 Nơi nộp hồ sơ"), "{}", b.reply);

    // Without "đăng ký" the name is less certain: never a dead end, the right one first.
    let q = "làm thủ tục khai tử ở cơ quan nào";
    let c = ask(bundled(), q);
    assert_ne!(c.outcome, Outcome::Decline, "{}", c.reply);
    assert!(top_folded(q).contains("dang ky khai tu"));
}

#[test]
fn a_question_on_conditions_opens_with_the_conditions_the_portal_states() {
    // The level is named: the central-level card, not a choice between both levels.
    let q = "Điều kiện để được cấp thẻ thường trú cho người nước ngoài ở trung ương là gì?";
    let a = ask(bundled(), q);
    assert_eq!(a.outcome, Outcome::Answer, "{}", a.reply);
    assert!(top_folded(q).contains("cap the thuong tru cho nguoi nuoc ngoai"));
    let head: String = a.reply.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(head.contains("📋 Điều kiện thực hiện"), "{}", a.reply);
    assert!(
        a.reply.contains("chỗ ở hợp pháp"),
        "the record's own conditions: {}",
        a.reply
    );
}

#[test]
fn near_duplicates_are_decided_by_the_phrase_that_differs() {
    // (question, the phrase the right title has, a near-duplicate that must not answer)
    let pairs = [
        ("bằng lái xe quốc tế", "quoc te", "doi giay phep lai xe"),
        ("đổi bằng lái xe", "doi giay phep lai xe", "quoc te"),
        (
            "trình báo mất hộ chiếu",
            "trinh bao mat ho chieu",
            "cap ho chieu",
        ),
        (
            "Chiến sĩ thi đua Bộ Xây dựng",
            "chien si thi dua bo xay dung",
            "co so",
        ),
    ];
    for (question, right, wrong) in pairs {
        let a = ask(bundled(), question);
        let top = top_folded(question);
        assert!(top.contains(right), "{question:?} → {top}");
        assert!(
            !(a.answered && top.contains(wrong)),
            "{question:?} answered with {top}"
        );
    }
}

#[test]
fn a_contradicting_word_keeps_the_wrong_procedure_from_answering() {
    // The question names "quốc tế" (international); "Cấp đổi giấy phép lái xe" lacks it,
    // and "phù hiệu" is not the transport business licence.
    for (question, wrong) in [
        ("xin cấp bằng lái xe quốc tế", "cap doi giay phep lai xe"),
        (
            "phù hiệu xe ô tô kinh doanh vận tải",
            "giay phep kinh doanh van tai",
        ),
    ] {
        let a = ask(bundled(), question);
        let top = top_folded(question);
        assert!(!(a.answered && top.contains(wrong)), "{question:?}: {top}");
    }
}

#[test]
fn a_name_on_the_other_side_of_a_distinction_is_neither_answered_nor_offered() {
    // "trên 14 tuổi" and "dưới 14 tuổi" are opposite sides (knowledge/synonyms.toml):
    // the card for children under 14 shares every other word with the question.
    for question in [
        "làm thẻ căn cước cho người trên 14 tuổi lần đầu",
        "lam the can cuoc cho nguoi tren 14 tuoi lan dau",
    ] {
        let a = ask(bundled(), question);
        let titles: Vec<String> = a
            .result
            .hits
            .iter()
            .map(|h| fold_text(&bundled().entry(h.ord).title()))
            .collect();
        assert!(
            titles.iter().all(|t| !t.contains("duoi 14 tuoi")),
            "{question:?}: {titles:?}"
        );
        assert!(titles[0].contains("can cuoc"), "{question:?}: {titles:?}");
    }
    // The same words without a side keep both procedures.
    let a = ask(bundled(), "làm thẻ căn cước cho con 10 tuổi dưới 14 tuổi");
    let top = fold_text(&bundled().entry(a.result.hits[0].ord).title());
    assert!(top.contains("duoi 14 tuoi"), "{top}");
}

#[test]
fn an_ambiguous_question_is_asked_back_with_choices() {
    let a = ask(bundled(), "sổ đỏ");
    assert_eq!(a.outcome, Outcome::Choices, "{}", a.reply);
    assert!(!a.answered);
    assert!(a.reply.starts_with("Dạ, bạn muốn hỏi thủ tục nào ạ?"));
    let offered: Vec<String> = a
        .result
        .choice_hits()
        .map(|h| fold_text(&bundled().entry(h.ord).title()))
        .collect();
    assert!((2..=5).contains(&offered.len()), "{offered:?}");
    // The kinds the issue names: first time, transfer, replacement, reissue.
    assert!(
        offered.iter().all(|t| t.contains("quyen su dung dat")),
        "{offered:?}"
    );
    let kinds = ["lan dau", "chuyen nhuong", "cap doi", "cap lai"];
    let named = kinds
        .iter()
        .filter(|k| offered.iter().any(|t| t.contains(*k)))
        .count();
    assert!(named >= 3, "{offered:?}");
}

#[test]
fn small_talk_and_off_topic_get_short_kind_replies() {
    let thanks = ask(bundled(), "cảm ơn bạn nhiều nhé");
    assert_eq!(thanks.outcome, Outcome::Decline);
    assert!(thanks.reply.contains("không có gì"), "{}", thanks.reply);
    assert!(ask(bundled(), "tạm biệt").reply.contains("chào bạn"));
    assert!(ask(bundled(), "ok").reply.starts_with("Dạ vâng"));
    let vague = ask(bundled(), "cho mình hỏi");
    assert_eq!(vague.outcome, Outcome::Decline);
    assert!(
        vague
            .reply
            .starts_with("Dạ, bạn muốn hỏi về thủ tục nào ạ?"),
        "{}",
        vague.reply
    );
    for q in ["giá vàng hôm nay", "thời tiết ngày mai thế nào"] {
        let a = ask(bundled(), q);
        assert_eq!(a.outcome, Outcome::Decline, "{q}: {}", a.reply);
        assert!(a.reply.contains("ngoài phạm vi"), "{q}: {}", a.reply);
        assert!(a.reply.contains("đường dây nóng"), "{q}: {}", a.reply);
        assert!(
            !a.reply.contains("/phananh"),
            "no ticket pushed: {}",
            a.reply
        );
    }
}

/// What `POST /api/chat` shows, in the terms of `ask --json`: the outcome and the ids
/// offered (choices) or answered.
fn chat_outcome(reply: &Value) -> (String, Vec<String>) {
    let message = &reply["messages"][0];
    let payloads: Vec<&str> = message["buttons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["payload"].as_str().unwrap())
        .collect();
    let opened: Vec<String> = payloads
        .iter()
        .filter_map(|p| p.strip_prefix("open:"))
        .map(str::to_owned)
        .collect();
    let answered: Vec<String> = payloads
        .iter()
        .filter_map(|p| p.strip_prefix("facet:"))
        .filter_map(|rest| rest.split_once(':').map(|(_, id)| id.to_owned()))
        .collect();
    let card = message["text"]
        .as_str()
        .unwrap()
        .starts_with("Dạ, thủ tục «");
    if !opened.is_empty() {
        ("choices".into(), opened)
    } else if card {
        // A catalogue-only card has no part buttons; its id is then not shown.
        ("answer".into(), answered.into_iter().take(1).collect())
    } else {
        ("decline".into(), Vec::new())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_json_and_web_chat_decide_alike() {
    let questions = [
        "sổ đỏ",
        "đi đăng ký kết hôn phải đem theo những gì",
        "giá vàng hôm nay",
        "bằng lái xe quốc tế",
        "con tôi bị khuyết tật, muốn xin hỗ trợ học phí thì lên đâu làm",
    ];
    let cwd = tempfile::tempdir().unwrap();
    let mut ask = command(cwd.path());
    ask.args([
        "--config",
        &repo().join("config/default.toml").to_string_lossy(),
    ])
    .args(["ask", "--json", "-"])
    .env("TTHC_INDEX_DIR", bundled_index_dir())
    .env("TTHC_KNOWLEDGE_DIR", repo().join("knowledge"));
    let out = run_with_stdin(ask, &questions.join("\n"));
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), questions.len());

    let server = start_server(None).await;
    let http = client();
    for (i, (question, cli)) in questions.iter().zip(&lines).enumerate() {
        let reply = post_chat(&http, &server.url, &format!("same-{i}"), question).await;
        let (outcome, ids) = chat_outcome(&reply);
        assert_eq!(cli["outcome"], outcome.as_str(), "{question}: {reply}");
        assert_eq!(cli["answered"], outcome == "answer", "{question}");
        let expected: Vec<String> = match outcome.as_str() {
            "choices" => cli["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect(),
            "answer" if ids.is_empty() => Vec::new(),
            "answer" => vec![cli["hits"][0]["id"].as_str().unwrap().to_owned()],
            _ => Vec::new(),
        };
        assert_eq!(ids, expected, "{question}");
    }
}
