//! Vietnam's administrative units after the 2025 reform (34 provinces, about 3,300
//! communes, wards and special zones, no districts) and the recognition of a place in a
//! citizen's words, old names included. The data is MIT-licensed (`knowledge/units/`).

mod data;
mod find;

pub use data::{key_of, OldWard, Province, Units, UnknownProvince, Ward};
pub use find::{Found, Place};

#[cfg(test)]
mod tests;
