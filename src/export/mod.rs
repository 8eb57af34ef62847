//! Exporters: one module per format, one exhaustive `match` in [`render`].
//!
//! Every exporter renders into memory from a [`KnowledgeGraph`] and nothing
//! else; the caller writes the bytes (atomically, see [`crate::output`]).
//! Output is a function of the graph alone: no timestamps, no paths.
//!
//! | format | extension | consumers |
//! | --- | --- | --- |
//! | [`Format::Dot`] | `.dot`, `.gv` | Graphviz diagrams |
//! | [`Format::Json`] | `.json` | networkx node-link; also newsgraph's own graph file |
//! | [`Format::Jsonl`] | `.jsonl` | one node or edge per line, for pipelines |
//! | [`Format::Gexf`] | `.gexf` | Gephi (GEXF 1.3), networkx |
//! | [`Format::Graphml`] | `.graphml` | yEd, Cytoscape, igraph, networkx |
//! | [`Format::Csv`] | `.csv` | Gephi spreadsheet import: two files |
//!
//! CSV is two files: for an output path `out.csv`, [`render`] returns a
//! nodes part and an edges part, written to `out.nodes.csv` and
//! `out.edges.csv` ([`RenderedFile::path_for`]). Every other format is one
//! part written to the path as given.

mod csv;
mod dot;
mod gexf;
mod graphml;
mod json;
mod jsonl;
pub(crate) mod style;
mod xml;

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use self::csv::render_csv;
pub use self::dot::render_dot;
pub use self::gexf::render_gexf;
pub use self::graphml::render_graphml;
pub use self::json::render_json;
pub use self::jsonl::render_jsonl;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT.
    #[value(alias = "gv")]
    Dot,
    /// networkx node-link JSON (the graph file newsgraph reads back).
    Json,
    /// JSON Lines: one node per line, then one edge with its evidence per line.
    Jsonl,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// GraphML.
    Graphml,
    /// Gephi spreadsheet CSV (nodes file + edges file).
    Csv,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 6] = [
        Format::Dot,
        Format::Json,
        Format::Jsonl,
        Format::Gexf,
        Format::Graphml,
        Format::Csv,
    ];

    /// The format for a file name's extension (case-insensitive):
    /// `.dot .gv .json .jsonl .gexf .graphml .csv`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "dot" | "gv" => Format::Dot,
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "gexf" => Format::Gexf,
            "graphml" => Format::Graphml,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Csv => "csv",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// How many files a rendering writes: two for CSV (nodes, edges), one
    /// for every other format.
    pub fn parts(self) -> usize {
        match self {
            Format::Csv => 2,
            Format::Dot | Format::Json | Format::Jsonl | Format::Gexf | Format::Graphml => 1,
        }
    }

    /// The name of part `i` of a rendering (see [`RenderedFile::part`]):
    /// `nodes` and `edges` for CSV, `None` for the one file of the others.
    pub fn part_name(self, i: usize) -> Option<&'static str> {
        match (self, i) {
            (Format::Csv, 0) => Some("nodes"),
            (Format::Csv, _) => Some("edges"),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a `--format` name (case-insensitive; `gv` means DOT).
    fn from_str(s: &str) -> Result<Format> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "gv" {
            return Ok(Format::Dot);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                Error::Usage(format!(
                    "unknown format {s:?}; expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// One output file of a rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// `None` for the file named by the user; `Some("nodes")` /
    /// `Some("edges")` for the two CSV parts.
    pub part: Option<&'static str>,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    /// Where this part goes for the output path the user gave: the path
    /// itself, or for a part `out.csv` -> `out.<part>.csv`.
    pub fn path_for(&self, base: &Path) -> PathBuf {
        part_path(base, self.part)
    }
}

/// `out.csv` + `Some("nodes")` -> `out.nodes.csv`; `None` returns `base`.
/// A base without an extension gets the part as extension plus `.csv`.
pub fn part_path(base: &Path, part: Option<&str>) -> PathBuf {
    let Some(part) = part else {
        return base.to_path_buf();
    };
    match (base.file_stem(), base.extension()) {
        (Some(stem), Some(ext)) => {
            let mut name = stem.to_os_string();
            name.push(".");
            name.push(part);
            name.push(".");
            name.push(ext);
            base.with_file_name(name)
        }
        _ => {
            let mut name = base.as_os_str().to_os_string();
            name.push(".");
            name.push(part);
            name.push(".csv");
            PathBuf::from(name)
        }
    }
}

/// Renders `graph` in `format`: one part, or two for CSV (nodes, edges).
pub fn render(graph: &KnowledgeGraph, format: Format) -> Result<Vec<RenderedFile>> {
    let one = |bytes: Vec<u8>| vec![RenderedFile { part: None, bytes }];
    Ok(match format {
        Format::Dot => one(render_dot(graph)),
        Format::Json => one(render_json(graph)?),
        Format::Jsonl => one(render_jsonl(graph)?),
        Format::Gexf => one(render_gexf(graph)),
        Format::Graphml => one(render_graphml(graph)),
        Format::Csv => {
            let (nodes, edges) = render_csv(graph)?;
            vec![
                RenderedFile {
                    part: Format::Csv.part_name(0),
                    bytes: nodes,
                },
                RenderedFile {
                    part: Format::Csv.part_name(1),
                    bytes: edges,
                },
            ]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions_and_names() {
        for (path, f) in [
            ("g.dot", Some(Format::Dot)),
            ("g.GV", Some(Format::Dot)),
            ("dir.x/g.json", Some(Format::Json)),
            ("g.jsonl", Some(Format::Jsonl)),
            ("g.gexf", Some(Format::Gexf)),
            ("g.graphml", Some(Format::Graphml)),
            ("g.csv", Some(Format::Csv)),
            ("g.svg", None),
            ("g", None),
        ] {
            assert_eq!(Format::from_extension(Path::new(path)), f, "{path}");
        }
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
        }
        assert_eq!("GEXF".parse::<Format>().unwrap(), Format::Gexf);
        assert!(matches!("svg".parse::<Format>(), Err(Error::Usage(m)) if m.contains("dot, json")));
    }

    #[test]
    fn csv_part_paths() {
        assert_eq!(
            part_path(Path::new("out/g.csv"), Some("nodes")),
            Path::new("out/g.nodes.csv")
        );
        assert_eq!(
            part_path(Path::new("g.csv"), Some("edges")),
            Path::new("g.edges.csv")
        );
        assert_eq!(
            part_path(Path::new("g"), Some("edges")),
            Path::new("g.edges.csv")
        );
        assert_eq!(part_path(Path::new("g.json"), None), Path::new("g.json"));
    }
}
