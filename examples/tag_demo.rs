//! Tags and lemmatizes sentences given one per line on standard input
//! (words separated by spaces) with the embedded model.
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let m = newsgraph::syntax::model::embedded()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let tags = m.tagger.tag(&words);
        let out: Vec<String> = words
            .iter()
            .zip(&tags)
            .map(|(w, &(u, x))| format!("{w}/{u}/{x}/{}", m.lemmatizer.lemma(w, u, x)))
            .collect();
        println!("{}", out.join(" "));
    }
    Ok(())
}
