//! One short function per command: the pipeline does the work, the
//! [`Reporter`] tells people about it.

use crate::report::Reporter;
use newsgraph::config::{
    BuildConfig, Command, Config, ExportConfig, ExtractConfig, MergeConfig, ParseConfig,
};
use newsgraph::error::Result;
use newsgraph::pipeline;

/// Runs a validated command line.
pub fn run(config: Config) -> Result<()> {
    let mut rep = Reporter::new(config.quiet);
    match config.command {
        Command::Extract(c) => extract(&c, &mut rep),
        Command::Merge(c) => merge(&c, &mut rep),
        Command::Export(c) => export(&c, &rep),
        Command::Build(c) => build(&c, &mut rep),
        Command::Parse(c) => parse(&c, &mut rep),
        Command::Explain(c) => explain(&c, &mut rep),
        Command::Relations => relations(),
    }
}

/// `newsgraph relations`: the vocabulary on stdout, by class.
fn relations() -> Result<()> {
    use newsgraph::lexicon::vocabulary;
    use newsgraph::ontology::Class;
    use std::io::Write;
    let mut out = String::new();
    for class in Class::ALL {
        out.push_str(&format!("{class}\n"));
        for r in vocabulary::relations().iter().filter(|r| r.class == class) {
            let symmetric = if newsgraph::ontology::is_symmetric(r.name) {
                " (symmetric)"
            } else {
                ""
            };
            out.push_str(&format!("  {:<28} {}{symmetric}\n", r.name, r.description));
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| newsgraph::Error::io("<stdout>", e))
}

fn extract(c: &ExtractConfig, rep: &mut Reporter) -> Result<()> {
    let stats = pipeline::extract(c, rep)?;
    rep.summary(&stats, "");
    Ok(())
}

fn merge(c: &MergeConfig, rep: &mut Reporter) -> Result<()> {
    let graph = pipeline::merge(c, rep)?;
    rep.graph_summary(&graph);
    Ok(())
}

fn export(c: &ExportConfig, rep: &Reporter) -> Result<()> {
    let graph = pipeline::export(c)?;
    rep.graph_summary(&graph);
    Ok(())
}

fn build(c: &BuildConfig, rep: &mut Reporter) -> Result<()> {
    let (stats, graph) = pipeline::build(c, rep)?;
    let extra = format!(
        ", {} entities, {} edges",
        graph.node_count(),
        graph.edge_count()
    );
    rep.summary(&stats, &extra);
    Ok(())
}

fn explain(c: &ParseConfig, rep: &mut Reporter) -> Result<()> {
    let stats = pipeline::explain(c, rep)?;
    rep.summary(&stats, "");
    Ok(())
}

fn parse(c: &ParseConfig, rep: &mut Reporter) -> Result<()> {
    let stats = pipeline::parse(c, rep)?;
    rep.summary(&stats, "");
    Ok(())
}
