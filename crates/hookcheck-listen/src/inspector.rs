//! The browser inspector of `listen`: one self-contained page (no CDN, no
//! build step; everything from the wire put in as text) on a loopback port
//! of its own, the live list by server-sent events, each delivery's
//! headers, bodies, findings and the app's answer, and Replay (as
//! recorded, or edited) re-signed with `listen`'s secrets.
//!
//! Only a browser on this machine may use it: the page is served only to a
//! request whose `Host` is the inspector's own loopback address (a DNS
//! rebinding attack names another), and a replay needs the header
//! `x-hookcheck: replay`, which no other site's page can send without a
//! CORS preflight that is never answered.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt as _, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::HeaderValue;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

use crate::record::{Answer, Record};
use crate::{Listen, Store, replay};

const PAGE: &str = include_str!("inspector/page.html");

/// The deliveries the page loads at first.
const FIRST_PAGE: usize = 200;

type Body = BoxBody<Bytes, Infallible>;

/// What the inspector serves from.
struct Inspector {
    listen: Arc<Listen>,
    store: Arc<Store>,
    /// Its own address: the only `Host` it answers.
    addr: SocketAddr,
    /// Where `listen` itself listens, for the page's heading.
    listening: String,
}

/// Serves the inspector on `listener` for as long as the task runs; fails
/// only when the listener has no address.
pub async fn inspect(
    listener: TcpListener,
    listen: Arc<Listen>,
    store: Arc<Store>,
    listening: String,
) -> std::io::Result<()> {
    let inspector = Arc::new(Inspector {
        listen,
        store,
        addr: listener.local_addr()?,
        listening,
    });
    loop {
        let (stream, _) = crate::accept(&listener).await;
        let inspector = Arc::clone(&inspector);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let inspector = Arc::clone(&inspector);
                async move { Ok::<_, Infallible>(inspector.route(request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

impl Inspector {
    async fn route(&self, request: Request<Incoming>) -> Response<Body> {
        if !self.is_own_host(&request) {
            return error(
                StatusCode::MISDIRECTED_REQUEST,
                "not this inspector's address",
            );
        }
        let path = request.uri().path().to_owned();
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (request.method(), parts.as_slice()) {
            (&Method::GET, [""]) => page(),
            (&Method::GET, ["events"]) => self.events(),
            (&Method::GET, ["api", "about"]) => json_response(StatusCode::OK, &self.about()),
            (&Method::GET, ["api", "deliveries"]) => match self
                .store
                .recent_as(FIRST_PAGE, |record| summary(&record, &self.listen))
            {
                Ok(list) => json_response(StatusCode::OK, &Value::from(list)),
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
            },
            (&Method::GET, ["api", "deliveries", id]) => match self.find(id) {
                Ok(record) => json_response(StatusCode::OK, &json!(record)),
                Err((status, why)) => error(status, &why),
            },
            (&Method::POST, ["api", "deliveries", id, "replay"]) => {
                if request
                    .headers()
                    .get("x-hookcheck")
                    .is_none_or(|v| v != "replay")
                {
                    return error(
                        StatusCode::FORBIDDEN,
                        "a replay needs the header x-hookcheck: replay",
                    );
                }
                match self.find(id) {
                    Ok(record) => self.replay(&record, request).await,
                    Err((status, why)) => error(status, &why),
                }
            }
            _ => error(StatusCode::NOT_FOUND, "no such page"),
        }
    }

    /// Whether the request names this inspector's own address (a page of
    /// another name, rebound to loopback, does not).
    fn is_own_host(&self, request: &Request<Incoming>) -> bool {
        let Some(host) = request
            .headers()
            .get(hyper::header::HOST)
            .and_then(|h| h.to_str().ok())
        else {
            return false;
        };
        let port = self.addr.port();
        let names = [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            self.addr.to_string(),
        ];
        names.iter().any(|name| name.eq_ignore_ascii_case(host))
    }

    fn about(&self) -> Value {
        json!({
            "listening": self.listening,
            "provider": self.listen.profile.name,
            "forwarding": self.listen.forward.as_ref().map_or_else(
                || "answering itself".to_owned(),
                |app| format!("forwarding to {}", app.url()),
            ),
        })
    }

    /// The delivery `id`, or why there is none.
    fn find(&self, id: &str) -> Result<Record, (StatusCode, String)> {
        let id: u64 = id
            .parse()
            .map_err(|_| (StatusCode::NOT_FOUND, "no such delivery".to_owned()))?;
        match self.store.get(id) {
            Ok(Some(record)) => Ok(record),
            Ok(None) => Err((
                StatusCode::NOT_FOUND,
                "that delivery is no longer kept".to_owned(),
            )),
            Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
        }
    }

    /// Every delivery as it is kept, as server-sent events.
    fn events(&self) -> Response<Body> {
        let listen = Arc::clone(&self.listen);
        let receiver = self.listen.live.subscribe();
        let events = stream::unfold((receiver, listen), |(mut receiver, listen)| async move {
            let event = match receiver.recv().await {
                Ok(record) => format!("event: delivery\ndata: {}\n\n", summary(&record, &listen)),
                // The page fell behind: it reloads the list.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    "event: lagged\ndata: {}\n\n".to_owned()
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(Frame::data(Bytes::from(event))), (receiver, listen)))
        });
        let mut response = Response::new(StreamBody::new(events).boxed());
        let headers = response.headers_mut();
        headers.insert(
            hyper::header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        headers.insert(
            hyper::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
        response
    }

    /// Sends `record` again to the app `listen` forwards to, re-signed with
    /// its secrets; the request's JSON may carry another `body`.
    async fn replay(&self, record: &Record, request: Request<Incoming>) -> Response<Body> {
        let Some(target) = self.listen.forward.clone() else {
            return error(
                StatusCode::CONFLICT,
                "listen forwards to no app: replay with `hookcheck replay ID --to URL`",
            );
        };
        let asked = match Limited::new(request.into_body(), self.listen.max_body + 4096)
            .collect()
            .await
        {
            Ok(body) => body.to_bytes(),
            Err(_) => {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the edited body is too large",
                );
            }
        };
        let body = match serde_json::from_slice::<Value>(&asked) {
            Ok(asked) => asked
                .get("body")
                .and_then(Value::as_str)
                .map(|b| b.as_bytes().to_vec()),
            Err(_) if asked.is_empty() => None,
            Err(e) => return error(StatusCode::BAD_REQUEST, &format!("not JSON: {e}")),
        };
        let profile = self.listen.profile;
        let keys: Vec<Vec<u8>> = self
            .listen
            .secrets
            .iter()
            .filter_map(|secret| profile.scheme.key(secret).ok())
            .collect();
        let replayed = replay::send(record, profile, &keys, body, target, self.listen.budget).await;
        json_response(StatusCode::OK, &json!(replayed))
    }
}

/// A delivery as the list shows it: no headers, no bodies.
fn summary(record: &Record, listen: &Listen) -> Value {
    let total_ms = record.answer.total_ms();
    let budget_ms = listen.budget.as_secs_f64() * 1000.0;
    let from_app = matches!(record.answer, Answer::App { .. });
    json!({
        "id": record.id,
        "received_at": record.received_at,
        "method": record.method,
        "target": record.target,
        "notification_type": record.notification_type,
        "signature": record.signature,
        "payload_valid": record.payload_valid,
        "status": record.answer.status(),
        "total_ms": total_ms,
        "slow": from_app && total_ms > budget_ms / 2.0,
        "late": from_app && total_ms > budget_ms,
    })
}

fn page() -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from_static(PAGE.as_bytes())).boxed());
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Nothing from anywhere else: the page is all there is.
    headers.insert(
        hyper::header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"),
    );
    response
}

fn json_response(status: StatusCode, value: &Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "error": message }))
}
