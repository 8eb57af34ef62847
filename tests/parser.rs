//! The dependency parser learns: a tiny model trained on the first 200
//! sentences of UD English EWT beats attaching every word to the previous
//! one on the development set. Skipped (with a notice) when the treebank
//! is not beside the repository.

use newsgraph::syntax::conllu;
use newsgraph::syntax::parser::{self, TrainOptions};
use std::path::PathBuf;

fn treebank() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/resources/ud-english-ewt");
    dir.join("en_ewt-ud-train.conllu").exists().then_some(dir)
}

#[test]
fn tiny_parser_beats_attach_to_previous_word() {
    let Some(dir) = treebank() else {
        eprintln!("skipped: UD English EWT not found beside the repository");
        return;
    };
    let train = conllu::read_file(&dir.join("en_ewt-ud-train.conllu")).expect("train");
    let dev = conllu::read_file(&dir.join("en_ewt-ud-dev.conllu")).expect("dev");
    let opts = TrainOptions {
        epochs: 5,
        ..TrainOptions::default()
    };
    let model = parser::train(&train[..200], &opts);
    let sc = parser::evaluate(&model, &dev);

    let (mut words, mut prev) = (0usize, 0usize);
    for s in &dev {
        for (i, w) in s.words.iter().enumerate() {
            words += 1;
            if w.head == i {
                prev += 1; // head is the previous word (or root for the first)
            }
        }
    }
    let baseline = 100.0 * prev as f64 / words as f64;
    eprintln!(
        "tiny parser: dev UAS {:.1} LAS {:.1}; attach-to-previous UAS {baseline:.1}",
        sc.uas(),
        sc.las()
    );
    assert!(sc.uas() > baseline + 25.0, "UAS {} vs {baseline}", sc.uas());
    assert!(sc.las() > 55.0, "LAS {}", sc.las());

    // The model survives its file format and training is reproducible.
    let bytes = model.to_bytes();
    let again = parser::Parser::from_bytes(&bytes).expect("round trip");
    assert_eq!(again.to_bytes(), bytes);
    assert_eq!(parser::train(&train[..200], &opts).to_bytes(), bytes);
}

#[test]
fn embedded_parser_reads_a_news_sentence() {
    use newsgraph::syntax::parser::{ParseWord, Parser};
    let parser = Parser::embedded().expect("embedded parser model");
    let tagger = &newsgraph::syntax::model::embedded()
        .expect("embedded tagger model")
        .tagger;
    let forms = [
        "Rebels", "seized", "the", "northern", "port", "on", "Monday", ".",
    ];
    let tags = tagger.tag(&forms);
    let words: Vec<ParseWord> = forms
        .iter()
        .zip(&tags)
        .map(|(f, (u, x))| ParseWord::new(f, u.as_str(), x.as_str()))
        .collect();
    let out = parser.parse(&words);
    let rel = |i: usize| (out[i].0, out[i].1.as_str());
    assert_eq!(rel(1), (0, "root"), "{out:?}");
    assert_eq!(rel(0), (2, "nsubj"), "{out:?}");
    assert_eq!(rel(4), (2, "obj"), "{out:?}");
    assert_eq!(rel(6).0, 2, "{out:?}");
}
