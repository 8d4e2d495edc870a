//! What a staff account may see and do: its role (`admin`: everything and staff
//! management; `province`: every unit of the province; `unit`: the tickets of one or
//! more communes or wards only) and, for a unit officer, the unit codes. Accounts
//! stored before roles existed read as `province`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::tickets::Ticket;
use crate::units::Units;

/// Most units one account may cover.
pub const MAX_UNITS: usize = 50;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    #[default]
    Province,
    Unit,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Province, Role::Unit];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Province => "province",
            Role::Unit => "unit",
        }
    }

    /// Vietnamese label on the staff pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::Province => "Cán bộ cấp tỉnh",
            Role::Unit => "Cán bộ xã/phường",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == text.trim())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Why a role and units were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("a unit officer needs 1 to {MAX_UNITS} unit codes")]
    UnitCount,
    #[error("unknown unit code {0:?} (see `tthc-bot units find`)")]
    UnknownUnit(String),
    #[error("only unit officers have units; {0} accounts see every unit")]
    UnitsWithoutUnitRole(Role),
}

/// The unit codes of a role, checked against the 2025 units: trimmed, without
/// duplicates, 1 to [`MAX_UNITS`] for `unit`, none for the other roles.
pub fn checked_units(role: Role, codes: &[String]) -> Result<Vec<String>, ScopeError> {
    let mut units: Vec<String> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if Units::embedded().ward_by_code(code).is_none() {
            return Err(ScopeError::UnknownUnit(code.to_owned()));
        }
        if !units.iter().any(|u| u == code) {
            units.push(code.to_owned());
        }
    }
    match role {
        Role::Unit if units.is_empty() || units.len() > MAX_UNITS => Err(ScopeError::UnitCount),
        Role::Unit => Ok(units),
        _ if !units.is_empty() => Err(ScopeError::UnitsWithoutUnitRole(role)),
        _ => Ok(units),
    }
}

/// What one staff member sees: every ticket, or those of some units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope(Option<Vec<String>>);

impl Scope {
    pub fn of(role: Role, units: &[String]) -> Scope {
        match role {
            Role::Unit => Scope(Some(units.to_vec())),
            Role::Admin | Role::Province => Scope(None),
        }
    }

    /// The unit codes, or `None` for every ticket (a [`crate::tickets::TicketFilter`]'s
    /// scope).
    pub fn units(&self) -> Option<&[String]> {
        self.0.as_deref()
    }

    pub fn sees(&self, t: &Ticket) -> bool {
        self.0.as_deref().is_none_or(|units| t.routed_to_any(units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tickets::TicketUnit;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn unit_officers_need_known_units_and_others_none() {
        assert_eq!(
            checked_units(Role::Unit, &codes(&[" 18244", "18244"])),
            Ok(codes(&["18244"]))
        );
        assert_eq!(checked_units(Role::Unit, &[]), Err(ScopeError::UnitCount));
        assert_eq!(
            checked_units(Role::Unit, &codes(&["99999"])),
            Err(ScopeError::UnknownUnit("99999".into()))
        );
        assert!(checked_units(Role::Province, &codes(&["18244"])).is_err());
        assert_eq!(checked_units(Role::Admin, &[]), Ok(vec![]));
        assert_eq!(Role::parse("unit"), Some(Role::Unit));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn a_unit_scope_sees_its_units_tickets_only() {
        let mut t: Ticket = serde_json::from_value(serde_json::json!({
            "code": "PA-2026-AAAAAA", "created_at": 0, "channel": "web", "user_id": "u",
            "name": null, "phone": null, "content": "c", "procedure": null,
            "category": "phản ánh", "status": "new", "assignee": null, "history": []
        }))
        .unwrap();
        let unit = Scope::of(Role::Unit, &codes(&["18244"]));
        assert!(!unit.sees(&t), "unrouted tickets stay with the province");
        assert!(Scope::of(Role::Province, &[]).sees(&t));
        t.unit = Some(TicketUnit {
            code: "18244".into(),
            name: "Xã Đức Minh, Tỉnh Hà Tĩnh".into(),
        });
        assert!(unit.sees(&t));
        assert!(!Scope::of(Role::Unit, &codes(&["18247"])).sees(&t));
    }
}
