//! Latency statistics and the result table.

use std::time::Duration;

/// The measurements of one operation at one concurrency.
#[derive(Debug, Clone)]
pub struct Row {
    pub operation: String,
    pub concurrency: usize,
    pub requests: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Row {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The `p`-th percentile (0–100) of the latencies, nearest rank.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A Markdown table of the rows.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| operation | clients | requests | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {:.0} | {} | {} |\n",
            row.operation,
            row.concurrency,
            row.requests,
            row.requests_per_second(),
            ms(row.percentile(50.0)),
            ms(row.percentile(99.0))
        ));
    }
    out
}

/// A Markdown table setting the same operations of two servers side by side, with the ratio of
/// their throughputs (`a` over `b`).
pub fn comparison_table(a: &str, rows_a: &[Row], b: &str, rows_b: &[Row]) -> String {
    let mut out = format!(
        "| operation | clients | {a} req/s | {a} p50 ms | {a} p99 ms | {b} req/s | {b} p50 ms | {b} p99 ms | {a}/{b} |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for row in rows_a {
        let Some(other) = rows_b
            .iter()
            .find(|o| o.operation == row.operation && o.concurrency == row.concurrency)
        else {
            continue;
        };
        let ratio = row.requests_per_second() / other.requests_per_second().max(f64::EPSILON);
        out.push_str(&format!(
            "| {} | {} | {:.0} | {} | {} | {:.0} | {} | {} | {:.1}× |\n",
            row.operation,
            row.concurrency,
            row.requests_per_second(),
            ms(row.percentile(50.0)),
            ms(row.percentile(99.0)),
            other.requests_per_second(),
            ms(other.percentile(50.0)),
            ms(other.percentile(99.0)),
            ratio
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let row = Row {
            operation: "x".into(),
            concurrency: 1,
            requests: 100,
            elapsed: Duration::from_secs(2),
            latencies: (1..=100).map(Duration::from_millis).collect(),
        };
        assert_eq!(row.percentile(50.0), Duration::from_millis(50));
        assert_eq!(row.percentile(99.0), Duration::from_millis(99));
        assert_eq!(row.requests_per_second().round(), 50.0);
        assert!(table(std::slice::from_ref(&row)).contains("| x | 1 | 100 | 50 | 50.00 | 99.00 |"));
        let slower = Row {
            elapsed: Duration::from_secs(20),
            ..row.clone()
        };
        let both = comparison_table("latchkey", &[row], "moto", &[slower]);
        assert!(
            both.contains("| x | 1 | 50 | 50.00 | 99.00 | 5 | 50.00 | 99.00 | 10.0× |"),
            "{both}"
        );
    }
}
