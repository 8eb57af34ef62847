//! The syntax backbone from the library: text in, sentences of analysed
//! words out (part of speech, lemma, head and relation), each word a byte
//! range of the text.
//!
//! ```sh
//! cargo run --release --example syntax -- "Ghana agreed to host talks between Mali and Niger."
//! ```

use newsgraph::syntax::analyze::Analyzer;

fn main() -> Result<(), newsgraph::Error> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "Troops loyal to the council seized the airport on Monday. \
         The ceasefire brokered by Ghana collapsed hours later."
            .to_string()
    });
    let analyzer = Analyzer::embedded()?;
    for sentence in analyzer.analyze(&text) {
        println!("{}", &text[sentence.span.clone()]);
        for (i, w) in sentence.words.iter().enumerate() {
            let head = match sentence.head_of(i) {
                Some(h) => sentence.words[h].form,
                None => "ROOT",
            };
            println!(
                "  {:>2} {:<12} {:<10} {:<5} {:<10} <- {}",
                i + 1,
                w.form,
                w.lemma,
                w.upos.as_str(),
                w.deprel.as_str(),
                head
            );
        }
    }
    Ok(())
}
