//! The small calendar the emulator keeps, so that a `change` notification
//! is about something: every change made through the emulator's admin
//! endpoint (or `hookcheck emulate trigger change`) creates, updates or
//! deletes an event here, the user's; the app's own events come through
//! the Upsert and Delete Event endpoints, managed under the app's
//! `event_id`; and the Read Events endpoint returns the events changed
//! since `last_modified`, as the app's follow-up read expects.
//! Also the calendar API's notification bodies and event documents. Pure:
//! every time is given.

use std::collections::VecDeque;

use bytes::Bytes;
use hookcheck_payload::{Channel, Event as Notified, Filters, Notification, NotificationType};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// The calendars of the emulated account.
pub const CALENDARS: [&str; 2] = ["cal_hookcheck_work", "cal_hookcheck_home"];

/// Events kept at most; past it the oldest is forgotten.
pub const EVENT_LIMIT: usize = 10_000;

/// One event of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The calendar it is in.
    pub calendar_id: String,
    /// Its id, `evt_external_…` or the app's own.
    pub event_uid: String,
    /// Its title.
    pub summary: String,
    /// When it starts.
    pub start: OffsetDateTime,
    /// When it ends.
    pub end: OffsetDateTime,
    /// When it was created.
    pub created: OffsetDateTime,
    /// When it last changed.
    pub updated: OffsetDateTime,
    /// Whether it was deleted.
    pub deleted: bool,
    /// The app's own id, when the app manages the event.
    pub event_id: Option<String>,
}

/// An event the app creates or updates (Upsert Event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upsert {
    /// The app's id for it.
    pub event_id: String,
    /// Its title.
    pub summary: String,
    /// When it starts.
    pub start: OffsetDateTime,
    /// When it ends.
    pub end: OffsetDateTime,
}

/// A change to make.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The calendar [default: the first].
    pub calendar_id: Option<String>,
    /// The event to update or delete [default: a new one].
    pub event_uid: Option<String>,
    /// Its new title [default: one saying when it changed].
    pub summary: Option<String>,
    /// Delete the event.
    #[serde(default)]
    pub deleted: bool,
}

/// What the Read Events endpoint was asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Only events changed at or after this.
    pub last_modified: Option<OffsetDateTime>,
    /// Deleted events too.
    pub include_deleted: bool,
    /// Only events in these calendars (none: all).
    pub calendar_ids: Vec<String>,
    /// The events the app manages too (left out by default, as the
    /// provider leaves them out).
    pub include_managed: bool,
}

/// The events of the emulated account.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    events: VecDeque<Event>,
    made: u64,
}

impl Calendar {
    /// Makes `change` at `now`; the event as it is afterwards.
    pub fn change(&mut self, change: Change, now: OffsetDateTime) -> Result<&Event, String> {
        let now = whole_seconds(now);
        let calendar_id = known_calendar(change.calendar_id.as_deref().unwrap_or(CALENDARS[0]))?;
        let summary = change
            .summary
            .unwrap_or_else(|| format!("Changed at {}", rfc3339(now)));
        let existing = change
            .event_uid
            .as_deref()
            .and_then(|uid| self.events.iter().position(|event| event.event_uid == uid));
        let index = match existing {
            Some(index) => {
                let event = &mut self.events[index];
                event.calendar_id = calendar_id;
                event.summary = summary;
                event.deleted = change.deleted;
                event.updated = now;
                index
            }
            None => {
                self.made += 1;
                let start = now + Duration::days(1);
                self.add(Event {
                    calendar_id,
                    event_uid: change
                        .event_uid
                        .unwrap_or_else(|| format!("evt_external_hookcheck_{}", self.made)),
                    summary,
                    start,
                    end: start + Duration::hours(1),
                    created: now,
                    updated: now,
                    deleted: change.deleted,
                    event_id: None,
                })
            }
        };
        Ok(&self.events[index])
    }

    /// Creates or updates the app's event `upsert.event_id` in
    /// `calendar_id` at `now`; the event as it is afterwards.
    pub fn upsert(
        &mut self,
        calendar_id: &str,
        upsert: Upsert,
        now: OffsetDateTime,
    ) -> Result<&Event, String> {
        let now = whole_seconds(now);
        let calendar_id = known_calendar(calendar_id)?;
        let existing = self.managed(&upsert.event_id);
        let index = match existing {
            Some(index) => {
                let event = &mut self.events[index];
                event.calendar_id = calendar_id;
                event.summary = upsert.summary;
                event.start = upsert.start;
                event.end = upsert.end;
                event.deleted = false;
                event.updated = now;
                index
            }
            None => {
                self.made += 1;
                let event_uid = format!("evt_managed_hookcheck_{}", self.made);
                self.add(Event {
                    calendar_id,
                    event_uid,
                    summary: upsert.summary,
                    start: upsert.start,
                    end: upsert.end,
                    created: now,
                    updated: now,
                    deleted: false,
                    event_id: Some(upsert.event_id),
                })
            }
        };
        Ok(&self.events[index])
    }

