//! The `tthc-bot` binary: one-shot commands and a running `serve`.
//!
//! Every run starts from a clean environment for the settings the tests control (paths,
//! channel tokens), so that a developer's exported variables never leak in.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Settings read from the environment that would change what a test runs against.
const CLEARED_ENV: &[&str] = &[
    "TTHC_INDEX_DIR",
    "TTHC_KNOWLEDGE_DIR",
    "TTHC_DATA_DIR",
    "TELOXIDE_TOKEN",
    "ZALO_APP_ID",
];

/// The binary, to be run in `cwd`, with [`CLEARED_ENV`] removed.
pub fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tthc-bot"));
    cmd.current_dir(cwd);
    for name in CLEARED_ENV {
        cmd.env_remove(name);
    }
    cmd
}

/// Runs the binary with `args` in `cwd`.
pub fn run_cli(cwd: &Path, args: &[&str]) -> Output {
    command(cwd).args(args).output().expect("binary runs")
}

/// Runs `cmd` with `input` on its standard input.
pub fn run_with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    // A command may refuse its arguments and exit before reading its input.
    if let Err(e) = written {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

/// One JSON value per line of a command's standard output (`ask --json -`).
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A running `tthc-bot serve --port 0`; killed when dropped.
pub struct ServeProcess {
    child: Child,
    /// `http://host:port` (no trailing slash).
    pub url: String,
}

impl ServeProcess {
    /// Starts `serve` in `dir` with `env` set, and waits for the address it prints.
    /// Tests send many chats from one address: the per-address and global limits are
    /// off unless `env` sets them.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> ServeProcess {
        ServeProcess::start_logging(dir, env, Stdio::null())
    }

    /// [`start`](Self::start) with the server's log (standard error) going to `log`.
    pub fn start_logging(dir: &Path, env: &[(&str, &str)], log: impl Into<Stdio>) -> ServeProcess {
        let mut child = command(dir)
            .args(["serve", "--port", "0"])
            .env("TTHC_LIMIT_PER_IP_PER_MINUTE", "0")
            .env("TTHC_LIMIT_GLOBAL_PER_SECOND", "0")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("serve starts");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let Some(url) = address_in(&line) else {
            let status = child.wait().unwrap();
            panic!("serve printed no address ({status}): {line:?}");
        };
        // Keep reading so that a later line on stdout never meets a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        ServeProcess { child, url }
    }

    /// Kills the server (SIGKILL, no clean shutdown) and waits for it.
    pub fn kill(&mut self) {
        self.child.kill().expect("serve is killed");
        self.child.wait().unwrap();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `http://` address in serve's first line of output.
fn address_in(line: &str) -> Option<String> {
    line.split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(|w| w.trim_end_matches('/').to_owned())
}
