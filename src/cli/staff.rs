//! `tthc-bot staff add|list|disable|enable`: staff accounts of the `/staff` pages.
//!
//! It opens the database directly, so it runs while `serve` is stopped (sled allows one
//! process at a time); the error says so when it is running.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;
use tthc_bot::config::Config;
use tthc_bot::staff::Accounts;
use tthc_bot::storage::Storage;
use tthc_bot::time::vn_format;

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff account; the password is read from standard input.
    Add { name: String },
    /// List staff accounts.
    List,
    /// Disable an account (it can no longer log in).
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
}

pub fn run_staff(cmd: StaffCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let storage = Storage::open(&config.paths.data)?;
    let accounts = Accounts::new(&storage)?;
    match cmd {
        StaffCommand::Add { name } => {
            let password = read_password()?;
            accounts.add(&name, &password)?;
            println!("staff account {name} created");
        }
        StaffCommand::List => {
            for a in accounts.list() {
                let state = if a.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24} {:<8} created {}",
                    a.name,
                    state,
                    vn_format(a.created_at)
                );
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
fn read_password() -> anyhow::Result<String> {
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
