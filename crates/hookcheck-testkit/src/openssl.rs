//! `openssl s_server` on loopback, for what rustls will not serve: keys it
//! cannot sign with (RSA-1024, P-192), and (for the protocol probes) legacy
//! protocol versions and cipher suites. Needs the `openssl` command, so only
//! the interop tier (`crates/hookcheck/tests/interop`, run by `cargo xtask
//! ci`) and the bench report start it: `cargo test --workspace` needs
//! nothing but Rust.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `s_server` options for a legacy configuration: TLS 1.0 to 1.2, OpenSSL's
/// default suites at security level 0 (static RSA and CBC among them). The
/// tests grade it, and the bench report times the check against it.
pub const LEGACY_TLS: &[&str] = &[
    "-min_protocol",
    "TLSv1",
    "-max_protocol",
    "TLSv1.2",
    "-cipher",
    "DEFAULT:@SECLEVEL=0",
];

/// A running `openssl s_server`; killed when dropped.
pub struct OpensslServer {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

impl OpensslServer {
    /// Serves a fixture case (its `chain.pem` and `key.pem`) on 127.0.0.1
    /// with `-www`, adding `args` (e.g. `-cipher`, `-tls1`).
    pub fn fixture(case: &str, args: &[&str]) -> OpensslServer {
        let folder = crate::fixtures::dir().join("cases").join(case);
        OpensslServer::start(&folder.join("chain.pem"), &folder.join("key.pem"), args)
    }

    /// Serves the chain in `chain_pem` (leaf first) with `key_pem`.
    pub fn start(chain_pem: &Path, key_pem: &Path, args: &[&str]) -> OpensslServer {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "hookcheck-testkit-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        // s_server takes the leaf from -cert and the rest from -cert_chain.
        let pem = std::fs::read_to_string(chain_pem).expect("the chain file");
        let blocks: Vec<&str> = pem
            .split_inclusive("-----END CERTIFICATE-----")
            .filter(|b| b.contains("BEGIN CERTIFICATE"))
            .collect();
        let leaf = dir.join("leaf.pem");
        std::fs::write(
            &leaf,
            blocks.first().expect("a certificate in the chain file"),
        )
        .expect("write the leaf");
        let mut command = Command::new("openssl");
        command.args([
            "s_server",
            "-accept",
            "127.0.0.1:0",
            "-www",
            "-naccept",
            "1000",
        ]);
        command.arg("-cert").arg(&leaf).arg("-key").arg(key_pem);
        if blocks.len() > 1 {
            let rest = dir.join("rest.pem");
            std::fs::write(&rest, blocks[1..].concat()).expect("write the chain");
            command.arg("-cert_chain").arg(rest);
        }
        command.args(args);
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run `openssl s_server` (install openssl)");
        let stdout = child.stdout.take().expect("s_server's output");
        let mut lines = BufReader::new(stdout).lines();
        // s_server prints `ACCEPT 127.0.0.1:PORT` once it listens.
        let addr = loop {
            let line = lines
                .next()
                .expect("s_server exited before listening")
                .expect("s_server's output");
            if let Some(addr) = line.strip_prefix("ACCEPT ") {
                break addr.parse().expect("an address after ACCEPT");
            }
        };
        // Keep draining its output so it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        OpensslServer { child, addr, dir }
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

impl Drop for OpensslServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
