//! A legacy HTTPS server that serves connections at once, as old nginx or
//! Apache on OpenSSL do: `legacy_server.py` run by `python3` (its `ssl`
//! module is OpenSSL), with the versions and suites of
//! [`crate::LEGACY_TLS`]. `openssl s_server` serves one connection at a
//! time, so over a slow link its probes queue whatever the plan; this one
//! shows what the plan costs. Needs `python3`, so only the interop tier and
//! the bench report start it.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// A running `legacy_server.py`; killed when dropped.
pub struct PythonLegacyServer {
    child: Child,
    addr: SocketAddr,
}

impl PythonLegacyServer {
    /// Serves a fixture case (its `chain.pem` and `key.pem`) on 127.0.0.1.
    pub fn fixture(case: &str) -> PythonLegacyServer {
        let folder = crate::fixtures::dir().join("cases").join(case);
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(include_str!("legacy_server.py"))
            .arg(folder.join("chain.pem"))
            .arg(folder.join("key.pem"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run `python3` (install python3)");
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        // Dropped on every path below, so the child never outlives a panic.
        let mut server = PythonLegacyServer {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
        };
        let port = line
            .trim()
            .parse()
            .expect("legacy_server.py prints its port (python3's ssl module)");
        server.addr.set_port(port);
        server
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://HOST:PORT/` for this server.
    pub fn url(&self, host: &str) -> String {
        format!("https://{host}:{}/", self.addr.port())
    }
}

impl Drop for PythonLegacyServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
