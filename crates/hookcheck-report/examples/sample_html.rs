//! Prints a rich sample report as a self-contained HTML page, to look at
//! the HTML format in a browser:
//! `cargo run -p hookcheck-report --example sample_html > /tmp/s.html`.

#[path = "../tests/render/sample.rs"]
mod sample;

use std::io::{self, Write};

use hookcheck_report::{Format, render};

fn main() -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    render(&sample::rich(), Format::Html, &mut out)?;
    out.flush()
}
