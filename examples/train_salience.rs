//! Train the learned salience models offline with linfa-logistic and print the constants to embed
//! in `src/countries/learned.rs`.
//!
//! Each item gets its outlet's home country from the bundled source table (`data/sources-fr.tsv`,
//! by its `source` field then its URL): Le Monde items get FR, BBC Afrique items none.
//!
//! Protocols (the L2 alpha and the keep/pair thresholds are always chosen by 5-fold
//! cross-validation inside the training part, never on the test part):
//! (a) temporal: train on Le Monde before 2022-09-01 + BBC even indices, test on Le Monde from
//!     2022-09-01 + BBC odd indices;
//! (b) 5-fold cross-validation over both sets (fold = index mod 5 in each set);
//! (c) cross-set: train on one set, test on the other.
//! The final weights are fitted on everything (alpha and thresholds by 5-fold CV on everything);
//! the whole-set figures printed with them are in-sample.
//!
//! cargo run --release --example train_salience -- [gaz=PATH] [nohome] [errors lemonde|bbc]
//!   gaz=PATH  use another gazetteer (e.g. an older version, to compare)
//! Environment (experiments): `MASK=f1,f2` forces the named country/pair features to 0 (the model
//! without them); `FOLDSEED=n` (n > 0) draws other outer CV folds than `index mod 5`, to check a
//! difference is not an accident of one split; `THIRD_RULE=1` keeps the three-way guideline
//! (`pair_max_third_ratio` grid 0.8, 0.9, 1.0 only, not 1.1 = never): the embedded constants.
//!   nohome    give no item a home country
//!   old       also leave out the features added with home-country evidence (the four home
//!             features, pair `home_in_pair`, `log_length`, `third_ratio`): with `nohome` and the previous
//!             gazetteer, the model as it was before
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::Deserialize;
use veille::countries::{
    candidate_features, pair_features, probabilities, Analysis, CountryTagger, LearnedWeights,
    Sources, FEATURE_NAMES, N_FEATURES, N_PAIR_FEATURES, PAIR_FEATURE_NAMES, THIRD_RATIO,
};

#[derive(Deserialize)]
struct Item {
    id: String,
    countries: Vec<String>,
    pair: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    title: String,
    text: String,
}

struct Set {
    items: Vec<Item>,
    an: Vec<Analysis>,
}

fn load(tg: &CountryTagger, sources: Option<&Sources>, p: &str) -> Set {
    let items: Vec<Item> = std::fs::read_to_string(p)
        .expect("read")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let an = items
        .iter()
        .map(|i| {
            let home = sources.and_then(|s| s.home_of(i.source.as_deref(), i.url.as_deref()));
            tg.analyse_with_home(&i.title, &i.text, home)
        })
        .collect();
    Set { items, an }
}

/// Fit a logistic regression; returns (weights, bias) with positive class = `true`.
fn fit(rows: &[Vec<f64>], ys: &[bool], alpha: f64) -> (Vec<f32>, f32) {
    let nf = rows[0].len();
    let x = Array2::from_shape_fn((rows.len(), nf), |(i, j)| rows[i][j]);
    let y = Array1::from_vec(ys.to_vec());
    let ds = Dataset::new(x.clone(), y);
    let m = LogisticRegression::default()
        .alpha(alpha)
        .max_iterations(300)
        .fit(&ds)
        .expect("fit");
    let w: Vec<f64> = m.params().to_vec();
    let b = m.intercept();
    // linfa's positive class is the majority one; make `true` positive: its probability
    // output is for the class it predicts when the probability is at least 0.5.
    let row0 = x.slice(ndarray::s![0..1, ..]);
    let p0 = m.predict_probabilities(&row0)[0];
    let pos_is_true = (p0 >= 0.5) == m.predict(&row0)[0];
    let s = if pos_is_true { 1.0 } else { -1.0 };
    (w.iter().map(|v| (s * v) as f32).collect(), (s * b) as f32)
}

/// A training or test part: a set and the indices of its items used.
type Part<'a> = (&'a Set, Vec<usize>);

fn pair_code(tg: &CountryTagger, a: u16, b: u16) -> String {
    let (a, b) = (tg.code_of(a).unwrap_or(""), tg.code_of(b).unwrap_or(""));
    if a <= b {
        format!("{a}-{b}")
    } else {
        format!("{b}-{a}")
    }
}

/// Features left out (forced to 0) by the `old` flag.
const NEW_FEATURES: [&str; 4] = [
    "is_home",
    "home_generic",
    "home_no_foreign",
    "home_foreign_title",
];
const NEW_PAIR_FEATURES: [&str; 3] = ["home_in_pair", "log_length", "third_ratio"];

