//! `fakeplate completions SHELL` and `fakeplate man [COMMAND]`: generated from the same clap
//! definitions as the parser, so they never disagree with it.

use clap::CommandFactory;

use super::output::write_out;
use super::{Cli, Failure};

pub const COMPLETIONS: &str = "Install:
  bash:  fakeplate completions bash > ~/.local/share/bash-completion/completions/fakeplate
  zsh:   fakeplate completions zsh > ~/.zfunc/_fakeplate   (with fpath+=~/.zfunc before compinit)
  fish:  fakeplate completions fish > ~/.config/fish/completions/fakeplate.fish
  PowerShell:  fakeplate completions powershell >> $PROFILE";

pub const MAN: &str = "Install:
  mkdir -p ~/.local/share/man/man1
  fakeplate man > ~/.local/share/man/man1/fakeplate.1
  for c in render stream deliver check functions verify; do
    fakeplate man $c > ~/.local/share/man/man1/fakeplate-$c.1
  done
  man fakeplate";

/// Writes the script into memory first: clap_complete panics on a failing writer, and a
/// closed pipe is not a panic.
pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "fakeplate", &mut script);
    print(&script)
}

pub fn man(command: Option<&str>) -> Result<(), Failure> {
    let mut cli = Cli::command();
    // Gives each command its full name (`fakeplate render`) for its synopsis.
    cli.build();
    let (page, title) = match command {
        None => (cli, "fakeplate".to_owned()),
        Some(name) => {
            let sub = cli
                .get_subcommands()
                .find(|c| c.get_name() == name)
                .cloned()
                .ok_or_else(|| {
                    let names: Vec<String> = Cli::command()
                        .get_subcommands()
                        .map(|c| c.get_name().to_owned())
                        .collect();
                    Failure::Usage(format!(
                        "man {name}: no such command (one of {})",
                        names.join(", ")
                    ))
                })?;
            (sub, format!("fakeplate-{name}"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .title(title)
        .render(&mut roff)
        .map_err(|e| Failure::Other(format!("writing the manual: {e}")))?;
    print(&roff)
}

fn print(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    if write_out(&mut out, bytes)? {
        super::output::flush_out(&mut out)?;
    }
    Ok(())
}
