//! Opening the inputs a command names: files, or standard input for `-` or
//! no name. Anything that is not a readable file is a one-line error.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use hookcheck_payload::{Document, read_document};

/// The name reports use for standard input.
pub(crate) const STDIN_NAME: &str = "-";

/// An opened input and the name reports give it.
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) reader: Box<dyn Read>,
}

/// Opens `path`, or standard input for `None` or `-`.
pub(crate) fn open(path: Option<&Path>) -> Result<Input> {
    let Some(path) = path.filter(|path| path.as_os_str() != STDIN_NAME) else {
        return Ok(Input {
            name: STDIN_NAME.to_owned(),
            reader: Box::new(io::stdin().lock()),
        });
    };
    let (name, file) = open_file(path)?;
    Ok(Input {
        name,
        reader: Box::new(file),
    })
}

/// Opens the file at `path` (never standard input) with the name reports
/// give it; a directory or an unreadable file is a one-line error.
pub(crate) fn open_file(path: &Path) -> Result<(String, File)> {
    let name = path.display().to_string();
    let file = File::open(path).with_context(|| format!("cannot open `{name}`"))?;
    if file
        .metadata()
        .with_context(|| format!("cannot read `{name}`"))?
        .is_dir()
    {
        bail!("`{name}` is a directory, not a file");
    }
    Ok((name, file))
}

impl Input {
    /// Reads the whole input through the one bounded reader, stopping at
    /// `max + 1` bytes: past `max` it is a one-line error naming the limit
    /// and `why` it is there, never an endless read or an endless buffer.
    pub(crate) fn read_capped(self, max: usize, why: &str) -> Result<Vec<u8>> {
        let name = self.name;
        match read_document(self.reader, max).with_context(|| format!("cannot read `{name}`"))? {
            Document::Complete(bytes) => Ok(bytes),
            Document::TooLarge => bail!("`{name}` is over {max} bytes{why}"),
        }
    }
}
