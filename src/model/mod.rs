//! The theme model: text pipeline + TF-IDF + sparse linear classifier + calibration.
//!
//! Training (see [`ThemeModel::train`]):
//! 1. fit the TF-IDF vocabulary on the training articles;
//! 2. train the one-vs-rest classifier `folds` times on the other folds and predict the
//!    held-out fold, giving out-of-fold decision values for every article;
//! 3. fit one Platt sigmoid per label on those values (calibrated probabilities) and pick
//!    each label's threshold for best held-out F1;
//! 4. train the classifier once more on all the articles.
//!
//! The vocabulary is fitted once on all training articles, not per fold: idf and vocabulary
//! leak a little across folds, which makes calibration a little optimistic but costs one
//! vectorisation instead of `folds + 1`.

pub mod calibration;
pub mod file;
pub mod linear;

use crate::features::{ArticleText, TfidfConfig, TfidfVectorizer};
use crate::sparse::CsrMatrix;
use crate::text::{Analyzer, AnalyzerConfig};
use calibration::{best_threshold, Platt};
use linear::{shuffle, SparseLinearConfig, SparseLinearModel, SparseLinearParams, SplitMix64};
use linfa::prelude::*;
use linfa::{DatasetBase, ParamGuard};
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many folds give the out-of-fold predictions that calibration and thresholds are fitted
/// on: a number (0 or 1: no held-out tuning), or [`Folds::Auto`].
///
/// `Auto` takes 5 folds below [`Folds::LARGE`] training articles and 3 from there. Small sets
/// need every held-out prediction they can get (the Le Monde themes, 700 articles: micro-F1
/// 0.645 with 5 folds, 0.631 with 3), while on large ones the calibration no longer improves
/// and the extra fits are time (the Le Monde sections, 24,000 articles: accuracy 0.714 and
/// macro-F1 0.597 with 3 folds, 0.711 and 0.590 with 5, training 3.1 s against 4.3 s).
///
/// A trained model stores the number of folds it used, never `Auto`. In TOML and JSON it is
/// written `"auto"` or a number; in the model file, a number (the encoding of format 2, where
/// it was always a number; `Auto` is `u64::MAX` there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Folds {
    /// 5 folds below [`Folds::LARGE`] training articles, 3 from there.
    #[default]
    Auto,
    /// This many folds.
    Fixed(usize),
}

impl Folds {
    /// From this many training articles, [`Folds::Auto`] takes 3 folds instead of 5.
    pub const LARGE: usize = 10_000;

    /// The number of folds for `n` training articles.
    pub fn resolve(self, n: usize) -> usize {
        match self {
            Folds::Auto if n >= Folds::LARGE => 3,
            Folds::Auto => 5,
            Folds::Fixed(k) => k,
        }
    }
}

impl std::str::FromStr for Folds {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(Folds::Auto);
        }
        s.parse::<usize>()
            .map(Folds::Fixed)
            .map_err(|_| format!("folds must be a number or \"auto\", got {s:?}"))
    }
}

impl std::fmt::Display for Folds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Folds::Auto => f.write_str("auto"),
            Folds::Fixed(k) => write!(f, "{k}"),
        }
    }
}

impl Serialize for Folds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self, s.is_human_readable()) {
            (Folds::Auto, true) => s.serialize_str("auto"),
            (Folds::Auto, false) => s.serialize_u64(u64::MAX),
            (Folds::Fixed(k), _) => s.serialize_u64(*k as u64),
        }
    }
}

impl<'de> Deserialize<'de> for Folds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Folds;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number of folds or \"auto\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Folds, E> {
                Ok(if v == u64::MAX {
                    Folds::Auto
                } else {
                    Folds::Fixed(usize::try_from(v).map_err(E::custom)?)
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Folds, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("folds must not be negative, got {v}")))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Folds, E> {
                v.parse().map_err(E::custom)
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            d.deserialize_u64(V)
        }
    }
}

/// How labels are predicted (the `[labels]` table of a training config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabelConfig {
    /// At most this many labels per article (multi-label models).
    pub max_labels: usize,
    /// Folds used for calibration and threshold tuning (see [`Folds`]).
    pub folds: Folds,
    /// Tune one threshold per label on held-out folds (else every threshold is 0.5).
    pub tune_thresholds: bool,
}

