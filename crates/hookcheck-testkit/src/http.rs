//! A plain HTTP/1.1 server with fixed answers per path: where AIA issuer
//! certificates are fetched from, and what a misconfigured one answers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt as _;

use crate::{Running, localhost_v4, read_request};

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
    served: Arc<Mutex<Vec<Duration>>>,
}

impl HttpServer {
    /// Starts a server on 127.0.0.1 that closes each connection after one
    /// answer.
    pub fn start(routes: Vec<Route>) -> HttpServer {
        HttpServer::start_with(localhost_v4(), routes, false)
    }

    /// Starts a server on 127.0.0.1 that keeps connections open for more
    /// requests (HTTP/1.1 keep-alive).
    pub fn keep_alive(routes: Vec<Route>) -> HttpServer {
        HttpServer::start_with(localhost_v4(), routes, true)
    }

    fn start_with(addr: SocketAddr, routes: Vec<Route>, keep_alive: bool) -> HttpServer {
        let routes = Arc::new(routes);
        let served = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let running = Running::start(addr, move |mut tcp| {
            let routes = Arc::clone(&routes);
            let log = Arc::clone(&log);
            async move {
                // The head and the body are written separately; with Nagle's
                // algorithm the body would wait for the client's delayed
                // acknowledgement (40 ms) after the time was recorded.
                let _ = tcp.set_nodelay(true);
                let mut buffer = Vec::new();
                while let Some(request) = read_request(&mut tcp, &mut buffer).await {
                    let received = Instant::now();
                    let path = request.path();
                    let not_found = Route {
                        status: "404 Not Found".to_owned(),
                        ..Route::ok(path, Vec::new())
                    };
                    let route = routes.iter().find(|r| r.path == path).unwrap_or(&not_found);
                    tokio::time::sleep(route.delay).await;
                    let connection = if keep_alive { "keep-alive" } else { "close" };
                    let mut response = format!(
                        "HTTP/1.1 {}\r\ncontent-length: {}\r\nconnection: {connection}\r\n",
                        route.status,
                        route.body.len()
                    );
                    for header in &route.headers {
                        response.push_str(header);
                        response.push_str("\r\n");
                    }
                    response.push_str("\r\n");
                    log.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(received.elapsed());
                    let _ = tcp.write_all(response.as_bytes()).await;
                    let _ = tcp.write_all(&route.body).await;
                    if !keep_alive {
                        let _ = tcp.shutdown().await;
                        return;
                    }
                }
            }
        });
        HttpServer { running, served }
    }

    /// How long the server took for each request it answered, from the end
    /// of the request's head to the start of its answer: the ground truth
    /// latency measurements are compared with.
    pub fn served(&self) -> Vec<Duration> {
        self.served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `http://127.0.0.1:PORT{path}` for this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.running.addr)
    }
}
