//! README's CI jobs, run: the GitHub Actions and GitLab CI jobs are read
//! out of README.md and their commands run with `bash`, step by step as a
//! runner does, against the test kit's endpoints on loopback. Only the
//! install step is not run (it fetches from the network); every other
//! step is, so a job in the README that stops working fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

use hookcheck_testkit::{Answer, HSTS_ONE_YEAR, HookOptions, HookServer, fixtures};

/// One step of a job: its shell command, and whether it runs after a
/// step before it failed (`if: always()`).
#[derive(Debug)]
struct Step {
    command: String,
    always: bool,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The `run:` steps of a GitHub Actions job (`uses:` steps run no shell).
fn github_steps(block: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut lines = block.lines().peekable();
    let mut always = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") {
            always = false;
        }
        let key = trimmed.trim_start_matches("- ");
        if key == "if: always()" {
            always = true;
        }
        let Some(run) = key.strip_prefix("run:") else {
            continue;
        };
        let command = if run.trim() == "|" {
            let body = indent(line) + 2;
            let mut script = Vec::new();
            while let Some(next) = lines.next_if(|next| indent(next) >= body) {
                script.push(next.trim_start().to_owned());
            }
            script.join("\n")
        } else {
            run.trim().to_owned()
        };
        steps.push(Step { command, always });
    }
    steps
}

/// The `script:` lines of a GitLab CI job: each a step, none run after a
/// failure.
fn gitlab_steps(block: &str) -> Vec<Step> {
    block
        .lines()
        .skip_while(|line| line.trim() != "script:")
        .skip(1)
        .take_while(|line| line.trim_start().starts_with("- "))
        .map(|line| Step {
            command: line.trim_start()[2..].to_owned(),
            always: false,
        })
        .collect()
}

/// Runs `steps` in `dir` as a runner does, against `url`; each step's
/// exit status (`None`: not run, a step before it failed).
fn run_job(steps: &[Step], dir: &Path, url: &str, summary: &Path) -> Vec<Option<i32>> {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_hookcheck"));
    let path = format!(
        "{}:{}",
        binary.parent().expect("its folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failed = false;
    steps
        .iter()
        .map(|step| {
            if step.command.starts_with("cargo install ") {
                // The install fetches; the hookcheck under test is on PATH.
                return Some(0);
            }
            if failed && !step.always {
                return None;
            }
            let output = Command::new("bash")
                .args(["-e", "-c", &step.command])
                .current_dir(dir)
                .env("PATH", &path)
                .env("CALLBACK_URL", url)
                .env("GITHUB_STEP_SUMMARY", summary)
                .output()
                .expect("bash runs (the interop tier needs it)");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            let code = output.status.code();
            failed |= code != Some(0);
            code
        })
        .collect()
}

/// A fresh folder with the job's `hookcheck.toml`: the test kit's root
/// trusted (the endpoints' certificates are the fixtures'), a short plan.
fn workspace(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ci-jobs-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder");
    let config = format!(
        "ca-file = {:?}\ncount = 3\nburst = 2\n",
        fixtures::root_pem().display().to_string()
    );
    std::fs::write(dir.join("hookcheck.toml"), config).expect("hookcheck.toml");
    dir
}

fn ready_endpoint() -> HookServer {
    let (name, value) = HSTS_ONE_YEAR.split_once(": ").expect("a header line");
    HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Status {
            status: 200,
            delay: std::time::Duration::ZERO,
            headers: vec![(name.to_owned(), value.to_owned())],
            body: b"ok".to_vec(),
        },
    ))
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn readmes_ci_jobs_pass_a_ready_endpoint_and_fail_a_broken_one_with_reports() {
    let blocks = crate::support::readme_blocks("yaml");
    let github = blocks
        .iter()
        .find(|block| block.contains(".github/workflows"))
        .expect("README's GitHub Actions job");
    let gitlab = blocks
        .iter()
        .find(|block| block.contains(".gitlab-ci.yml"))
        .expect("README's GitLab CI job");
    let jobs = [
        ("github", github_steps(github)),
        ("gitlab", gitlab_steps(gitlab)),
    ];
    let ready = ready_endpoint();
    let broken = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::status(500),
    ));
    for (name, steps) in &jobs {
        let installs = steps
            .iter()
            .filter(|step| step.command.starts_with("cargo install "))
            .count();
        assert_eq!(installs, 1, "{name}: {steps:?}");
        assert!(
            steps
                .iter()
                .any(|step| step.command.starts_with("hookcheck check")),
            "{name}: {steps:?}"
        );

        let dir = workspace(&format!("{name}-ready"));
        let summary = dir.join("summary.md");
        let statuses = run_job(steps, &dir, &ready.url_as("localhost", "/hook"), &summary);
        assert!(
            statuses.iter().all(|s| *s == Some(0)),
            "{name}: {statuses:?} {steps:?}"
        );
        assert!(read(&dir, "reports/hookcheck.xml").starts_with("<?xml"));
        assert!(read(&dir, "reports/hookcheck.html").starts_with("<!DOCTYPE html>"));
        let markdown = read(&dir, "reports/hookcheck.md");
        if *name == "github" {
            assert_eq!(read(&dir, "summary.md"), markdown, "the summary page");
        }

        let dir = workspace(&format!("{name}-broken"));
        let summary = dir.join("summary.md");
        let statuses = run_job(steps, &dir, &broken.url_as("localhost", "/hook"), &summary);
        let check = steps
            .iter()
            .position(|step| step.command.starts_with("hookcheck check"))
            .expect("the check step");
        assert_eq!(statuses[check], Some(1), "{name}: not ready fails the job");
        assert!(
            statuses[check + 1..]
                .iter()
                .zip(&steps[check + 1..])
                .all(|(status, step)| *status == if step.always { Some(0) } else { None }),
            "{name}: {statuses:?}"
        );
        let junit = read(&dir, "reports/hookcheck.xml");
        assert!(
            junit.contains("<failure"),
            "the failed deliveries are failed tests"
        );
        assert!(!read(&dir, "reports/hookcheck.md").is_empty());
    }
}
