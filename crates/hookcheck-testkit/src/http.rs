//! A plain HTTP/1.1 server with fixed answers per path: where AIA issuer
//! certificates are fetched from, and what a misconfigured one answers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt as _;

use crate::{Running, localhost_v4};

/// One path and what it answers.
#[derive(Debug, Clone)]
pub struct Route {
    /// The request path, e.g. `/intermediate.der`.
    pub path: String,
    /// The status line's code and reason, e.g. `200 OK`.
    pub status: String,
    /// Extra header lines (`name: value`).
    pub headers: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
    /// How long to wait after the request's head before answering.
    pub delay: Duration,
}

impl Route {
    /// `200 OK` with this body.
    pub fn ok(path: &str, body: Vec<u8>) -> Route {
        Route {
            path: path.to_owned(),
            status: "200 OK".to_owned(),
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
        }
    }
}

/// An HTTP server on loopback; stops when dropped. Unknown paths get 404.
pub struct HttpServer {
    running: Running,
}

impl HttpServer {
    /// Starts a server on 127.0.0.1.
    pub fn start(routes: Vec<Route>) -> HttpServer {
        HttpServer::start_on(localhost_v4(), routes)
    }

    /// Starts a server on `addr`.
    pub fn start_on(addr: SocketAddr, routes: Vec<Route>) -> HttpServer {
        let routes = Arc::new(routes);
        let running = Running::start(addr, move |mut tcp| {
            let routes = Arc::clone(&routes);
            async move {
                let Some(head) = crate::read_request_head(&mut tcp).await else {
                    return;
                };
                let head = String::from_utf8_lossy(&head);
                let path = head.split(' ').nth(1).unwrap_or("/");
                let not_found = Route {
                    status: "404 Not Found".to_owned(),
                    ..Route::ok(path, Vec::new())
                };
                let route = routes.iter().find(|r| r.path == path).unwrap_or(&not_found);
                tokio::time::sleep(route.delay).await;
                let mut response = format!(
                    "HTTP/1.1 {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                    route.status,
                    route.body.len()
                );
                for header in &route.headers {
                    response.push_str(header);
                    response.push_str("\r\n");
                }
                response.push_str("\r\n");
                let _ = tcp.write_all(response.as_bytes()).await;
                let _ = tcp.write_all(&route.body).await;
                let _ = tcp.shutdown().await;
            }
        });
        HttpServer { running }
    }

    /// `http://127.0.0.1:PORT{path}` for this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.running.addr)
    }
}
