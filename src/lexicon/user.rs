//! The user's own lexicon, a TOML file passed with `--lexicon`.
//!
//! ```toml
//! [[entity]]
//! name = "Wagner Group"
//! type = "group"              # person, country, organization, location, group
//! aliases = ["Wagner", "PMC Wagner"]
//! stands_for = "RUS"          # optional: a body that stands for a state
//!
//! [[trigger]]
//! relation = "attacks"
//! class = "ASSAULT"
//! cameo = "190"               # optional
//! pos = "verb"                # verb, noun or adj
//! forms = ["pummeled", "pummelled"]
//!
//! [[frame]]                   # a row of src/lexicon/data/frames.tsv
//! lemma = "outflank"          # the trigger's lemma, as the parser gives it
//! pos = "verb"                # verb, noun or adj
//! relation = "attacks"        # optional with class: without both, a
//! class = "ASSAULT"           #   no-event row that blocks the lemma
//! cameo = "190"               # optional
//! source = "nsubj"            # dependency paths, as in frames.tsv
//! target = "obj"              # optional for an objectless frame
//! require = []                # optional: conditions, as in frames.tsv
//! flags = []                  # optional: symmetric, objectless, intent, weak, past
//!
//! [[never_merge]]
//! a = "person:john smith"
//! b = "person:smith"
//! ```
//!
//! A `[[frame]]` is one row of the frames table, column by column, and is
//! checked and compiled exactly as a built-in row
//! ([`crate::lexicon::frames::FrameTable::extend_rows`]); it matches every
//! inflection of its lemma, and replaces the built-in rows with the same
//! lemma, pos and require. A bad entry is an [`Error::Lexicon`] naming the
//! file and line.

use super::frames::Row;
use super::{
    GazEntry, GazKind, LexiconBuilder, Pos, Trigger, check_class, normalize, parse_pos,
    phrase_tokens,
};
use crate::error::{Error, Result};
use crate::ontology::EntityType;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFile {
    #[serde(default)]
    entity: Vec<Spanned<UserEntity>>,
    #[serde(default)]
    trigger: Vec<Spanned<UserTrigger>>,
    #[serde(default)]
    frame: Vec<Spanned<UserFrame>>,
    #[serde(default)]
    never_merge: Vec<Spanned<NeverMerge>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntity {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    stands_for: Option<String>,
    #[serde(default)]
    iso: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserTrigger {
    relation: String,
    class: String,
    #[serde(default)]
    cameo: String,
    pos: String,
    forms: Vec<String>,
}

/// A row of the frames table; an absent field is `-` in `frames.tsv`,
/// lists are its comma-separated columns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFrame {
    lemma: String,
    pos: String,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    cameo: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    require: Vec<String>,
    #[serde(default)]
    flags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NeverMerge {
    a: String,
    b: String,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Loads a user lexicon file into `b`.
pub fn load(path: &Path, b: &mut LexiconBuilder) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    load_str(path, &text, b)
}

/// Loads user lexicon text (named `path` in errors) into `b`.
pub fn load_str(path: &Path, text: &str, b: &mut LexiconBuilder) -> Result<()> {
    let err = |line: usize, message: String| Error::Lexicon {
        path: path.to_path_buf(),
        line,
        message,
    };
    let file: UserFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        err(line, e.message().to_string())
    })?;
    for e in file.entity {
        let line = line_of(text, e.span().start);
        let e = e.into_inner();
        let name = e.name.trim();
        if name.is_empty() {
            return Err(err(line, "entity `name` is empty".into()));
        }
        let Some(ty) = EntityType::parse(&e.kind) else {
            return Err(err(line, format!("unknown entity type {:?}", e.kind)));
        };
        let iso = e.stands_for.clone().or(e.iso.clone());
        if let Some(code) = &iso
            && (code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(err(
                line,
                format!("{code:?} is not an ISO 3166 alpha-3 code"),
            ));
        }
        let (kind, entity_type, canonical, key) = match &iso {
            Some(code) if e.stands_for.is_some() || ty == EntityType::Country => {
                let cname = b
                    .countries
                    .get(code)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| name.to_string());
                let kind = if e.stands_for.is_some() {
                    GazKind::StateBody
                } else {
                    GazKind::CountryName
                };
                (kind, EntityType::Country, cname, format!("country:{code}"))
            }
            _ if ty == EntityType::Location => (
                GazKind::City,
                ty,
                name.to_string(),
                format!("location:{}", normalize(name)),
            ),
            _ => (
                GazKind::Organization,
                ty,
                name.to_string(),
                format!("{}:{}", ty.as_str(), normalize(name)),
            ),
        };
        let mut forms = vec![name];
        forms.extend(e.aliases.iter().map(|s| s.as_str()));
        b.add_entry(
            GazEntry {
                kind,
                entity_type,
                canonical,
                key,
                iso,
            },
            forms,
        );
    }
    for t in file.trigger {
        let line = line_of(text, t.span().start);
        let t = t.into_inner();
        let pos = parse_pos(&t.pos).map_err(|m| err(line, m))?;
        check_class(&t.class).map_err(|m| err(line, m))?;
        if t.forms.is_empty() {
            return Err(err(line, "trigger has no `forms`".into()));
        }
        for form in &t.forms {
            let tokens = phrase_tokens(&form.to_lowercase());
            if tokens.is_empty() {
                return Err(err(line, format!("empty trigger form {form:?}")));
            }
            b.add_trigger(Trigger {
                tokens,
                relation: t.relation.clone(),
                class: t.class.clone(),
                cameo: t.cameo.clone(),
                pos,
            });
        }
    }
    // The columns as `frames.tsv` writes them, then one row each.
    let mut frames: Vec<(usize, &'static str, [String; 8])> = Vec::new();
    for fr in file.frame {
        let line = line_of(text, fr.span().start);
        let fr = fr.into_inner();
        let pos = match parse_pos(&fr.pos).map_err(|m| err(line, m))? {
            Pos::Verb => "VERB",
            Pos::Noun => "NOUN",
            Pos::Adj => "ADJ",
        };
        let col = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let list = |v: Vec<String>| match v.is_empty() {
            true => "-".to_string(),
            false => v.join(","),
        };
        let columns = [
            fr.lemma,
            col(fr.relation),
            col(fr.class),
            col(fr.cameo),
            col(fr.source),
            col(fr.target),
            list(fr.require),
            list(fr.flags),
        ];
        frames.push((line, pos, columns));
    }
    let rows = frames.iter().map(|(line, pos, c)| {
        let row = Row {
            lemma: &c[0],
            pos,
            relation: &c[1],
            class: &c[2],
            cameo: &c[3],
            source: &c[4],
            target: &c[5],
            require: &c[6],
            flags: &c[7],
        };
        (*line, row)
    });
    b.add_frames(rows, path)?;
    for n in file.never_merge {
        let n = n.into_inner();
        b.add_never_merge(n.a, n.b);
    }
    Ok(())
}
