//! `fakeplate functions`: the catalogue.

use std::io;

use super::Failure;
use super::output::write_out;

pub fn run(namespace: Option<&str>) -> Result<(), Failure> {
    let selected: Vec<_> = fakeplate::functions()
        .filter(|f| namespace.is_none_or(|ns| f.name.split('.').next() == Some(ns)))
        .collect();
    if selected.is_empty() {
        return Err(Failure::Usage(format!(
            "no namespace {:?}; try `fakeplate functions`",
            namespace.unwrap_or("")
        )));
    }
    let mut text = String::new();
    for f in selected {
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| match p.default {
                "" => format!("{}: {}", p.name, p.ty),
                d => format!("{}: {} = {d}", p.name, p.ty),
            })
            .collect();
        text.push_str(&format!(
            "{}({})\n    {}\n    e.g. {}\n",
            f.name,
            params.join(", "),
            f.summary,
            f.example
        ));
    }
    write_out(&mut io::stdout().lock(), text.as_bytes())?;
    Ok(())
}
