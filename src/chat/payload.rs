//! What a button sends back. A pressed button comes back as its payload text (channels
//! without buttons show them as a numbered list and send the payload of the number typed),
//! so the wire format of each payload is fixed: stored Telegram callbacks and open web
//! pages keep working across versions.

use std::fmt;

use super::facet::Facet;

/// The action behind a button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// The greeting and menu (`/start`).
    Start,
    /// "Tra cứu thủ tục": asks for a question.
    Search,
    /// "Dịch vụ công trực tuyến": the online services list.
    Online,
    /// "Kế hoạch CCHC": the plans list.
    Plans,
    /// Starts the feedback dialogue (`/phananh`).
    Feedback,
    /// Looks up a ticket, by code when one is given (`/tracuu [CODE]`).
    TicketLookup(Option<String>),
    /// The hotline number (`/hotline`).
    Hotline,
    /// Opens an entry's card by id.
    Open(String),
    /// One facet of a procedure.
    Facet(Facet, String),
    /// Feedback dialogue: keep the suggested procedure.
    Keep,
    /// Feedback dialogue: skip the optional field.
    Skip,
    /// Feedback dialogue: send the ticket.
    Confirm,
    /// Feedback dialogue: cancel.
    Cancel,
    /// Feedback dialogue: agree to give name and phone.
    Agree,
    /// Feedback dialogue: file without name and phone.
    Anonymous,
    /// Feedback dialogue: change something on the review.
    Edit,
    /// Feedback dialogue: change this part (its step).
    EditPart(EditPart),
    /// Feedback dialogue: the commune or ward with this code.
    Unit(String),
    /// Looks up a dossier, by code when one is given (`/hoso [CODE]`).
    DossierLookup(Option<String>),
    /// Subscribes to a dossier's status changes.
    Follow(String),
    /// Ends a subscription.
    Unfollow(String),
    /// 👍 (`up`) or 👎 on the answer to a question event (its reference).
    Rate { up: bool, answer: String },
    /// Why an answer was not good (a reason key), after 👎.
    RateReason { reason: String, answer: String },
    /// How satisfied the citizen is with the handling of ticket `code` (1 to 5).
    Satisfaction { code: String, level: u8 },
    /// How many times the citizen had to get in touch about ticket `code` (1, 2, 3+).
    Contacts { code: String, count: u8 },
}

/// What the review's "Sửa" can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditPart {
    Content,
    Procedure,
    Place,
    Contact,
}

impl EditPart {
    pub const ALL: [EditPart; 4] = [
        EditPart::Content,
        EditPart::Procedure,
        EditPart::Place,
        EditPart::Contact,
    ];

    fn name(self) -> &'static str {
        match self {
            EditPart::Content => "content",
            EditPart::Procedure => "procedure",
            EditPart::Place => "place",
            EditPart::Contact => "contact",
        }
    }
}

const START: &str = "/start";
const SEARCH: &str = "menu:tracuu";
const ONLINE: &str = "menu:dvc";
const PLANS: &str = "menu:kehoach";
const FEEDBACK: &str = "/phananh";
const TICKET: &str = "/tracuu";
const HOTLINE: &str = "/hotline";
const OPEN: &str = "open:";
const FACET: &str = "facet:";
const KEEP: &str = "fb:keep";
const SKIP: &str = "fb:skip";
const CONFIRM: &str = "fb:confirm";
const CANCEL: &str = "fb:cancel";
const AGREE: &str = "fb:agree";
const ANONYMOUS: &str = "fb:anonymous";
const EDIT: &str = "fb:edit";
const EDIT_PART: &str = "fb:edit:";
const UNIT: &str = "fb:unit:";
const DOSSIER: &str = "/hoso";
const FOLLOW: &str = "hoso:follow:";
const UNFOLLOW: &str = "hoso:unfollow:";
const RATE_UP: &str = "rate:up:";
const RATE_DOWN: &str = "rate:down:";
const RATE_WHY: &str = "rate:why:";
const SATISFACTION: &str = "sipas:";
const CONTACTS: &str = "sipas-c:";
/// Prefix of every feedback-dialogue payload (never taken as feedback content).
pub const DIALOGUE_PREFIX: &str = "fb:";

