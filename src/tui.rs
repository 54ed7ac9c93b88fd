//! The terminal UI event loop.
use crate::cli::Cli;

/// Opens the terminal UI.
pub fn run(_cli: &Cli) -> anyhow::Result<()> {
    anyhow::bail!("the terminal UI is not built yet; use a subcommand (see --help)")
}