fn masked(names: &[&str], f: &[f32], mask: &[&str]) -> Vec<f64> {
    names
        .iter()
        .zip(f)
        .map(|(n, &v)| if mask.contains(n) { 0.0 } else { v as f64 })
        .collect()
}

/// The `old` flag: the model as it was before home-country evidence.
fn old() -> bool {
    std::env::args().any(|a| a == "old")
}

fn train(tg: &CountryTagger, parts: &[Part], alpha: f64) -> LearnedWeights {
    let env = std::env::var("MASK").unwrap_or_default();
    let extra: Vec<&str> = env.split(',').filter(|x| !x.is_empty()).collect();
    let (mask, pmask): (Vec<&str>, Vec<&str>) = if old() {
        (NEW_FEATURES.to_vec(), NEW_PAIR_FEATURES.to_vec())
    } else {
        (vec![], vec![])
    };
    let mask: Vec<&str> = mask.into_iter().chain(extra.iter().copied()).collect();
    let pmask: Vec<&str> = pmask.into_iter().chain(extra.iter().copied()).collect();
    let (mut rows, mut ys) = (vec![], vec![]);
    for (s, idx) in parts {
        for &i in idx {
            for c in candidate_features(&s.an[i]) {
                rows.push(masked(&FEATURE_NAMES, &c.features, &mask));
                let code = tg.code_of(c.country).unwrap_or("");
                ys.push(s.items[i].countries.iter().any(|g| g == code));
            }
        }
    }
    let (cw, cb) = fit(&rows, &ys, alpha);
    let mut w = LearnedWeights::default();
    w.country.copy_from_slice(&cw);
    w.country_bias = cb;
    let (mut prow, mut pys) = (vec![], vec![]);
    for (s, idx) in parts {
        for &i in idx {
            let probs = probabilities(&s.an[i], &w);
            if let Some((a, b, f)) = pair_features(&s.an[i], &probs) {
                prow.push(masked(&PAIR_FEATURE_NAMES, &f, &pmask));
                pys.push(s.items[i].pair.as_deref() == Some(pair_code(tg, a, b).as_str()));
            }
        }
    }
    let (pw, pb) = fit(&prow, &pys, alpha);
    w.pair.copy_from_slice(&pw);
    w.pair_bias = pb;
    w
}

#[derive(Default, Clone, Copy)]
struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
    ok: u32,
    n: u32,
}
impl Score {
    fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
    fn pair(&self) -> f64 {
        self.ok as f64 / self.n.max(1) as f64
    }
    fn show(&self) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        format!(
            "P={p:.3} R={r:.3} F1={:.3} pair={:.3} (n={})",
            self.f1(),
            self.pair(),
            self.n
        )
    }
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.ok += o.ok;
        self.n += o.n;
    }
    fn item(
        &mut self,
        gold: &[String],
        gold_pair: Option<&str>,
        got: &[String],
        pair: Option<&str>,
    ) {
        let fp = got.iter().filter(|c| !gold.contains(c)).count() as u32;
        let fn_ = gold.iter().filter(|c| !got.contains(c)).count() as u32;
        self.tp += got.len() as u32 - fp;
        self.fp += fp;
        self.fn_ += fn_;
        self.ok += u32::from(gold_pair == pair);
        self.n += 1;
    }
}

/// Measure the real tagging path (`tags_learned`) on a test part.
fn eval(tg: &CountryTagger, (s, idx): &Part, w: &LearnedWeights, errors: bool) -> Score {
    let mut sc = Score::default();
    for &i in idx {
        let (it, t) = (&s.items[i], tg.tags_learned(&s.an[i], w));
        sc.item(
            &it.countries,
            it.pair.as_deref(),
            &t.countries,
            t.pair.as_deref(),
        );
        let fp = t.countries.iter().any(|c| !it.countries.contains(c));
        let fn_ = it.countries.iter().any(|c| !t.countries.contains(c));
        if errors && (fp || fn_ || t.pair != it.pair) {
            // ids and codes only: Le Monde text must not be copied anywhere.
            println!(
                "{}\tgold={:?} {:?}\tgot={:?} {:?}\tm={:?}",
                it.id, it.countries, it.pair, t.countries, t.pair, t.mentions
            );
        }
    }
    sc
}

/// Threshold-free predictions of one item: candidate probabilities and the pair probability.
struct Pred {
    probs: Vec<(u16, f32)>,
    /// The two best, the pair probability and the `third_ratio` feature.
    pair: Option<(u16, u16, f32, f32)>,
}

