//! The `ghirbal` binary: parse the command line, run the command, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use ghirbal::cli::{Cli, Command};

/// mimalloc: the cleaning allocates a string or a vector per line and per record on every thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => args
            .into_config()
            .and_then(|config| ghirbal::run(&config))
            .map(|s| s.read_errors == 0),
        Command::Diff(args) => args
            .into_settings()
            .and_then(|s| ghirbal::report::diff::command(&s))
            .map(|_| true),
        Command::Report(args) => ghirbal::report::html::command(&args.into_settings()).map(|_| true),
        Command::Sign(args) => args.into_settings().and_then(|s| ghirbal::corpus::shard::sign(&s)),
        Command::Merge(args) => args
            .into_settings()
            .and_then(|s| ghirbal::corpus::shard::merge(&s))
            .map(|()| true),
    };
    match result {
        Ok(false) => ExitCode::from(1),
        Ok(true) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ghirbal: error: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
