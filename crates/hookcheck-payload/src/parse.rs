//! The fast path: parse a notification into the typed model and check what
//! the schema requires in the same pass, without building a `Value` tree.
//!
//! Any error here (broken JSON, a schema violation, a duplicate key) only
//! means "not proven valid": the validator then runs the full schema check,
//! which has the last word and produces the exact report. So these visitors
//! must never accept a document the schema rejects; they may reject some it
//! accepts. `tests/agreement.rs` holds them to that.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::formats::{is_channel_id, is_plain_callback_url, is_utc_timestamp};
use crate::{Channel, Event, Filters, Notification, NotificationType};

/// A string borrowed from the input when it has no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// A value the model does not keep, parsed as strictly as the schema path
/// parses it into a `Value`: numbers must fit an `f64`, strings must not hold
/// lone surrogates, and nesting counts toward the recursion limit.
///
/// serde's `IgnoredAny` would be a little faster, but `serde_json` skips such
/// values without any of these checks, so `{"extra":1e400,…}` passed the fast
/// path while the schema path reported it as invalid JSON.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SkipVisitor;
        impl<'de> Visitor<'de> for SkipVisitor {
            type Value = Skip;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
                while seq.next_element::<Skip>()?.is_some() {}
                Ok(Skip)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
                while map.next_entry::<Skip, Skip>()?.is_some() {}
                Ok(Skip)
            }
        }
        deserializer.deserialize_any(SkipVisitor)
    }
}

/// Stores the first value of a field; a second one is an error, since the
/// schema path reads duplicate keys differently (the last one wins there).
fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T, field: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(field));
    }
    *slot = Some(value);
    Ok(())
}

/// Accepts a string only if `valid` holds for it.
fn checked<'de, A: MapAccess<'de>>(
    map: &mut A,
    valid: fn(&str) -> bool,
    what: &'static str,
) -> Result<Cow<'de, str>, A::Error> {
    let Str(text) = map.next_value()?;
    if valid(&text) {
        Ok(text)
    } else {
        Err(de::Error::custom(what))
    }
}

impl<'de> Deserialize<'de> for Notification<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RootVisitor;
        impl<'de> Visitor<'de> for RootVisitor {
            type Value = Notification<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a notification object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut notification, mut channel) = (None, None);
                while let Some(Str(key)) = map.next_key()? {
                    match &*key {
                        "notification" => {
                            set_once(&mut notification, map.next_value()?, "notification")?;
                        }
                        "channel" => set_once(&mut channel, map.next_value()?, "channel")?,
                        _ => {
                            map.next_value::<Skip>()?;
                        }
                    }
                }
                Ok(Notification {
                    notification: notification
                        .ok_or_else(|| de::Error::missing_field("notification"))?,
                    channel: channel.ok_or_else(|| de::Error::missing_field("channel"))?,
                })
            }
        }
        deserializer.deserialize_map(RootVisitor)
    }
}

impl<'de> Deserialize<'de> for Event<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EventVisitor;
        impl<'de> Visitor<'de> for EventVisitor {
            type Value = Event<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a notification object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut kind, mut changes_since) = (None, None);
                while let Some(Str(key)) = map.next_key()? {
                    match &*key {
                        "type" => {
                            let name = checked(&mut map, |name| !name.is_empty(), "an empty type")?;
                            set_once(&mut kind, NotificationType::from_name(name), "type")?;
                        }
                        "changes_since" => {
                            let since = checked(&mut map, is_utc_timestamp, "not a UTC timestamp")?;
                            set_once(&mut changes_since, since, "changes_since")?;
                        }
                        _ => {
                            map.next_value::<Skip>()?;
                        }
                    }
                }
                let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
                if kind == NotificationType::Change && changes_since.is_none() {
                    return Err(de::Error::missing_field("changes_since"));
                }
                Ok(Event {
                    kind,
                    changes_since,
                })
            }
        }
        deserializer.deserialize_map(EventVisitor)
    }
}

impl<'de> Deserialize<'de> for Channel<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChannelVisitor;
        impl<'de> Visitor<'de> for ChannelVisitor {
            type Value = Channel<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a channel object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut channel_id, mut callback_url, mut filters) = (None, None, None);
                while let Some(Str(key)) = map.next_key()? {
                    match &*key {
                        "channel_id" => {
                            let id = checked(&mut map, is_channel_id, "not a channel id")?;
                            set_once(&mut channel_id, id, "channel_id")?;
                        }
                        "callback_url" => {
                            let url = checked(&mut map, is_plain_callback_url, "not a plain URL")?;
                            set_once(&mut callback_url, url, "callback_url")?;
                        }
                        "filters" => set_once(&mut filters, map.next_value()?, "filters")?,
                        _ => {
                            map.next_value::<Skip>()?;
                        }
                    }
                }
                Ok(Channel {
                    channel_id: channel_id.ok_or_else(|| de::Error::missing_field("channel_id"))?,
                    callback_url: callback_url
                        .ok_or_else(|| de::Error::missing_field("callback_url"))?,
                    filters: filters.ok_or_else(|| de::Error::missing_field("filters"))?,
                })
            }
        }
        deserializer.deserialize_map(ChannelVisitor)
    }
}

impl<'de> Deserialize<'de> for Filters<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FiltersVisitor;
        impl<'de> Visitor<'de> for FiltersVisitor {
            type Value = Filters<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a filters object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut filters = Filters::default();
                while let Some(Str(key)) = map.next_key()? {
                    match &*key {
                        "calendar_ids" => {
                            let ids: Vec<Str<'de>> = map.next_value()?;
                            if ids.iter().any(|Str(id)| id.is_empty()) {
                                return Err(de::Error::custom("an empty calendar id"));
                            }
                            let ids = ids.into_iter().map(|Str(id)| id).collect();
                            set_once(&mut filters.calendar_ids, ids, "calendar_ids")?;
                        }
                        "only_managed" => {
                            set_once(&mut filters.only_managed, map.next_value()?, "only_managed")?;
                        }
                        _ => {
                            map.next_value::<Skip>()?;
                        }
                    }
                }
                Ok(filters)
            }
        }
        deserializer.deserialize_map(FiltersVisitor)
    }
}
