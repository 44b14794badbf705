//! The push notification as a typed model (SPEC §1).
//!
//! Strings borrow from the input where they can (`Cow`), so parsing a
//! delivery allocates only for escaped strings and calendar id lists.
//! Deserializing checks everything the schema requires in the same pass
//! (see `parse.rs`); serializing produces documents the schema accepts.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// One push notification: what happened, and the channel it was sent for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification<'a> {
    /// What happened.
    pub notification: Event<'a>,
    /// The channel the notification was sent for.
    pub channel: Channel<'a>,
}

/// The `notification` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// The notification type.
    pub kind: NotificationType<'a>,
    /// For `change`: read changes with `last_modified` set to this instant
    /// (RFC 3339, UTC).
    pub changes_since: Option<Cow<'a, str>>,
}

/// The notification types seen in real traffic, and any other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NotificationType<'a> {
    /// Something changed: read changes since `changes_since`.
    Change,
    /// Sent when a channel is created.
    Verification,
    /// A calendar profile lost its authorization.
    ProfileDisconnected,
    /// A newly connected profile finished its first sync.
    ProfileInitialSyncCompleted,
    /// A conferencing profile lost its authorization.
    ConferencingProfileDisconnected,
    /// A type this version does not know. Receivers must ignore such types,
    /// so it is a warning, not an error.
    Other(Cow<'a, str>),
}

impl NotificationType<'_> {
    /// The known types, in the order of SPEC §1.
    pub const KNOWN: [NotificationType<'static>; 5] = [
        NotificationType::Change,
        NotificationType::Verification,
        NotificationType::ProfileDisconnected,
        NotificationType::ProfileInitialSyncCompleted,
        NotificationType::ConferencingProfileDisconnected,
    ];

    /// The type as written in `notification.type`.
    pub fn as_str(&self) -> &str {
        match self {
            NotificationType::Change => "change",
            NotificationType::Verification => "verification",
            NotificationType::ProfileDisconnected => "profile_disconnected",
            NotificationType::ProfileInitialSyncCompleted => "profile_initial_sync_completed",
            NotificationType::ConferencingProfileDisconnected => {
                "conferencing_profile_disconnected"
            }
            NotificationType::Other(name) => name,
        }
    }

    /// Whether this version knows the type.
    pub fn is_known(&self) -> bool {
        !matches!(self, NotificationType::Other(_))
    }
}

impl<'a> NotificationType<'a> {
    /// The type named `name`: a known one, or [`NotificationType::Other`].
    pub fn from_name(name: Cow<'a, str>) -> NotificationType<'a> {
        NotificationType::KNOWN
            .into_iter()
            .find(|known| known.as_str() == name)
            .unwrap_or(NotificationType::Other(name))
    }
}

impl fmt::Display for NotificationType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `channel` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel<'a> {
    /// The channel's id, `chn_…`.
    pub channel_id: Cow<'a, str>,
    /// The absolute http(s) URL the notification is delivered to.
    pub callback_url: Cow<'a, str>,
    /// What the channel was created to watch; usually empty.
    pub filters: Filters<'a>,
}

/// The `channel.filters` object. Filters the model does not know are
/// accepted and not kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters<'a> {
    /// Only notify about changes to these calendars.
    pub calendar_ids: Option<Vec<Cow<'a, str>>>,
    /// Only notify about events managed by the application.
    pub only_managed: Option<bool>,
}

impl Serialize for Notification<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("notification", &self.notification)?;
        map.serialize_entry("channel", &self.channel)?;
        map.end()
    }
}

impl Serialize for Event<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.kind.as_str())?;
        if let Some(since) = &self.changes_since {
            map.serialize_entry("changes_since", since)?;
        }
        map.end()
    }
}

impl Serialize for Channel<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("channel_id", &self.channel_id)?;
        map.serialize_entry("callback_url", &self.callback_url)?;
        map.serialize_entry("filters", &self.filters)?;
        map.end()
    }
}

impl Serialize for Filters<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(ids) = &self.calendar_ids {
            map.serialize_entry("calendar_ids", ids)?;
        }
        if let Some(only_managed) = self.only_managed {
            map.serialize_entry("only_managed", &only_managed)?;
        }
        map.end()
    }
}
