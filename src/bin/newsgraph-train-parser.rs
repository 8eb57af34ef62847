//! Trains the dependency parser on a UD treebank and writes its model.
//!
//! ```text
//! cargo run --release --bin newsgraph-train-parser -- ../shared/resources/ud-english-ewt
//! cargo run --release --bin newsgraph-train-parser -- ../shared/resources/ud-english-ewt --bench
//! ```
//!
//! With the defaults this rebuilds `src/syntax/data/parser.bin` byte for
//! byte (given the same embedded tagger): training tags jackknifed in ten
//! parts with the project's tagger, word clusters from the treebank and
//! `../shared/corpus/wikinews.jsonl`, 12 epochs, features seen fewer than 3
//! times dropped, quantised weights below 300 dropped. Training reports
//! UAS/LAS on dev (tagged by the embedded tagger) after every epoch and
//! keeps the best epoch; the final model is scored on dev and test with
//! gold and predicted tags. `--bench` instead measures the load time and
//! parsing speed of the model at `--output` on the dev and test words.
//! Progress goes to stderr.

use clap::Parser as ClapParser;
use newsgraph::syntax::conllu::{self, Sentence};
use newsgraph::syntax::parser::{self, ParseWord, Parser, TrainOptions, Workspace};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Trains the dependency parser on UD English EWT.
#[derive(ClapParser, Debug)]
#[command(name = "newsgraph-train-parser")]
struct Args {
    /// Folder with `*-ud-train.conllu`, `*-ud-dev.conllu`, `*-ud-test.conllu`.
    treebank: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "src/syntax/data/parser.bin")]
    output: PathBuf,
    /// Training epochs.
    #[arg(long)]
    epochs: Option<usize>,
    /// PRNG seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Probability of following the model's own move while exploring.
    #[arg(long)]
    explore_prob: Option<f64>,
    /// First epoch that explores.
    #[arg(long)]
    explore_from: Option<usize>,
    /// Fraction of training tags replaced by plausible wrong tags.
    #[arg(long)]
    tag_noise: Option<f64>,
    /// Drop averaged weights below this magnitude.
    #[arg(long)]
    prune: Option<f32>,
    /// Features seen fewer times on the gold path get no weights.
    #[arg(long)]
    min_count: Option<u32>,
    /// Train on the first N training sentences only.
    #[arg(long)]
    limit: Option<usize>,
    /// Also score dev and test with this fraction of tags corrupted.
    #[arg(long, default_value_t = 0.05)]
    eval_noise: f64,
    /// Also score dev and test with tags from the embedded tagger.
    #[arg(long)]
    predicted_tags: bool,
    /// Train on tags predicted by taggers trained on the other K-1 parts
    /// of the training set (jackknifing); 0 trains on gold tags.
    #[arg(long, default_value_t = 10)]
    jackknife: usize,
    /// Read (if present) or write the jackknifed training set here.
    #[arg(long)]
    jackknife_cache: Option<PathBuf>,
    /// JSON Lines file whose `text` fields add raw text for word clusters
    /// ("none" for the treebank's words only).
    #[arg(long, default_value = "../shared/corpus/wikinews.jsonl")]
    cluster_text: PathBuf,
    /// Do not write the model.
    #[arg(long)]
    dry_run: bool,
    /// Measure load time and parsing speed of the model at `--output`.
    #[arg(long)]
    bench: bool,
    /// Drop quantised weights below this magnitude (after training, or
    /// from the loaded model with `--bench`).
    #[arg(long, default_value_t = 300)]
    prune_q: i16,
}

fn find(dir: &Path, part: &str) -> Result<PathBuf, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut hits: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&format!("-ud-{part}.conllu")))
        })
        .collect();
    hits.sort();
    hits.into_iter()
        .next()
        .ok_or_else(|| format!("{}: no *-ud-{part}.conllu", dir.display()))
}