fn sigmoid(bias: f32, w: &[f32], x: &[f32]) -> f32 {
    let z: f32 = bias + w.iter().zip(x).map(|(w, x)| w * x).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

fn predict(a: &Analysis, w: &LearnedWeights) -> Pred {
    let probs = probabilities(a, w);
    let pair = pair_features(a, &probs)
        .map(|(a, b, f)| (a, b, sigmoid(w.pair_bias, &w.pair, &f), f[THIRD_RATIO]));
    Pred { probs, pair }
}

/// Score predictions with thresholds, as `learned::decide` does.
fn score_preds(
    tg: &CountryTagger,
    s: &Set,
    idx: &[usize],
    preds: &[Pred],
    (kt, pt, rt): (f32, f32, f32),
) -> Score {
    let mut sc = Score::default();
    for (&i, p) in idx.iter().zip(preds) {
        let kept: Vec<u16> = p
            .probs
            .iter()
            .filter(|x| x.1 >= kt)
            .take(4)
            .map(|x| x.0)
            .collect();
        let pair = p.pair.and_then(|(a, b, q, r)| {
            (q >= pt && r < rt && kept.contains(&a) && kept.contains(&b))
                .then(|| pair_code(tg, a, b))
        });
        let got: Vec<String> = kept
            .iter()
            .map(|&c| tg.code_of(c).unwrap_or("").to_string())
            .collect();
        let it = &s.items[i];
        sc.item(&it.countries, it.pair.as_deref(), &got, pair.as_deref());
    }
    sc
}

const ALPHAS: [f64; 6] = [0.03, 0.1, 0.3, 1.0, 3.0, 10.0];
const KEEP: [f32; 9] = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
const PAIR: [f32; 9] = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
/// `pair_max_third_ratio` grid (above 1: the rule never applies).
const THIRD: [f32; 4] = [0.8, 0.9, 1.0, 1.1];

/// Choose alpha and thresholds by 5-fold CV inside `parts` (objective: Σ over parts of F1 + pair
/// accuracy on out-of-fold predictions), then fit on all of `parts` with that alpha.
fn fit_selected(tg: &CountryTagger, parts: &[Part]) -> (LearnedWeights, f64) {
    let mut best = (f64::MIN, 1.0, (0.5, 0.5, 1.1));
    for alpha in ALPHAS {
        // Out-of-fold predictions, per part, in index order.
        let mut oof: Vec<Vec<Option<Pred>>> = parts
            .iter()
            .map(|(_, idx)| idx.iter().map(|_| None).collect())
            .collect();
        for k in 0..5 {
            let train_parts: Vec<Part> = parts
                .iter()
                .map(|(s, idx)| {
                    (
                        *s,
                        idx.iter()
                            .enumerate()
                            .filter(|(j, _)| j % 5 != k)
                            .map(|(_, &i)| i)
                            .collect(),
                    )
                })
                .collect();
            let w = train(tg, &train_parts, alpha);
            for (pi, (s, idx)) in parts.iter().enumerate() {
                for (j, &i) in idx.iter().enumerate().filter(|(j, _)| j % 5 == k) {
                    oof[pi][j] = Some(predict(&s.an[i], &w));
                }
            }
        }
        let oof: Vec<Vec<Pred>> = oof
            .into_iter()
            .map(|v| v.into_iter().map(|p| p.expect("every fold")).collect())
            .collect();
        let third: &[f32] = if old() {
            &[1.1]
        } else if std::env::var("THIRD_RULE").is_ok() {
            &THIRD[..3]
        } else {
            &THIRD
        };
        for kt in KEEP {
            for pt in PAIR {
                for &rt in third {
                    let o: f64 = parts
                        .iter()
                        .zip(&oof)
                        .map(|((s, idx), preds)| {
                            let sc = score_preds(tg, s, idx, preds, (kt, pt, rt));
                            sc.f1() + sc.pair()
                        })
                        .sum();
                    if o > best.0 {
                        best = (o, alpha, (kt, pt, rt));
                    }
                }
            }
        }
    }
    let mut w = train(tg, parts, best.1);
    (w.keep_threshold, w.pair_threshold, w.pair_max_third_ratio) = best.2;
    (w, best.1)
}

fn chosen(w: &LearnedWeights, alpha: f64) -> String {
    format!(
        "[alpha={alpha} keep={} pair={} third={}]",
        w.keep_threshold, w.pair_threshold, w.pair_max_third_ratio
    )
}

/// Outer CV fold of item `i`: `i mod 5`, or with `FOLDSEED=n` (n > 0) a hashed assignment, to
/// check that a difference between two feature sets is not an accident of one split.
fn fold(i: usize) -> usize {
    let seed: u64 = std::env::var("FOLDSEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if seed == 0 {
        return i % 5;
    }
    let h =
        (i as u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    ((h >> 33) % 5) as usize
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let tg = match args.iter().find_map(|a| a.strip_prefix("gaz=")) {
        Some(p) => CountryTagger::from_tsv(&std::fs::read_to_string(p).expect("read gazetteer"))
            .expect("gazetteer parses"),
        None => CountryTagger::bundled(),
    };
    let sources = Sources::bundled();
    let sources = (!flag("nohome")).then_some(&sources);
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/annotated/");
    let lm = load(&tg, sources, &format!("{base}lemonde-2022-labelled.jsonl"));
    let mk = load(
        &tg,
        sources,
        &format!("{base}masakhanews-fra-labelled.jsonl"),
    );
    let with_home = |s: &Set| s.an.iter().filter(|a| a.home.is_some()).count();
    println!(
        "home country set: LM {}/{} | BBC {}/{}",
        with_home(&lm),
        lm.items.len(),
        with_home(&mk),
        mk.items.len()
    );
    let all_l: Vec<usize> = (0..lm.items.len()).collect();
    let all_m: Vec<usize> = (0..mk.items.len()).collect();
    let (lt, lh): (Vec<usize>, Vec<usize>) = all_l
        .iter()
        .partition(|&&i| lm.items[i].date.as_deref().unwrap_or("") < "2022-09-01");
    let (mt, mh): (Vec<usize>, Vec<usize>) = all_m.iter().partition(|&&i| i % 2 == 0);

    let (w, a) = fit_selected(&tg, &[(&lm, lt.clone()), (&mk, mt.clone())]);
    println!(
        "(a) TEMPORAL (train LM<2022-09-01 + BBC even) {}\n    LM Sep-Dec {} | BBC odd {}",
        chosen(&w, a),
        eval(&tg, &(&lm, lh), &w, false).show(),
        eval(&tg, &(&mk, mh), &w, false).show()
    );

    let (mut cl, mut cm) = (Score::default(), Score::default());
    let mut picks = vec![];
    for k in 0..5 {
        let split = |all: &[usize]| -> (Vec<usize>, Vec<usize>) {
            all.iter().partition(|&&i| fold(i) != k)
        };
        let (tr_l, te_l) = split(&all_l);
        let (tr_m, te_m) = split(&all_m);
        let (w, a) = fit_selected(&tg, &[(&lm, tr_l), (&mk, tr_m)]);
        picks.push(chosen(&w, a));
        cl.add(eval(&tg, &(&lm, te_l), &w, false));
        cm.add(eval(&tg, &(&mk, te_m), &w, false));
    }
    println!(
        "(b) 5-FOLD CV (both sets) {}\n    LM {} | BBC {}",
        picks.join(" "),
        cl.show(),
        cm.show()
    );

    let (wl, al) = fit_selected(&tg, &[(&lm, all_l.clone())]);
    let (wm, am) = fit_selected(&tg, &[(&mk, all_m.clone())]);
    println!(
        "(c) CROSS-SET\n    train LM {} -> BBC {}\n    train BBC {} -> LM {}",
        chosen(&wl, al),
        eval(&tg, &(&mk, all_m.clone()), &wl, false).show(),
        chosen(&wm, am),
        eval(&tg, &(&lm, all_l.clone()), &wm, false).show()
    );

    let (w, a) = fit_selected(&tg, &[(&lm, all_l.clone()), (&mk, all_m.clone())]);
    let errs = flag("errors");
    println!(
        "WHOLE, IN-SAMPLE (fit on all) {}\n    LM {} | BBC {}",
        chosen(&w, a),
        eval(&tg, &(&lm, all_l.clone()), &w, errs && flag("lemonde")).show(),
        eval(&tg, &(&mk, all_m.clone()), &w, errs && flag("bbc")).show()
    );
    let def = LearnedWeights::default();
    println!(
        "EMBEDDED constants, in-sample: LM {} | BBC {}",
        eval(&tg, &(&lm, all_l), &def, false).show(),
        eval(&tg, &(&mk, all_m), &def, false).show()
    );
    for (n, v) in FEATURE_NAMES.iter().zip(&w.country) {
        println!("    {n:20} {v:+.3}");
    }
    for (n, v) in PAIR_FEATURE_NAMES.iter().zip(&w.pair) {
        println!("    pair {n:15} {v:+.3}");
    }
    println!(
        "pub const COUNTRY_WEIGHTS: [f32; N_FEATURES] = {:?};",
        w.country
    );
    println!("pub const COUNTRY_BIAS: f32 = {:?};", w.country_bias);
    println!(
        "pub const PAIR_WEIGHTS: [f32; N_PAIR_FEATURES] = {:?};",
        w.pair
    );
    println!("pub const PAIR_BIAS: f32 = {:?};", w.pair_bias);
    println!("pub const KEEP_THRESHOLD: f32 = {:?};", w.keep_threshold);
    println!("pub const PAIR_THRESHOLD: f32 = {:?};", w.pair_threshold);
    println!(
        "pub const PAIR_MAX_THIRD_RATIO: f32 = {:?};",
        w.pair_max_third_ratio
    );
    let _ = (N_FEATURES, N_PAIR_FEATURES);
}