impl Payload {
    /// The payload a text is, if it is exactly one (as sent by a button).
    pub fn parse(text: &str) -> Option<Payload> {
        let simple = match text {
            START => Some(Payload::Start),
            SEARCH => Some(Payload::Search),
            ONLINE => Some(Payload::Online),
            PLANS => Some(Payload::Plans),
            FEEDBACK => Some(Payload::Feedback),
            TICKET => Some(Payload::TicketLookup(None)),
            HOTLINE => Some(Payload::Hotline),
            KEEP => Some(Payload::Keep),
            SKIP => Some(Payload::Skip),
            CONFIRM => Some(Payload::Confirm),
            CANCEL => Some(Payload::Cancel),
            AGREE => Some(Payload::Agree),
            ANONYMOUS => Some(Payload::Anonymous),
            EDIT => Some(Payload::Edit),
            DOSSIER => Some(Payload::DossierLookup(None)),
            _ => None,
        };
        simple.or_else(|| Self::parse_with_argument(text))
    }

    /// "sipas:CODE:LEVEL" or "sipas-c:CODE:COUNT".
    fn parse_rating(text: &str) -> Option<Payload> {
        let (prefix, rest) = [SATISFACTION, CONTACTS]
            .into_iter()
            .find_map(|p| Some((p, text.strip_prefix(p)?)))?;
        let (code, n) = rest.rsplit_once(':')?;
        let (code, n) = (code.to_owned(), n.parse::<u8>().ok()?);
        Some(match prefix {
            SATISFACTION if (1..=5).contains(&n) => Payload::Satisfaction { code, level: n },
            CONTACTS if (1..=3).contains(&n) => Payload::Contacts { code, count: n },
            _ => return None,
        })
    }

    fn parse_with_argument(text: &str) -> Option<Payload> {
        if let Some(id) = text.strip_prefix(OPEN) {
            return Some(Payload::Open(id.to_owned()));
        }
        if let Some(part) = text.strip_prefix(EDIT_PART) {
            let found = EditPart::ALL.into_iter().find(|p| p.name() == part);
            return found.map(Payload::EditPart);
        }
        if let Some(code) = text.strip_prefix(UNIT) {
            return Some(Payload::Unit(code.to_owned()));
        }
        if let Some(rest) = text.strip_prefix(FACET) {
            let (name, id) = rest.split_once(':').unwrap_or((rest, ""));
            return Facet::from_name(name).map(|f| Payload::Facet(f, id.to_owned()));
        }
        if let Some(answer) = text.strip_prefix(RATE_UP) {
            let answer = answer.to_owned();
            return Some(Payload::Rate { up: true, answer });
        }
        if let Some(answer) = text.strip_prefix(RATE_DOWN) {
            let answer = answer.to_owned();
            return Some(Payload::Rate { up: false, answer });
        }
        if let Some((reason, answer)) = text.strip_prefix(RATE_WHY).and_then(|r| r.split_once(':'))
        {
            let (reason, answer) = (reason.to_owned(), answer.to_owned());
            return Some(Payload::RateReason { reason, answer });
        }
        if let Some(p) = Self::parse_rating(text) {
            return Some(p);
        }
        if let Some(code) = text.strip_prefix(FOLLOW) {
            return Some(Payload::Follow(code.to_owned()));
        }
        if let Some(code) = text.strip_prefix(UNFOLLOW) {
            return Some(Payload::Unfollow(code.to_owned()));
        }
        if let Some(code) = text.strip_prefix(DOSSIER).and_then(|r| r.strip_prefix(' ')) {
            return Some(Payload::DossierLookup(Some(code.trim().to_owned())));
        }
        let code = text.strip_prefix(TICKET)?.strip_prefix(' ')?;
        Some(Payload::TicketLookup(Some(code.to_owned())))
    }
}