impl Default for LabelConfig {
    fn default() -> Self {
        LabelConfig {
            max_labels: 3,
            folds: Folds::Auto,
            tune_thresholds: true,
        }
    }
}

/// A whole training configuration, as read from `training/*.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainingConfig {
    /// The text pipeline.
    pub text: AnalyzerConfig,
    /// TF-IDF vocabulary and weighting.
    pub features: TfidfConfig,
    /// The linear classifier.
    pub model: SparseLinearConfig,
    /// Label decisions.
    pub labels: LabelConfig,
}

impl TrainingConfig {
    /// Checks the values that the classifier's own [`ParamGuard`] does not cover, so that a
    /// bad configuration is one clear sentence instead of NaN weights.
    pub fn validate(&self) -> Result<(), String> {
        let f = &self.features;
        if !(f.title_weight.is_finite() && f.title_weight > 0.0) {
            return Err(format!(
                "[features] title_weight must be a positive number, got {}",
                f.title_weight
            ));
        }
        if !(f.max_df > 0.0 && f.max_df <= 1.0) {
            return Err(format!(
                "[features] max_df must be in (0, 1], got {}",
                f.max_df
            ));
        }
        if self.labels.max_labels == 0 {
            return Err("[labels] max_labels must be at least 1".into());
        }
        Ok(())
    }
}

/// Facts about the training run, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// The configuration used.
    pub config: TrainingConfig,
    /// FNV-1a 64 fingerprint of the training texts and labels, in hex.
    pub fingerprint: String,
    /// Number of training articles.
    pub n_records: usize,
    /// Number of training articles per label.
    pub label_counts: BTreeMap<String, usize>,
    /// The veille version that trained the model.
    pub veille_version: String,
}

/// A trained theme classifier.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThemeModel {
    /// Text pipeline settings and TF-IDF vocabulary.
    pub vectorizer: TfidfVectorizer,
    /// One linear decision function per label.
    pub classifier: SparseLinearModel,
    /// Label names, sorted.
    pub labels: Vec<String>,
    /// One sigmoid per label.
    pub calibration: Vec<Platt>,
    /// One probability threshold per label.
    pub thresholds: Vec<f32>,
    /// False when every training article had exactly one label: predict the best label only.
    pub multi_label: bool,
    /// Training configuration and data fingerprint.
    pub training: TrainingInfo,
}

/// A model's output for one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemePrediction {
    /// Predicted labels, most probable first; never empty.
    pub labels: Vec<String>,
    /// Probability of every label, in the model's label order.
    pub scores: Vec<(String, f32)>,
}

