//! Turning decision values into probabilities (Platt scaling) and choosing per-label
//! decision thresholds, both from out-of-fold predictions on the training data.

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

    /// Fits the sigmoid by Newton's method with a backtracking line search (Lin, Lin & Weng,
    /// "A note on Platt's probabilistic outputs", 2007), minimising the log-loss plus
    /// `0.5 · 1e-3 · a²`: the objective linfa-logistic minimises for a one-feature logistic
    /// regression with `alpha(1e-3)` (a test checks both agree). With two parameters the exact
    /// Hessian is a 2 × 2 matrix, so a fit takes a handful of O(n) passes; linfa-logistic's
    /// general L-BFGS took seconds per model over 18 labels × 20,000 held-out values.
    ///
    /// Falls back to [`Platt::uninformed`] when a class has fewer than two examples or the fit
    /// does not give finite values, so that training never stops on a rare label.
    pub fn fit(decisions: &[f32], truth: &[bool]) -> Platt {
        let n = truth.len();
        let n_pos = truth.iter().filter(|&&t| t).count();
        if n_pos < 2 || n - n_pos < 2 || decisions.len() != n {
            return Platt::uninformed(n_pos, n);
        }
        match newton(decisions, truth, PLATT_ALPHA) {
            Some((a, b)) if a.is_finite() && b.is_finite() => Platt {
                a: a as f32,
                b: b as f32,
            },
            _ => Platt::uninformed(n_pos, n),
        }
    }
}

/// L2 penalty on the slope of the Platt sigmoid.
const PLATT_ALPHA: f64 = 1e-3;

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// Minimises `Σ softplus(a·dᵢ + b) − tᵢ(a·dᵢ + b) + alpha·a²/2` over (a, b).
fn newton(d: &[f32], t: &[bool], alpha: f64) -> Option<(f64, f64)> {
    let loss = |a: f64, b: f64| -> f64 {
        let mut l = 0.5 * alpha * a * a;
        for (&di, &ti) in d.iter().zip(t) {
            let z = a * f64::from(di) + b;
            l += softplus(z) - if ti { z } else { 0.0 };
        }
        l
    };
    let (mut a, mut b) = (0.0f64, 0.0f64);
    let mut f = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb) = (alpha * a, 0.0);
        let (mut haa, mut hab, mut hbb) = (alpha, 0.0, 1e-12);
        for (&di, &ti) in d.iter().zip(t) {
            let di = f64::from(di);
            let p = 1.0 / (1.0 + (-(a * di + b)).exp());
            let r = p - if ti { 1.0 } else { 0.0 };
            let w = p * (1.0 - p);
            ga += r * di;
            gb += r;
            haa += w * di * di;
            hab += w * di;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if !(det.is_finite() && det > 0.0) {
            return None;
        }
        let da = -(hbb * ga - hab * gb) / det;
        let db = -(haa * gb - hab * ga) / det;
        let slope = ga * da + gb * db;
        // Half the squared Newton decrement bounds how much lower the loss can go: stop when
        // that is below rounding noise of the loss itself.
        if -slope <= 1e-12 * (1.0 + f.abs()) {
            break;
        }
        let mut step = 1.0;
        loop {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = loss(na, nb);
            if nf <= f + 1e-4 * step * slope {
                (a, b, f) = (na, nb, nf);
                break;
            }
            step *= 0.5;
            if step < 1e-10 {
                return Some((a, b));
            }
        }
    }
    Some((a, b))
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

    /// The Newton fit minimises the objective linfa-logistic minimises: on the same data both
    /// give the same sigmoid (linfa-logistic stops at a looser gradient tolerance).
    #[test]
    fn platt_agrees_with_linfa_logistic() {
        use linfa::prelude::*;
        use linfa::Dataset;
        use linfa_logistic::LogisticRegression;
        use ndarray::{Array1, Array2};
        let decisions: Vec<f32> = (0..500)
            .map(|i| ((i * 37) % 500) as f32 / 100.0 - 2.5)
            .collect();
        let truth: Vec<bool> = (0..500)
            .map(|i| decisions[i] * 1.5 + 0.3 + ((i * 7919) % 100) as f32 / 25.0 - 2.0 > 0.0)
            .collect();
        let ours = Platt::fit(&decisions, &truth);
        let x = Array2::from_shape_fn((500, 1), |(i, _)| f64::from(decisions[i]));
        let m = LogisticRegression::default()
            .alpha(PLATT_ALPHA)
            .max_iterations(500)
            .fit(&Dataset::new(x, Array1::from(truth.clone())))
            .unwrap();
        let sign = if m.labels().pos.class { 1.0 } else { -1.0 };
        let (a, b) = (sign * m.params()[0], sign * m.intercept());
        assert!((f64::from(ours.a) - a).abs() < 1e-2, "{ours:?} vs a = {a}");
        assert!((f64::from(ours.b) - b).abs() < 1e-2, "{ours:?} vs b = {b}");
    }

    #[test]
    fn platt_survives_separable_and_constant_data() {
        // Perfectly separated: the slope grows until the penalty stops it; stays finite.
        let d = [-2.0, -1.0, 1.0, 2.0];
        let p = Platt::fit(&d, &[false, false, true, true]);
        assert!(p.a.is_finite() && p.b.is_finite() && p.a > 0.0, "{p:?}");
        // Every decision value equal: no slope to learn, the offset follows the base rate.
        let p = Platt::fit(
            &[0.5; 10],
            &[
                true, true, false, false, false, false, false, false, false, false,
            ],
        );
        assert!(p.a.is_finite() && (p.prob(0.5) - 0.2).abs() < 0.01, "{p:?}");
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
