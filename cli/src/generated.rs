//! What is generated from the argument definitions (`args::definition`) rather than written:
//! the shell completion scripts (clap_complete) and the man pages (clap_mangen), so that both
//! name exactly the flags the parser takes. Without the `generators` feature (the npm
//! package) both commands say where to get them instead.

#[cfg(feature = "generators")]
use crate::args;
use crate::args::Shell;

/// What a build without the generators says for `completions` and `man`.
#[cfg(not(feature = "generators"))]
const NOT_BUILT: &str = "shell completions and man pages come with the native binary (cargo install --path cli)";

#[cfg(not(feature = "generators"))]
pub fn completions(_: Shell) -> Result<String, String> {
    Err(NOT_BUILT.to_owned())
}

#[cfg(not(feature = "generators"))]
pub fn man_page(_: Option<&str>) -> Result<String, String> {
    Err(NOT_BUILT.to_owned())
}

/// The completion script of `shell` for the `ctrcfg` command.
#[cfg(feature = "generators")]
pub fn completions(shell: Shell) -> Result<String, String> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(generator, &mut args::definition(), "ctrcfg", &mut out);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The commands that have a man page of their own, `ctrcfg-NAME(1)`.
#[cfg(feature = "generators")]
fn man_commands() -> Vec<String> {
    args::definition()
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// ctrcfg(1), or with a command's name ctrcfg-NAME(1), in roff.
#[cfg(feature = "generators")]
pub fn man_page(command: Option<&str>) -> Result<String, String> {
    let mut definition = args::definition();
    definition.build();
    let page = match command {
        None => definition,
        Some(name) => definition
            .find_subcommand(name)
            .filter(|_| man_commands().iter().any(|c| c == name))
            .map(|c| c.clone().name(format!("ctrcfg-{name}")))
            .ok_or_else(|| format!("man: no command {name:?}; the commands are {}", man_commands().join(", ")))?,
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("ctrcfg {}", env!("CARGO_PKG_VERSION")))
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
