//! Scores the embedded tagger, lemmatizer and parser on a UD treebank file
//! with gold tokens (predicted tags, as in use): UPOS, XPOS, lemma, UAS, LAS.
//!
//! ```sh
//! cargo run --release --example eval_ewt -- ../shared/resources/ud-english-ewt/en_ewt-ud-test.conllu
//! ```

use newsgraph::syntax::{conllu, eval, model, parser};
use std::path::PathBuf;

fn main() -> Result<(), newsgraph::Error> {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/resources/ud-english-ewt/en_ewt-ud-test.conllu".into()),
    );
    let gold = conllu::read_file(&path)?;
    let m = model::embedded()?;
    let p = parser::Parser::embedded()?;
    let mut pred = gold.clone();
    for s in &mut pred {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = m.tagger.tag(&forms);
        let words: Vec<parser::ParseWord> = forms
            .iter()
            .zip(&tags)
            .map(|(f, (u, x))| parser::ParseWord::new(f, u.as_str(), x.as_str()))
            .collect();
        let tree = p.parse(&words);
        let lemmas: Vec<String> = forms
            .iter()
            .zip(&tags)
            .map(|(f, (u, x))| m.lemmatizer.lemma(f, *u, *x).into_owned())
            .collect();
        for (((w, (u, x)), (h, d)), l) in s.words.iter_mut().zip(tags).zip(tree).zip(lemmas) {
            w.upos = u.as_str().into();
            w.xpos = x.as_str().into();
            w.lemma = l;
            w.head = h;
            w.deprel = d.as_str().into();
        }
    }
    println!("{}", eval::evaluate(&gold, &pred)?);
    Ok(())
}
