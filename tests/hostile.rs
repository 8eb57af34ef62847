//! Hostile input (issue 6): huge lines, a million tiny documents, control
//! characters, broken encodings, line-end and script mixtures, pathological
//! lists of names; bad files (unreadable paths, symlink loops, binaries,
//! malformed JSON Lines, duplicate ids, files of another version); exit
//! codes.
//!
//! Each text case checks that every mention and relation offset slices the
//! text to the recorded string (`chars[start..end] == text`). Cases about
//! speed compare a run on N with a run on 4N and allow up to 10x (linear is
//! 4x, quadratic 16x), so they do not depend on the machine's speed. Large
//! inputs are generated here, never committed; heavy cases run one at a
//! time.

mod common;

use common::{bin, stderr};
use newsgraph::document::{Document, DocumentReader, ReadEvent, ReadOptions, StreamFormat};
use newsgraph::extract::extract;
use newsgraph::lexicon::Lexicon;
use newsgraph::record::Extraction;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

static LEX: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::builtin().expect("built-in lexicon"));

/// Heavy cases (timing, memory) take this lock so they do not disturb each
/// other's measurements.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(PoisonError::into_inner)
}

fn doc(text: &str) -> Document {
    common::doc("d", text)
}

/// Checks that every span of `x` slices `text` to the string recorded with
/// it; returns the number of spans checked.
fn check_spans(text: &str, x: &Extraction) -> usize {
    // The byte offset of every 64th code point: a walk of at most 63 code
    // points finds any other (a table of every offset would take 4 bytes per
    // code point, 400 MB for the 100 MB line).
    const STEP: usize = 64;
    let mut every: Vec<usize> = Vec::with_capacity(text.len() / STEP + 2);
    let mut chars = 0;
    for (b, _) in text.char_indices() {
        if chars % STEP == 0 {
            every.push(b);
        }
        chars += 1;
    }
    let byte_at = |cp: usize| -> usize {
        assert!(cp <= chars, "offset {cp} outside {chars} chars");
        if cp == chars {
            return text.len();
        }
        let from = every[cp / STEP];
        from + text[from..]
            .chars()
            .take(cp % STEP)
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let slice = |s: usize, e: usize| -> &str {
        assert!(s <= e, "span {s}..{e}");
        &text[byte_at(s)..byte_at(e)]
    };
    let mut n = 0;
    for m in &x.mentions {
        assert_eq!(slice(m.span.start, m.span.end), m.text, "mention {m:?}");
        n += 1;
    }
    for r in &x.relations {
        assert_eq!(
            slice(r.evidence.start, r.evidence.end),
            r.quote,
            "evidence of {r:?}"
        );
        for a in [
            Some(&r.subject),
            r.object.as_ref(),
            r.attributed_to.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(slice(a.span.start, a.span.end), a.text, "argument of {r:?}");
            n += 1;
        }
        n += 1;
    }
    n
}

/// Seconds taken by `f`, the best of `runs` (less noise from other work on
/// the machine), with the result of the last run.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

/// Fails when 4x the input took more than 10x the time.
fn assert_linear(what: &str, small: f64, big: f64) {
    let ratio = big / small.max(1e-3);
    eprintln!("{what}: N {small:.3} s, 4N {big:.3} s, ratio {ratio:.1}");
    assert!(
        ratio < 10.0,
        "{what}: 4x the input took {ratio:.1}x the time ({small:.3} s -> {big:.3} s); not linear"
    );
}

/// A small deterministic generator (xorshift), so inputs are the same on
/// every run without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const ACTORS: &[&str] = &[
    "Foreign Minister Abbas Araghchi",
    "President Recep Tayyip Erdoğan",
    "Oman",
    "Qatar",
    "the United States",
    "Israel",
    "Egypt",
    "Senator Zoë Achterberg",
    "the Arab League",
    "Gen. Ana Ortiz",
    "Ukraine",
    "Russia",
];
const VERBS: &[&str] = &[
    "met",
    "warned",
    "hosted talks with",
    "criticized",
    "accused",
    "signed an agreement with",
    "visited",
    "threatened",
    "called",
    "did not attack",
];
const TAILS: &[&str] = &[
    "in Muscat on Monday, officials said.",
    "in São Paulo after a long night of talks.",
    "— and he said the talks were “useful”.",
    "(according to state media).",
    "in Geneva; she later left for Doha.",
    "on Tuesday.",
];

