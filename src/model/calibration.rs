//! Turning decision values into probabilities (Platt scaling) and choosing per-label
//! decision thresholds, both from out-of-fold predictions on the training data.

use linfa::prelude::*;
use linfa::Dataset;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// A sigmoid fitted on held-out decision values: p = 1 / (1 + exp(-(a·f + b))).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    /// Slope applied to the decision value.
    pub a: f32,
    /// Offset.
    pub b: f32,
}

impl Platt {
    /// The probability for decision value `f`.
    #[inline]
    pub fn prob(&self, f: f32) -> f32 {
        1.0 / (1.0 + (-(self.a * f + self.b)).exp())
    }

    /// Used when there is too little held-out data to fit a sigmoid: a fixed slope, and an
    /// offset from the label's base rate so a rare label is not given probability one half
    /// at a decision value of zero.
    pub fn uninformed(n_pos: usize, n: usize) -> Platt {
        let prior = (n_pos as f32 + 1.0) / (n as f32 + 2.0);
        Platt {
            a: 2.0,
            b: (prior / (1.0 - prior)).ln().clamp(-4.0, 4.0) * 0.5,
        }
    }

    /// Fits the sigmoid with linfa-logistic (a one-feature logistic regression).
    ///
    /// Falls back to [`Platt::uninformed`] when a class has fewer than two examples or the fit
    /// fails, so that training never stops on a rare label.
    pub fn fit(decisions: &[f32], truth: &[bool]) -> Platt {
        let n = truth.len();
        let n_pos = truth.iter().filter(|&&t| t).count();
        if n_pos < 2 || n - n_pos < 2 || decisions.len() != n {
            return Platt::uninformed(n_pos, n);
        }
        let x = Array2::from_shape_fn((n, 1), |(i, _)| f64::from(decisions[i]));
        let y = Array1::from(truth.to_vec());
        let fitted = LogisticRegression::default()
            .alpha(1e-3)
            .max_iterations(200)
            .fit(&Dataset::new(x, y));
        match fitted {
            Ok(m) if m.params()[0].is_finite() && m.intercept().is_finite() => {
                // linfa-logistic takes the first class it meets as the positive one, whatever
                // its docs say: orient the sigmoid towards `true`.
                let sign = if m.labels().pos.class { 1.0 } else { -1.0 };
                Platt {
                    a: (sign * m.params()[0]) as f32,
                    b: (sign * m.intercept()) as f32,
                }
            }
            _ => Platt::uninformed(n_pos, n),
        }
    }
}

/// The probability threshold that maximises F1 for one label on held-out predictions.
///
/// Candidates run from 0.1 to 0.9; ties go to the candidate nearest 0.5, and a label with
/// fewer than three positives keeps 0.5, so thresholds do not chase noise in small data.
pub fn best_threshold(probs: &[f32], truth: &[bool]) -> f32 {
    let n_pos = truth.iter().filter(|&&t| t).count();
    if n_pos < 3 {
        return 0.5;
    }
    let mut best = (f32::NEG_INFINITY, 0.5f32);
    for step in 0..=32 {
        let t = 0.1 + 0.025 * step as f32;
        let (mut tp, mut fp) = (0usize, 0usize);
        for (&p, &y) in probs.iter().zip(truth) {
            if p >= t {
                if y {
                    tp += 1;
                } else {
                    fp += 1;
                }
            }
        }
        let fn_ = n_pos - tp;
        let f1 = 2.0 * tp as f32 / (2 * tp + fp + fn_).max(1) as f32;
        let better = f1 > best.0 + 1e-6
            || ((f1 - best.0).abs() <= 1e-6 && (t - 0.5).abs() < (best.1 - 0.5).abs());
        if better {
            best = (f1, t);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_is_increasing_and_calibrated_on_clean_data() {
        let decisions: Vec<f32> = (0..200).map(|i| (i as f32 - 100.0) / 50.0).collect();
        // Positives become more likely as the decision value grows.
        let truth: Vec<bool> = (0..200).map(|i| (i * 7919) % 200 < i).collect();
        let p = Platt::fit(&decisions, &truth);
        assert!(p.a > 0.0, "{p:?}");
        assert!(p.prob(-2.0) < p.prob(0.0) && p.prob(0.0) < p.prob(2.0));
        assert!(p.prob(-2.0) < 0.2 && p.prob(2.0) > 0.8, "{p:?}");
    }

    #[test]
    fn platt_falls_back_when_a_class_is_missing() {
        let p = Platt::fit(&[1.0, 2.0, 3.0], &[true, true, true]);
        assert_eq!(p, Platt::uninformed(3, 3));
        assert!(p.prob(1.0) > 0.5);
    }

    #[test]
    fn threshold_separates_clean_scores() {
        let probs = [0.1, 0.2, 0.3, 0.35, 0.6, 0.7, 0.8, 0.9];
        let truth = [false, false, false, false, true, true, true, true];
        let t = best_threshold(&probs, &truth);
        assert!(t > 0.35 && t <= 0.6, "{t}");
    }

    #[test]
    fn rare_label_keeps_one_half() {
        assert_eq!(best_threshold(&[0.9, 0.1], &[true, false]), 0.5);
    }
}
