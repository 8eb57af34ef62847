//! The built-in lexicon: the TAB-separated data files under
//! `src/lexicon/data/`, embedded with `include_str!` and loaded into a
//! [`LexiconBuilder`]. A malformed line is an [`Error::Lexicon`] naming the
//! file and line.

use super::{
    Country, Description, GazEntry, GazKind, Gender, LexiconBuilder, SportsWord, Title, Trigger,
    check_class, normalize, parse_pos, phrase_tokens,
};
use crate::error::{Error, Result};
use crate::ontology::EntityType;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const COUNTRIES: &str = include_str!("data/countries.tsv");
const CITIES: &str = include_str!("data/cities.tsv");
const REGIONS: &str = include_str!("data/regions.tsv");
const ORGANIZATIONS: &str = include_str!("data/organizations.tsv");
const GIVEN_NAMES: &str = include_str!("data/given_names.tsv");
const TITLES: &str = include_str!("data/titles.tsv");
const TRIGGERS: &str = include_str!("data/triggers.tsv");
const CUES: &str = include_str!("data/cues.tsv");
const STOPWORDS: &str = include_str!("data/stopwords.txt");
const COMMON_WORDS: &str = include_str!("data/common_words.txt");
const SPORTS: &str = include_str!("data/sports.tsv");
const DESCRIPTIONS: &str = include_str!("data/descriptions.tsv");

/// Splits a data file into non-comment lines with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The rows of a two-column TSV file, as (1-based line, first, second);
/// blank lines and `#` comments skipped.
pub(super) fn two_columns<'t>(
    text: &'t str,
    path: &Path,
) -> Result<Vec<(usize, &'t str, &'t str)>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [a, b] = f[..] else {
            return Err(Error::Lexicon {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("expected 2 tab-separated columns, found {}", f.len()),
            });
        };
        rows.push((i + 1, a, b));
    }
    Ok(rows)
}

fn multi(field: Option<&str>) -> impl Iterator<Item = &str> {
    field
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Ordinary lowercase English words (`common_words.txt`).
pub(super) fn common_words() -> HashSet<&'static str> {
    data_lines(COMMON_WORDS).map(|(_, l)| l).collect()
}

