//! Candidate corrections for a mistyped syllable (Damerau edit distance one).

const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";

/// Every string one deletion, transposition, substitution or insertion away from `word`
/// (letters a–z only, as in folded Vietnamese).
pub fn edits1(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out = Vec::with_capacity(54 * n + 25);
    let join = |v: &[char]| v.iter().collect::<String>();
    for i in 0..n {
        let mut v = chars.clone();
        v.remove(i);
        out.push(join(&v));
    }
    for i in 0..n.saturating_sub(1) {
        let mut v = chars.clone();
        v.swap(i, i + 1);
        out.push(join(&v));
    }
    for i in 0..n {
        for c in ALPHABET.chars() {
            if c != chars[i] {
                let mut v = chars.clone();
                v[i] = c;
                out.push(join(&v));
            }
        }
    }
    for i in 0..=n {
        for c in ALPHABET.chars() {
            let mut v = chars.clone();
            v.insert(i, c);
            out.push(join(&v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_transposition_and_substitution() {
        let e = edits1("sihn");
        assert!(e.contains(&"sinh".to_string()));
        assert!(edits1("khia").contains(&"khai".to_string()));
        assert!(edits1("sinhh").contains(&"sinh".to_string()));
        assert!(edits1("snh").contains(&"sinh".to_string()));
    }
}
