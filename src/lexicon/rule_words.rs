//! Closed word lists the rule-based mention and relation finders read
//! (`data/rule_words.tsv`, `data/lead_verbs.tsv`), parsed once on first use.

use super::builtin::two_columns;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

const RULE_WORDS: &str = include_str!("data/rule_words.tsv");
const LEAD_VERBS: &str = include_str!("data/lead_verbs.tsv");

/// A set of lowercase words.
pub type WordSet = HashSet<&'static str>;

/// The word lists of `rule_words.tsv` (one field per list) and the lead
/// verbs of `lead_verbs.tsv`.
#[derive(Debug, Default)]
pub struct RuleWords {
    /// Verbs that give someone a role ("appointed X the envoy").
    pub appoint: WordSet,
    /// Lemmas that report a contest result in sports news ("beat").
    pub contest_verb: WordSet,
    /// Nouns that make "attacked the …" a criticism.
    pub criticism_object: WordSet,
    /// Nouns that, after "the", stand for the current state ("the country").
    pub definite_state: WordSet,
    /// Modifiers between "in" and a place ("northern").
    pub direction: WordSet,
    /// Verbs after which "from P" says where someone was.
    pub from_verb: WordSet,
    /// Verbs before "to" that make the event a plan ("plans to").
    pub intent_verb: WordSet,
    /// Words before a name that make it a place ("in", "near").
    pub locative: WordSet,
    /// Auxiliaries that make the event a plan ("will").
    pub modal: WordSet,
    /// Verbs of motion whose "to P" gives where the mover ends up.
    pub motion: WordSet,
    /// Lowercase particles inside personal names ("al", "van").
    pub name_particle: WordSet,
    /// Words that negate a following trigger ("not", "never").
    pub negation: WordSet,
    /// The last word of a name that makes it a news outlet or platform.
    pub outlet_word: WordSet,
    /// A head noun that alone names no one body ("Council", "Ministry").
    pub generic_head: WordSet,
    /// A word before a title that makes the role a past one ("former").
    pub past_role: WordSet,
    /// Nouns before "of" that make the name after it a place ("city").
    pub place_noun: WordSet,
    /// A lowercase noun just before a name that makes it a body ("the
    /// newspaper X", "broadcaster X", "the firm X").
    pub org_before: WordSet,
    /// A lowercase noun just before a name that makes it a thing, neither
    /// person nor body ("the tanker X", "the film X").
    pub thing_before: WordSet,
    /// Words between a title and its owner ("foreign", "deputy").
    pub title_filler: WordSet,
    /// Verbs of leading or controlling, with the relation each gives
    /// ("founded" → `founded`, "heads" → `leads`, "seized" → `seizes`).
    pub lead_verb: HashMap<&'static str, &'static str>,
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(format!("<built-in>/src/lexicon/data/{name}"))
}

fn parse(rule_words: &'static str, lead_verbs: &'static str) -> Result<RuleWords> {
    let mut w = RuleWords::default();
    let p = path("rule_words.tsv");
    for (line, list, word) in two_columns(rule_words, &p)? {
        let set = match list {
            "appoint" => &mut w.appoint,
            "contest_verb" => &mut w.contest_verb,
            "criticism_object" => &mut w.criticism_object,
            "definite_state" => &mut w.definite_state,
            "direction" => &mut w.direction,
            "from_verb" => &mut w.from_verb,
            "intent_verb" => &mut w.intent_verb,
            "locative" => &mut w.locative,
            "modal" => &mut w.modal,
            "motion" => &mut w.motion,
            "name_particle" => &mut w.name_particle,
            "negation" => &mut w.negation,
            "outlet_word" => &mut w.outlet_word,
            "past_role" => &mut w.past_role,
            "generic_head" => &mut w.generic_head,
            "place_noun" => &mut w.place_noun,
            "org_before" => &mut w.org_before,
            "thing_before" => &mut w.thing_before,
            "title_filler" => &mut w.title_filler,
            other => return Err(bad(&p, line, format!("unknown list {other:?}"))),
        };
        check(word, &p, line)?;
        set.insert(word);
    }
    let p = path("lead_verbs.tsv");
    for (line, verb, relation) in two_columns(lead_verbs, &p)? {
        check(verb, &p, line)?;
        check(relation, &p, line)?;
        if w.lead_verb.insert(verb, relation).is_some() {
            return Err(bad(&p, line, format!("{verb:?} listed twice")));
        }
    }
    Ok(w)
}

fn bad(path: &Path, line: usize, message: String) -> Error {
    Error::Lexicon {
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn check(word: &str, path: &Path, line: usize) -> Result<()> {
    if word.is_empty() || word.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
        return Err(bad(path, line, format!("{word:?} is not a lowercase word")));
    }
    Ok(())
}

static WORDS: LazyLock<RuleWords> = LazyLock::new(|| {
    // The files are embedded: the test below parses them, so this cannot fail
    // in a build whose tests pass.
    parse(RULE_WORDS, LEAD_VERBS).expect("the built-in rule_words.tsv and lead_verbs.tsv parse")
});

/// The built-in word lists.
pub fn rule_words() -> &'static RuleWords {
    &WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_parse_and_none_is_empty() {
        let w = parse(RULE_WORDS, LEAD_VERBS).unwrap();
        for set in [
            &w.appoint,
            &w.contest_verb,
            &w.criticism_object,
            &w.definite_state,
            &w.direction,
            &w.from_verb,
            &w.intent_verb,
            &w.locative,
            &w.modal,
            &w.motion,
            &w.name_particle,
            &w.negation,
            &w.place_noun,
            &w.title_filler,
        ] {
            assert!(!set.is_empty());
        }
        assert_eq!(w.lead_verb.get("heads"), Some(&"leads"));
        assert!(w.modal.contains("’ll"));
    }

    #[test]
    fn unknown_lists_and_bad_words_are_errors() {
        assert!(parse("nonsense\tword\n", "").is_err());
        assert!(parse("negation\tNot\n", "").is_err());
        assert!(parse("", "led\tleads\nled\tleads\n").is_err());
    }
}