/// Why training could not start.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// No training articles.
    #[error("there are no training records")]
    Empty,
    /// No labels at all.
    #[error("no record has a label, so there is nothing to learn")]
    NoLabels,
    /// Hyperparameters were refused.
    #[error("invalid training configuration: {0}")]
    Params(#[from] linear::ParamError),
    /// Feature or label settings were refused.
    #[error("invalid training configuration: {0}")]
    Config(String),
    /// The classifier failed.
    #[error("training failed: {0}")]
    Fit(#[from] linear::FitError),
}

impl ThemeModel {
    /// Trains a model on articles and their labels (one list per article, best first).
    pub fn train(
        docs: &[ArticleText<'_>],
        labels: &[Vec<String>],
        config: &TrainingConfig,
    ) -> Result<ThemeModel, TrainError> {
        config.validate().map_err(TrainError::Config)?;
        if docs.is_empty() || docs.len() != labels.len() {
            return Err(TrainError::Empty);
        }
        let names: Vec<String> = {
            let mut v: Vec<String> = labels.iter().flatten().cloned().collect();
            v.sort();
            v.dedup();
            v
        };
        if names.is_empty() {
            return Err(TrainError::NoLabels);
        }
        let multi_label = labels.iter().any(|l| l.len() > 1);
        let y = label_matrix(labels, &names);
        let params = SparseLinearParams::from_config(config.model.clone()).check()?;
        let (vectorizer, x) = TfidfVectorizer::fit_transform(docs, &config.text, &config.features);
        // The model records the folds it used, not `auto`.
        let mut config = config.clone();
        config.labels.folds = Folds::Fixed(config.labels.folds.resolve(docs.len()));
        let (calibration, thresholds) = calibrate(&x, &y, &params, &config.labels)?;
        let classifier = params.fit(&DatasetBase::new(x, y.clone()))?;
        let label_counts = names
            .iter()
            .enumerate()
            .map(|(j, n)| (n.clone(), y.column(j).iter().filter(|&&b| b).count()))
            .collect();
        Ok(ThemeModel {
            vectorizer,
            classifier,
            labels: names,
            calibration,
            thresholds,
            multi_label,
            training: TrainingInfo {
                config,
                fingerprint: fingerprint(docs, labels),
                n_records: docs.len(),
                label_counts,
                veille_version: env!("CARGO_PKG_VERSION").to_string(),
            },
        })
    }

    /// A fresh analyzer with this model's text settings (one per thread).
    pub fn analyzer(&self) -> Analyzer {
        Analyzer::new(self.vectorizer.analyzer_config().clone())
    }

    /// Predicts the labels of one article.
    pub fn predict(&self, analyzer: &mut Analyzer, doc: ArticleText<'_>) -> ThemePrediction {
        let row = self.vectorizer.transform_one(analyzer, doc);
        let decisions = self.classifier.decision_pairs(&row);
        self.decide(&decisions)
    }

    /// Predicts the labels of an article whose boilerplate was already removed by the caller
    /// (see [`TfidfVectorizer::transform_prepared`]).
    pub fn predict_prepared(
        &self,
        analyzer: &mut Analyzer,
        doc: ArticleText<'_>,
    ) -> ThemePrediction {
        let row = self.vectorizer.transform_prepared(analyzer, doc);
        self.decide(&self.classifier.decision_pairs(&row))
    }

    /// Probabilities and labels from decision values.
    pub fn decide(&self, decisions: &[f32]) -> ThemePrediction {
        let mut probs: Vec<f32> = decisions
            .iter()
            .zip(&self.calibration)
            .map(|(&d, c)| c.prob(d))
            .collect();
        if !self.multi_label {
            let sum: f32 = probs.iter().sum();
            if sum > 0.0 {
                probs.iter_mut().for_each(|p| *p /= sum);
            }
        }
        let mut order: Vec<usize> = (0..probs.len()).collect();
        order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
        let max = if self.multi_label {
            self.training.config.labels.max_labels.max(1)
        } else {
            1
        };
        let mut chosen: Vec<String> = order
            .iter()
            .take(max)
            .enumerate()
            .filter(|&(rank, &j)| rank == 0 || probs[j] >= self.thresholds[j])
            .map(|(_, &j)| self.labels[j].clone())
            .collect();
        if chosen.is_empty() {
            chosen.push(self.labels[order[0]].clone());
        }
        ThemePrediction {
            labels: chosen,
            scores: self.labels.iter().cloned().zip(probs).collect(),
        }
    }
}

/// Row i, column j is true when article i has label `names[j]`.
fn label_matrix(labels: &[Vec<String>], names: &[String]) -> Array2<bool> {
    let mut y = Array2::from_elem((labels.len(), names.len()), false);
    for (i, ls) in labels.iter().enumerate() {
        for l in ls {
            if let Ok(j) = names.binary_search(l) {
                y[(i, j)] = true;
            }
        }
    }
    y
}

/// Out-of-fold decision values → one sigmoid and one threshold per label.
fn calibrate(
    x: &CsrMatrix,
    y: &Array2<bool>,
    params: &linear::SparseLinearValidParams,
    cfg: &LabelConfig,
) -> Result<(Vec<Platt>, Vec<f32>), TrainError> {
    let (n, n_labels) = y.dim();
    let folds = cfg.folds.resolve(n).min(n);
    if folds < 2 {
        let plat = (0..n_labels)
            .map(|j| Platt::uninformed(y.column(j).iter().filter(|&&b| b).count(), n))
            .collect();
        return Ok((plat, vec![0.5; n_labels]));
    }
    let mut order: Vec<usize> = (0..n).collect();
    shuffle(&mut order, &mut SplitMix64(params.config().seed ^ 0xF01D));
    // Folds run one after the other, each fit parallel over labels: running folds side by
    // side was measured slower (1.6 s → 2.6–3.3 s on the section task), the solvers then
    // compete for the cache.
    let mut oof = Array2::<f32>::zeros((n, n_labels));
    for k in 0..folds {
        let test: Vec<usize> = order.iter().copied().skip(k).step_by(folds).collect();
        let mut is_test = vec![false; n];
        test.iter().for_each(|&i| is_test[i] = true);
        let train: Vec<usize> = (0..n).filter(|&i| !is_test[i]).collect();
        let ds = DatasetBase::new(x.select_rows(&train), y.select(ndarray::Axis(0), &train));
        let model = params.fit(&ds)?;
        for &i in &test {
            for (j, d) in model.decision(x.row(i)).into_iter().enumerate() {
                oof[(i, j)] = d;
            }
        }
    }
    let fitted: Vec<(Platt, f32)> = (0..n_labels)
        .into_par_iter()
        .map(|j| {
            let d: Vec<f32> = oof.column(j).to_vec();
            let t: Vec<bool> = y.column(j).to_vec();
            let p = Platt::fit(&d, &t);
            let probs: Vec<f32> = d.iter().map(|&v| p.prob(v)).collect();
            let threshold = if cfg.tune_thresholds {
                best_threshold(&probs, &t)
            } else {
                0.5
            };
            (p, threshold)
        })
        .collect();
    Ok(fitted.into_iter().unzip())
}

/// FNV-1a 64 over titles, bodies and labels, with separators, in order.
pub fn fingerprint(docs: &[ArticleText<'_>], labels: &[Vec<String>]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for (d, ls) in docs.iter().zip(labels) {
        eat(d.title.as_bytes());
        eat(&[0x1f]);
        eat(d.body.as_bytes());
        eat(&[0x1f]);
        for l in ls {
            eat(l.as_bytes());
            eat(&[0x1d]);
        }
        eat(&[0x1e]);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_auto_is_five_below_ten_thousand_articles_and_three_from_there() {
        assert_eq!(Folds::Auto.resolve(700), 5);
        assert_eq!(Folds::Auto.resolve(9_999), 5);
        assert_eq!(Folds::Auto.resolve(10_000), 3);
        assert_eq!(Folds::Fixed(2).resolve(50_000), 2);
        assert_eq!("auto".parse::<Folds>(), Ok(Folds::Auto));
        assert_eq!("4".parse::<Folds>(), Ok(Folds::Fixed(4)));
        assert!("four".parse::<Folds>().unwrap_err().contains("\"auto\""));
    }

    #[test]
    fn folds_read_from_toml_as_a_number_or_auto() {
        let read = |t: &str| toml::from_str::<TrainingConfig>(t).map(|c| c.labels.folds);
        assert_eq!(read("[labels]\nfolds = \"auto\"\n").unwrap(), Folds::Auto);
        assert_eq!(read("[labels]\nfolds = 5\n").unwrap(), Folds::Fixed(5));
        assert_eq!(read("").unwrap(), Folds::Auto);
        assert!(read("[labels]\nfolds = -1\n").is_err());
        assert!(read("[labels]\nfolds = \"many\"\n").is_err());
        let json = serde_json::to_string(&LabelConfig::default()).unwrap();
        assert!(json.contains("\"folds\":\"auto\""), "{json}");
    }

    #[test]
    fn folds_keep_the_format_2_encoding_in_model_files() {
        // A number of folds was a usize in format 2; it must read and write the same bytes.
        let old = postcard::to_allocvec(&5usize).unwrap();
        assert_eq!(postcard::to_allocvec(&Folds::Fixed(5)).unwrap(), old);
        assert_eq!(
            postcard::from_bytes::<Folds>(&old).unwrap(),
            Folds::Fixed(5)
        );
        let auto = postcard::to_allocvec(&Folds::Auto).unwrap();
        assert_eq!(postcard::from_bytes::<Folds>(&auto).unwrap(), Folds::Auto);
    }

    #[test]
    fn a_trained_model_records_the_folds_it_used() {
        let docs: Vec<ArticleText<'_>> = ["a b", "a c", "b c", "a b c", "c d", "a d"]
            .iter()
            .map(|t| ArticleText { title: "", body: t })
            .collect();
        let labels: Vec<Vec<String>> = ["x", "y", "x", "y", "x", "y"]
            .iter()
            .map(|l| vec![l.to_string()])
            .collect();
        let mut cfg = TrainingConfig::default();
        cfg.features.min_df = 1;
        let m = ThemeModel::train(&docs, &labels, &cfg).unwrap();
        assert_eq!(m.training.config.labels.folds, Folds::Fixed(5));
    }

    fn corpus() -> (Vec<ArticleText<'static>>, Vec<Vec<String>>) {
        let rows: &[(&str, &str)] = &[
            ("La police arrête un suspect armé", "securite"),
            (
                "Les gendarmes renforcent la sécurité des frontières",
                "securite",
            ),
            (
                "L'armée déploie des soldats et la police patrouille",
                "securite",
            ),
            (
                "Opération de police contre un réseau criminel armé",
                "securite",
            ),
            ("Le club remporte le match de football", "sport"),
            ("Victoire de l'équipe au championnat de football", "sport"),
            ("Le joueur marque un but lors du match", "sport"),
            ("L'équipe nationale gagne la finale du championnat", "sport"),
        ];
        let docs = rows
            .iter()
            .map(|r| ArticleText {
                title: "",
                body: r.0,
            })
            .collect();
        let labels = rows.iter().map(|r| vec![r.1.to_string()]).collect();
        (docs, labels)
    }

    fn small_config() -> TrainingConfig {
        let mut c = TrainingConfig::default();
        c.features.min_df = 1;
        c.labels.folds = Folds::Fixed(2);
        c
    }

    #[test]
    fn learns_a_toy_corpus_and_predicts_the_right_theme() {
        let (docs, labels) = corpus();
        let m = ThemeModel::train(&docs, &labels, &small_config()).unwrap();
        assert!(!m.multi_label);
        assert_eq!(m.labels, ["securite", "sport"]);
        let mut a = m.analyzer();
        let p = m.predict(
            &mut a,
            ArticleText {
                title: "",
                body: "La police et les gendarmes",
            },
        );
        assert_eq!(p.labels, ["securite"]);
        let p = m.predict(
            &mut a,
            ArticleText {
                title: "Football",
                body: "un match du championnat",
            },
        );
        assert_eq!(p.labels, ["sport"]);
        let sum: f32 = p.scores.iter().map(|s| s.1).sum();
        assert!((sum - 1.0).abs() < 1e-4);
    }

    #[test]
    fn empty_text_still_gets_one_label() {
        let (docs, labels) = corpus();
        let m = ThemeModel::train(&docs, &labels, &small_config()).unwrap();
        let p = m.predict(
            &mut m.analyzer(),
            ArticleText {
                title: "",
                body: "",
            },
        );
        assert_eq!(p.labels.len(), 1);
    }

    #[test]
    fn no_records_or_no_labels_is_an_error() {
        assert!(matches!(
            ThemeModel::train(&[], &[], &small_config()),
            Err(TrainError::Empty)
        ));
        let docs = [ArticleText {
            title: "",
            body: "x",
        }];
        let r = ThemeModel::train(&docs, &[vec![]], &small_config());
        assert!(matches!(r, Err(TrainError::NoLabels)));
    }

    #[test]
    fn bad_feature_settings_are_refused() {
        let (docs, labels) = corpus();
        let mut c = small_config();
        c.features.title_weight = 0.0;
        let e = ThemeModel::train(&docs, &labels, &c)
            .unwrap_err()
            .to_string();
        assert!(e.contains("title_weight"), "{e}");
        let mut c = small_config();
        c.features.max_df = 1.5;
        assert!(ThemeModel::train(&docs, &labels, &c).is_err());
    }

    #[test]
    fn fingerprint_changes_with_labels() {
        let (docs, mut labels) = corpus();
        let a = fingerprint(&docs, &labels);
        labels[0][0] = "sport".into();
        assert_ne!(a, fingerprint(&docs, &labels));
    }
}