impl fmt::Display for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Start => f.write_str(START),
            Payload::Search => f.write_str(SEARCH),
            Payload::Online => f.write_str(ONLINE),
            Payload::Plans => f.write_str(PLANS),
            Payload::Feedback => f.write_str(FEEDBACK),
            Payload::TicketLookup(None) => f.write_str(TICKET),
            Payload::TicketLookup(Some(code)) => write!(f, "{TICKET} {code}"),
            Payload::Hotline => f.write_str(HOTLINE),
            Payload::Open(id) => write!(f, "{OPEN}{id}"),
            Payload::Facet(facet, id) => write!(f, "{FACET}{}:{id}", facet.name()),
            Payload::Keep => f.write_str(KEEP),
            Payload::Skip => f.write_str(SKIP),
            Payload::Confirm => f.write_str(CONFIRM),
            Payload::Cancel => f.write_str(CANCEL),
            Payload::Agree => f.write_str(AGREE),
            Payload::Anonymous => f.write_str(ANONYMOUS),
            Payload::Edit => f.write_str(EDIT),
            Payload::EditPart(part) => write!(f, "{EDIT_PART}{}", part.name()),
            Payload::Unit(code) => write!(f, "{UNIT}{code}"),
            Payload::DossierLookup(None) => f.write_str(DOSSIER),
            Payload::DossierLookup(Some(code)) => write!(f, "{DOSSIER} {code}"),
            Payload::Follow(code) => write!(f, "{FOLLOW}{code}"),
            Payload::Unfollow(code) => write!(f, "{UNFOLLOW}{code}"),
            Payload::Rate { up: true, answer } => write!(f, "{RATE_UP}{answer}"),
            Payload::Rate { up: false, answer } => write!(f, "{RATE_DOWN}{answer}"),
            Payload::RateReason { reason, answer } => write!(f, "{RATE_WHY}{reason}:{answer}"),
            Payload::Satisfaction { code, level } => write!(f, "{SATISFACTION}{code}:{level}"),
            Payload::Contacts { code, count } => write!(f, "{CONTACTS}{code}:{count}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payload_reads_back_as_itself() {
        let all = [
            Payload::Start,
            Payload::Search,
            Payload::Online,
            Payload::Plans,
            Payload::Feedback,
            Payload::TicketLookup(None),
            Payload::TicketLookup(Some("PA-2026-000001".into())),
            Payload::Hotline,
            Payload::Open("1.001193".into()),
            Payload::Facet(Facet::Fee, "1.001193".into()),
            Payload::Keep,
            Payload::Skip,
            Payload::Confirm,
            Payload::Cancel,
            Payload::Agree,
            Payload::Anonymous,
            Payload::Edit,
            Payload::EditPart(EditPart::Contact),
            Payload::EditPart(EditPart::Place),
            Payload::Unit("18244".into()),
            Payload::DossierLookup(None),
            Payload::DossierLookup(Some("H12.23-251123-0001".into())),
            Payload::Follow("H12.23-251123-0001".into()),
            Payload::Unfollow("H12.23-251123-0001".into()),
            Payload::Rate {
                up: false,
                answer: "1733500000-42".into(),
            },
            Payload::RateReason {
                reason: "missing_info".into(),
                answer: "1733500000-42".into(),
            },
            Payload::Satisfaction {
                code: "PA-2026-7K3QX9".into(),
                level: 5,
            },
            Payload::Contacts {
                code: "PA-2026-7K3QX9".into(),
                count: 3,
            },
        ];
        for p in all {
            assert_eq!(Payload::parse(&p.to_string()), Some(p.clone()), "{p}");
        }
    }

    #[test]
    fn wire_format_is_stable() {
        assert_eq!(Payload::Search.to_string(), "menu:tracuu");
        assert_eq!(
            Payload::Facet(Facet::Documents, "x".into()).to_string(),
            "facet:documents:x"
        );
        assert_eq!(Payload::Confirm.to_string(), "fb:confirm");
        assert_eq!(Payload::parse("xin chào"), None);
        assert_eq!(Payload::parse("facet:nope:x"), None);
    }
}
