//! `tthc-bot units find "TEXT"`: which commune or ward a piece of text names (for admins
//! checking addresses against the 2025 units).

use std::process::ExitCode;

use clap::{Args, Subcommand};
use tthc_bot::config::Config;
use tthc_bot::units::{Place, Units};

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Print the units a text names (new or old names, with or without diacritics).
    Find(FindArgs),
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The address or place as a citizen wrote it.
    pub text: String,
    /// Search within this province only (default: `[service] province`; "" for all).
    #[arg(long)]
    pub province: Option<String>,
}

pub fn run_units(cmd: UnitsCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let UnitsCommand::Find(args) = cmd;
    let units = Units::embedded();
    let name = args
        .province
        .unwrap_or_else(|| config.service.province.clone());
    let scope = units.scope_of(&name)?;
    let place = units.find(&args.text, scope);
    for line in describe(units, &place) {
        println!("{line}");
    }
    Ok(if place == Place::Unknown {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn describe(units: &Units, place: &Place) -> Vec<String> {
    let ward = |w: &usize| format!("{} (code {})", units.full_name(*w), units.wards[*w].code);
    match place {
        Place::Ward { ward: w, old: None } => vec![ward(w)],
        Place::Ward {
            ward: w,
            old: Some(old),
        } => {
            vec![format!("{} (old name {old:?})", ward(w))]
        }
        Place::Split { old, wards } => {
            let mut lines = vec![format!(
                "old commune {old:?} was split; ask which of {} (default first):",
                wards.len()
            )];
            lines.extend(wards.iter().map(|w| format!("  {}", ward(w))));
            lines
        }
        Place::Ambiguous { wards } => {
            let mut lines = vec![format!("ambiguous: {} units match", wards.len())];
            lines.extend(wards.iter().map(|w| format!("  {}", ward(w))));
            lines
        }
        Place::Province(p) => vec![format!(
            "province only: {} (code {})",
            units.provinces[*p].name, units.provinces[*p].code
        )],
        Place::Unknown => vec!["no unit recognised".to_owned()],
    }
}
