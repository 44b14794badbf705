//! The emulator's HTTP side: the calendar API's channel endpoints and
//! Read Events, as documented (the bearer token, the request and answer
//! shapes, 401, 404 and 422 with an `errors` object), and the emulator's
//! own endpoints under `/emulator/`, which the real provider has no
//! equivalent of: make a change, send a notification of another type, read
//! the log of attempts, list channels with why the closed ones closed.
//!
//! | method and path | answers |
//! |---|---|
//! | `POST /v1/channels` | 200 `{"channel": …}`, the verification queued |
//! | `GET /v1/channels` | 200 `{"channels": […]}`, the open ones |
//! | `DELETE /v1/channels/{id}` | 202, or 404 |
//! | `POST /v1/calendars/{calendar_id}/events` | 202: the app's event upserted, channels told |
//! | `DELETE /v1/calendars/{calendar_id}/events` | 202: the app's event deleted, channels told |
//! | `GET /v1/events?tzid=…&last_modified=…` | 200 `{"pages": …, "events": […]}` |
//! | `POST /emulator/changes` | 202 `{"event": …, "notified": […]}` |
//! | `POST /emulator/notifications` | 202 `{"notified": […]}` |
//! | `GET /emulator/channels` | 200 every channel, open or closed (and why) |
//! | `GET /emulator/log` | 200 `{"attempts": […]}` |
//!
//! Bounded: a request's head and then its body have 30 s each, a body is
//! read up to 64 KiB (413 past it).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::net::TcpListener;

use crate::calendar::{self, Change, Query};
use crate::machine::{Channel, Entry, Next, Refused};
use crate::{Emulator, State};

/// Request bodies past this are refused with 413.
pub const MAX_BODY: usize = 64 * 1024;

/// How long a client has to send a request's head, and then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `listener` for as long as the task runs, each connection in a
/// task of its own.
pub async fn serve(listener: TcpListener, emulator: Arc<Emulator>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, or a connection reset before it
            // was taken: waited out, never the end of serving.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let emulator = Arc::clone(&emulator);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let emulator = Arc::clone(&emulator);
                async move { Ok::<_, Infallible>(handle(&emulator, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Answer = Response<Full<Bytes>>;

async fn handle(emulator: &Emulator, request: Request<Incoming>) -> Answer {
    let (parts, body) = request.into_parts();
    let body =
        match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
            Ok(Ok(body)) => body.to_bytes(),
            Ok(Err(_)) => return problem(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large"),
            Err(_) => return problem(StatusCode::REQUEST_TIMEOUT, "the body did not arrive"),
        };
    let path = parts.uri.path();
    let query = parts.uri.query().unwrap_or_default();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segments.first() == Some(&"v1") && !authorized(emulator, &parts.headers) {
        let mut answer = status(StatusCode::UNAUTHORIZED);
        answer.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"hookcheck emulate\""),
        );
        return answer;
    }
    match (&parts.method, segments.as_slice()) {
        (&Method::POST, ["v1", "channels"]) => create(emulator, &body),
        (&Method::GET, ["v1", "channels"]) => list(emulator),
        (&Method::DELETE, ["v1", "channels", id]) => close(emulator, id),
        (&Method::GET, ["v1", "events"]) => read_events(emulator, query),
        (&Method::POST, ["v1", "calendars", calendar, "events"]) => {
            upsert(emulator, calendar, &body)
        }
        (&Method::DELETE, ["v1", "calendars", calendar, "events"]) => {
            delete(emulator, calendar, &body)
        }
        (&Method::POST, ["emulator", "changes"]) => change(emulator, &body),
        (&Method::POST, ["emulator", "notifications"]) => notify(emulator, &body),
        (&Method::GET, ["emulator", "channels"]) => every_channel(emulator),
        (&Method::GET, ["emulator", "log"]) => log(emulator),
        (
            _,
            ["v1", "channels" | "events"]
            | ["v1", "channels", _]
            | ["v1", "calendars", _, "events"]
            | ["emulator", "changes" | "notifications" | "channels" | "log"],
        ) => status(StatusCode::METHOD_NOT_ALLOWED),
        _ => status(StatusCode::NOT_FOUND),
    }
}

fn authorized(emulator: &Emulator, headers: &hyper::HeaderMap) -> bool {
    headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|token| token.trim() == emulator.token)
}

/// `POST /v1/channels`: a channel to `callback_url`, and its verification.
fn create(emulator: &Emulator, body: &Bytes) -> Answer {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return invalid("callback_url", "errors.required", "required");
    };
    let Some(url) = request["callback_url"].as_str() else {
        return invalid("callback_url", "errors.required", "required");
    };
    if let Err(why) = callback_url(url) {
        return invalid("callback_url", "errors.invalid", &why);
    }
    let filters = match &request["filters"] {
        Value::Null => json!({}),
        Value::Object(filters) => Value::Object(filters.clone()),
        _ => return invalid("filters", "errors.invalid", "must be an object"),
    };
    if let Some(ids) = filters.get("calendar_ids") {
        let listed = ids.as_array().is_some_and(|ids| {
            !ids.is_empty()
                && ids
                    .iter()
                    .all(|id| id.as_str().is_some_and(|id| !id.is_empty()))
        });
        if !listed {
            return invalid(
                "filters.calendar_ids",
                "errors.invalid",
                "must list at least one calendar_id",
            );
        }
    }
    if let Some(only) = filters.get("only_managed")
        && !only.is_boolean()
    {
        return invalid(
            "filters.only_managed",
            "errors.invalid",
            "must be a Boolean",
        );
    }
    let now = emulator.clock.now();
    let id = emulator.channel_id();
    let mut state = emulator.lock();
    let (channel, new) = match state.machine.create(id, url, filters, now) {
        Ok((channel, new)) => (channel.clone(), new),
        Err(Refused::TooMany(limit)) => {
            return invalid(
                "callback_url",
                "errors.too_many_channels",
                &format!("the account already has {limit} channels, the most it may have"),
            );
        }
    };
    // An identical channel already open is returned as it is, and was
    // verified when it was made.
    if new {
        queue(emulator, &mut state, &channel, "verification", None);
    }
    drop(state);
    emulator.wake();
    json_answer(
        StatusCode::OK,
        &json!({ "channel": channel_document(&channel) }),
    )
}

