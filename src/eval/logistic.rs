//! Logistic regression for a few signals and a few thousand samples: Newton's method with
//! a small L2 penalty (dense, exact, no learning rate to tune).

/// Newton steps; the fit converges in far fewer on this data.
const STEPS: usize = 50;
/// Step size below which the fit has converged.
const TOLERANCE: f64 = 1e-9;

/// Weights (one per column of `x`) maximising the penalised likelihood of `y`.
/// The first column is the constant 1 and is not penalised.
pub fn fit(x: &[Vec<f64>], y: &[bool], l2: f64) -> Vec<f64> {
    let n = x.first().map_or(0, Vec::len);
    let mut w = vec![0.0; n];
    for _ in 0..STEPS {
        let mut gradient = vec![0.0; n];
        let mut hessian = vec![vec![0.0; n]; n];
        for (row, &label) in x.iter().zip(y) {
            let p = probability(&w, row);
            let error = p - f64::from(u8::from(label));
            let curvature = (p * (1.0 - p)).max(1e-9);
            for i in 0..n {
                gradient[i] += error * row[i];
                for j in 0..n {
                    hessian[i][j] += curvature * row[i] * row[j];
                }
            }
        }
        for i in 1..n {
            gradient[i] += l2 * w[i];
            hessian[i][i] += l2;
        }
        hessian[0][0] += 1e-9;
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let size: f64 = step.iter().map(|s| s.abs()).sum();
        for (wi, si) in w.iter_mut().zip(&step) {
            *wi -= si;
        }
        if size < TOLERANCE {
            break;
        }
    }
    w
}

pub fn probability(w: &[f64], row: &[f64]) -> f64 {
    let z: f64 = w.iter().zip(row).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Solves `a · s = b` by Gaussian elimination with partial pivoting.
pub(super) fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for (offset, row) in lower.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[col + 1 + offset] -= factor * b[col];
        }
    }
    let mut s = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * s[k]).sum();
        s[row] = (b[row] - rest) / a[row][row];
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_a_noisy_threshold() {
        // y is mostly true above x = 0.5: the fitted boundary lies near 0.5.
        let xs: Vec<f64> = (0..200).map(|i| i as f64 / 200.0).collect();
        let x: Vec<Vec<f64>> = xs.iter().map(|&v| vec![1.0, v]).collect();
        let y: Vec<bool> = xs
            .iter()
            .enumerate()
            .map(|(i, &v)| (v > 0.5) != (i % 10 == 0))
            .collect();
        let w = fit(&x, &y, 0.01);
        assert!(w[1] > 0.0);
        let boundary = -w[0] / w[1];
        assert!((boundary - 0.5).abs() < 0.05, "boundary {boundary}");
        assert!(probability(&w, &[1.0, 0.9]) > 0.7);
        assert!(probability(&w, &[1.0, 0.1]) < 0.3);
    }
}
