//! Dossier benchmark (issue 18): imports N generated dossiers (JSON Lines text →
//! `Importer::import` into sled in a temporary folder, the outbox on the same database),
//! imports the same text again (every record unchanged: nothing written), reads every
//! dossier back (what the staff dashboard reads per request), then times
//! verified look-ups (`verify::verify` with the right digits for a random code) through
//! `StoredDossiers`. Prints the figures and whether the targets are met (import ≤ 10 s,
//! look-up p99 ≤ 5 ms).
//!
//! `cargo bench --bench dossiers [-- DOSSIERS LOOKUPS]` (defaults 100,000 and 5,000).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tthc_bot::channel::Channel;
use tthc_bot::dossiers::{verify, DossierStore, Importer, StoredDossiers, Verdict};
use tthc_bot::storage::Storage;
use tthc_bot::tickets::StoredOutbox;

const IMPORT_TARGET: Duration = Duration::from_secs(10);
const LOOKUP_P99_TARGET: Duration = Duration::from_millis(5);

const PROCEDURES: [&str; 6] = [
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký kết hôn",
    "Cấp giấy phép xây dựng",
    "Đăng ký thường trú",
    "Cấp phiếu lý lịch tư pháp",
];
const UNITS: [&str; 4] = [
    "UBND phường Ba Đình",
    "UBND xã Đông Anh",
    "Sở Xây dựng",
    "Sở Tư pháp",
];

/// xorshift64*: a small deterministic generator (seeded), enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated dossier as a JSON line, and its code and phone number.
fn record(i: usize, rng: &mut Rng) -> (String, String, String) {
    let code = format!("000.00.12.H12-2511{:02}-{i:06}", 1 + i % 28);
    let phone = format!("09{:08}", rng.below(100_000_000));
    let day = 1 + rng.below(28);
    let line = json!({
        "ma_ho_so": code,
        "ma_tthc": format!("1.00{}", 1000 + rng.below(9000)),
        "ten_tthc": PROCEDURES[rng.below(6) as usize],
        "kenh": "trực tuyến",
        "chu_ho_so": "Nguyễn Văn An",
        "so_dien_thoai": phone,
        "ngay_tiep_nhan": format!("202511{day:02}083000"),
        "ngay_hen_tra": format!("{day:02}/12/2025"),
        "trang_thai": 1 + rng.below(10),
        "don_vi_xu_ly": UNITS[rng.below(4) as usize],
    })
    .to_string();
    (line, code, phone)
}

/// The export text and, per record, its code and the right last four digits.
fn generate(n: usize) -> (String, Vec<(String, String)>) {
    let mut rng = Rng(42);
    let mut text = String::with_capacity(n * 400);
    let mut secrets = Vec::with_capacity(n);
    for i in 0..n {
        let (line, code, phone) = record(i, &mut rng);
        text.push_str(&line);
        text.push('\n');
        secrets.push((code, phone[phone.len() - 4..].to_owned()));
    }
    (text, secrets)
}

fn arg(n: usize, default: usize) -> usize {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    args.get(n).copied().unwrap_or(default)
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT MET"
    }
}

fn main() {
    let (dossiers, lookups) = (arg(0, 100_000), arg(1, 5_000));
    let started = Instant::now();
    let (text, secrets) = generate(dossiers);
    println!(
        "generated {dossiers} dossiers ({:.1} MiB of JSON Lines) in {:.2} s",
        text.len() as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );

    let data = tempfile::tempdir().unwrap();
    let storage = Storage::open(data.path()).unwrap();
    let store = Arc::new(StoredDossiers::new(&storage).unwrap());
    let importer = Importer {
        store: store.clone(),
        outbox: Arc::new(StoredOutbox::new(&storage).unwrap()),
        notice: Arc::new(|d| format!("Hồ sơ {}: {}", d.ma_ho_so, d.trang_thai.name())),
    };
    let started = Instant::now();
    let report = importer.import(&text).unwrap();
    let import = started.elapsed();
    println!(
        "import: {} in {:.2} s",
        report.summary(),
        import.as_secs_f64()
    );
    assert_eq!(
        report.inserted, dossiers,
        "every generated record is stored"
    );
    let started = Instant::now();
    let again = importer.import(&text).unwrap();
    let reimport = started.elapsed();
    println!(
        "re-import: {} in {:.2} s",
        again.summary(),
        reimport.as_secs_f64()
    );
    assert_eq!(
        again.unchanged, dossiers,
        "an unchanged export writes nothing"
    );

    let started = Instant::now();
    let all = store.all().unwrap();
    println!(
        "read every dossier (what /staff/ho-so reads per request): {} in {:.0} ms",
        all.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let times = look_up(store.as_ref(), &secrets, lookups);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "look-up ({lookups}, verified): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(times[times.len() - 1])
    );
    println!(
        "targets: import ≤ {} s: {}; look-up p99 ≤ {} ms: {}",
        IMPORT_TARGET.as_secs(),
        met(import <= IMPORT_TARGET),
        LOOKUP_P99_TARGET.as_millis(),
        met(pct(0.99) <= LOOKUP_P99_TARGET)
    );
}

/// Times `n` verified look-ups of random codes, each by another user; sorted.
fn look_up(store: &dyn DossierStore, secrets: &[(String, String)], n: usize) -> Vec<Duration> {
    let mut rng = Rng(7);
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let (code, digits) = &secrets[rng.below(secrets.len() as u64) as usize];
            let user = format!("bench-{i}");
            let started = Instant::now();
            let verdict = verify::verify(store, Channel::Web, &user, code, digits).unwrap();
            let took = started.elapsed();
            assert!(matches!(verdict, Verdict::Verified(_)), "{code}");
            took
        })
        .collect();
    times.sort();
    times
}
