//! The vocabulary: entity types, relation classes and what is known about
//! each relation, kept once for the whole crate.
//!
//! The lexicon checks its triggers against [`Class`], the extractor asks
//! [`is_symmetric`] and [`Class::objectless`], the record and the graph carry
//! [`EntityType`], [`Class`] and [`Relation`] values, and the diagram
//! exporters colour edges by [`Class::family`]. Nothing else keeps a copy of
//! these lists.

use serde::{Deserialize, Serialize};

/// The kind of an entity.
///
/// The order of the variants is meaningful: when documents disagree on an
/// entity's type, the graph takes the most frequent type and breaks ties in
/// this order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A named person.
    Person,
    /// A state (also when named by its capital, a demonym or a government body).
    Country,
    /// An organization: international body, ministry, company, party.
    #[value(alias = "organisation")]
    Organization,
    /// A place that is not a country: city, region, sea.
    Location,
    /// An armed or political group, or a nationality acting as an actor.
    Group,
    /// Anything else.
    Other,
}

impl EntityType {
    /// Every type, in legend order (the order of the variants).
    pub const ALL: [EntityType; 6] = [
        EntityType::Person,
        EntityType::Country,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Group,
        EntityType::Other,
    ];

    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Country => "country",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Group => "group",
            EntityType::Other => "other",
        }
    }

    /// Parses the lowercase name (`organisation` is accepted too).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "organisation" => Some(EntityType::Organization),
            _ => Self::ALL.into_iter().find(|t| t.as_str() == s),
        }
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The class of a relation: a PLOVER event class, or one of the two
/// structural classes (`AFFILIATION`, `LOCATED_IN`).
///
/// Classes are ordered by name, so sorted output (edges, facts) keeps the
/// order it had when classes were strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Class {
    /// Agreeing, signing.
    Agree,
    /// Talks, meetings, visits, calls, mediation.
    Consult,
    /// Support, praise.
    Support,
    /// Concessions.
    Concede,
    /// Cooperation.
    Cooperate,
    /// Material aid.
    Aid,
    /// Withdrawal.
    Retreat,
    /// Demands and appeals.
    Request,
    /// Accusations and criticism.
    Accuse,
    /// Rejection.
    Reject,
    /// Threats and warnings.
    Threaten,
    /// Protests.
    Protest,
    /// Sanctions.
    Sanction,
    /// Deployments.
    Mobilize,
    /// Coercion.
    Coerce,
    /// Attacks and fighting.
    Assault,
    /// Roles and memberships: who belongs to, leads or serves whom.
    Affiliation,
    /// Where an entity is or lies.
    LocatedIn,
}

impl Class {
    /// Every class, in the order the lexicon documents them.
    pub const ALL: [Class; 18] = [
        Class::Agree,
        Class::Consult,
        Class::Support,
        Class::Concede,
        Class::Cooperate,
        Class::Aid,
        Class::Retreat,
        Class::Request,
        Class::Accuse,
        Class::Reject,
        Class::Threaten,
        Class::Protest,
        Class::Sanction,
        Class::Mobilize,
        Class::Coerce,
        Class::Assault,
        Class::Affiliation,
        Class::LocatedIn,
    ];

    /// The name written in files (`CONSULT`, `LOCATED_IN`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Agree => "AGREE",
            Class::Consult => "CONSULT",
            Class::Support => "SUPPORT",
            Class::Concede => "CONCEDE",
            Class::Cooperate => "COOPERATE",
            Class::Aid => "AID",
            Class::Retreat => "RETREAT",
            Class::Request => "REQUEST",
            Class::Accuse => "ACCUSE",
            Class::Reject => "REJECT",
            Class::Threaten => "THREATEN",
            Class::Protest => "PROTEST",
            Class::Sanction => "SANCTION",
            Class::Mobilize => "MOBILIZE",
            Class::Coerce => "COERCE",
            Class::Assault => "ASSAULT",
            Class::Affiliation => "AFFILIATION",
            Class::LocatedIn => "LOCATED_IN",
        }
    }

    /// Parses the name as written in files (exact case).
    pub fn parse(s: &str) -> Option<Class> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Parses a class name, or says which names there are.
    pub fn parse_or_explain(s: &str) -> Result<Class, String> {
        Self::parse(s).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown class {s:?}; one of {}", names.join(" "))
        })
    }

    /// The family of the class, which sets an edge's colour and line.
    pub fn family(self) -> Family {
        match self {
            Class::Consult => Family::Consult,
            Class::Agree
            | Class::Support
            | Class::Concede
            | Class::Cooperate
            | Class::Aid
            | Class::Retreat => Family::Cooperation,
            Class::Request | Class::Accuse | Class::Reject => Family::Verbal,
            Class::Threaten
            | Class::Protest
            | Class::Sanction
            | Class::Mobilize
            | Class::Coerce
            | Class::Assault => Family::Conflict,
            Class::Affiliation | Class::LocatedIn => Family::Structure,
        }
    }

    /// True for classes whose events are recorded without a target when
    /// none is named ("Hungary rejected the plan"); consultations,
    /// deployments and assaults need a target to mean something.
    pub fn objectless(self) -> bool {
        matches!(
            self,
            Class::Reject | Class::Accuse | Class::Support | Class::Protest | Class::Request
        )
    }
}