impl LexiconBuilder {
    /// Loads every built-in data file.
    pub(super) fn load_builtin(&mut self) -> Result<()> {
        let path = |name: &str| PathBuf::from(format!("<built-in>/src/lexicon/data/{name}"));
        // Countries.
        for (line, l) in data_lines(COUNTRIES) {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() < 2 || f[0].len() != 3 {
                return Err(Error::Lexicon {
                    path: path("countries.tsv"),
                    line,
                    message: "expected alpha3, name, alternates, demonyms, capitals".into(),
                });
            }
            let iso = f[0].to_string();
            let name = f[1].to_string();
            self.countries.insert(
                iso.clone(),
                Country {
                    iso: iso.clone(),
                    name: name.clone(),
                },
            );
            let key = format!("country:{iso}");
            let entry = |kind| GazEntry {
                kind,
                entity_type: EntityType::Country,
                canonical: name.clone(),
                key: key.clone(),
                iso: Some(iso.clone()),
            };
            let mut names = vec![f[1]];
            names.extend(multi(f.get(2).copied()));
            self.add_entry(entry(GazKind::CountryName), names);
            self.add_entry(entry(GazKind::Demonym), multi(f.get(3).copied()));
            for cap in multi(f.get(4).copied()) {
                // A capital is a city that stands for its state when it acts;
                // the extractor decides which reading applies.
                self.add_entry(
                    GazEntry {
                        kind: GazKind::Capital,
                        entity_type: EntityType::Location,
                        canonical: cap.to_string(),
                        key: format!("location:{}", normalize(cap)),
                        iso: Some(iso.clone()),
                    },
                    [cap],
                );
            }
        }
        // Organizations.
        for (line, l) in data_lines(ORGANIZATIONS) {
            let f: Vec<&str> = l.split('\t').collect();
            let Some(ty) = f.get(1).and_then(|t| EntityType::parse(t.trim())) else {
                return Err(Error::Lexicon {
                    path: path("organizations.tsv"),
                    line,
                    message: "expected name, type (organization|group), aliases, stands_for, country, weak_aliases".into(),
                });
            };
            let name = f[0].trim().to_string();
            let stands_for = f.get(3).map(|s| s.trim()).filter(|s| !s.is_empty());
            let country = f.get(4).map(|s| s.trim()).filter(|s| !s.is_empty());
            let (kind, entity_type, canonical, key, iso) = match stands_for {
                Some(iso) => {
                    let cname = self
                        .countries
                        .get(iso)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| iso.to_string());
                    (
                        GazKind::StateBody,
                        EntityType::Country,
                        cname,
                        format!("country:{iso}"),
                        Some(iso.to_string()),
                    )
                }
                None => (
                    GazKind::Organization,
                    ty,
                    name.clone(),
                    format!("{}:{}", ty.as_str(), normalize(&name)),
                    country.map(str::to_string),
                ),
            };
            let mut forms = vec![name.as_str()];
            forms.extend(multi(f.get(2).copied()));
            let entry = GazEntry {
                kind,
                entity_type,
                canonical,
                key,
                iso,
            };
            let weak: Vec<&str> = multi(f.get(5).copied()).collect();
            if !weak.is_empty() {
                let mut w = entry.clone();
                w.kind = GazKind::WeakAlias;
                self.add_entry(w, weak);
            }
            self.add_entry(entry, forms);
        }
        // Regions and cities.
        for (file, text, kind) in [
            ("regions.tsv", REGIONS, GazKind::Region),
            ("cities.tsv", CITIES, GazKind::City),
        ] {
            for (line, l) in data_lines(text) {
                let f: Vec<&str> = l.split('\t').collect();
                if f.len() < 2 || f[0].trim().is_empty() {
                    return Err(Error::Lexicon {
                        path: path(file),
                        line,
                        message: "expected name and alpha3".into(),
                    });
                }
                let name = f[0].trim();
                let iso = f[1].trim();
                let alternates = f.get(3);
                let mut forms = vec![name];
                forms.extend(multi(alternates.copied()));
                self.add_entry(
                    GazEntry {
                        kind,
                        entity_type: EntityType::Location,
                        canonical: name.to_string(),
                        key: format!("location:{}", normalize(name)),
                        iso: (!iso.is_empty()).then(|| iso.to_string()),
                    },
                    forms,
                );
            }
        }
        for (_, l) in data_lines(GIVEN_NAMES) {
            let mut f = l.split('\t');
            let name = f.next().unwrap_or("").trim();
            let g = match f.next().map(str::trim) {
                Some("m") => Gender::Male,
                Some("f") => Gender::Female,
                _ => Gender::Unknown,
            };
            if !name.is_empty() {
                self.given_names.insert(name.to_string(), g);
            }
        }
        for (line, l) in data_lines(TITLES) {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() != 2 {
                return Err(Error::Lexicon {
                    path: path("titles.tsv"),
                    line,
                    message: "expected phrase and relation".into(),
                });
            }
            let tokens = phrase_tokens(f[0]);
            let relation = (f[1] != "-").then(|| f[1].to_string());
            if let Some(first) = tokens.first() {
                self.titles.entry(first.clone()).or_default().push(Title {
                    tokens: tokens.clone(),
                    relation,
                });
            }
        }
        for (line, l) in data_lines(TRIGGERS) {
            parse_trigger_line(l)
                .map_err(|message| Error::Lexicon {
                    path: path("triggers.tsv"),
                    line,
                    message,
                })?
                .into_iter()
                .for_each(|t| self.add_trigger(t));
        }
        for (line, l) in data_lines(CUES) {
            let f: Vec<&str> = l.split('\t').collect();
            match (f.first(), f.get(1).and_then(|t| EntityType::parse(t))) {
                (Some(w), Some(t)) => {
                    self.cues.insert(w.to_string(), t);
                }
                _ => {
                    return Err(Error::Lexicon {
                        path: path("cues.tsv"),
                        line,
                        message: "expected word and type".into(),
                    });
                }
            }
        }
        for (line, l) in data_lines(SPORTS) {
            let f: Vec<&str> = l.split('\t').collect();
            let kind = match f.get(1).copied() {
                Some("role") => SportsWord::Role,
                Some("fixture") => SportsWord::Fixture,
                Some("event") => SportsWord::Event,
                Some("club") => SportsWord::Club,
                _ => {
                    return Err(Error::Lexicon {
                        path: path("sports.tsv"),
                        line,
                        message: "expected word and kind (role, fixture, club or event)".into(),
                    });
                }
            };
            self.sports.insert(f[0].trim().to_lowercase(), kind);
        }
        for (line, l) in data_lines(DESCRIPTIONS) {
            let f: Vec<&str> = l.split('\t').collect();
            let kind = match f.get(1).copied() {
                Some("force") => Description::Force,
                Some("force-mod") => Description::ForceModifier,
                Some("org") => Description::Org,
                Some("place") => Description::Place,
                Some("member") => Description::Member,
                Some("mod") => Description::Modifier,
                _ => {
                    return Err(Error::Lexicon {
                        path: path("descriptions.tsv"),
                        line,
                        message:
                            "expected word and kind (force, force-mod, org, place, member or mod)"
                                .into(),
                    });
                }
            };
            self.descriptions.insert(f[0].trim().to_lowercase(), kind);
        }
        for (_, l) in data_lines(STOPWORDS) {
            self.stopwords.insert(l.trim().to_string());
            self.stopwords.insert(l.trim().to_uppercase());
        }
        Ok(())
    }
}

/// Parses one `triggers.tsv` line (also used for user triggers).
pub fn parse_trigger_line(l: &str) -> std::result::Result<Vec<Trigger>, String> {
    let f: Vec<&str> = l.split('\t').collect();
    if f.len() != 5 {
        return Err("expected relation, class, cameo, pos, forms".into());
    }
    let pos = parse_pos(f[3])?;
    check_class(f[1])?;
    Ok(multi(Some(f[4]))
        .map(|form| Trigger {
            tokens: phrase_tokens(form),
            relation: f[0].to_string(),
            class: f[1].to_string(),
            cameo: f[2].to_string(),
            pos,
        })
        .collect())
}