/// Whether `url` can be a callback URL: absolute http(s) with a host.
fn callback_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("must be http or https, not {}", parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("names no host".to_owned());
    }
    Ok(())
}

fn list(emulator: &Emulator) -> Answer {
    let state = emulator.lock();
    let channels: Vec<Value> = state.machine.open().map(channel_document).collect();
    json_answer(StatusCode::OK, &json!({ "channels": channels }))
}

fn close(emulator: &Emulator, id: &str) -> Answer {
    let now = emulator.clock.now();
    if emulator.lock().machine.close(id, now) {
        status(StatusCode::ACCEPTED)
    } else {
        status(StatusCode::NOT_FOUND)
    }
}

/// `GET /v1/events`: the events the query asks for, in one page.
fn read_events(emulator: &Emulator, query: &str) -> Answer {
    let mut read = Query::default();
    let mut tzid = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match &*name {
            "tzid" => tzid = Some(value.into_owned()),
            "last_modified" => match OffsetDateTime::parse(&value, &Rfc3339) {
                Ok(at) => read.last_modified = Some(at),
                Err(_) => {
                    return invalid(
                        "last_modified",
                        "errors.invalid",
                        "must be an RFC 3339 time",
                    );
                }
            },
            "include_deleted" => read.include_deleted = value == "true",
            "include_managed" => read.include_managed = value == "true",
            "calendar_ids[]" => read.calendar_ids.push(value.into_owned()),
            _ => {}
        }
    }
    if tzid.is_none_or(|tzid| tzid.is_empty()) {
        return invalid("tzid", "errors.required", "required");
    }
    let state = emulator.lock();
    let events: Vec<Value> = state
        .calendar
        .read(&read)
        .into_iter()
        .map(calendar::document)
        .collect();
    json_answer(
        StatusCode::OK,
        &json!({ "pages": {"current": 1, "total": 1}, "events": events }),
    )
}

/// `POST /emulator/changes`: a change to the calendar, told to every open
/// channel whose filters match (or to `channel_id` alone, whatever its
/// filters).
fn change(emulator: &Emulator, body: &Bytes) -> Answer {
    let Some(mut request) = object(body) else {
        return not_an_object();
    };
    let only = request.remove("channel_id");
    let change: Change = match serde_json::from_value(Value::Object(request)) {
        Ok(change) => change,
        Err(error) => return problem(StatusCode::UNPROCESSABLE_ENTITY, &error.to_string()),
    };
    let wall = emulator.clock.wall(emulator.clock.now());
    let mut state = emulator.lock();
    let event = match state.calendar.change(change, wall) {
        Ok(event) => event.clone(),
        Err(why) => return problem(StatusCode::UNPROCESSABLE_ENTITY, &why),
    };
    let Some(notified) = tell_change(emulator, &mut state, &event, only.as_ref()) else {
        return no_channel(only.as_ref());
    };
    drop(state);
    emulator.wake();
    json_answer(
        StatusCode::ACCEPTED,
        &json!({ "event": calendar::document(&event), "notified": notified }),
    )
}