impl Ord for Class {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Class {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family of a relation class: cooperation or conflict, in words or in
/// deeds, or structure. Diagrams give each family its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// CONSULT: talks, visits, calls.
    Consult,
    /// AGREE, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT.
    Cooperation,
    /// REQUEST, ACCUSE, REJECT: verbal conflict.
    Verbal,
    /// THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT.
    Conflict,
    /// AFFILIATION and LOCATED_IN: structure, not events.
    Structure,
}

/// Relations whose direction does not matter: stored once per pair of
/// entities, the smaller node id first.
const SYMMETRIC: [&str; 3] = ["negotiates_with", "meets_with", "cooperates_with"];

/// True when the direction of `relation` does not matter.
pub fn is_symmetric(relation: &str) -> bool {
    SYMMETRIC.contains(&relation)
}

/// True when `class` names a class whose events may lack a target (see
/// [`Class::objectless`]).
pub fn is_objectless(class: &str) -> bool {
    Class::parse(class).is_some_and(Class::objectless)
}

/// A relation as the record and the graph carry it: its fine name
/// (`mediates`, `foreign_minister_of`), its class and, where one fits, its
/// CAMEO code. Serialized as the three fields `relation`, `class`, `cameo`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// Fine relation name.
    #[serde(rename = "relation")]
    pub name: String,
    /// PLOVER class or `AFFILIATION` / `LOCATED_IN`.
    pub class: Class,
    /// CAMEO code, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
}

impl Relation {
    /// Looks a relation up from its three parts as the lexicon and the
    /// extractor spell them (an empty CAMEO code is none); `None` when the
    /// class is unknown.
    pub fn lookup(name: &str, class: &str, cameo: &str) -> Option<Relation> {
        Some(Relation {
            name: name.to_string(),
            class: Class::parse(class)?,
            cameo: (!cameo.is_empty()).then(|| cameo.to_string()),
        })
    }

    /// True when the direction of the relation does not matter.
    pub fn symmetric(&self) -> bool {
        is_symmetric(&self.name)
    }
}

/// How a speech verb is read by the extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SpeechVerb {
    word: &'static str,
    /// A name right before it is a person's ("Rios said").
    after_name: bool,
    /// It attributes the relations of its sentence to its subject
    /// (`attributed_to`).
    attributes: bool,
}

const fn speech(word: &'static str, after_name: bool, attributes: bool) -> SpeechVerb {
    SpeechVerb {
        word,
        after_name,
        attributes,
    }
}

/// Speech verbs, and which of the two readings each takes part in.
const SPEECH: [SpeechVerb; 19] = [
    speech("according", false, true),
    speech("added", true, true),
    speech("announced", true, true),
    speech("argued", true, true),
    speech("asked", true, false),
    speech("claimed", false, true),
    speech("declared", true, true),
    speech("explained", true, true),
    speech("insisted", true, true),
    speech("noted", true, true),
    speech("replied", true, false),
    speech("said", true, true),
    speech("says", true, true),
    speech("stated", true, true),
    speech("told", true, true),
    speech("tweeted", true, false),
    speech("urged", true, false),
    speech("warned", true, false),
    speech("wrote", true, false),
];

/// True when a capitalized name right before the lowercase word `w` is a
/// person's name ("Rios said").
pub fn is_speech_after_name(w: &str) -> bool {
    SPEECH.iter().any(|s| s.after_name && s.word == w)
}

/// True when the lowercase word `w` attributes the relations of its sentence
/// to a speaker ("Oman mediated, the minister said").
pub fn is_attribution_verb(w: &str) -> bool {
    SPEECH.iter().any(|s| s.attributes && s.word == w)
}

/// The relation as a label: underscores as spaces, `not ` when negated,
/// `former ` for a past role.
pub fn relation_label(relation: &str, negated: bool, past: bool) -> String {
    relation_label_raw(&relation.replace('_', " "), negated, past)
}

/// The relation name with `not ` when negated and `former ` for a past role
/// (the networkx edge key).
pub fn relation_label_raw(relation: &str, negated: bool, past: bool) -> String {
    match (negated, past) {
        (false, false) => relation.to_string(),
        (true, false) => format!("not {relation}"),
        (false, true) => format!("former {relation}"),
        (true, true) => format!("not former {relation}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(EntityType::parse(t.as_str()), Some(t));
        }
        assert_eq!(
            EntityType::parse("organisation"),
            Some(EntityType::Organization)
        );
        assert_eq!(EntityType::parse("thing"), None);
        for c in Class::ALL {
            assert_eq!(Class::parse(c.as_str()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        assert!(Class::parse_or_explain("consult").is_err());
    }

    #[test]
    fn families_and_properties() {
        assert_eq!(Class::Consult.family(), Family::Consult);
        assert_eq!(Class::Assault.family(), Family::Conflict);
        assert_eq!(Class::LocatedIn.family(), Family::Structure);
        assert!(is_symmetric("meets_with") && !is_symmetric("mediates"));
        assert!(is_objectless("REJECT") && !is_objectless("ASSAULT"));
        assert!(is_speech_after_name("tweeted") && !is_attribution_verb("tweeted"));
        assert!(is_attribution_verb("according") && !is_speech_after_name("according"));
    }

    #[test]
    fn relations_serialize_as_three_fields() {
        let r = Relation::lookup("mediates", "CONSULT", "").unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"relation":"mediates","class":"CONSULT"}"#
        );
        assert!(Relation::lookup("x", "NOPE", "").is_none());
    }
}
