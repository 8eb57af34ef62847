//! Visual conventions shared by the diagram formats (DOT, GEXF): one shape
//! and fill colour per entity type, one colour per relation-class family
//! (the types and families themselves are in [`crate::ontology`]).

use crate::ontology::{EntityType, Family};

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB`.
    pub(crate) fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Graphviz shape of a node type.
pub(crate) fn shape(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "ellipse",
        EntityType::Country => "box",
        EntityType::Organization => "hexagon",
        EntityType::Location => "house",
        EntityType::Group => "octagon",
        EntityType::Other => "note",
    }
}

/// Fill colour of a node type (light, so black text stays readable).
pub(crate) fn fill(kind: EntityType) -> Rgb {
    match kind {
        EntityType::Person => Rgb(0xAE, 0xD6, 0xF1),
        EntityType::Country => Rgb(0xF9, 0xE7, 0x9F),
        EntityType::Organization => Rgb(0xA9, 0xDF, 0xBF),
        EntityType::Location => Rgb(0xF5, 0xCB, 0xA7),
        EntityType::Group => Rgb(0xD7, 0xBD, 0xE2),
        EntityType::Other => Rgb(0xE5, 0xE7, 0xE9),
    }
}

/// Line colour of a class family.
pub(crate) fn edge_colour(f: Family) -> Rgb {
    match f {
        Family::Consult => Rgb(0x21, 0x71, 0xB5),
        Family::Cooperation => Rgb(0x1E, 0x84, 0x49),
        Family::Verbal => Rgb(0xD3, 0x54, 0x00),
        Family::Conflict => Rgb(0xC0, 0x39, 0x2B),
        Family::Structure => Rgb(0x80, 0x80, 0x80),
    }
}

pub(crate) use crate::ontology::relation_label;

/// Node size for a mention count: grows with the logarithm, from 10.
pub(crate) fn node_size(mentions: usize) -> f64 {
    10.0 + 5.0 * (1.0 + mentions as f64).ln()
}

/// Line width for an evidence count: 1 + ln(weight), at most 6.
pub(crate) fn pen_width(weight: usize) -> f64 {
    (1.0 + (weight.max(1) as f64).ln()).min(6.0)
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ontology::Class;

    #[test]
    fn families_and_widths() {
        assert_eq!(edge_colour(Class::Consult.family()).hex(), "#2171B5");
        assert_eq!(pen_width(1), 1.0);
        assert_eq!(pen_width(1_000_000), 6.0);
        assert_eq!(
            relation_label("negotiates_with", true, false),
            "not negotiates with"
        );
        assert_eq!(
            relation_label("foreign_minister_of", false, true),
            "former foreign minister of"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(Rgb(1, 0xAB, 255).hex(), "#01ABFF");
    }
}
