//! Reading criterion's results: every `new/benchmark.json` (what was
//! measured, with its throughput) beside its `new/estimates.json` (how long
//! one iteration took) under `target/criterion`.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

/// One benchmark's latest result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Measurement {
    /// The benchmark's name within its group.
    pub(crate) function: String,
    /// Nanoseconds per iteration: criterion's typical estimate, the slope
    /// of linear sampling or the mean of flat sampling.
    pub(crate) nanos: f64,
    /// Items (documents, lines) one iteration handles; one when the
    /// benchmark declares none.
    pub(crate) elements: u64,
    /// Bytes one iteration handles, when declared.
    pub(crate) bytes: Option<u64>,
    modified: SystemTime,
}

impl Measurement {
    #[cfg(test)]
    pub(crate) fn for_test(function: &str, nanos: f64, elements: u64, bytes: u64) -> Measurement {
        Measurement {
            function: function.to_owned(),
            nanos,
            elements,
            bytes: Some(bytes),
            modified: SystemTime::UNIX_EPOCH,
        }
    }

    /// Nanoseconds per item.
    pub(crate) fn nanos_per_item(&self) -> f64 {
        self.nanos / as_f64(self.elements)
    }

    /// Items per second.
    pub(crate) fn items_per_second(&self) -> f64 {
        as_f64(self.elements) * 1e9 / self.nanos
    }

    /// Megabytes (10^6 bytes) per second, when the bytes are known.
    pub(crate) fn megabytes_per_second(&self) -> Option<f64> {
        self.bytes.map(|bytes| as_f64(bytes) * 1e3 / self.nanos)
    }
}

/// The benchmarks of one criterion group, in the order they ran.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) measurements: Vec<Measurement>,
}

impl Group {
    pub(crate) fn get(&self, function: &str) -> Option<&Measurement> {
        self.measurements.iter().find(|m| m.function == function)
    }
}

/// Counts here stay far below 2^52, where f64 is still exact.
#[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
pub(crate) fn as_f64(count: u64) -> f64 {
    count as f64
}

/// The groups under `dir` in the order they ran, keeping only results
/// written at or after `since` (so benchmarks renamed or removed since an
/// earlier run do not linger in the report).
pub(crate) fn read(dir: &Path, since: Option<SystemTime>) -> Result<Vec<Group>> {
    let mut found = Vec::new();
    visit(dir, &mut found)?;
    let mut groups: Vec<Group> = Vec::new();
    found.retain(|(_, m)| since.is_none_or(|since| m.modified >= since));
    found.sort_by_key(|(_, m)| m.modified);
    for (group, measurement) in found {
        match groups.iter_mut().find(|g| g.name == group) {
            Some(existing) => existing.measurements.push(measurement),
            None => groups.push(Group {
                name: group,
                measurements: vec![measurement],
            }),
        }
    }
    Ok(groups)
}

fn visit(dir: &Path, found: &mut Vec<(String, Measurement)>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if !path.is_dir() {
            continue;
        }
        match path.file_name().and_then(|name| name.to_str()) {
            Some("new") if path.join("benchmark.json").is_file() => {
                found.push(
                    load(&path).with_context(|| {
                        format!("cannot read the results in {}", path.display())
                    })?,
                );
            }
            // Earlier runs' results and the comparisons with them.
            Some("base" | "change" | "report") => {}
            _ => visit(&path, found)?,
        }
    }
    Ok(())
}

