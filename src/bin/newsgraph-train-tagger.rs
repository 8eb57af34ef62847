//! Trains the part-of-speech tagger and lemmatizer on UD English EWT,
//! reports scores on dev and test (gold tokens) and writes the model.
//!
//! ```text
//! cargo run --release --bin newsgraph-train-tagger -- ../shared/resources/ud-english-ewt src/syntax/data/tagger.bin
//! cargo run --release --bin newsgraph-train-tagger -- --bench ../shared/resources/ud-english-ewt
//! ```

use clap::Parser;
use newsgraph::syntax::conllu::{self, Sentence};
use newsgraph::syntax::eval;
use newsgraph::syntax::lemma::{self, Lemmatizer};
use newsgraph::syntax::model::Model;
use newsgraph::syntax::tagger::{self, TrainOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Train the tagger and lemmatizer on a UD treebank folder.
#[derive(Parser)]
#[command(name = "newsgraph-train-tagger")]
struct Args {
    /// Folder with en_ewt-ud-{train,dev,test}.conllu.
    treebank: PathBuf,
    /// Where to write the model (not written when absent).
    output: Option<PathBuf>,
    /// Do not train: measure the embedded model's speed and load time on the test set.
    #[arg(long)]
    bench: bool,
    /// Training passes.
    #[arg(long, default_value_t = TrainOptions::default().iterations)]
    iterations: usize,
    /// Minimum count of a word for an ambiguity class.
    #[arg(long, default_value_t = TrainOptions::default().amb_min_count)]
    amb_min_count: u32,
    /// Period of the case-perturbed copies (0: none).
    #[arg(long, default_value_t = TrainOptions::default().case_period)]
    case_period: usize,
    /// Quantised weights below this magnitude are pruned.
    #[arg(long, default_value_t = TrainOptions::default().min_weight)]
    min_weight: i16,
    /// Minimum count of a word in the tag dictionary.
    #[arg(long, default_value_t = TrainOptions::default().dict_min_count)]
    dict_min_count: u32,
    /// Minimum share of its main tag for a word in the tag dictionary.
    #[arg(long, default_value_t = TrainOptions::default().dict_min_share)]
    dict_min_share: f64,
    /// Features seen fewer times are pruned.
    #[arg(long, default_value_t = TrainOptions::default().min_feature_count)]
    min_feature_count: u32,
    /// Do not train: run the tokenizer, tagger and lemmatizer of the
    /// embedded model on the raw text of dev and test (rebuilt from
    /// `# text`, paragraphs from `# newpar`), write CoNLL-U files to this
    /// folder for `../shared/tools/eval_parse.py`, and report sentence F1.
    #[arg(long)]
    raw: Option<PathBuf>,
    /// Write the predictions on dev and test (gold tokens) as CoNLL-U here.
    #[arg(long)]
    predictions: Option<PathBuf>,
}

fn split(dir: &Path, name: &str) -> newsgraph::Result<Vec<Sentence>> {
    conllu::read_file(&dir.join(format!("en_ewt-ud-{name}.conllu")))
}

/// Predicts tags and lemmas over the gold words of `gold`.
fn predict(model: &Model, gold: &[Sentence]) -> Vec<Sentence> {
    let mut out = gold.to_vec();
    for s in &mut out {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = model.tagger.tag(&words);
        let lemmas: Vec<String> = words
            .iter()
            .zip(&tags)
            .map(|(w, &(u, x))| model.lemmatizer.lemma(w, u, x).into_owned())
            .collect();
        for ((w, (u, x)), l) in s.words.iter_mut().zip(tags).zip(lemmas) {
            w.upos = u.as_str().to_string();
            w.xpos = x.as_str().to_string();
            w.lemma = l;
        }
    }
    out
}

fn run(args: &Args) -> newsgraph::Result<()> {
    if args.bench {
        return bench(args);
    }
    if let Some(dir) = &args.raw {
        return raw(args, dir);
    }
    let t0 = Instant::now();
    let train = split(&args.treebank, "train")?;
    let dev = split(&args.treebank, "dev")?;
    let test = split(&args.treebank, "test")?;
    let opts = TrainOptions {
        iterations: args.iterations,
        amb_min_count: args.amb_min_count,
        case_period: args.case_period,
        min_weight: args.min_weight,
        min_feature_count: args.min_feature_count,
        dict_min_count: args.dict_min_count,
        dict_min_share: args.dict_min_share,
        ..TrainOptions::default()
    };
    let tagger = tagger::train(&train, &opts);
    let t_tag = t0.elapsed();
    let lemmatizer = Lemmatizer::train(&train, &lemma::TrainOptions::default());
    let model = Model { tagger, lemmatizer };
    let bytes = model.to_bytes();
    // Score the model as saved (quantised), decoded from its bytes.
    let model = Model::from_bytes(&bytes)?;
    let (nt, nf, nw) = model.tagger.stats();
    let (ne, nr) = model.lemmatizer.stats();
    eprintln!("lemmatizer: {ne} exceptions, {nr} rules");
    eprintln!(
        "trained in {:.1}s (tagger {:.1}s): {nt} tags, {nf} features, {nw} weights, {} bytes",
        t0.elapsed().as_secs_f64(),
        t_tag.as_secs_f64(),
        bytes.len()
    );
    for (name, gold) in [("dev", &dev), ("test", &test)] {
        let pred = predict(&model, gold);
        let s = eval::evaluate(gold, &pred)?;
        // Heads and relations are copied from gold here: tagger scores only.
        eprintln!(
            "{name:5} words {}  UPOS {:.2}  XPOS {:.2}  lemma {:.2}",
            s.words,
            100.0 * s.upos_acc(),
            100.0 * s.xpos_acc(),
            100.0 * s.lemma_acc()
        );
        if let Some(dir) = &args.predictions {
            let path = dir.join(format!("{name}.conllu"));
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&path).map_err(|e| newsgraph::Error::io(&path, e))?,
            );
            conllu::write(&mut f, &pred).map_err(|e| newsgraph::Error::io(&path, e))?;
        }
    }
    if let Some(out) = &args.output {
        model.save(out)?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

fn bench(args: &Args) -> newsgraph::Result<()> {
    let t0 = Instant::now();
    let model = newsgraph::syntax::model::embedded()?;
    let load = t0.elapsed();
    let test = split(&args.treebank, "test")?;
    let sents: Vec<Vec<&str>> = test
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let mut out = Vec::new();
    let mut sink = 0usize;
    // Rounds over the test set; the machine may be shared, so report the
    // best and the median round.
    let mut times = Vec::new();
    let cpu0 = cpu_seconds();
    for _ in 0..30 {
        let t1 = Instant::now();
        for s in &sents {
            out.clear();
            model.tagger.tag_into(s, &mut out);
            for (w, &(u, x)) in s.iter().zip(&out) {
                sink += model.lemmatizer.lemma(w, u, x).len();
            }
        }
        times.push(t1.elapsed().as_secs_f64());
    }
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        eprintln!(
            "tagging+lemmas per CPU second (not wall time): {:.0} tokens/s",
            (tokens * times.len()) as f64 / cpu
        );
    }
    times.sort_by(f64::total_cmp);
    let rate = |t: f64| tokens as f64 / t;
    eprintln!(
        "load {:.1} ms; tagging+lemmas: best {:.0} tokens/s, median {:.0} tokens/s ({tokens} tokens x {} rounds, checksum {sink})",
        load.as_secs_f64() * 1000.0,
        rate(times[0]),
        rate(times[times.len() / 2]),
        times.len()
    );
    Ok(())
}

