//! The relation vocabulary (`data/relations.tsv`): every relation the
//! built-in lexicon and the extractor produce, with its class and a short
//! description. The `--relation` filter checks names against it, and
//! `newsgraph relations` lists it.

use crate::ontology::Class;
use std::sync::LazyLock;

const RELATIONS: &str = include_str!("data/relations.tsv");

/// One relation of the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationInfo {
    /// The relation name (`negotiates_with`).
    pub name: &'static str,
    /// Its class.
    pub class: Class,
    /// What it says, with A the subject and B the object.
    pub description: &'static str,
}

static VOCABULARY: LazyLock<Vec<RelationInfo>> = LazyLock::new(|| {
    RELATIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (name, class, description) = (cols.next()?, cols.next()?, cols.next()?);
            Some(RelationInfo {
                name,
                class: Class::parse(class)?,
                description,
            })
        })
        .collect()
});

/// Every relation of the built-in vocabulary, sorted by name.
pub fn relations() -> &'static [RelationInfo] {
    &VOCABULARY
}

/// The vocabulary entry of `name`, if any.
pub fn relation(name: &str) -> Option<&'static RelationInfo> {
    VOCABULARY.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    #[test]
    fn every_line_is_read_and_sorted() {
        let lines = RELATIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(
            relations().len(),
            lines,
            "a line of relations.tsv is malformed"
        );
        assert!(relations().windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(relation("mediates").map(|r| r.class), Some(Class::Consult));
    }

    #[test]
    fn the_lexicon_uses_no_relation_missing_from_the_vocabulary() {
        let lex = Lexicon::builtin().unwrap();
        for t in lex.triggers.values().flatten() {
            let r = relation(&t.relation).unwrap_or_else(|| panic!("trigger {}", t.relation));
            assert_eq!(r.class.as_str(), t.class, "{}", t.relation);
        }
        for t in lex.titles.values().flatten() {
            if let Some(rel) = &t.relation {
                assert!(relation(rel).is_some(), "title relation {rel}");
            }
        }
        for table in [
            include_str!("data/frames.tsv"),
            include_str!("data/frames_extra.tsv"),
        ] {
            for line in table
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                let cols: Vec<&str> = line.split('\t').collect();
                let (name, class) = (cols[2], cols[3]);
                if name == "-" {
                    continue;
                }
                let r = relation(name).unwrap_or_else(|| panic!("frame relation {name}"));
                assert_eq!(r.class.as_str(), class, "{name}");
            }
        }
    }
}
