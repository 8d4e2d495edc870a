//! A ranking fitted as a whole: the conditional logit of "the right candidates of a
//! question" against all its candidates, so the weights learn to put the right procedure
//! first rather than to score each candidate on its own. Newton's method on the Fisher
//! curvature (the candidates' score covariance) with a small L2 penalty.

/// One question: its candidates' feature rows and which of them are right.
pub struct Group {
    pub rows: Vec<Vec<f64>>,
    pub right: Vec<bool>,
}

/// Newton steps; the fit converges in far fewer on this data.
const STEPS: usize = 60;
/// Step size below which the fit has converged.
const TOLERANCE: f64 = 1e-9;

/// Weights (one per column, the first column is the constant 1 and gets weight 0: a
/// shift of every candidate changes no ranking) maximising the penalised likelihood
/// that the right candidates of each group come first.
pub fn fit(groups: &[Group], l2: f64) -> Vec<f64> {
    let n = width(groups);
    let mut w = vec![0.0; n];
    for _ in 0..STEPS {
        let (mut gradient, mut curvature) = (vec![0.0; n], vec![vec![0.0; n]; n]);
        for group in groups.iter().filter(|g| g.right.contains(&true)) {
            accumulate(group, &w, &mut gradient, &mut curvature);
        }
        for i in 0..n {
            gradient[i] += l2 * w[i];
            curvature[i][i] += l2;
        }
        let Some(step) = super::logistic::solve(curvature, gradient) else {
            break;
        };
        let size: f64 = step.iter().map(|s| s.abs()).sum();
        for (wi, si) in w.iter_mut().zip(&step) {
            *wi -= si;
        }
        w[0] = 0.0;
        if size < TOLERANCE {
            break;
        }
    }
    w
}

/// Adds one group's gradient of the negative log-likelihood and its Fisher curvature.
fn accumulate(group: &Group, w: &[f64], gradient: &mut [f64], curvature: &mut [Vec<f64>]) {
    let scores: Vec<f64> = group.rows.iter().map(|r| dot(w, r)).collect();
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
    let all = mean_row(&group.rows, &weights, |_| true);
    let right = mean_row(&group.rows, &weights, |i| group.right[i]);
    let total: f64 = weights.iter().sum();
    for (i, g) in gradient.iter_mut().enumerate() {
        *g += all[i] - right[i];
    }
    for (row, weight) in group.rows.iter().zip(&weights) {
        let p = weight / total;
        for i in 0..row.len() {
            let di = row[i] - all[i];
            for j in 0..row.len() {
                curvature[i][j] += p * di * (row[j] - all[j]);
            }
        }
    }
}

/// The mean of the rows `keep` selects, weighted by `weights`.
fn mean_row(rows: &[Vec<f64>], weights: &[f64], keep: impl Fn(usize) -> bool) -> Vec<f64> {
    let n = rows.first().map_or(0, Vec::len);
    let (mut mean, mut total) = (vec![0.0; n], 0.0);
    for (i, (row, weight)) in rows.iter().zip(weights).enumerate() {
        if keep(i) {
            total += weight;
            for (m, x) in mean.iter_mut().zip(row) {
                *m += weight * x;
            }
        }
    }
    mean.iter_mut()
        .for_each(|m| *m /= total.max(f64::MIN_POSITIVE));
    mean
}

/// Like [`fit`], with every weight kept at zero or above: a feature that measures more
/// match never counts against a candidate (collinear features otherwise trade signs,
/// which fails on texts unlike the training data). Features whose weight comes out
/// negative are dropped, the most negative first, and the rest refitted.
pub fn fit_nonnegative(groups: &[Group], l2: f64) -> Vec<f64> {
    let n = width(groups);
    let mut kept: Vec<usize> = (0..n).collect();
    loop {
        let narrowed: Vec<Group> = groups
            .iter()
            .map(|g| Group {
                rows: g
                    .rows
                    .iter()
                    .map(|r| kept.iter().map(|&i| r[i]).collect())
                    .collect(),
                right: g.right.clone(),
            })
            .collect();
        let w = fit(&narrowed, l2);
        let worst = (1..kept.len())
            .filter(|&k| w[k] < 0.0)
            .min_by(|&a, &b| w[a].total_cmp(&w[b]));
        match worst {
            Some(k) => {
                kept.remove(k);
            }
            None => {
                let mut full = vec![0.0; n];
                for (k, &i) in kept.iter().enumerate() {
                    full[i] = w[k];
                }
                return full;
            }
        }
    }
}

/// Number of feature columns.
fn width(groups: &[Group]) -> usize {
    groups
        .iter()
        .find_map(|g| g.rows.first())
        .map_or(0, Vec::len)
}

fn dot(w: &[f64], row: &[f64]) -> f64 {
    w.iter().zip(row).map(|(a, b)| a * b).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_that_tells_the_right_candidate_apart_gets_the_weight() {
        // Column 1 is higher for the right candidate; column 2 is noise.
        let groups: Vec<Group> = (0..50)
            .map(|g| Group {
                rows: (0..5)
                    .map(|c| {
                        let right = c == g % 5;
                        let signal = if right { 0.8 } else { 0.3 } + 0.01 * c as f64;
                        vec![1.0, signal, ((g * 7 + c * 3) % 5) as f64 / 5.0]
                    })
                    .collect(),
                right: (0..5).map(|c| c == g % 5).collect(),
            })
            .collect();
        let w = fit_nonnegative(&groups, 0.01);
        assert_eq!(w[0], 0.0);
        assert!(w[1] > 5.0 * w[2].abs(), "{w:?}");
    }
}