/// The raw text of a treebank split and the byte span of each gold sentence.
fn rebuild_text(gold: &[Sentence]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (k, s) in gold.iter().enumerate() {
        let new_par = s
            .comments
            .iter()
            .any(|c| c.starts_with("newpar") || c.starts_with("newdoc"));
        if k > 0 {
            text.push_str(if new_par { "\n\n" } else { " " });
        }
        let t = s.text().unwrap_or("").trim();
        spans.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, spans)
}

fn raw(args: &Args, dir: &Path) -> newsgraph::Result<()> {
    use newsgraph::syntax::conllu::Word;
    use newsgraph::syntax::tokenize;
    let model = newsgraph::syntax::model::embedded()?;
    for name in ["dev", "test"] {
        let gold = split(&args.treebank, name)?;
        let (text, gold_spans) = rebuild_text(&gold);
        let t0 = Instant::now();
        let sents = tokenize::sentences(&text);
        let secs = t0.elapsed().as_secs_f64();
        let mut out = Vec::new();
        for s in &sents {
            let forms = s.forms(&text);
            let tags = model.tagger.tag(&forms);
            let words = forms
                .iter()
                .zip(&tags)
                .enumerate()
                .map(|(i, (f, &(u, x)))| Word {
                    form: f.to_string(),
                    lemma: model.lemmatizer.lemma(f, u, x).into_owned(),
                    upos: u.as_str().to_string(),
                    xpos: x.as_str().to_string(),
                    feats: "_".into(),
                    head: usize::from(i > 0),
                    deprel: if i == 0 { "root" } else { "dep" }.into(),
                    deps: "_".into(),
                    misc: match s.tokens.get(i + 1) {
                        Some(n) if n.start == s.tokens[i].end => "SpaceAfter=No".into(),
                        _ => "_".into(),
                    },
                })
                .collect();
            let stext = text[s.start..s.end].replace('\n', " ");
            out.push(Sentence {
                comments: vec![format!("text = {stext}")],
                words,
                multiword: Vec::new(),
            });
        }
        let path = dir.join(format!("{name}.raw.conllu"));
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&path).map_err(|e| newsgraph::Error::io(&path, e))?,
        );
        conllu::write(&mut f, &out).map_err(|e| newsgraph::Error::io(&path, e))?;
        let pred: std::collections::HashSet<(usize, usize)> =
            sents.iter().map(|s| (s.start, s.end)).collect();
        let hit = gold_spans.iter().filter(|g| pred.contains(g)).count();
        let (p, r) = (
            hit as f64 / sents.len().max(1) as f64,
            hit as f64 / gold_spans.len().max(1) as f64,
        );
        let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
        eprintln!(
            "{name}: {} gold sentences, {} predicted; sentence P {:.2} R {:.2} F1 {:.2}; tokenizer {:.0} tokens/s; wrote {}",
            gold_spans.len(),
            sents.len(),
            100.0 * p,
            100.0 * r,
            if p + r > 0.0 {
                200.0 * p * r / (p + r)
            } else {
                0.0
            },
            tokens as f64 / secs,
            path.display()
        );
    }
    Ok(())
}

/// The process's user + system CPU time (Linux `/proc/self/stat`, in
/// clock ticks of 10 ms), so that the benchmark can be read on a shared
/// machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsgraph-train-tagger: {e}");
            ExitCode::FAILURE
        }
    }
}