/// About `bytes` bytes of news-like prose on one line (no line break).
fn prose(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut s = String::with_capacity(bytes + 200);
    while s.len() < bytes {
        let a = rng.pick(ACTORS);
        let v = rng.pick(VERBS);
        let b = rng.pick(ACTORS);
        let t = rng.pick(TAILS);
        let first = a
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        s.push_str(&first);
        s.push_str(&a[a.chars().next().map_or(0, char::len_utf8)..]);
        s.push(' ');
        s.push_str(v);
        s.push(' ');
        s.push_str(b);
        s.push(' ');
        s.push_str(t);
        s.push(' ');
    }
    s
}

fn run_extract(text: &str) -> Extraction {
    extract(&doc(text), &LEX)
}

// ---------------------------------------------------------------- hostile text

#[test]
fn a_single_100_mb_line_is_linear_and_slices_exactly() {
    let _g = heavy();
    // Linearity on 2 MB and 8 MB of one-line prose.
    let small = prose(2 << 20, 1);
    let big = prose(8 << 20, 2);
    let (t1, x1) = best_of(3, || run_extract(&small));
    let (t4, x4) = best_of(2, || run_extract(&big));
    assert!(x1.relations.len() > 1000 && x4.relations.len() > 4000);
    check_spans(&small, &x1);
    assert_linear("one-line prose", t1, t4);
    drop((small, big, x1, x4));

    // The 100 MB line itself, through the document reader. Extraction takes
    // about 50 times the document: this case sets the memory the suite
    // needs (see the README); NEWSGRAPH_BIG_LINE_MB=25 runs it smaller.
    let mb = big_line_mb();
    let line = prose(mb << 20, 3);
    assert!(line.len() >= mb << 20 && !line.contains('\n'));
    let reader = DocumentReader::from_reader(
        "line.txt",
        std::io::Cursor::new(line.into_bytes()),
        StreamFormat::Text,
        ReadOptions::default(),
    );
    let docs: Vec<Document> = reader
        .map(|e| match e {
            Ok(ReadEvent::Document(d)) => d,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(docs.len(), 1);
    let t = Instant::now();
    let x = extract(&docs[0], &LEX);
    eprintln!("{mb} MB line: {:.1} s", t.elapsed().as_secs_f64());
    assert!(
        x.doc.sentences > 5_000 * mb,
        "{} sentences",
        x.doc.sentences
    );
    assert!(check_spans(&docs[0].text, &x) > 10_000 * mb);
    // The memory the README says the suite needs covers this case, the
    // largest (scaled down with the line).
    if let Some(peak_kb) = peak_kb() {
        let stated_gb = readme_suite_memory_gb();
        let allowed_kb = stated_gb * 1024.0 * 1024.0 * (mb as f64 / 100.0).max(0.3);
        eprintln!(
            "peak: {:.2} GB (README: {stated_gb} GB)",
            peak_kb as f64 / 1048576.0
        );
        assert!(
            (peak_kb as f64) <= allowed_kb,
            "the tests took {peak_kb} KB, more than the {stated_gb} GB the README states"
        );
    }
}

/// The size of the one-line document, in MB: 100, or
/// `NEWSGRAPH_BIG_LINE_MB` (1 to 100) on a machine with less memory.
fn big_line_mb() -> usize {
    std::env::var("NEWSGRAPH_BIG_LINE_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(100, |v| v.clamp(1, 100))
}

/// This process's peak resident memory in KB, where `/proc` tells.
fn peak_kb() -> Option<u64> {
    let s = fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The memory the README says `cargo test` needs: the number in "needs
/// about N GB of memory".
fn readme_suite_memory_gb() -> f64 {
    let readme = fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let at = readme.find("needs about ").expect(
        "the README states the memory the test suite needs (\"needs about N GB of memory\")",
    );
    let rest = &readme[at + "needs about ".len()..];
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    assert!(
        rest[number.len()..].starts_with(" GB of memory"),
        "{}",
        &rest[..40.min(rest.len())]
    );
    number.parse().expect("a number of GB")
}

#[test]
fn text_without_sentence_ends_is_linear() {
    let _g = heavy();
    // One endless "sentence": words and names, no punctuation at all.
    let words = |n: usize| -> String {
        let mut rng = Rng(9);
        let pool = [
            "Iran", "Israel", "talks", "the", "minister", "said", "Oman", "hosted", "Abbas",
            "Araghchi", "and", "met", "in", "Muscat", "Monday", "warned", "Qatar",
        ];
        (0..n)
            .map(|_| rng.pick(&pool))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let small = words(120_000);
    let big = words(480_000);
    let (t1, x1) = best_of(3, || run_extract(&small));
    let (t4, x4) = best_of(2, || run_extract(&big));
    check_spans(&small, &x1);
    check_spans(&big, &x4);
    assert_linear("no sentence ends", t1, t4);
    // The evidence of a relation is bounded, not the whole endless text.
    assert!(x4.relations.iter().all(|r| r.quote.len() < 8 << 10));
}

#[test]
fn a_million_one_word_documents_run_in_linear_time_and_bounded_memory() {
    let _g = heavy();
    let dir = tempfile::tempdir().unwrap();
    let write = |n: usize| -> PathBuf {
        let p = dir.path().join(format!("docs{n}.jsonl"));
        let mut f = std::io::BufWriter::new(fs::File::create(&p).unwrap());
        for i in 0..n {
            writeln!(f, "{{\"id\":\"d{i}\",\"text\":\"Word{i}\"}}").unwrap();
        }
        f.flush().unwrap();
        p
    };
    let measure = |n: usize| -> (f64, u64) {
        let input = write(n);
        let out = dir.path().join("out.jsonl");
        let t = Instant::now();
        let (o, peak_kb) = run_measured(
            bin()
                .args(["extract", "-q", "--threads", "2"])
                .arg(&input)
                .arg("-o")
                .arg(&out),
            Duration::from_secs(600),
        );
        let secs = t.elapsed().as_secs_f64();
        assert!(o.status.success(), "{}", stderr(&o));
        let lines = fs::read(&out)
            .unwrap()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        assert_eq!(lines, n);
        (secs, peak_kb)
    };
    let (t1, m1) = measure(250_000);
    let (t4, m4) = measure(1_000_000);
    assert_linear("one-word documents", t1, t4);
    eprintln!("peak memory: 250k docs {m1} KB, 1M docs {m4} KB");
    if m1 > 0 {
        // Only the table of seen ids grows with the number of documents.
        assert!(
            m4 < 2 * m1 + 150_000,
            "memory grows with the number of documents: {m1} KB -> {m4} KB"
        );
    }
}

#[test]
fn nul_and_control_characters_are_text() {
    let texts = [
        "Iran\0met\0Oman\0in Muscat.",
        "Iran\u{1}\u{2}\u{7} warned\u{8} Israel\u{1b}[31m on Monday\u{7f}.",
        "Qatar\u{85}mediated\u{2028}between Israel\u{2029}and Hamas.",
        "\u{feff}Egypt hosted\u{feff}talks\u{200b}with Sudan.\u{fffe}\u{ffff}",
        "\u{c}\u{b}\t\tOman\r\r\r\n\n\u{0}",
        "\0\0\0\0",
        "",
    ];
    for t in texts {
        let x = run_extract(t);
        check_spans(t, &x);
    }
    let x = run_extract(texts[0]);
    let found: Vec<&str> = x.mentions.iter().map(|m| m.text.as_str()).collect();
    assert!(
        found.contains(&"Iran") && found.contains(&"Oman"),
        "{found:?}"
    );

    // Through the CLI: a stray NUL in a text file is text, not a binary file;
    // JSON escapes for control characters arrive as characters.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("nul.txt");
    fs::write(
        &f,
        "Iran warned Israel.\0 Oman hosted talks with Qatar.\u{7}",
    )
    .unwrap();
    let j = dir.path().join("ctl.jsonl");
    fs::write(
        &j,
        "{\"id\":\"c\",\"text\":\"Iran\\u0000met\\u0007Oman \\u001b in Muscat.\"}\n",
    )
    .unwrap();
    let o = run(&["extract", f.to_str().unwrap(), j.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("binary"), "{}", stderr(&o));
    let recs = records(&o.stdout);
    assert_eq!(recs.len(), 2);
    check_record_spans(
        &recs[0],
        "Iran warned Israel.\0 Oman hosted talks with Qatar.\u{7}",
    );
    check_record_spans(&recs[1], "Iran\0met\u{7}Oman \u{1b} in Muscat.");
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_naming_file_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.txt");
    // "Iran met " then Latin-1 bytes, a lone continuation byte, a cut
    // four-byte sequence at the end.
    let mut bytes = b"Iran met Oman in Mu\xe7at. Gen. Ana Ortiz warned \x80Israel.".to_vec();
    bytes.extend_from_slice(b" \xf0\x9f\x99");
    fs::write(&f, &bytes).unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("latin1.txt") && e.contains("invalid UTF-8 at byte 19"),
        "{e}"
    );
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let recs = records(&o.stdout);
    check_record_spans(&recs[0], &text);
    assert!(
        recs[0]["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["text"] == "Israel")
    );

    // In JSON Lines: file, line, and the offset of the bad byte in the file.
    let j = dir.path().join("docs.jsonl");
    let mut bytes = b"{\"id\":\"a\",\"text\":\"Iran met Oman.\"}\n".to_vec();
    let line2 = bytes.len();
    bytes.extend_from_slice(b"{\"id\":\"b\",\"text\":\"Qatar \xff\xfe hosted Egypt.\"}\n");
    fs::write(&j, &bytes).unwrap();
    let o = run(&["extract", j.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = format!("docs.jsonl:2: invalid UTF-8 at byte {}", line2 + 24);
    assert!(stderr(&o).contains(&want), "{want} in {}", stderr(&o));
    assert_eq!(records(&o.stdout).len(), 2);
    // --strict makes it fatal.
    let o = run(&["extract", "--strict", j.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
}

#[test]
fn a_byte_order_mark_is_stripped_and_offsets_count_from_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bom.txt");
    fs::write(&f, "\u{feff}Iran met Oman in Muscat.").unwrap();
    let j = dir.path().join("bom.jsonl");
    fs::write(&j, "\u{feff}{\"id\":\"j\",\"text\":\"Iran met Oman.\"}\n").unwrap();
    let o = run(&["extract", f.to_str().unwrap(), j.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for r in records(&o.stdout) {
        let first = &r["mentions"][0];
        assert_eq!(
            (first["text"].as_str(), first["start"].as_u64()),
            (Some("Iran"), Some(0))
        );
    }
    // Stdin with a BOM, as plain text and as JSON Lines.
    for input in [
        "\u{feff}Iran met Oman.",
        "\u{feff}{\"id\":\"s\",\"text\":\"Iran met Oman.\"}\n",
    ] {
        let o = run_stdin(&["extract", "-"], input.as_bytes());
        assert!(o.status.success(), "{}", stderr(&o));
        let r = &records(&o.stdout)[0];
        assert_eq!(r["mentions"][0]["start"], 0, "{input:?}");
    }
}

#[test]
fn crlf_and_lone_cr_split_like_lf_and_keep_exact_offsets() {
    let lines = [
        "Oman Hosts Talks",
        "Foreign Minister Abbas Araghchi met Omani officials in Muscat.",
        "He said Iran would not negotiate under threat.",
        "Qatar hosted talks with Egypt.",
    ];
    let mut results = Vec::new();
    for sep in ["\n", "\r\n", "\r", "\r\n\r\n", "\n\r"] {
        let text = lines.join(sep) + sep;
        let x = run_extract(&text);
        check_spans(&text, &x);
        assert!(
            x.relations
                .iter()
                .all(|r| !r.quote.contains('\r') || sep == "\n\r")
        );
        let mentions: Vec<String> = x.mentions.iter().map(|m| m.text.clone()).collect();
        let rels: Vec<(String, String)> = x
            .relations
            .iter()
            .map(|r| (r.relation.name.clone(), r.subject.text.clone()))
            .collect();
        results.push((sep, x.doc.sentences, mentions, rels));
    }
    for r in &results[1..3] {
        assert_eq!(
            (r.1, &r.2, &r.3),
            (results[0].1, &results[0].2, &results[0].3),
            "{:?} reads differently from \\n",
            r.0
        );
    }
    assert!(
        results[0].1 >= 4,
        "a headline and three sentences: {}",
        results[0].1
    );
}

#[test]
fn rtl_zwj_combining_marks_and_emoji_next_to_names() {
    let cases = [
        ("🙂Iran met Oman🙂.", &["Iran", "Oman"][..]),
        ("🇮🇷 Iran and 🇴🇲 Oman held talks.", &["Iran", "Oman"]),
        ("👩‍👩‍👧 Qatar hosted Egypt 👨🏽‍💻.", &["Qatar", "Egypt"]),
        ("\u{200f}Israel\u{200e} struck Gaza.", &["Israel"]),
        ("\u{202e}Iran\u{202c} warned Israel.", &["Israel"]),
        ("إيران met Oman in Muscat.", &["Oman"]),
        ("ישראל and Egypt signed an agreement.", &["Egypt"]),
        ("President Recep Tayyip Erdog\u{306}an met Oman.", &["Oman"]),
        ("Iran\u{200d}Oman talks; Qatar\u{200c}Egypt.", &[]),
        (
            "Zoë\u{301}\u{301}\u{301} Achterberg warned Russia.",
            &["Russia"],
        ),
        (
            "A\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307} met Iran.",
            &["Iran"],
        ),
        (
            "Ukraine 🤝 Russia 🙂🙂🙂 held talks in Geneva.",
            &["Ukraine", "Russia"],
        ),
    ];
    for (text, names) in cases {
        let x = run_extract(text);
        check_spans(text, &x);
        let found: Vec<&str> = x.mentions.iter().map(|m| m.text.as_str()).collect();
        for n in names {
            assert!(found.contains(n), "{n:?} not found in {text:?}: {found:?}");
        }
    }
}

/// `n` distinct capitalized two-word names, none of them in the gazetteer.
fn made_up_names(n: usize) -> Vec<String> {
    let a = [
        "Bal", "Cor", "Dun", "Fel", "Gar", "Hol", "Jor", "Kel", "Lom", "Mar",
    ];
    let b = [
        "avi", "eno", "ira", "olt", "umbe", "ax", "ine", "ode", "ulla", "ek",
    ];
    (0..n)
        .map(|i| {
            let (x, y, z) = (i % 10, (i / 10) % 10, (i / 100) % 10);
            format!("{}{} {}{}{}", a[x], b[y], a[z], b[x], i / 1000)
        })
        .collect()
}

#[test]
fn ten_thousand_names_joined_by_and_is_linear() {
    let _g = heavy();
    let sentence = |n: usize| -> String {
        format!(
            "Officials said {} met in Geneva.",
            made_up_names(n).join(" and ")
        )
    };
    // 10,000 names, and 40,000 to see that it is linear.
    let small = sentence(10_000);
    let big = sentence(40_000);
    let (t1, x1) = best_of(3, || run_extract(&small));
    let (t4, x4) = best_of(2, || run_extract(&big));
    check_spans(&small, &x1);
    check_spans(&big, &x4);
    assert_linear("names joined by and", t1, t4);
    assert!(x1.mentions.len() >= 9_000, "{} mentions", x1.mentions.len());
    // No explosion of pairwise relations.
    assert!(
        x4.relations.len() <= 10 * x4.mentions.len(),
        "{} relations",
        x4.relations.len()
    );
}

#[test]
fn names_with_other_names_in_parentheses_are_linear() {
    let _g = heavy();
    // "Abboud Qanbar (Abu Haidar)": a person's other name in parentheses.
    let text = |n: usize| -> String {
        made_up_names(n)
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{name} (Abu Kelavi{i}) met officials in Geneva."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let small = text(20_000);
    let big = text(80_000);
    let (t1, x1) = best_of(3, || run_extract(&small));
    let (t4, x4) = best_of(2, || run_extract(&big));
    check_spans(&small, &x1);
    check_spans(&big, &x4);
    assert_linear("names with names in parentheses", t1, t4);
}

#[test]
fn every_country_name_in_one_paragraph() {
    let _g = heavy();
    let mut names: Vec<&str> = LEX.countries.values().map(|c| c.name.as_str()).collect();
    names.sort();
    assert!(names.len() > 190);
    let last = names.len() - 1;
    let paragraph = format!(
        "Delegations from {} and {} met in Geneva on Monday. {} hosted the talks, and {} said they were useful.",
        names[..last].join(", "),
        names[last],
        names[0],
        names[1]
    );
    let x = run_extract(&paragraph);
    check_spans(&paragraph, &x);
    let countries: std::collections::BTreeSet<&str> = x
        .mentions
        .iter()
        .filter(|m| m.kind == newsgraph::ontology::EntityType::Country)
        .map(|m| m.text.as_str())
        .collect();
    let found = names.iter().filter(|n| countries.contains(*n)).count();
    assert!(
        found * 10 >= names.len() * 9,
        "{found} of {} country names found",
        names.len()
    );
    // The same paragraph 300 and 1,200 times in one document: linear (sizes
    // large enough that scheduling noise on a shared machine stays small).
    let many = |k: usize| vec![paragraph.as_str(); k].join(" ");
    let (small, big) = (many(300), many(1200));
    let (t1, _) = best_of(3, || run_extract(&small));
    let (t4, x4) = best_of(2, || run_extract(&big));
    check_spans(&big, &x4);
    assert_linear("country paragraphs", t1, t4);
}

// ------------------------------------------------------------------ bad files

#[test]
fn unreadable_paths_are_errors_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such.txt");
    for cmd in ["extract", "build"] {
        let mut args = vec![cmd, missing.to_str().unwrap()];
        let out = dir.path().join("g.json");
        if cmd == "build" {
            args.extend(["-o", out.to_str().unwrap()]);
        }
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(stderr(&o).contains("no-such.txt"), "{}", stderr(&o));
        assert!(!out.exists());
    }
    for cmd in [
        &["merge", missing.to_str().unwrap()][..],
        &["export", missing.to_str().unwrap()],
    ] {
        let o = run(cmd);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("no-such.txt"), "{}", stderr(&o));
    }
    // A lexicon that cannot be read.
    let o = run(&["extract", "--lexicon", missing.to_str().unwrap(), "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such.txt"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_dangling_links_fifos_and_unreadable_folders_are_skipped() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(root.join("sub/deeper")).unwrap();
    fs::write(root.join("a.txt"), "Iran met Oman.").unwrap();
    fs::write(root.join("sub/deeper/b.txt"), "Qatar hosted Egypt.").unwrap();
    symlink(".", root.join("loop")).unwrap();
    symlink("../..", root.join("sub/deeper/up")).unwrap();
    symlink("self.txt", root.join("self.txt")).unwrap();
    symlink("nowhere.txt", root.join("dangling.txt")).unwrap();
    let have_fifo = Command::new("mkfifo")
        .arg(root.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    let locked = root.join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("c.txt"), "Israel warned Iran.").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads everything; then the folder is not unreadable after all.
    let really_locked = fs::read_dir(&locked).is_err();

    let (o, _) = run_measured(bin().args(["extract"]).arg(&root), Duration::from_secs(60));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    let ids: Vec<String> = records(&o.stdout)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ids.contains(&"a.txt".to_string()) && ids.contains(&"sub/deeper/b.txt".to_string()),
        "{ids:?}"
    );
    assert!(e.contains("symlink loop"), "{e}");
    assert!(e.contains("self.txt") && e.contains("dangling.txt"), "{e}");
    if have_fifo {
        assert!(
            e.contains("pipe.txt") && e.contains("not a regular file"),
            "{e}"
        );
    }
    if really_locked {
        assert!(
            e.contains("locked") && e.contains("cannot read folder"),
            "{e}"
        );
    }
    // --strict: the first of these problems is fatal.
    let (o, _) = run_measured(
        bin().args(["extract", "--strict"]).arg(&root),
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn binary_files_in_a_folder_are_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("good.txt"), "Iran met Oman in Muscat.").unwrap();
    fs::write(
        root.join("photo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    )
    .unwrap();
    fs::write(
        root.join("program.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    let utf16: Vec<u8> = "\u{feff}Iran met Oman."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    fs::write(root.join("utf16.txt"), utf16).unwrap();
    fs::write(
        root.join("archive.jsonl"),
        b"\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xfe\0\0",
    )
    .unwrap();
    let o = run(&["extract", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for name in ["photo.png", "program.txt", "archive.jsonl"] {
        assert!(e.contains(name), "{name} not named in {e}");
    }
    // UTF-16 with a byte-order mark is text (issue 13, item 9).
    let ids: Vec<String> = records(&o.stdout)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["good.txt", "utf16.txt"]);
    // --strict: a binary file where a text was expected is fatal; a file of
    // another kind (the PNG) alone is not.
    let o = run(&["extract", "--strict", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("program.txt") || stderr(&o).contains("archive.jsonl"),
        "{}",
        stderr(&o)
    );
    let only_png = tempfile::tempdir().unwrap();
    fs::write(only_png.path().join("good.txt"), "Iran met Oman.").unwrap();
    fs::write(only_png.path().join("photo.png"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let o = run(&["extract", "--strict", only_png.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn malformed_json_lines_are_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("feed.jsonl");
    let deep = "[".repeat(100_000);
    let lines = [
        r#"{"id":"ok1","text":"Iran met Oman."}"#.to_string(),
        r#"{"id":"cut","text":"Iran met"#.to_string(),
        r#"{"id":{"a":1},"text":"x"}"#.to_string(),
        r#"{"id":"n","text":42}"#.to_string(),
        r#""just a string""#.to_string(),
        r#"{"id":"t","text":"x"} trailing"#.to_string(),
        format!(r#"{{"id":"deep","text":"x","title":{deep}}}"#),
        r#"{"id":"d","text":"x","date":"yesterday"}"#.to_string(),
        String::new(),
        r#"{"id":"ok2","text":"Qatar hosted Egypt."}"#.to_string(),
    ];
    fs::write(&f, lines.join("\n") + "\n").unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for line in 2..=8 {
        assert!(
            e.contains(&format!("feed.jsonl:{line}:")),
            "line {line} not reported: {e}"
        );
    }
    let ids: Vec<String> = records(&o.stdout)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap().to_string())
        .collect();
    // A date that cannot be read costs the date, not the document.
    assert_eq!(ids, ["ok1", "d", "ok2"]);
    let o = run(&["extract", "--strict", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("feed.jsonl:2:"), "{}", stderr(&o));
}

#[test]
fn duplicate_ids_are_renamed_never_merged() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    fs::write(&a, "{\"id\":\"x\",\"text\":\"Iran met Oman.\"}\n{\"id\":\"x#2\",\"text\":\"Qatar met Egypt.\"}\n").unwrap();
    fs::write(&b, "{\"id\":\"x\",\"text\":\"Israel warned Iran.\"}\n").unwrap();
    let g = dir.path().join("g.json");
    let o = run(&[
        "build",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        g.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("b.jsonl:1: document id \"x\" is already taken by a different document"),
        "{}",
        stderr(&o)
    );
    let graph: serde_json::Value = serde_json::from_slice(&fs::read(&g).unwrap()).unwrap();
    assert_eq!(
        graph["graph"]["documents"], 3,
        "three documents, none merged"
    );
    let o = run(&[
        "extract",
        "--strict",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("b.jsonl:1:"), "{}", stderr(&o));
}

#[test]
fn files_of_another_version_or_kind_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = |name: &str| d.join(name).to_str().unwrap().to_string();
    fs::write(
        d.join("a.txt"),
        "Iran met Oman in Muscat. Qatar hosted talks with Egypt.",
    )
    .unwrap();
    let o = run(&[
        "build",
        "-q",
        &p("a.txt"),
        "-o",
        &p("g.json"),
        "--extractions",
        &p("x.jsonl"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let graph = fs::read_to_string(d.join("g.json")).unwrap();
    let extraction = fs::read_to_string(d.join("x.jsonl")).unwrap();

    // An extraction file from a later version.
    fs::write(
        d.join("x2.jsonl"),
        extraction.replace("newsgraph-extraction/1", "newsgraph-extraction/2"),
    )
    .unwrap();
    let o = run(&["merge", &p("x2.jsonl")]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("x2.jsonl:1:")
            && e.contains("newsgraph-extraction/2")
            && e.contains("newsgraph-extraction/1"),
        "{e}"
    );
    // A graph file from a later version, to export and to merge.
    fs::write(
        d.join("g2.json"),
        graph.replace("newsgraph-graph/1", "newsgraph-graph/2"),
    )
    .unwrap();
    let g2 = p("g2.json");
    for args in [["export", g2.as_str()], ["merge", g2.as_str()]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains("g2.json") && e.contains("written by newsgraph-graph/2"),
            "{args:?}: {e}"
        );
    }
    // An extraction file given to export.
    let o = run(&["export", &p("x.jsonl")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("extraction file"), "{}", stderr(&o));
    // A graph file cut in half (a copy interrupted by someone else).
    fs::write(d.join("cut.json"), &graph[..graph.len() / 2]).unwrap();
    let o = run(&["export", &p("cut.json")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cut.json:"), "{}", stderr(&o));
    // Arbitrary bytes.
    fs::write(d.join("noise.json"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    for cmd in ["export", "merge"] {
        let o = run(&[cmd, &p("noise.json")]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(stderr(&o).contains("noise.json"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
}

#[test]
fn exit_codes_are_documented_and_kept() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("Exit status: 0 success, 1 runtime error, 2 usage error"),
        "{help}"
    );
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains("**0** success, **1**"),
        "README documents the exit codes"
    );

    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    fs::write(&a, "Iran met Oman.").unwrap();
    let a = a.to_str().unwrap();
    let g = dir.path().join("g.json");
    let g = g.to_str().unwrap();
    // 0: success.
    assert_eq!(run(&["build", "-q", a, "-o", g]).status.code(), Some(0));
    // 2: usage errors.
    for args in [
        &["frobnicate"][..],
        &["extract"],
        &["extract", "--no-such-flag", a],
        &["build", a],
        &["export", g, "--format", "pdf"],
        &["export", g, "-o", "out.unknown"],
        &["extract", "--threads", "0", a],
        &["export", g, "--since", "last week"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // 1: runtime errors.
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "   \n").unwrap();
    for args in [
        &["extract", "/no/such/input.txt"][..],
        &["extract", empty.to_str().unwrap()],
        &["export", a],
        &["build", a, "-o", "/no/such/dir/g.json"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("newsgraph: error: "),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

// -------------------------------------------------------------------- helpers

fn run(args: &[&str]) -> Output {
    run_measured(bin().args(args), Duration::from_secs(120)).0
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsgraph");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `cmd` to the end (killing it after `limit`: a hang is a failure)
/// and returns its output and its peak memory in KB (0 where `/proc` cannot
/// tell).
fn run_measured(cmd: &mut Command, limit: Duration) -> (Output, u64) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsgraph");
    // Read the pipes on threads so a full pipe never blocks the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let started = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if let Ok(s) = fs::read_to_string(&status_file)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("newsgraph did not finish within {limit:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    };
    (output, peak)
}

fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect()
}

/// `check_spans` for an extraction record read back from JSON.
fn check_record_spans(rec: &serde_json::Value, text: &str) {
    let x: Extraction = serde_json::from_value(rec.clone()).expect("an extraction record");
    check_spans(text, &x);
}