fn read(dir: &Path, part: &str) -> Result<Vec<Sentence>, String> {
    let p = find(dir, part)?;
    conllu::read_file(&p).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsgraph-train-parser: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let train = read(&args.treebank, "train")?;
    let dev = read(&args.treebank, "dev")?;
    let test = read(&args.treebank, "test")?;
    if args.bench {
        return bench(args, &dev, &test);
    }
    let mut opts = TrainOptions::default();
    if let Some(v) = args.epochs {
        opts.epochs = v;
    }
    if let Some(v) = args.seed {
        opts.seed = v;
    }
    if let Some(v) = args.explore_prob {
        opts.explore_prob = v;
    }
    if let Some(v) = args.explore_from {
        opts.explore_from = v;
    }
    if let Some(v) = args.tag_noise {
        opts.tag_noise = v;
    }
    if let Some(v) = args.min_count {
        opts.min_count = v;
    }
    if let Some(v) = args.prune {
        opts.prune = v;
    }
    let train = match args.limit {
        Some(n) => &train[..n.min(train.len())],
        None => &train[..],
    };
    let jack;
    let train = if args.jackknife > 1 {
        jack = jackknifed(train, args.jackknife, args.jackknife_cache.as_deref())?;
        &jack[..]
    } else {
        train
    };
    if args.cluster_text.as_os_str() != "none" {
        opts.extra_text = read_text(&args.cluster_text)?;
    }
    eprintln!(
        "training on {} sentences, {} words; epochs {}, seed {:#x}, explore from {} p {}, tag noise {}, min count {}, {} sentences of extra text",
        train.len(),
        train.iter().map(|s| s.words.len()).sum::<usize>(),
        opts.epochs,
        opts.seed,
        opts.explore_from,
        opts.explore_prob,
        opts.tag_noise,
        opts.min_count,
        opts.extra_text.len()
    );
    let start = Instant::now();
    // With jackknifed training tags, epochs are chosen on dev as the
    // tagger tags it.
    let dev_for_choice = if args.jackknife > 1 {
        let tagger = &newsgraph::syntax::model::embedded()
            .map_err(|e| e.to_string())?
            .tagger;
        eprintln!("choosing the epoch on dev with predicted tags");
        retag(tagger, &dev).0
    } else {
        dev.clone()
    };
    let mut model = parser::train_with_dev(train, &dev_for_choice, &opts, &mut |r| {
        eprintln!(
            "epoch {:2}  train err {:.4}  dev UAS {:.2} LAS {:.2}  features {}  {:.0}s",
            r.epoch,
            r.train_error,
            r.dev.uas(),
            r.dev.las(),
            r.features,
            r.seconds
        );
    });
    eprintln!("trained in {:.1}s", start.elapsed().as_secs_f64());
    if args.prune_q > 0 {
        model = model.pruned(args.prune_q);
    }
    let (features, weights) = model.size();
    let bytes = model.to_bytes();
    eprintln!(
        "model: {features} features, {weights} weights, {:.2} MB",
        bytes.len() as f64 / 1e6
    );
    for (name, set) in [("dev", &dev), ("test", &test)] {
        let sc = parser::evaluate(&model, set);
        eprintln!(
            "{name:4} gold tags:      UAS {:.2}  LAS {:.2}  ({} words)",
            sc.uas(),
            sc.las(),
            sc.words
        );
        if args.eval_noise > 0.0 {
            let mut noisy = set.clone();
            parser::corrupt_tags(train, &mut noisy, args.eval_noise, 0x5eed);
            let sc = parser::evaluate(&model, &noisy);
            eprintln!(
                "{name:4} {:.0}% bad tags:    UAS {:.2}  LAS {:.2}",
                args.eval_noise * 100.0,
                sc.uas(),
                sc.las()
            );
        }
    }
    if args.predicted_tags {
        report_predicted(&model, &dev, &test)?;
    }
    if !args.dry_run {
        if let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&args.output, &bytes)
            .map_err(|e| format!("{}: {e}", args.output.display()))?;
        eprintln!("wrote {}", args.output.display());
    }
    Ok(())
}

/// The training set with tags predicted by taggers trained on the other
/// parts: `k` contiguous parts, deterministic.
fn jackknifed(train: &[Sentence], k: usize, cache: Option<&Path>) -> Result<Vec<Sentence>, String> {
    if let Some(c) = cache.filter(|c| c.exists()) {
        eprintln!("jackknifed tags from {}", c.display());
        return conllu::read_file(c).map_err(|e| e.to_string());
    }
    let n = train.len();
    let mut out = Vec::with_capacity(n);
    let mut right = 0usize;
    let mut all = 0usize;
    for part in 0..k {
        let (a, b) = (part * n / k, (part + 1) * n / k);
        let rest: Vec<Sentence> = train[..a].iter().chain(&train[b..]).cloned().collect();
        let t = Instant::now();
        let tagger = newsgraph::syntax::tagger::train(
            &rest,
            &newsgraph::syntax::tagger::TrainOptions::default(),
        );
        let (tagged, upos) = retag(&tagger, &train[a..b]);
        let words: usize = train[a..b].iter().map(|s| s.words.len()).sum();
        right += (upos / 100.0 * words as f64).round() as usize;
        all += words;
        eprintln!(
            "jackknife part {}/{k}: tagger UPOS {upos:.2} ({:.0}s)",
            part + 1,
            t.elapsed().as_secs_f64()
        );
        out.extend(tagged);
    }
    eprintln!(
        "jackknifed training tags: UPOS {:.2}",
        100.0 * right as f64 / all.max(1) as f64
    );
    if let Some(c) = cache {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(c).map_err(|e| format!("{}: {e}", c.display()))?,
        );
        conllu::write(&mut f, &out).map_err(|e| format!("{}: {e}", c.display()))?;
    }
    Ok(out)
}

