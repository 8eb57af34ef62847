//! Trains a tiny tagger and lemmatizer on the first 200 sentences of UD
//! English EWT and checks that they learn: accuracy on 200 dev sentences
//! well above the most-frequent-tag baseline, and the same model bytes
//! on retraining. Skipped, with a notice, when the treebank is absent.

use newsgraph::syntax::conllu::{self, Sentence};
use newsgraph::syntax::lemma::{self, Lemmatizer};
use newsgraph::syntax::model::Model;
use newsgraph::syntax::tagger::{self, TrainOptions};
use std::collections::HashMap;
use std::path::PathBuf;

fn treebank() -> Option<(Vec<Sentence>, Vec<Sentence>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/resources/ud-english-ewt");
    let train = dir.join("en_ewt-ud-train.conllu");
    let dev = dir.join("en_ewt-ud-dev.conllu");
    if !train.exists() || !dev.exists() {
        eprintln!("skipped: UD English EWT not found at {}", dir.display());
        return None;
    }
    let mut train = conllu::read_file(&train).expect("train");
    let mut dev = conllu::read_file(&dev).expect("dev");
    train.truncate(200);
    dev.truncate(200);
    Some((train, dev))
}

#[test]
fn tiny_tagger_learns_and_retrains_identically() {
    let Some((train, dev)) = treebank() else {
        return;
    };
    let opts = TrainOptions {
        iterations: 5,
        min_feature_count: 1,
        ..TrainOptions::default()
    };
    let model = Model {
        tagger: tagger::train(&train, &opts),
        lemmatizer: Lemmatizer::train(&train, &lemma::TrainOptions::default()),
    };

    // Baseline: each word's most frequent UPOS in training, else NOUN.
    let mut counts: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for w in train.iter().flat_map(|s| &s.words) {
        *counts
            .entry(&w.form)
            .or_default()
            .entry(&w.upos)
            .or_default() += 1;
    }
    let (mut n, mut base, mut ours, mut lemmas) = (0, 0, 0, 0);
    for s in &dev {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = model.tagger.tag(&words);
        for (w, (u, x)) in s.words.iter().zip(tags) {
            n += 1;
            let guess = counts
                .get(w.form.as_str())
                .and_then(|m| m.iter().max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t))))
                .map_or("NOUN", |(t, _)| *t);
            base += usize::from(guess == w.upos);
            ours += usize::from(u.as_str() == w.upos);
            lemmas += usize::from(model.lemmatizer.lemma(&w.form, u, x) == w.lemma.as_str());
        }
    }
    let (base, ours, lemmas) = (
        base as f64 / n as f64,
        ours as f64 / n as f64,
        lemmas as f64 / n as f64,
    );
    eprintln!("200 sentences: baseline UPOS {base:.3}, tagger {ours:.3}, lemma {lemmas:.3}");
    assert!(ours > base + 0.05, "tagger {ours:.3} vs baseline {base:.3}");
    assert!(lemmas > 0.85, "lemma {lemmas:.3}");

    // Same inputs, same bytes; and the bytes decode to the same model.
    let bytes = model.to_bytes();
    let again = Model {
        tagger: tagger::train(&train, &opts),
        lemmatizer: Lemmatizer::train(&train, &lemma::TrainOptions::default()),
    };
    assert!(
        bytes == again.to_bytes(),
        "retraining changed the model bytes"
    );
    let decoded = Model::from_bytes(&bytes).expect("decode");
    assert!(
        decoded.to_bytes() == bytes,
        "decode and encode changed the bytes"
    );
}
