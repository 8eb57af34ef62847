//! CoNLL-U reading and writing (Universal Dependencies format).
//!
//! A sentence is a list of syntactic words (the integer-id lines). Multiword
//! token lines (`3-4`) are kept apart so that the surface text can be
//! rebuilt and evaluation can align on it; empty nodes (`5.1`, enhanced
//! graphs only) are skipped when reading, as the basic tree does not use
//! them. Comments (`# text = …`) are kept verbatim.

use crate::error::{Error, Result};
use std::io::{BufRead, Write};
use std::path::Path;

/// One syntactic word: the ten CoNLL-U columns, `_` kept as is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// Surface form of the word.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal part of speech (`NOUN`, `VERB`, …).
    pub upos: String,
    /// Language-specific part of speech (Penn tags in EWT).
    pub xpos: String,
    /// Morphological features, `_` when none.
    pub feats: String,
    /// 1-based index of the head word in the sentence, 0 for the root.
    pub head: usize,
    /// Dependency relation, with any subtype (`nmod:poss`).
    pub deprel: String,
    /// Enhanced dependencies column, verbatim.
    pub deps: String,
    /// Miscellaneous column, verbatim (`SpaceAfter=No`, …).
    pub misc: String,
}

/// A multiword token line ("don't" over the words `do` and `n't` in some
/// treebanks; EWT uses them for e.g. "cannot", "gonna").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// 1-based id of the first word it covers.
    pub first: usize,
    /// 1-based id of the last word it covers (inclusive).
    pub last: usize,
    /// The surface form.
    pub form: String,
    /// Miscellaneous column.
    pub misc: String,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `# `.
    pub comments: Vec<String>,
    /// The syntactic words, in order; word `i` has id `i + 1`.
    pub words: Vec<Word>,
    /// Multiword tokens, in order.
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The `# text = …` comment, if any.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| c.strip_prefix("text = "))
    }

    /// The deprel without its subtype (`nmod:poss` → `nmod`), as the CoNLL
    /// 2018 evaluation compares them.
    pub fn universal_deprel(deprel: &str) -> &str {
        deprel.split(':').next().unwrap_or(deprel)
    }
}

fn parse_err(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Reads every sentence of a CoNLL-U stream. `path` names the source in
/// errors, which give its 1-based line.
pub fn read(input: impl BufRead, path: &Path) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // The line of each word of `cur`, for errors found at its end.
    let mut lines: Vec<usize> = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                check_heads(&cur, path, &lines)?;
                out.push(std::mem::take(&mut cur));
                lines.clear();
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments
                .push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(parse_err(
                path,
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node (enhanced dependencies only)
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(parse_err(path, lineno, format!("bad token range {id:?}")));
            };
            cur.multiword.push(MultiwordToken {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let Ok(n) = id.parse::<usize>() else {
            return Err(parse_err(path, lineno, format!("bad word id {id:?}")));
        };
        if n != cur.words.len() + 1 {
            return Err(parse_err(
                path,
                lineno,
                format!(
                    "word id {n} out of sequence (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse::<usize>()
                .map_err(|_| parse_err(path, lineno, format!("bad head {:?}", cols[6])))?
        };
        lines.push(lineno);
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        check_heads(&cur, path, &lines)?;
        out.push(cur);
    }
    Ok(out)
}

fn check_heads(s: &Sentence, path: &Path, lines: &[usize]) -> Result<()> {
    let n = s.words.len();
    match s.words.iter().position(|w| w.head > n) {
        Some(i) => Err(parse_err(
            path,
            lines[i],
            format!(
                "word {} has head {} beyond the sentence",
                i + 1,
                s.words[i].head
            ),
        )),
        None => Ok(()),
    }
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read(std::io::BufReader::new(f), path)
}

/// Writes sentences in CoNLL-U, multiword token lines before their words.
pub fn write(out: &mut impl Write, sentences: &[Sentence]) -> std::io::Result<()> {
    for s in sentences {
        for c in &s.comments {
            writeln!(out, "# {c}")?;
        }
        let mut mwt = s.multiword.iter().peekable();
        for (i, w) in s.words.iter().enumerate() {
            let id = i + 1;
            while let Some(m) = mwt.next_if(|m| m.first <= id) {
                writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    m.first, m.last, m.form, m.misc
                )?;
            }
            writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                w.form, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel, w.deps, w.misc
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = They can't stop.\n\
1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\
4\tstop\tstop\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_tokens_and_skips_empty_nodes() {
        let s = read(SAMPLE.as_bytes(), Path::new("t.conllu")).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text(), Some("They can't stop."));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiword[0].form, "can't");
        assert_eq!(s[0].words[3].deprel, "root");
        let mut out = Vec::new();
        write(&mut out, &s).unwrap();
        let again = read(out.as_slice(), Path::new("t.conllu")).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "1\tA\ta\tDET\tDT\t_\t9\tdet\t_\t_\n\n";
        let e = read(bad.as_bytes(), Path::new("x.conllu")).unwrap_err();
        assert!(e.to_string().starts_with("x.conllu:1:"), "{e}");
        let bad = "1\tA\ta\n";
        let e = read(bad.as_bytes(), Path::new("x.conllu")).unwrap_err();
        assert!(e.to_string().starts_with("x.conllu:1:"), "{e}");
    }
}
