//! A running `hoist serve` for the end-to-end tests (`tests/serve.rs`,
//! `tests/serve_js.rs`, which include this file by path): started on
//! 127.0.0.1 with a port of its choosing, read from what it prints on
//! stderr, its later stderr kept as a log, killed when dropped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `hoist serve`, killed when dropped.
pub struct Served {
    /// The process.
    pub child: Child,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// What it printed on stderr after the address.
    log: Arc<Mutex<String>>,
}

impl Served {
    /// `hoist serve --addr 127.0.0.1:0 OPTIONS COMPONENT`, once it listens
    /// (within `startup`: compiling a large component in a debug build
    /// takes a while).
    pub fn start(component: &Path, options: &[&str], startup: Duration) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hoist"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(options)
            .arg(component)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running hoist serve");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let log = Arc::new(Mutex::new(String::new()));
        let (first, listening) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = stderr.read_line(&mut line);
            let _ = first.send(line);
            for line in stderr.lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut served = Served {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
        };
        let line = listening
            .recv_timeout(startup)
            .expect("hoist serve did not listen in time");
        served.addr = line
            .trim()
            .strip_prefix("Serving HTTP on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("expected `Serving HTTP on http://ADDR/`, found {line:?}"))
            .parse()
            .unwrap();
        served
    }

    /// What it printed on stderr so far, after the address.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The log once it holds each of `lines` (the server writes a line
    /// before it answers, but the test may read its stderr later), or,
    /// after 10 seconds, as it is.
    pub fn log_with(&self, lines: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if lines.iter().all(|line| log.contains(line)) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
