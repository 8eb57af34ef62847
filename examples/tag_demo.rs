//! Tokenizes, tags and lemmatizes raw text from standard input with the
//! embedded model, one sentence per block, one token per line:
//! byte offsets, form, UPOS, XPOS, lemma.
//!
//! ```text
//! echo "DOHA, March 4 (Reuters) - Qatar said it had brokered a truce." | \
//!     cargo run --release --example tag_demo
//! ```

use newsgraph::syntax::{model, tokenize};
use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let m = model::embedded()?;
    for sentence in tokenize::sentences(&text) {
        let forms = sentence.forms(&text);
        let tags = m.tagger.tag(&forms);
        for ((token, form), &(upos, xpos)) in sentence.tokens.iter().zip(&forms).zip(&tags) {
            let lemma = m.lemmatizer.lemma(form, upos, xpos);
            println!(
                "{}..{}\t{form}\t{upos}\t{xpos}\t{lemma}",
                token.start, token.end
            );
        }
        println!();
    }
    Ok(())
}
