//! Place recognition benchmark (issue 19): times `Units::find` on citizen messages of
//! several shapes (new and old names, with and without diacritics, long messages that name
//! a place among other words, and messages that name none) and prints p50, p99 and whether
//! the target (≤ 1 ms per message) is met. Loading the embedded data is timed once.
//!
//! `cargo bench --bench units [-- ROUNDS]` (default 2,000 rounds over the messages).

use std::time::{Duration, Instant};

use tthc_bot::units::Units;

const TARGET_P99: Duration = Duration::from_millis(1);

const MESSAGES: [&str; 8] = [
    "phường Cái Khế, Cần Thơ",
    "xa lien minh huyen duc tho ha tinh",
    "xã Tân Thạnh, huyện Thới Lai, thành phố Cần Thơ",
    "Tôi ở phường Cái Khế, muốn phản ánh về con đường trước nhà bị hỏng nặng mấy tháng nay chưa được sửa, xe cộ đi lại rất nguy hiểm",
    "thi tran tay dang huyen ba vi ha noi",
    "cho hỏi làm căn cước cho con ở đâu",
    "Xã Tân Thạnh",
    "tp hcm",
];

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_000);
    let start = Instant::now();
    let units = Units::embedded();
    println!(
        "load: {} provinces, {} wards, {} old communes in {:.1} ms",
        units.provinces.len(),
        units.wards.len(),
        units.old_wards.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let mut times = Vec::with_capacity(rounds * MESSAGES.len());
    for _ in 0..rounds {
        for text in MESSAGES {
            let t = Instant::now();
            std::hint::black_box(units.find(std::hint::black_box(text), None));
            times.push(t.elapsed());
        }
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let p99 = at(0.99);
    println!(
        "find: {} messages, p50 {:.3} ms, p99 {:.3} ms (target ≤ {} ms: {})",
        times.len(),
        at(0.5).as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        TARGET_P99.as_millis(),
        if p99 <= TARGET_P99 { "met" } else { "NOT met" }
    );
}
