//! Evaluation of multi-label predictions: per-label precision, recall and F1, micro and macro
//! averages, and primary-label accuracy.
//!
//! Counts are kept per label (true positives, false positives, false negatives); a label's
//! figures agree with linfa's binary confusion matrix (see the tests), and micro averaging is
//! the binary confusion over all (article, label) pairs.

use serde::Serialize;
use std::collections::BTreeMap;

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LabelCounts {
    /// Predicted and true.
    pub tp: usize,
    /// Predicted, not true.
    pub fp: usize,
    /// True, not predicted.
    pub fn_: usize,
}

impl LabelCounts {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), 0 when nothing is true.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    /// Number of true occurrences.
    pub fn support(&self) -> usize {
        self.tp + self.fn_
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Accumulates predictions against gold labels.
#[derive(Debug, Clone, Default)]
pub struct MultiLabelEval {
    per_label: BTreeMap<String, LabelCounts>,
    n: usize,
    primary_hits: usize,
    exact: usize,
}

/// One line per label plus averages, ready to print or serialise.
#[derive(Debug, Clone, Serialize)]
pub struct EvalSummary {
    /// Articles evaluated.
    pub n: usize,
    /// Micro-averaged precision.
    pub micro_precision: f64,
    /// Micro-averaged recall.
    pub micro_recall: f64,
    /// Micro-averaged F1.
    pub micro_f1: f64,
    /// Mean of per-label F1 over labels that occur in the gold data or the predictions.
    pub macro_f1: f64,
    /// Share of articles whose best predicted label is their first gold label.
    pub primary_accuracy: f64,
    /// Share of articles whose predicted label set equals the gold set.
    pub exact_match: f64,
    /// Per-label figures.
    pub labels: Vec<LabelLine>,
}

/// Figures for one label.
#[derive(Debug, Clone, Serialize)]
pub struct LabelLine {
    /// The label.
    pub label: String,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// True occurrences.
    pub support: usize,
    /// Times predicted.
    pub predicted: usize,
}

impl MultiLabelEval {
    /// Adds one article: predicted labels (best first) and gold labels (most central first).
    pub fn add(&mut self, predicted: &[String], gold: &[String]) {
        self.n += 1;
        if let (Some(p), Some(g)) = (predicted.first(), gold.first()) {
            if p == g {
                self.primary_hits += 1;
            }
        }
        let same = predicted.len() == gold.len() && predicted.iter().all(|p| gold.contains(p));
        if same {
            self.exact += 1;
        }
        for p in predicted {
            let c = self.per_label.entry(p.clone()).or_default();
            if gold.contains(p) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for g in gold {
            if !predicted.contains(g) {
                self.per_label.entry(g.clone()).or_default().fn_ += 1;
            }
        }
    }

    /// Number of articles added.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The summary over everything added so far.
    pub fn summary(&self) -> EvalSummary {
        let mut total = LabelCounts::default();
        let mut labels = Vec::new();
        for (name, c) in &self.per_label {
            total.tp += c.tp;
            total.fp += c.fp;
            total.fn_ += c.fn_;
            labels.push(LabelLine {
                label: name.clone(),
                precision: c.precision(),
                recall: c.recall(),
                f1: c.f1(),
                support: c.support(),
                predicted: c.tp + c.fp,
            });
        }
        let macro_f1 = if labels.is_empty() {
            0.0
        } else {
            labels.iter().map(|l| l.f1).sum::<f64>() / labels.len() as f64
        };
        EvalSummary {
            n: self.n,
            micro_precision: total.precision(),
            micro_recall: total.recall(),
            micro_f1: total.f1(),
            macro_f1,
            primary_accuracy: ratio(self.primary_hits, self.n),
            exact_match: ratio(self.exact, self.n),
            labels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::*;
    use ndarray::Array1;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn hand_computed_micro_macro() {
        let mut e = MultiLabelEval::default();
        e.add(&v(&["a", "b"]), &v(&["a"])); // a tp, b fp
        e.add(&v(&["a"]), &v(&["b", "a"])); // a tp, b fn
        e.add(&v(&["c"]), &v(&["c"])); // c tp
        let s = e.summary();
        // tp=3 fp=1 fn=1 -> micro P=R=F1=0.75
        assert!((s.micro_f1 - 0.75).abs() < 1e-12);
        // F1: a=1, b=0, c=1 -> macro 2/3
        assert!((s.macro_f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.primary_accuracy - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.exact_match - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn per_label_figures_agree_with_linfa() {
        let pred = [true, true, false, true, false, false, true];
        let gold = [true, false, false, true, true, false, true];
        let mut e = MultiLabelEval::default();
        for (p, g) in pred.iter().zip(&gold) {
            let p = if *p { v(&["x"]) } else { vec![] };
            let g = if *g { v(&["x"]) } else { vec![] };
            e.add(&p, &g);
        }
        let ours = &e.summary().labels[0];
        let cm = Array1::from(pred.to_vec())
            .confusion_matrix(Array1::from(gold.to_vec()))
            .unwrap();
        assert!((ours.precision - f64::from(cm.precision())).abs() < 1e-6);
        assert!((ours.recall - f64::from(cm.recall())).abs() < 1e-6);
        assert!((ours.f1 - f64::from(cm.f1_score())).abs() < 1e-6);
    }
}
