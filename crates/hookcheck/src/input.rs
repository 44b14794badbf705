//! Opening the inputs a command names: files, or standard input for `-` or
//! no name. Anything that is not a readable file is a one-line error.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

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
    let name = path.display().to_string();
    let file = File::open(path).with_context(|| format!("cannot open `{name}`"))?;
    if file
        .metadata()
        .with_context(|| format!("cannot read `{name}`"))?
        .is_dir()
    {
        bail!("`{name}` is a directory, not a file");
    }
    Ok(Input {
        name,
        reader: Box::new(file),
    })
}
