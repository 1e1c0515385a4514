use std::process::ExitCode;

use clap::Parser;
use ghirbal::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => args.into_config().and_then(|config| ghirbal::run(&config)),
    };
    match result {
        Ok(summary) if summary.read_errors > 0 => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ghirbal: error: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