fn load(dir: &Path) -> Result<(String, Measurement)> {
    let estimates_path = dir.join("estimates.json");
    let benchmark = read_json(&dir.join("benchmark.json"))?;
    let estimates = read_json(&estimates_path)?;
    let modified = fs::metadata(&estimates_path)
        .and_then(|meta| meta.modified())
        .with_context(|| format!("cannot stat {}", estimates_path.display()))?;
    let (group, measurement) = parse(&benchmark, &estimates, modified)?;
    Ok((group, measurement))
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// One result from criterion's two files.
fn parse(
    benchmark: &Value,
    estimates: &Value,
    modified: SystemTime,
) -> Result<(String, Measurement)> {
    let Some(group) = benchmark["group_id"].as_str() else {
        bail!("benchmark.json has no group_id");
    };
    let function = [&benchmark["function_id"], &benchmark["value_str"]]
        .iter()
        .filter_map(|part| part.as_str())
        .collect::<Vec<_>>()
        .join("/");
    let (elements, bytes) = throughput(&benchmark["throughput"])?;
    let estimate = match &estimates["slope"] {
        Value::Null => &estimates["mean"],
        slope => slope,
    };
    let Some(nanos) = estimate["point_estimate"].as_f64().filter(|n| *n > 0.0) else {
        bail!("estimates.json has no positive point estimate");
    };
    Ok((
        group.to_owned(),
        Measurement {
            function,
            nanos,
            elements: elements.unwrap_or(1),
            bytes,
            modified,
        },
    ))
}

/// Criterion's `Throughput`, serialized as serde does an enum:
/// `{"Bytes": 217}`, `{"ElementsAndBytes": {"elements": 1, "bytes": 217}}`.
fn throughput(value: &Value) -> Result<(Option<u64>, Option<u64>)> {
    let Some(object) = value.as_object() else {
        return Ok((None, None));
    };
    let Some((kind, amount)) = object.iter().next() else {
        return Ok((None, None));
    };
    let count = |value: &Value| {
        value
            .as_u64()
            .with_context(|| format!("throughput {kind} is not a count"))
    };
    Ok(match kind.as_str() {
        "Bytes" | "BytesDecimal" => (None, Some(count(amount)?)),
        "Bits" => (None, Some(count(amount)? / 8)),
        "Elements" => (Some(count(amount)?), None),
        "ElementsAndBytes" => (
            Some(count(&amount["elements"])?),
            Some(count(&amount["bytes"])?),
        ),
        other => bail!("unknown throughput kind {other}"),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn write(dir: &Path, benchmark: &str, estimates: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("benchmark.json"), benchmark).unwrap();
        fs::write(dir.join("estimates.json"), estimates).unwrap();
    }

    fn estimates(slope: Option<f64>, mean: f64) -> String {
        let estimate = |value: f64| {
            format!(
                r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{value},"upper_bound":{value}}},"point_estimate":{value},"standard_error":1.0}}"#
            )
        };
        format!(
            r#"{{"mean":{},"median":{},"median_abs_dev":{},"slope":{},"std_dev":{}}}"#,
            estimate(mean),
            estimate(mean),
            estimate(1.0),
            slope.map_or_else(|| "null".to_owned(), estimate),
            estimate(1.0)
        )
    }

    #[test]
    fn reads_criterion_results_in_run_order() {
        let root = std::env::temp_dir().join(format!("xtask-criterion-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        write(
            &root.join("validate_small-valid/is_valid/new"),
            r#"{"group_id":"validate/small-valid","function_id":"is_valid","value_str":null,"throughput":{"ElementsAndBytes":{"elements":1,"bytes":217}},"full_id":"validate/small-valid/is_valid","directory_name":"validate_small-valid/is_valid","title":"validate/small-valid/is_valid"}"#,
            &estimates(Some(250.0), 260.0),
        );
        // An earlier run's copy must be ignored.
        write(
            &root.join("validate_small-valid/is_valid/base"),
            r#"{"group_id":"stale","function_id":null,"value_str":null,"throughput":null,"full_id":"","directory_name":"","title":""}"#,
            &estimates(None, 1.0),
        );
        std::thread::sleep(Duration::from_millis(20));
        write(
            &root.join("validate_small-valid/baseline/new"),
            r#"{"group_id":"validate/small-valid","function_id":"baseline","value_str":null,"throughput":{"Bytes":217},"full_id":"validate/small-valid/baseline","directory_name":"validate_small-valid/baseline","title":"validate/small-valid/baseline"}"#,
            &estimates(Some(2000.0), 2100.0),
        );
        std::thread::sleep(Duration::from_millis(20));
        write(
            &root.join("ndjson/validate/new"),
            r#"{"group_id":"ndjson","function_id":"validate","value_str":null,"throughput":{"ElementsAndBytes":{"elements":20000,"bytes":4000000}},"full_id":"ndjson/validate","directory_name":"ndjson/validate","title":"ndjson/validate"}"#,
            &estimates(None, 2e7),
        );

        let groups = read(&root, None).unwrap();
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["validate/small-valid", "ndjson"]);
        let functions: Vec<&str> = groups[0]
            .measurements
            .iter()
            .map(|m| m.function.as_str())
            .collect();
        assert_eq!(functions, ["is_valid", "baseline"]);

        let fast = groups[0].get("is_valid").unwrap();
        assert!(
            (fast.nanos - 250.0).abs() < 1e-9,
            "the slope wins over the mean"
        );
        assert!((fast.items_per_second() - 4e6).abs() < 1e-3);
        assert!((fast.megabytes_per_second().unwrap() - 868.0).abs() < 1e-9);
        let baseline = groups[0].get("baseline").unwrap();
        assert_eq!((baseline.elements, baseline.bytes), (1, Some(217)));

        let ndjson = &groups[1].measurements[0];
        assert!((ndjson.nanos - 2e7).abs() < 1e-6, "flat sampling: the mean");
        assert!((ndjson.nanos_per_item() - 1000.0).abs() < 1e-9);
        assert!((ndjson.megabytes_per_second().unwrap() - 200.0).abs() < 1e-9);

        // Results older than the run are left out.
        let later = SystemTime::now() + Duration::from_secs(60);
        assert!(read(&root, Some(later)).unwrap().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }
}