/// Paragraphs of a JSON Lines file's `text` fields, split into tokens the
/// EWT way closely enough for word contexts: punctuation apart, clitics
/// (`'s`, `n't`) apart.
fn read_text(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        for para in text.split('\n').filter(|p| !p.trim().is_empty()) {
            out.push(tokens(para));
        }
    }
    Ok(out)
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let mut w = raw;
        let mut tail = Vec::new();
        while let Some(c) = w.chars().next().filter(|c| !c.is_alphanumeric()) {
            out.push(c.to_string());
            w = &w[c.len_utf8()..];
        }
        while let Some(c) = w.chars().last().filter(|c| !c.is_alphanumeric()) {
            tail.push(c.to_string());
            w = &w[..w.len() - c.len_utf8()];
        }
        for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
            if w.len() > clitic.len() && w.to_lowercase().ends_with(clitic) {
                let cut = w.len() - clitic.len();
                if w.is_char_boundary(cut) {
                    tail.push(w[cut..].to_string());
                    w = &w[..cut];
                }
                break;
            }
        }
        if !w.is_empty() {
            out.push(w.to_string());
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

/// Scores dev and test with the embedded tagger's tags.
fn report_predicted(model: &Parser, dev: &[Sentence], test: &[Sentence]) -> Result<(), String> {
    let tagger = &newsgraph::syntax::model::embedded()
        .map_err(|e| e.to_string())?
        .tagger;
    for (name, set) in [("dev", dev), ("test", test)] {
        let (tagged, upos) = retag(tagger, set);
        let sc = parser::evaluate(model, &tagged);
        eprintln!(
            "{name:4} predicted tags: UAS {:.2}  LAS {:.2}  (tagger UPOS {:.2})",
            sc.uas(),
            sc.las(),
            upos
        );
    }
    Ok(())
}

/// The sentences with the tagger's UPOS and XPOS, and its UPOS accuracy.
fn retag(tagger: &newsgraph::syntax::tagger::Tagger, set: &[Sentence]) -> (Vec<Sentence>, f64) {
    let (mut right, mut all) = (0usize, 0usize);
    let out = set
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let tags = tagger.tag(&forms);
            let mut s = s.clone();
            for (w, (u, x)) in s.words.iter_mut().zip(tags) {
                all += 1;
                if w.upos == u.as_str() {
                    right += 1;
                }
                w.upos = u.as_str().to_string();
                w.xpos = x.as_str().to_string();
            }
            s
        })
        .collect();
    (out, 100.0 * right as f64 / all.max(1) as f64)
}

fn bench(args: &Args, dev: &[Sentence], test: &[Sentence]) -> Result<(), String> {
    let bytes =
        std::fs::read(&args.output).map_err(|e| format!("{}: {e}", args.output.display()))?;
    let t = Instant::now();
    let runs = 5;
    let mut model = None;
    for _ in 0..runs {
        model = Some(Parser::from_bytes(&bytes).map_err(|e| e.to_string())?);
    }
    let load = t.elapsed().as_secs_f64() / runs as f64;
    let Some(mut model) = model else {
        return Err("no model".into());
    };
    if args.prune_q > 0 {
        model = model.pruned(args.prune_q);
        let bytes = model.to_bytes();
        let (f, w) = model.size();
        let sc = parser::evaluate(&model, dev);
        eprintln!(
            "pruned at {}: {f} features, {w} weights, {:.2} MB; dev UAS {:.2} LAS {:.2}",
            args.prune_q,
            bytes.len() as f64 / 1e6,
            sc.uas(),
            sc.las()
        );
        let t = Instant::now();
        for _ in 0..runs {
            model = Parser::from_bytes(&bytes).map_err(|e| e.to_string())?;
        }
        eprintln!(
            "load: {:.1} ms",
            t.elapsed().as_secs_f64() / runs as f64 * 1e3
        );
    }
    if args.predicted_tags {
        report_predicted(&model, dev, test)?;
    }
    eprintln!(
        "load: {:.1} ms ({:.2} MB)",
        load * 1e3,
        bytes.len() as f64 / 1e6
    );
    let sents: Vec<Vec<ParseWord>> = dev
        .iter()
        .chain(test)
        .map(|s| {
            s.words
                .iter()
                .map(|w| ParseWord::new(&w.form, &w.upos, &w.xpos))
                .collect()
        })
        .collect();
    let words: usize = sents.iter().map(Vec::len).sum();
    let mut ws = Workspace::default();
    let mut total = 0usize;
    let mut check = 0usize;
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    while t.elapsed().as_secs_f64() < 3.0 {
        for s in &sents {
            let out = model.parse_with(s, &mut ws);
            check = check.wrapping_add(out.first().map_or(0, |x| x.0));
        }
        total += words;
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    eprintln!(
        "parse: {total} words in {secs:.2}s = {:.0} words/s wall, {} words/s of CPU time (one core) [{check}]",
        total as f64 / secs,
        cpu.map_or("?".to_string(), |c| format!("{:.0}", total as f64 / c))
    );
    Ok(())
}

/// CPU time of this process (user + system) from `/proc/self/stat`, on
/// Linux; the machine may be shared, so wall time alone misleads.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