/// Queues a `change` about `event` for every open channel whose filters
/// match it, or for the channel `only` names whatever its filters; the
/// numbers queued, or `None` when `only` names no open channel.
fn tell_change(
    emulator: &Emulator,
    state: &mut State,
    event: &calendar::Event,
    only: Option<&Value>,
) -> Option<Vec<Value>> {
    let told: Vec<Channel> = told(state, only)?
        .into_iter()
        .filter(|channel| only.is_some() || calendar::matches(&channel.filters, event))
        .collect();
    Some(queue_all(
        emulator,
        state,
        &told,
        "change",
        Some(event.updated),
    ))
}

/// `POST /v1/calendars/{calendar_id}/events` (Upsert Event): the app's
/// event created or updated, and the channels told.
fn upsert(emulator: &Emulator, calendar_id: &str, body: &Bytes) -> Answer {
    let Some(request) = object(body) else {
        return invalid("event_id", "errors.required", "required");
    };
    let text = |name: &str| {
        request
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let time = |name: &str| {
        request
            .get(name)
            .and_then(Value::as_str)
            .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
    };
    let Some(event_id) = text("event_id") else {
        return invalid("event_id", "errors.required", "required");
    };
    let Some(summary) = text("summary") else {
        return invalid("summary", "errors.required", "required");
    };
    let Some(start) = time("start") else {
        return invalid("start", "errors.invalid", "must be an RFC 3339 time");
    };
    let Some(end) = time("end") else {
        return invalid("end", "errors.invalid", "must be an RFC 3339 time");
    };
    if end < start {
        return invalid("end", "errors.invalid", "must not be before start");
    }
    let upsert = calendar::Upsert {
        event_id,
        summary,
        start,
        end,
    };
    let wall = emulator.clock.wall(emulator.clock.now());
    let mut state = emulator.lock();
    let event = match state.calendar.upsert(calendar_id, upsert, wall) {
        Ok(event) => event.clone(),
        Err(_) => return status(StatusCode::NOT_FOUND),
    };
    tell_change(emulator, &mut state, &event, None);
    drop(state);
    emulator.wake();
    status(StatusCode::ACCEPTED)
}

/// `DELETE /v1/calendars/{calendar_id}/events` (Delete Event): the app's
/// event deleted, and the channels told; an id it never made changes
/// nothing.
fn delete(emulator: &Emulator, calendar_id: &str, body: &Bytes) -> Answer {
    let event_id = object(body)
        .and_then(|request| {
            request
                .get("event_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|event_id| !event_id.is_empty());
    let Some(event_id) = event_id else {
        return invalid("event_id", "errors.required", "required");
    };
    let wall = emulator.clock.wall(emulator.clock.now());
    let mut state = emulator.lock();
    let event = match state.calendar.delete(calendar_id, &event_id, wall) {
        Ok(event) => event.cloned(),
        Err(_) => return status(StatusCode::NOT_FOUND),
    };
    if let Some(event) = event {
        tell_change(emulator, &mut state, &event, None);
    }
    drop(state);
    emulator.wake();
    status(StatusCode::ACCEPTED)
}

/// `POST /emulator/notifications`: a notification of `type` to every open
/// channel (or to `channel_id` alone).
fn notify(emulator: &Emulator, body: &Bytes) -> Answer {
    let Some(request) = object(body) else {
        return not_an_object();
    };
    let Some(kind) = request.get("type").and_then(Value::as_str) else {
        return problem(StatusCode::UNPROCESSABLE_ENTITY, "`type` is required");
    };
    if kind.is_empty() || kind == "change" {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "a change is made with POST /emulator/changes, which changes the calendar too",
        );
    }
    let mut state = emulator.lock();
    let Some(told) = told(&state, request.get("channel_id")) else {
        return no_channel(request.get("channel_id"));
    };
    let notified = queue_all(emulator, &mut state, &told, kind, None);
    drop(state);
    emulator.wake();
    json_answer(StatusCode::ACCEPTED, &json!({ "notified": notified }))
}

/// The open channels a trigger is for: all, or the one named (`None`
/// when it is not open).
fn told(state: &State, only: Option<&Value>) -> Option<Vec<Channel>> {
    match only {
        None => Some(state.machine.open().cloned().collect()),
        Some(id) => state
            .machine
            .open()
            .find(|channel| Some(&*channel.id) == id.as_str())
            .map(|channel| vec![channel.clone()]),
    }
}

fn no_channel(id: Option<&Value>) -> Answer {
    let id = id.map(ToString::to_string).unwrap_or_default();
    problem(StatusCode::NOT_FOUND, &format!("no open channel {id}"))
}

/// Queues a notification of `kind` for each of `channels`; the numbers
/// queued, by channel.
fn queue_all(
    emulator: &Emulator,
    state: &mut State,
    channels: &[Channel],
    kind: &str,
    changes_since: Option<OffsetDateTime>,
) -> Vec<Value> {
    channels
        .iter()
        .filter_map(|channel| {
            let number = queue(emulator, state, channel, kind, changes_since)?;
            Some(json!({ "channel_id": channel.id, "notification": number }))
        })
        .collect()
}

fn queue(
    emulator: &Emulator,
    state: &mut State,
    channel: &Channel,
    kind: &str,
    changes_since: Option<OffsetDateTime>,
) -> Option<u64> {
    let body = calendar::notification(
        kind,
        changes_since,
        &channel.id,
        &channel.callback_url,
        &channel.filters,
    );
    let now = emulator.clock.now();
    state.machine.notify(&channel.id, kind, body, now)
}

/// `GET /emulator/channels`: every channel kept, open or closed, and why.
fn every_channel(emulator: &Emulator) -> Answer {
    let state = emulator.lock();
    let window = state.machine.window();
    let channels: Vec<Value> = state
        .machine
        .channels()
        .map(|channel| {
            let mut document = channel_document(channel);
            document["created"] = wall(emulator, channel.created);
            match &channel.closed {
                None => document["status"] = json!("open"),
                Some(closure) => {
                    document["status"] = json!("closed");
                    document["closed_at"] = wall(emulator, closure.at);
                    document["closed_reason"] = json!(closure.reason.describe(window));
                }
            }
            document
        })
        .collect();
    json_answer(StatusCode::OK, &json!({ "channels": channels }))
}

/// `GET /emulator/log`: every attempt made, oldest first.
fn log(emulator: &Emulator) -> Answer {
    let state = emulator.lock();
    let attempts: Vec<Value> = state
        .machine
        .log()
        .map(|entry| entry_document(emulator, entry))
        .collect();
    json_answer(
        StatusCode::OK,
        &json!({
            "provider": emulator.profile.name,
            "time_scale": emulator.clock.scale(),
            "budget_ms": emulator.budget.as_secs_f64() * 1000.0,
            "attempts": attempts,
        }),
    )
}

/// An attempt as the log writes it.
pub fn entry_document(emulator: &Emulator, entry: &Entry) -> Value {
    let attempt = &entry.attempt;
    let (outcome, error) = match &entry.result {
        crate::machine::Result::Delivered => ("delivered", None),
        crate::machine::Result::Failed(why) => ("failed", Some(why.clone())),
    };
    let next = match &entry.next {
        Next::Done => json!({"action": "done"}),
        Next::Retry { slot, at } => {
            json!({"action": "retry", "slot": slot, "at": wall(emulator, *at)})
        }
        Next::Closed => json!({"action": "channel_closed"}),
        Next::Dropped => json!({"action": "dropped", "why": "the channel was closed"}),
    };
    json!({
        "notification": attempt.notification,
        "type": attempt.kind,
        "channel_id": attempt.channel,
        "callback_url": attempt.url,
        "attempt": attempt.number,
        "slot": attempt.slot,
        "slot_offset_s": attempt.offset.as_secs_f64(),
        "due": wall(emulator, attempt.due),
        "started": wall(emulator, entry.started),
        "latency_ms": entry.latency.as_secs_f64() * 1000.0,
        "outcome": outcome,
        "error": error,
        "next": next,
    })
}

/// The channel as the API writes it.
fn channel_document(channel: &Channel) -> Value {
    json!({
        "channel_id": channel.id,
        "callback_url": channel.callback_url,
        "filters": channel.filters,
    })
}

fn wall(emulator: &Emulator, at: crate::machine::At) -> Value {
    json!(calendar::rfc3339(emulator.clock.wall(at)))
}

/// A body that is a JSON object, or empty (an empty object).
fn object(body: &Bytes) -> Option<serde_json::Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(serde_json::Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

fn not_an_object() -> Answer {
    problem(StatusCode::BAD_REQUEST, "the body is not a JSON object")
}

/// 422 as the calendar API writes it: the parameter, and why.
fn invalid(parameter: &str, key: &str, description: &str) -> Answer {
    json_answer(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({ "errors": { parameter: [{ "key": key, "description": description }] } }),
    )
}

/// An error of the emulator's own endpoints.
fn problem(code: StatusCode, message: &str) -> Answer {
    json_answer(code, &json!({ "error": message }))
}

fn json_answer(code: StatusCode, document: &Value) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(document.to_string())));
    *answer.status_mut() = code;
    answer.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    answer
}

fn status(code: StatusCode) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::new()));
    *answer.status_mut() = code;
    answer
}
