//! A small indenting XML writer shared by GEXF and GraphML.
//!
//! Text from the graph may hold anything; XML 1.0 forbids U+0000–U+0008,
//! U+000B, U+000C, U+000E–U+001F, U+FFFE and U+FFFF outright (a form feed
//! from scraped news makes the whole file unreadable), so those are removed.
//! quick-xml escapes `& < > " '`; in attribute values tab, line feed and
//! carriage return are also written as character references so a parser's
//! attribute-value normalization does not turn them into spaces.

use quick_xml::escape::escape;

/// True for a character XML 1.0 allows.
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// `s` without the characters XML 1.0 forbids.
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// `s` with whitespace runs collapsed to one space and trimmed (the value
/// space of `xsd:token`, used for GEXF `label` and `kind`).
pub(crate) fn collapse(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes an attribute value (to be put between double quotes).
pub(crate) fn escape_attr(s: &str) -> String {
    let escaped = escape(clean(s));
    let mut out = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes character data.
pub(crate) fn escape_text(s: &str) -> String {
    escape(clean(s)).replace('\r', "&#13;")
}

/// An XML document under construction, indented by two spaces.
pub(crate) struct XmlWriter {
    out: String,
    depth: usize,
}

impl XmlWriter {
    /// Starts a UTF-8 document with its declaration.
    pub(crate) fn new() -> Self {
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape_attr(v));
            self.out.push('"');
        }
    }

    /// `<name a="v">` and one level deeper.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// `<name a="v"/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name a="v">text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape_text(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `</name>` one level up.
    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// The document's bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_table() {
        for (raw, attr, text) in [
            ("plain", "plain", "plain"),
            (
                "a<b>&\"c'",
                "a&lt;b&gt;&amp;&quot;c&apos;",
                "a&lt;b&gt;&amp;&quot;c&apos;",
            ),
            ("form\u{c}feed\u{0}\u{1f}", "formfeed", "formfeed"),
            ("x\u{FFFE}\u{FFFF}y", "xy", "xy"),
            ("t\tn\nr\r", "t&#9;n&#10;r&#13;", "t\tn\nr&#13;"),
            (
                "Erdoğan 🙂 ناحية \u{85}",
                "Erdoğan 🙂 ناحية \u{85}",
                "Erdoğan 🙂 ناحية \u{85}",
            ),
        ] {
            assert_eq!(escape_attr(raw), attr, "{raw:?}");
            assert_eq!(escape_text(raw), text, "{raw:?}");
        }
        assert_eq!(collapse("  a \n\t b\u{c} "), "a b");
    }

    #[test]
    fn writer_indents() {
        let mut w = XmlWriter::new();
        w.open("a", &[("x", "1")]);
        w.empty("b", &[]);
        w.leaf("c", &[], "t&");
        w.close("a");
        assert_eq!(
            String::from_utf8(w.finish()).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\">\n  <b/>\n  <c>t&amp;</c>\n</a>\n"
        );
    }
}
