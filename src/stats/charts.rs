//! Charts drawn on the server as SVG: no script, they print, and each has a `<title>`
//! and a `<desc>` for screen readers. The numbers are always in a table beside them
//! (the pages and the report put them there).

use std::fmt::Write;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 36.0;
/// Most x-axis labels written.
const MAX_LABELS: usize = 12;

/// One series of a chart: its name (in the legend), its colour and a value per label.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub values: Vec<f64>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round upper bound of the y axis.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * step)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * step)
}

/// The opening of a chart with its title and description, and its y-axis grid.
fn frame(id: &str, title: &str, desc: &str, max: f64, unit: &str) -> String {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"chart\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
    let plot = HEIGHT - TOP - BOTTOM;
    for i in 0..=4 {
        let y = TOP + plot * f64::from(i) / 4.0;
        let value = max * f64::from(4 - i) / 4.0;
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dde3ea\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#445\">{}{unit}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.0,
            format_value(value)
        );
    }
    svg
}

fn format_value(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// X-axis labels (every n-th, at most [`MAX_LABELS`]) and the legend; closes the chart.
fn close(mut svg: String, labels: &[String], series: &[Series]) -> String {
    let slot = (WIDTH - LEFT - RIGHT) / labels.len().max(1) as f64;
    let every = labels.len().div_ceil(MAX_LABELS).max(1);
    for (i, label) in labels.iter().enumerate().step_by(every) {
        let x = LEFT + slot * (i as f64 + 0.5);
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#445\">{}</text>",
            HEIGHT - BOTTOM + 14.0,
            escape(label)
        );
    }
    let mut x = LEFT;
    for s in series {
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{}\" font-size=\"11\" fill=\"#223\">{}</text>",
            HEIGHT - 12.0,
            s.color,
            x + 14.0,
            HEIGHT - 3.0,
            escape(s.name)
        );
        x += 24.0 + 7.0 * s.name.chars().count() as f64;
    }
    svg.push_str("</svg>");
    svg
}

/// Bars side by side per label, one per series.
pub fn bars(id: &str, title: &str, desc: &str, labels: &[String], series: &[Series]) -> String {
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let mut svg = frame(id, title, desc, max, "");
    let plot = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT - RIGHT) / labels.len().max(1) as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).max(0.5);
    for (k, s) in series.iter().enumerate() {
        for (i, v) in s.values.iter().enumerate() {
            let h = plot * v / max;
            let x = LEFT + slot * i as f64 + slot * 0.1 + bar * k as f64;
            let _ = write!(
                svg,
                "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{bar:.2}\" height=\"{h:.2}\" fill=\"{}\"><title>{}: {}</title></rect>",
                TOP + plot - h,
                s.color,
                escape(&labels[i]),
                format_value(*v)
            );
        }
    }
    close(svg, labels, series)
}

/// One bar per label split by series, as shares of the label's total (100 %).
pub fn shares(id: &str, title: &str, desc: &str, labels: &[String], series: &[Series]) -> String {
    let mut svg = frame(id, title, desc, 100.0, "%");
    let plot = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT - RIGHT) / labels.len().max(1) as f64;
    for (i, label) in labels.iter().enumerate() {
        let total: f64 = series.iter().map(|s| s.values[i]).sum();
        if total <= 0.0 {
            continue;
        }
        let mut y = TOP + plot;
        for s in series {
            let h = plot * s.values[i] / total;
            y -= h;
            let _ = write!(
                svg,
                "<rect x=\"{:.2}\" y=\"{y:.2}\" width=\"{:.2}\" height=\"{h:.2}\" fill=\"{}\"><title>{}: {} {:.0}%</title></rect>",
                LEFT + slot * i as f64 + slot * 0.1,
                slot * 0.8,
                s.color,
                escape(label),
                escape(s.name),
                100.0 * s.values[i] / total
            );
        }
    }
    close(svg, labels, series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_accessible_svg_with_one_shape_per_value() {
        let labels: Vec<String> = (1..=3).map(|d| format!("0{d}/12")).collect();
        let series = [Series {
            name: "Câu hỏi",
            color: "#0b5cab",
            values: vec![3.0, 0.0, 7.0],
        }];
        let svg = bars(
            "q",
            "Câu hỏi mỗi ngày",
            "Số câu hỏi <theo ngày>",
            &labels,
            &series,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"q-t\">Câu hỏi mỗi ngày</title>"));
        assert!(svg.contains("&lt;theo ngày&gt;"), "escaped");
        assert_eq!(
            svg.matches("<rect").count(),
            3 + 1,
            "three bars and a legend key"
        );
        assert!(svg.contains("03/12: 7"));
        let two = [
            Series {
                name: "A",
                color: "#1",
                values: vec![1.0, 0.0, 1.0],
            },
            Series {
                name: "B",
                color: "#2",
                values: vec![3.0, 0.0, 1.0],
            },
        ];
        let svg = shares("s", "Tỉ lệ", "Tỉ lệ", &labels, &two);
        assert!(svg.contains("01/12: B 75%") && svg.contains("03/12: A 50%"));
        assert_eq!(nice_max(73.0), 100.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(0.0), 1.0);
    }
}
