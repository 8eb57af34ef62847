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
    }
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

fn parse(c: &ParseConfig, rep: &mut Reporter) -> Result<()> {
    let stats = pipeline::parse(c, rep)?;
    rep.summary(&stats, "");
    Ok(())
}
