//! Train the learned salience models offline with linfa-logistic and print the constants to embed
//! in `src/countries/learned.rs`. Protocols: temporal split on Le Monde (train before 2022-09-01)
//! plus 2-fold by index parity on BBC Afrique; cross-set (train on one, test on the other); and
//! 5-fold cross-validation over both sets. The final weights are fitted on everything.
//! cargo run --release --example train_salience -- [errors]
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::Deserialize;
use veille::countries::{
    pair_features, probabilities, Analysis, CountryTagger, LearnedWeights, N_FEATURES,
    N_PAIR_FEATURES,
};

#[derive(Deserialize)]
struct Item {
    id: String,
    countries: Vec<String>,
    pair: Option<String>,
    #[serde(default)]
    date: Option<String>,
    title: String,
    text: String,
}

struct Set {
    items: Vec<Item>,
    an: Vec<Analysis>,
}

fn load(tg: &CountryTagger, p: &str) -> Set {
    let items: Vec<Item> = std::fs::read_to_string(p)
        .expect("read")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let an = items
        .iter()
        .map(|i| tg.analyse(&i.title, &i.text))
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

fn train(tg: &CountryTagger, parts: &[(&Set, &[usize])], alpha: f64) -> LearnedWeights {
    let (mut rows, mut ys) = (vec![], vec![]);
    for (s, idx) in parts {
        for &i in idx.iter() {
            for c in veille::countries::candidate_features(&s.an[i]) {
                rows.push(c.features.iter().map(|&v| v as f64).collect());
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
        for &i in idx.iter() {
            let probs = probabilities(&s.an[i], &w);
            if let Some((a, b, f)) = pair_features(&s.an[i], &probs) {
                prow.push(f.iter().map(|&v| v as f64).collect());
                let (a, b) = (tg.code_of(a).unwrap_or(""), tg.code_of(b).unwrap_or(""));
                let p = if a <= b {
                    format!("{a}-{b}")
                } else {
                    format!("{b}-{a}")
                };
                pys.push(s.items[i].pair.as_deref() == Some(p.as_str()));
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
    fn show(&self) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let pa = self.ok as f64 / self.n.max(1) as f64;
        format!(
            "P={p:.3} R={r:.3} F1={:.3} pair={pa:.3} (n={})",
            self.f1(),
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
}

fn eval(tg: &CountryTagger, s: &Set, idx: &[usize], w: &LearnedWeights, errors: bool) -> Score {
    let mut sc = Score::default();
    for &i in idx {
        let (it, t) = (&s.items[i], tg.tags_learned(&s.an[i], w));
        let fp = t
            .countries
            .iter()
            .filter(|c| !it.countries.contains(c))
            .count() as u32;
        let fn_ = it
            .countries
            .iter()
            .filter(|c| !t.countries.contains(c))
            .count() as u32;
        sc.tp += t.countries.len() as u32 - fp;
        sc.fp += fp;
        sc.fn_ += fn_;
        sc.ok += u32::from(t.pair == it.pair);
        sc.n += 1;
        if errors && (fp + fn_ > 0 || t.pair != it.pair) {
            // ids and codes only: Le Monde text must not be copied anywhere.
            println!(
                "{}\tgold={:?} {:?}\tgot={:?} {:?}\tm={:?}",
                it.id, it.countries, it.pair, t.countries, t.pair, t.mentions
            );
        }
    }
    sc
}

/// Pick the keep/pair thresholds that maximise F1 + pair accuracy on the training parts.
fn tune_thresholds(tg: &CountryTagger, parts: &[(&Set, &[usize])], w: &mut LearnedWeights) {
    let mut best = (-1.0, 0.5, 0.5);
    for kt in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        for pt in [0.3f32, 0.4, 0.5, 0.6] {
            let cand = LearnedWeights {
                keep_threshold: kt,
                pair_threshold: pt,
                ..w.clone()
            };
            let o: f64 = parts
                .iter()
                .map(|(s, idx)| {
                    let sc = eval(tg, s, idx, &cand, false);
                    sc.f1() + sc.ok as f64 / sc.n.max(1) as f64
                })
                .sum();
            if o > best.0 {
                best = (o, kt, pt);
            }
        }
    }
    w.keep_threshold = best.1;
    w.pair_threshold = best.2;
}

fn fit_tuned(tg: &CountryTagger, parts: &[(&Set, &[usize])], alpha: f64) -> LearnedWeights {
    let mut w = train(tg, parts, alpha);
    tune_thresholds(tg, parts, &mut w);
    w
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let alpha: f64 = args
        .iter()
        .find_map(|a| a.strip_prefix("alpha=")?.parse().ok())
        .unwrap_or(1.0);
    let tg = CountryTagger::bundled();
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/annotated/");
    let lm = load(&tg, &format!("{base}lemonde-2022-labelled.jsonl"));
    let mk = load(&tg, &format!("{base}masakhanews-fra-labelled.jsonl"));
    let all_l: Vec<usize> = (0..lm.items.len()).collect();
    let all_m: Vec<usize> = (0..mk.items.len()).collect();
    let (lt, lh): (Vec<usize>, Vec<usize>) = all_l
        .iter()
        .partition(|&&i| lm.items[i].date.as_deref().unwrap_or("") < "2022-09-01");
    let (mt, mh): (Vec<usize>, Vec<usize>) = all_m.iter().partition(|&&i| i % 2 == 0);
    println!("alpha={alpha}");
    let w = fit_tuned(&tg, &[(&lm, &lt), (&mk, &mt)], alpha);
    println!(
        "HELD-OUT (train LM<2022-09 + BBC even): LM Sep-Dec {} | BBC odd {}",
        eval(&tg, &lm, &lh, &w, false).show(),
        eval(&tg, &mk, &mh, &w, false).show()
    );
    let w2 = fit_tuned(&tg, &[(&lm, &lh), (&mk, &mh)], alpha);
    println!(
        "  reverse (train LM>=2022-09 + BBC odd): LM Jan-Aug {} | BBC even {}",
        eval(&tg, &lm, &lt, &w2, false).show(),
        eval(&tg, &mk, &mt, &w2, false).show()
    );
    let wl = fit_tuned(&tg, &[(&lm, &all_l)], alpha);
    let wm = fit_tuned(&tg, &[(&mk, &all_m)], alpha);
    println!(
        "CROSS-SET: train LM -> BBC {} | train BBC -> LM {}",
        eval(&tg, &mk, &all_m, &wl, false).show(),
        eval(&tg, &lm, &all_l, &wm, false).show()
    );
    let (mut cl, mut cm) = (Score::default(), Score::default());
    for k in 0..5 {
        let tr_l: Vec<usize> = all_l.iter().copied().filter(|i| i % 5 != k).collect();
        let te_l: Vec<usize> = all_l.iter().copied().filter(|i| i % 5 == k).collect();
        let tr_m: Vec<usize> = all_m.iter().copied().filter(|i| i % 5 != k).collect();
        let te_m: Vec<usize> = all_m.iter().copied().filter(|i| i % 5 == k).collect();
        let w = fit_tuned(&tg, &[(&lm, &tr_l), (&mk, &tr_m)], alpha);
        cl.add(eval(&tg, &lm, &te_l, &w, false));
        cm.add(eval(&tg, &mk, &te_m, &w, false));
    }
    println!(
        "5-FOLD CV (both sets): LM {} | BBC {}",
        cl.show(),
        cm.show()
    );
    let w = fit_tuned(&tg, &[(&lm, &all_l), (&mk, &all_m)], alpha);
    let errs = args.iter().any(|a| a == "errors");
    println!(
        "WHOLE (fit on all): LM {} | BBC {}",
        eval(
            &tg,
            &lm,
            &all_l,
            &w,
            errs && args.iter().any(|a| a == "lemonde")
        )
        .show(),
        eval(
            &tg,
            &mk,
            &all_m,
            &w,
            errs && args.iter().any(|a| a == "bbc")
        )
        .show()
    );
    let def = LearnedWeights::default();
    println!(
        "EMBEDDED constants: LM {} | BBC {}",
        eval(&tg, &lm, &all_l, &def, false).show(),
        eval(&tg, &mk, &all_m, &def, false).show()
    );
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
    println!(
        "keep_threshold: {}, pair_threshold: {}",
        w.keep_threshold, w.pair_threshold
    );
    let _ = (N_FEATURES, N_PAIR_FEATURES);
}
