//! `tthc-bot staff add|list|disable|enable|role`: staff accounts of the `/staff` pages,
//! with their role (`admin`, `province`, `unit`) and a unit officer's communes or wards.
//!
//! It opens the database directly when `serve` is stopped. While `serve` runs it holds
//! the database (sled allows one process at a time), so the command goes to the running
//! server's `POST /admin/staff` instead, with `ADMIN_TOKEN` (see `staff_remote.rs`).

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, Subcommand};
use tthc_bot::config::Config;
use tthc_bot::staff::{Accounts, Role};
use tthc_bot::storage::{Storage, StorageError};
use tthc_bot::time::vn_format;

#[derive(Debug, Args)]
pub struct StaffArgs {
    /// The running serve to go through when it holds the database
    /// (default: http://{web.bind}:{web.port} of the config).
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    #[command(subcommand)]
    pub command: StaffCommand,
}

/// A role and, for a unit officer, the unit codes.
#[derive(Debug, Args)]
pub struct RoleArgs {
    /// admin (everything, staff management), province (every unit of the province) or
    /// unit (the tickets of the --unit communes or wards only).
    #[arg(long, default_value = "province", value_parser = parse_role)]
    pub role: Role,
    /// A unit code of a unit officer (repeat for several; see `tthc-bot units find`).
    #[arg(long = "unit", value_name = "CODE")]
    pub units: Vec<String>,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("unknown role {text:?}: admin, province or unit"))
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff account; the password is read from standard input.
    Add {
        name: String,
        #[command(flatten)]
        role: RoleArgs,
    },
    /// Change an account's role and units.
    Role {
        name: String,
        #[command(flatten)]
        role: RoleArgs,
    },
    /// List staff accounts.
    List,
    /// Disable an account (it can no longer log in).
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
}

pub fn run_staff(args: StaffArgs, config: &Config) -> anyhow::Result<ExitCode> {
    match tthc_bot::server::open_storage(config) {
        Ok(storage) => run_local(args.command, &storage),
        Err(StorageError::Open { .. }) => {
            super::staff_remote::run(args.command, args.server.as_deref(), config)
        }
        Err(e) => Err(e.into()),
    }
}

/// One line of `staff list`.
pub fn print_account(name: &str, disabled: bool, created_at: u64, role: &str, units: &[String]) {
    let state = if disabled { "disabled" } else { "active" };
    let units = if units.is_empty() {
        String::new()
    } else {
        format!(" units {}", units.join(","))
    };
    println!(
        "{name:<24} {state:<8} {role:<8} created {}{units}",
        vn_format(created_at)
    );
}

fn run_local(cmd: StaffCommand, storage: &Storage) -> anyhow::Result<ExitCode> {
    let accounts = Accounts::new(storage)?;
    match cmd {
        StaffCommand::Add { name, role } => {
            let password = read_password()?;
            accounts.add_with_role(&name, &password, role.role, &role.units)?;
            println!("staff account {name} created ({})", role.role);
        }
        StaffCommand::Role { name, role } => {
            accounts.set_role(&name, role.role, &role.units)?;
            println!("staff account {name} is now {}", role.role);
        }
        StaffCommand::List => {
            for a in accounts.list() {
                print_account(&a.name, a.disabled, a.created_at, a.role.key(), &a.units);
            }
        }
        StaffCommand::Disable { name } => {
            accounts.set_disabled(&name, true)?;
            println!("staff account {name} disabled");
        }
        StaffCommand::Enable { name } => {
            accounts.set_disabled(&name, false)?;
            println!("staff account {name} enabled");
        }
    }
    storage.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One line from standard input; on a terminal, asks twice without echo.
pub fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = prompt_hidden("Password: ")?;
    let second = prompt_hidden("Repeat password: ")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}

fn prompt_hidden(label: &str) -> anyhow::Result<String> {
    eprint!("{label}");
    let tty = Path::new("/dev/tty");
    let _ = std::process::Command::new("stty")
        .arg("-echo")
        .stdin(std::fs::File::open(tty)?)
        .status();
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    let _ = std::process::Command::new("stty")
        .arg("echo")
        .stdin(std::fs::File::open(tty)?)
        .status();
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