    /// Deletes the app's event `event_id` in `calendar_id` at `now`; the
    /// event, or `None` when there is no such event (nothing changed).
    pub fn delete(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<&Event>, String> {
        let calendar_id = known_calendar(calendar_id)?;
        let Some(index) = self
            .managed(event_id)
            .filter(|&index| self.events[index].calendar_id == calendar_id)
        else {
            return Ok(None);
        };
        let event = &mut self.events[index];
        event.deleted = true;
        event.updated = whole_seconds(now);
        Ok(Some(&self.events[index]))
    }

    fn managed(&self, event_id: &str) -> Option<usize> {
        self.events
            .iter()
            .position(|event| event.event_id.as_deref() == Some(event_id))
    }

    /// Keeps `event`, forgetting the oldest past the limit; its index.
    fn add(&mut self, event: Event) -> usize {
        if self.events.len() >= EVENT_LIMIT {
            self.events.pop_front();
        }
        self.events.push_back(event);
        self.events.len() - 1
    }

    /// The events `query` asks for, oldest change first.
    pub fn read(&self, query: &Query) -> Vec<&Event> {
        let mut events: Vec<&Event> = self
            .events
            .iter()
            .filter(|event| query.include_deleted || !event.deleted)
            .filter(|event| query.include_managed || event.event_id.is_none())
            .filter(|event| {
                query
                    .last_modified
                    .is_none_or(|since| event.updated >= since)
            })
            .filter(|event| {
                query.calendar_ids.is_empty() || query.calendar_ids.contains(&event.calendar_id)
            })
            .collect();
        events.sort_by_key(|event| event.updated);
        events
    }
}

/// A calendar of the emulated account, or why not.
fn known_calendar(calendar_id: &str) -> Result<String, String> {
    if CALENDARS.contains(&calendar_id) {
        Ok(calendar_id.to_owned())
    } else {
        Err(format!(
            "no calendar `{calendar_id}`: the emulated account has {}",
            CALENDARS.join(", ")
        ))
    }
}

/// Whether a channel created with `filters` is told of a change to
/// `event`: an `only_managed` channel only of the app's own events.
pub fn matches(filters: &Value, event: &Event) -> bool {
    if filters["only_managed"] == Value::Bool(true) && event.event_id.is_none() {
        return false;
    }
    match filters["calendar_ids"].as_array() {
        Some(ids) => ids.iter().any(|id| id.as_str() == Some(&event.calendar_id)),
        None => true,
    }
}

/// The event as the Read Events endpoint writes it (times in UTC); the
/// app's own carries its `event_id`, and may be changed by it.
pub fn document(event: &Event) -> Value {
    let managed = event.event_id.is_some();
    let mut document = json!({
        "calendar_id": event.calendar_id,
        "event_uid": event.event_uid,
        "summary": event.summary,
        "description": "",
        "start": rfc3339(event.start),
        "end": rfc3339(event.end),
        "deleted": event.deleted,
        "created": rfc3339(event.created),
        "updated": rfc3339(event.updated),
        "participation_status": "needs_action",
        "transparency": "opaque",
        "status": if event.deleted { "cancelled" } else { "confirmed" },
        "categories": [],
        "recurring": false,
        "event_private": false,
        "options": {"delete": managed, "update": managed, "change_participation_status": true},
    });
    if let Some(event_id) = &event.event_id {
        document["event_id"] = json!(event_id);
    }
    document
}

/// A notification of `kind` for a channel, as the calendar API writes it;
/// `changes_since` for a `change`.
pub fn notification(
    kind: &str,
    changes_since: Option<OffsetDateTime>,
    channel_id: &str,
    callback_url: &str,
    filters: &Value,
) -> Bytes {
    let notification = Notification {
        notification: Notified {
            kind: NotificationType::from_name(kind.into()),
            changes_since: changes_since.map(|since| rfc3339(since).into()),
        },
        channel: Channel {
            channel_id: channel_id.into(),
            callback_url: callback_url.into(),
            filters: Filters {
                calendar_ids: filters["calendar_ids"].as_array().map(|ids| {
                    ids.iter()
                        .filter_map(Value::as_str)
                        .map(|id| id.to_owned().into())
                        .collect()
                }),
                only_managed: filters["only_managed"].as_bool(),
            },
        },
    };
    // Strings and booleans: serialising cannot fail.
    Bytes::from(serde_json::to_vec(&notification).unwrap_or_default())
}

/// RFC 3339 in UTC to the second, as the calendar API writes times.
pub fn rfc3339(at: OffsetDateTime) -> String {
    whole_seconds(at)
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

fn whole_seconds(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-12-06 10:00:00.250 UTC);

    #[test]
    fn changes_since_a_notification_read_back() {
        let mut calendar = Calendar::default();
        let first = calendar.change(Change::default(), T0).unwrap().clone();
        assert_eq!(first.calendar_id, CALENDARS[0]);
        assert_eq!(rfc3339(first.updated), "2026-12-06T10:00:00Z");
        let later = T0 + Duration::hours(2);
        let deleted = Change {
            event_uid: Some(first.event_uid.clone()),
            deleted: true,
            ..Change::default()
        };
        calendar.change(deleted, later).unwrap();
        let other = Change {
            calendar_id: Some(CALENDARS[1].to_owned()),
            summary: Some("Lunch".to_owned()),
            ..Change::default()
        };
        calendar.change(other, later).unwrap();
        // The app reads with last_modified = changes_since, the change's
        // time to the second: the change is in, the older state is not.
        let since = Query {
            last_modified: Some(whole_seconds(later)),
            include_deleted: true,
            ..Query::default()
        };
        let read: Vec<(&str, bool)> = calendar
            .read(&since)
            .iter()
            .map(|e| (e.summary.as_str(), e.deleted))
            .collect();
        assert_eq!(read.len(), 2);
        assert!(read.contains(&("Lunch", false)));
        let without_deleted = Query {
            include_deleted: false,
            ..since.clone()
        };
        assert_eq!(calendar.read(&without_deleted).len(), 1);
        let one_calendar = Query {
            calendar_ids: vec![CALENDARS[0].to_owned()],
            ..since
        };
        assert!(calendar.read(&one_calendar)[0].deleted);
    }

    #[test]
    fn the_apps_events_are_read_only_when_asked_for() {
        let mut calendar = Calendar::default();
        calendar.change(Change::default(), T0).unwrap();
        let upsert = Upsert {
            event_id: "app-1".to_owned(),
            summary: "Interview".to_owned(),
            start: T0 + Duration::days(2),
            end: T0 + Duration::days(2) + Duration::hours(1),
        };
        let made = calendar.upsert(CALENDARS[1], upsert.clone(), T0).unwrap();
        assert!(matches(&json!({"only_managed": true}), made));
        assert_eq!(document(made)["event_id"], "app-1");
        let uid = made.event_uid.clone();
        let moved = Upsert {
            summary: "Interview, moved".to_owned(),
            ..upsert
        };
        let later = T0 + Duration::hours(1);
        assert_eq!(
            calendar
                .upsert(CALENDARS[1], moved, later)
                .unwrap()
                .event_uid,
            uid
        );
        assert_eq!(calendar.read(&Query::default()).len(), 1, "the user's only");
        let all = Query {
            include_managed: true,
            ..Query::default()
        };
        assert_eq!(calendar.read(&all).len(), 2);
        assert!(
            calendar
                .delete(CALENDARS[0], "app-1", later)
                .unwrap()
                .is_none(),
            "not there"
        );
        assert!(
            calendar
                .delete(CALENDARS[1], "app-1", later)
                .unwrap()
                .unwrap()
                .deleted
        );
        assert_eq!(calendar.read(&all).len(), 1, "deleted, left out");
        // The user's events never reach an only_managed channel.
        let user = calendar.change(Change::default(), later).unwrap();
        assert!(!matches(&json!({"only_managed": true}), user));
    }

    #[test]
    fn unknown_calendars_are_refused() {
        let change = Change {
            calendar_id: Some("cal_nope".to_owned()),
            ..Change::default()
        };
        let error = Calendar::default().change(change, T0).unwrap_err();
        assert!(error.contains("cal_hookcheck_work"), "{error}");
    }

    #[test]
    fn filters_choose_the_channels_told() {
        let mut calendar = Calendar::default();
        let event = calendar.change(Change::default(), T0).unwrap();
        assert!(matches(&json!({}), event));
        assert!(matches(&json!({"calendar_ids": [CALENDARS[0]]}), event));
        assert!(!matches(&json!({"calendar_ids": [CALENDARS[1]]}), event));
        assert!(
            !matches(&json!({"only_managed": true}), event),
            "the user's"
        );
    }

    #[test]
    fn notifications_are_what_the_schema_accepts() {
        let filters = json!({"calendar_ids": ["cal_hookcheck_work"], "only_managed": false});
        let body = notification(
            "change",
            Some(T0),
            "chn_0123",
            "https://app.test/hook",
            &filters,
        );
        let parsed: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            parsed["notification"]["changes_since"],
            "2026-12-06T10:00:00Z"
        );
        assert_eq!(parsed["channel"]["filters"], filters);
        let validator = hookcheck_payload::Validator::new(hookcheck_payload::Options::default());
        assert!(validator.validate(&body).findings.is_empty());
        let verification = notification(
            "verification",
            None,
            "chn_0123",
            "https://a.test/",
            &json!({}),
        );
        let parsed: Value = serde_json::from_slice(&verification).unwrap();
        assert!(parsed["notification"].get("changes_since").is_none());
    }
}
