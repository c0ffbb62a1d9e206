//! `fakeplate check`: compile a template and report.

use clap::Args;
use fakeplate::Clock;

use super::Failure;
use super::args::TemplateArgs;
use super::output::say;
use super::template::load;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
}

pub fn run(args: CheckArgs) -> Result<(), Failure> {
    let template = load(&args.template, Clock::default())?;
    let kind = if template.is_json() { "JSON" } else { "text" };
    let warnings = template.warnings().len();
    say!(
        "ok: a {kind} template, {warnings} warning{}, records of at most {} bytes",
        if warnings == 1 { "" } else { "s" },
        template.max_record_bytes()
    );
    Ok(())
}
