//! `bitexte config show`: the effective configuration, as TOML.

use std::io::Write;

use anyhow::Context;
use bitexte::project::Pairing;
use bitexte::qa::Profile;

use super::settings::{load, Global};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print the effective configuration (file and defaults) as TOML.
    Show,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    match args.command {
        Command::Show => show(global),
    }
}

fn show(global: &Global) -> anyhow::Result<Status> {
    let loaded = load(global)?;
    let mut c = loaded.config.clone();
    let src = c.src_lang.get_or_insert_with(|| "en".to_owned()).clone();
    let tgt = c.tgt_lang.get_or_insert_with(|| "fr".to_owned()).clone();
    c.pre_split.get_or_insert(false);
    c.aligned.get_or_insert(false);
    c.typography
        .get_or_insert_with(|| Profile::for_tag(&tgt).tag().to_owned());
    let mut out = String::new();
    match &loaded.path {
        Some(p) => out.push_str(&format!("# from {}\n", p.display())),
        None => out.push_str("# no bitexte.toml: the defaults\n"),
    }
    out.push_str(&format!("# project root: {}\n", loaded.root.display()));
    match loaded.pairing(&src, &tgt)? {
        Pairing::Suffix { src, tgt } => out.push_str(&format!(
            "# documents pair by suffix: NAME.{src}.EXT <-> NAME.{tgt}.EXT\n"
        )),
        Pairing::Patterns { .. } => out.push_str("# documents pair by `source` and `target`\n"),
    }
    if c.glossaries.is_empty() {
        out.push_str("# glossaries: none given, the built-in NATO/defence glossary is used\n");
    }
    out.push_str(&toml::to_string_pretty(&c).context("could not print the configuration")?);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    Ok(Status::Clean)
}
