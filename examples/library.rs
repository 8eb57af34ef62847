//! Using newsgraph as a library: extract two articles, merge them into a
//! graph, filter it and export it, in a few lines.
//!
//! Run with `cargo run --example library`.

use newsgraph::document::Document;
use newsgraph::export::{Format, render};
use newsgraph::extract::extract;
use newsgraph::graph::{Filter, GraphBuilder};
use newsgraph::lexicon::Lexicon;

fn main() -> newsgraph::Result<()> {
    let lexicon = Lexicon::builtin()?;
    let articles = [
        (
            "a1",
            "2026-03-02",
            "Qatar mediated between Israel and Hamas on Monday. Israeli Prime Minister Benjamin Netanyahu warned Hamas against new attacks.",
        ),
        (
            "a2",
            "2026-03-05",
            "Netanyahu met Egyptian officials in Cairo. Egypt hosted talks between Israel and Hamas.",
        ),
    ];
    let mut builder = GraphBuilder::new();
    for (id, date, text) in articles {
        let mut doc = Document::new(id, text);
        doc.meta.date = Some(date.into());
        let extraction = extract(&doc, &lexicon);
        for warning in builder.add_extraction(&extraction) {
            eprintln!("{warning}");
        }
    }
    let graph = builder.finish();
    // Keep the ego network of Israel, one hop out.
    let ego = Filter {
        focus: Some("Israel".into()),
        hops: 1,
        ..Filter::default()
    }
    .apply(&graph)?;
    for edge in ego.edges() {
        println!(
            "{} -[{}]-> {} ({} evidence)",
            edge.source, edge.relation, edge.target, edge.weight
        );
    }
    // Render DOT into memory; write it wherever you like.
    let dot = &render(&ego, Format::Dot)?[0].bytes;
    println!("{} bytes of DOT", dot.len());
    Ok(())
}
