//! Scores the embedded tagger, lemmatizer and parser on a UD treebank file
//! with gold tokens (predicted tags, as in use): UPOS, XPOS, lemma, UAS, LAS.
//!
//! ```sh
//! cargo run --release --example eval_ewt -- ../shared/resources/ud-english-ewt/en_ewt-ud-test.conllu
//! ```
//!
//! With `--bench [ROUNDS]` (default 10) it measures speed instead, on one
//! core: each round tags, lemmatises and parses every sentence of the file
//! (gold tokens, buffers reused), and the best round is reported in tokens
//! per second, for tagging + lemmas, parsing alone and the three together.
//!
//! ```sh
//! cargo run --release --example eval_ewt -- --bench 20
//! ```

use newsgraph::syntax::tagger::{Upos, Xpos};
use newsgraph::syntax::{conllu, eval, model, parser};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), newsgraph::Error> {
    let mut path = PathBuf::from("../shared/resources/ud-english-ewt/en_ewt-ud-test.conllu");
    let mut bench: Option<usize> = None;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(a) = args.next() {
        if a == "--bench" {
            let rounds = args.next_if(|r| r.parse::<usize>().is_ok());
            bench = Some(rounds.map_or(10, |r| r.parse().unwrap_or(10)));
        } else {
            path = PathBuf::from(a);
        }
    }
    let gold = conllu::read_file(&path)?;
    if let Some(rounds) = bench {
        return run_bench(&gold, rounds.max(1));
    }
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

/// Times `rounds` passes over `gold` and prints the best one's speeds.
fn run_bench(gold: &[conllu::Sentence], rounds: usize) -> Result<(), newsgraph::Error> {
    let t0 = Instant::now();
    let m = model::embedded()?;
    let p = parser::Parser::embedded()?;
    let load = t0.elapsed();
    let sents: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n_tokens: usize = sents.iter().map(Vec::len).sum();
    // Tags of every sentence, for timing the parser alone.
    let all_tags: Vec<Vec<(Upos, Xpos)>> = sents.iter().map(|f| m.tagger.tag(f)).collect();
    let mut ws = parser::Workspace::default();
    let mut tags: Vec<(Upos, Xpos)> = Vec::new();
    let mut words: Vec<parser::ParseWord> = Vec::new();
    let mut check = 0usize;
    let (mut best_tag, mut best_parse, mut best_all) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..rounds {
        // Tagging and lemmas.
        let t = Instant::now();
        for f in &sents {
            tags.clear();
            m.tagger.tag_into(f, &mut tags);
            for (w, &(u, x)) in f.iter().zip(&tags) {
                check += m.lemmatizer.lemma(w, u, x).len();
            }
        }
        best_tag = best_tag.min(t.elapsed().as_secs_f64());
        // Parsing alone, on the tags of the tagger.
        let t = Instant::now();
        for (f, tg) in sents.iter().zip(&all_tags) {
            words.clear();
            words.extend(
                f.iter()
                    .zip(tg)
                    .map(|(w, (u, x))| parser::ParseWord::new(w, u.as_str(), x.as_str())),
            );
            check += p.parse_with(&words, &mut ws)[0].0;
        }
        best_parse = best_parse.min(t.elapsed().as_secs_f64());
        // All three together.
        let t = Instant::now();
        for f in &sents {
            tags.clear();
            m.tagger.tag_into(f, &mut tags);
            for (w, &(u, x)) in f.iter().zip(&tags) {
                check += m.lemmatizer.lemma(w, u, x).len();
            }
            words.clear();
            words.extend(
                f.iter()
                    .zip(&tags)
                    .map(|(w, (u, x))| parser::ParseWord::new(w, u.as_str(), x.as_str())),
            );
            check += p.parse_with(&words, &mut ws)[0].0;
        }
        best_all = best_all.min(t.elapsed().as_secs_f64());
    }
    let rate = |s: f64| n_tokens as f64 / s;
    println!(
        "tokens {n_tokens}  rounds {rounds}  load {:.1} ms  (check {check})",
        load.as_secs_f64() * 1e3
    );
    println!("tagger+lemma  {:>9.0} tok/s", rate(best_tag));
    println!("parser        {:>9.0} tok/s", rate(best_parse));
    println!("tag+lemma+parse {:>7.0} tok/s", rate(best_all));
    Ok(())
}
