//! Push notifications: the typed model, its JSON Schema, validation (a fast
//! typed path with the schema as the last word), bounded input reading, a
//! delivery's signature checked under its sender's scheme, and the NDJSON
//! pipeline that
//! validates a stream of documents on every core ([`pipeline`]).
//!
//! Validation is a pure function of the document's bytes: it never touches
//! the network or the file system, so it is tested and benchmarked alone.

mod events;
mod formats;
mod input;
mod json_error;
mod model;
mod parse;
pub mod pipeline;
mod schema;
mod signature;
mod validate;

pub use events::EventValidator;
pub use input::{Document, Line, Lines, read_document};
pub use model::{Channel, Event, Filters, Notification, NotificationType};
pub use schema::{NOTIFICATION_SCHEMA, schema_for};
pub use signature::check as check_signature;
pub use validate::{DEFAULT_MAX_BYTES, Options, Outcome, Validation, Validator};
