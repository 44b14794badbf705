//! The real `hookcheck` binary, end to end: verdicts, exit statuses, the
//! JSON report against its schema, hostile input, and the signature helper.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::assert_tool_failure;

mod support;

/// A real captured `change` delivery (fixtures/payloads/captured).
const CHANGE: &str = r#"{"notification":{"type":"change","changes_since":"2026-08-25T20:06:29Z"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hookcheck(args: &[&str], stdin: &[u8]) -> Output {
    hookcheck_with_env(args, stdin, &[])
}

fn hookcheck_with_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookcheck"));
    command
        .args(args)
        .current_dir(workspace_root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .envs(env.iter().copied());
    support::run_with_stdin(&mut command, stdin)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("output is UTF-8")
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect()
}

#[test]
fn a_real_delivery_is_ready_and_the_report_matches_its_schema() {
    let schema: Value =
        serde_json::from_str(hookcheck_core::REPORT_SCHEMA).expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let captured = workspace_root().join("fixtures/payloads/captured");
    let mut files: Vec<String> = std::fs::read_dir(&captured)
        .expect("captured fixtures exist")
        .map(|entry| entry.expect("entry").path().display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "one capture per known type");

    let mut args = vec!["validate", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let output = hookcheck(&args, b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = json_lines(&output);
    assert_eq!(reports.len(), 5);
    for report in &reports {
        let errors: Vec<String> = validator
            .iter_errors(report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{report}: {errors:?}");
        assert_eq!(report["verdict"], "ready");
        assert!(codes(report).is_empty(), "{report}");
    }
    let mut types: Vec<&str> = reports
        .iter()
        .map(|r| r["payload"]["type"].as_str().expect("type"))
        .collect();
    types.sort_unstable();
    assert_eq!(
        types,
        [
            "change",
            "conferencing_profile_disconnected",
            "profile_disconnected",
            "profile_initial_sync_completed",
            "verification"
        ]
    );
}

#[test]
fn an_invalid_payload_is_not_ready_with_pointers() {
    let doc = CHANGE
        .replace("2026-08-25T20:06:29Z", "2025-13-01T00:00:00Z")
        .replace("chn_6a8d", "chx_6a8d");
    let output = hookcheck(&["validate", "--format", "json"], doc.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let report = &json_lines(&output)[0];
    assert_eq!(report["verdict"], "not-ready");
    assert_eq!(report["target"], "-");
    let pointers: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["facts"]["pointer"].as_str().expect("pointer"))
        .collect();
    assert_eq!(
        pointers,
        ["/channel/channel_id", "/notification/changes_since"]
    );
    assert_eq!(
        codes(report),
        ["payload-schema-violation", "payload-schema-violation"]
    );
}

#[test]
fn an_unknown_type_is_a_warning_and_unknown_fields_only_matter_when_strict() {
    let doc = CHANGE
        .replace(r#""type":"change","#, r#""type":"gdpr_requested","#)
        .replace(r#""filters":{}"#, r#""filters":{},"color":"red""#);
    let lenient = hookcheck(&["validate", "--format", "json"], doc.as_bytes());
    assert_eq!(lenient.status.code(), Some(0));
    assert_eq!(codes(&json_lines(&lenient)[0]), ["payload-unknown-type"]);

    let known = CHANGE.replace(r#""filters":{}"#, r#""filters":{},"color":"red""#);
    let strict = hookcheck(
        &["validate", "--strict", "--format", "json"],
        known.as_bytes(),
    );
    assert_eq!(strict.status.code(), Some(0), "warnings do not fail");
    let report = &json_lines(&strict)[0];
    assert_eq!(codes(report), ["payload-unknown-field"]);
    assert_eq!(report["findings"][0]["facts"]["pointer"], "/channel/color");
}

#[test]
fn ndjson_reports_each_line_with_its_number_and_caps_line_size() {
    let long_line = format!(r#"{{"padding":"{}"}}"#, "x".repeat(5000));
    let input = format!("{CHANGE}\n\n{{not json\n{long_line}\r\n{CHANGE}");
    let output = hookcheck(
        &[
            "validate",
            "--ndjson",
            "--max-bytes",
            "4096",
            "--format",
            "json",
        ],
        input.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    let reports = json_lines(&output);
    let lines: Vec<u64> = reports
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [1, 3, 4, 5], "blank line 2 is skipped but counted");
    assert_eq!(codes(&reports[1]), ["payload-invalid-json"]);
    assert_eq!(codes(&reports[2]), ["payload-too-large"]);
    assert_eq!(
        reports[2]["payload"]["bytes"],
        long_line.len() + 1,
        "counted with its \\r"
    );
    assert_eq!(reports[3]["verdict"], "ready");

    // People get the problems and a summary, not a line per valid document.
    let human = hookcheck(
        &["validate", "--ndjson", "--max-bytes", "4096"],
        input.as_bytes(),
    );
    let text = stdout(&human);
    assert!(
        text.contains("-:3") && text.contains("-:4") && !text.contains("-:1\n"),
        "{text}"
    );
    assert!(
        text.ends_with("4 lines checked: 2 ready, 2 not ready (2 errors, 0 warnings)\n"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn hostile_documents_end_in_findings() {
    let deep = format!(
        r#"{{"notification":{{"type":"verification"}},"channel":{}}}"#,
        "[".repeat(200) + &"]".repeat(200)
    );
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty", Vec::new(), "the document is empty"),
        (
            "bom",
            [b"\xEF\xBB\xBF".as_slice(), CHANGE.as_bytes()].concat(),
            "byte-order mark",
        ),
        (
            "control character",
            CHANGE.replace("example", "ex\u{1}ample").into_bytes(),
            "control character",
        ),
        ("deep", deep.into_bytes(), "recursion limit"),
        (
            "truncated",
            CHANGE.as_bytes()[..100].to_vec(),
            "EOF while parsing",
        ),
    ];
    for (name, input, message) in cases {
        let output = hookcheck(&["validate", "--format", "json"], &input);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let report = &json_lines(&output)[0];
        assert_eq!(codes(report), ["payload-invalid-json"], "{name}");
        let text = report["findings"][0]["message"].as_str().expect("message");
        assert!(text.contains(message), "{name}: {text}");
    }

    // Invalid UTF-8 bytes proper (not just a control character).
    let mut bytes = CHANGE.as_bytes().to_vec();
    let at = CHANGE.find("example").expect("has a host");
    bytes[at] = 0xFF;
    let output = hookcheck(&["validate", "--format", "json"], &bytes);
    assert_eq!(codes(&json_lines(&output)[0]), ["payload-invalid-json"]);
}

#[test]
fn an_oversized_document_is_read_only_to_its_limit() {
    let big = vec![b' '; 32 << 20];
    let output = hookcheck(
        &["validate", "--format", "json", "--max-bytes", "1024"],
        &big,
    );
    let report = &json_lines(&output)[0];
    assert_eq!(codes(report), ["payload-too-large"]);
    assert_eq!(report["payload"]["bytes"], 1025, "the limit and one byte");
}

/// Longer than any capped read takes, shorter than a test worth waiting for.
const ENDLESS_LIMIT: Duration = Duration::from_secs(10);

/// `hookcheck ARGS` from the workspace root, standard input from `feed`,
/// killed (failing the test) if it runs past [`ENDLESS_LIMIT`].
fn hookcheck_fed<T: Send + 'static>(
    args: &[&str],
    feed: impl FnOnce(ChildStdin, u32) -> T + Send + 'static,
) -> (Output, T) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookcheck"));
    command.args(args).current_dir(workspace_root());
    support::run_bounded(&mut command, ENDLESS_LIMIT, feed)
}

/// Writes 64 KiB of `fill` to `pipe` again and again until the reader stops reading
/// (a broken pipe), or for `duration` when given, then `last`, then closes
/// it; returns the process's peak memory just before the close (`None`
/// when it had already exited).
fn write_for(
    mut pipe: ChildStdin,
    id: u32,
    fill: u8,
    duration: Option<Duration>,
    last: &[u8],
) -> Option<u64> {
    let chunk = vec![fill; 1 << 16];
    let start = Instant::now();
    while duration.is_none_or(|duration| start.elapsed() < duration) {
        if pipe.write_all(&chunk).is_err() {
            return support::peak_memory(id);
        }
    }
    let _ = pipe.write_all(last);
    let peak = support::peak_memory(id);
    drop(pipe);
    peak
}

#[test]
fn endless_inputs_stop_at_their_limit() {
    // A document from a file that never ends, and from a pipe that never
    // closes: the finding says the limit, not a size never reached.
    for (args, from_stdin) in [
        (&["validate", "--format", "json", "/dev/zero"][..], false),
        (&["validate", "--format", "json"][..], true),
    ] {
        let (output, _) = hookcheck_fed(args, move |pipe, id| {
            from_stdin.then(|| write_for(pipe, id, b' ', None, b""))
        });
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let report = &json_lines(&output)[0];
        assert_eq!(codes(report), ["payload-too-large"], "{args:?}");
        let message = report["findings"][0]["message"].as_str().expect("message");
        assert!(message.contains("over 1048576 bytes"), "{message}");
        assert_eq!(report["payload"]["bytes"], (1 << 20) + 1);
    }

    // A file an option names: one line and status 2, at once.
    let cases: [(&[&str], &str); 7] = [
        (
            &["sign", "--secret", "s", "/dev/zero"],
            "over 1048576 bytes",
        ),
        (
            &["deliver", "https://hook.example.com", "--body", "/dev/zero"],
            "over 1048576 bytes: a notification body",
        ),
        (
            &[
                "deliver",
                "https://hook.example.com",
                "--ca-file",
                "/dev/zero",
            ],
            "over 8388608 bytes: no CA file",
        ),
        (
            &["tls", "https://hook.example.com", "--ca-file", "/dev/zero"],
            "over 8388608 bytes: no CA file",
        ),
        (
            &["tls", "--chain", "/dev/zero"],
            "over 1048576 bytes: no certificate bundle",
        ),
        (
            &["check", "https://hook.example.com", "--config", "/dev/zero"],
            "over 1048576 bytes: no configuration",
        ),
        (
            &[
                "check",
                "https://hook.example.com",
                "--ca-file",
                "/dev/zero",
            ],
            "over 8388608 bytes: no CA file",
        ),
    ];
    for (args, cause) in cases {
        let (output, ()) = hookcheck_fed(args, |_, _| ());
        assert_tool_failure(&output, &format!("`/dev/zero` is {cause}"));
    }
}

#[test]
fn an_endless_stream_of_blank_lines_is_read_at_flat_memory_until_it_closes() {
    // NDJSON is a stream and may be endless; blank lines are skipped, so
    // such a stream is read (never spun on) with flat memory, and the run
    // ends as soon as the writer closes it.
    let (output, peak) = hookcheck_fed(&["validate", "--ndjson"], |pipe, id| {
        write_for(pipe, id, b'\n', Some(Duration::from_secs(2)), b"")
    });
    let peak = peak.expect("still reading when its input closed");
    assert!(peak < 64 << 20, "peak memory {peak} bytes");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "0 lines checked: 0 ready, 0 not ready (0 errors, 0 warnings)\n"
    );

    // An endless line is counted, not kept, and the line after it, once the
    // line ends, is validated.
    let last = format!("\n{CHANGE}\n");
    let (output, peak) = hookcheck_fed(
        &["validate", "--ndjson", "--format", "json"],
        move |pipe, id| {
            write_for(
                pipe,
                id,
                b'x',
                Some(Duration::from_secs(2)),
                last.as_bytes(),
            )
        },
    );
    let peak = peak.expect("still reading when its input closed");
    assert!(peak < 64 << 20, "peak memory {peak} bytes");
    assert_eq!(output.status.code(), Some(1));
    let reports = json_lines(&output);
    assert_eq!(reports.len(), 2);
    assert_eq!(codes(&reports[0]), ["payload-too-large"]);
    assert_eq!(reports[1]["line"], 2);
    assert_eq!(reports[1]["verdict"], "ready");
}

#[test]
fn bad_invocations_fail_with_one_line() {
    assert_tool_failure(
        &hookcheck(&["validate", "no/such/file.json"], b""),
        "cannot open `no/such/file.json`",
    );
    assert_tool_failure(
        &hookcheck(&["validate", "fixtures"], b""),
        "`fixtures` is a directory",
    );
    assert_tool_failure(
        &hookcheck(&["schema", "nope"], b""),
        "unknown notification type `nope`",
    );
    assert_tool_failure(
        &hookcheck(&["sign", "--secret", ""], b"{}"),
        "--secret must not be empty",
    );
    // A name quoted back is shown, not obeyed: a terminal escape in it
    // arrives as visible text on the one line.
    assert_tool_failure(
        &hookcheck(&["validate", "no/\u{1b}[2Jfile\nforged"], b""),
        "cannot open `no/\\u{1b}[2Jfile\\u{a}forged`",
    );
    let usage = hookcheck(&["validate", "--signature", "abc"], b"");
    assert_eq!(usage.status.code(), Some(2), "clap usage errors exit 2 too");
}

/// Published vector: Cronofy's docs and the C# and Ruby SDK tests.
const SECRET: &str = "pDY0Oi7TJSP2hfNmZNkm5";
const BODY: &[u8] = br#"{"example":"well-known"}"#;
const SIGNATURE: &str = "6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c=";

#[test]
fn sign_prints_the_published_header_value() {
    let output = hookcheck(&["sign", "--secret", SECRET], BODY);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), format!("{SIGNATURE}\n"));

    let rotated = hookcheck(&["sign", "--secret", "old", "--secret", SECRET, "-"], BODY);
    let value = stdout(&rotated);
    assert!(
        value.trim_end().ends_with(&format!(",{SIGNATURE}")),
        "{value}"
    );
}

/// Each provider's scheme through `sign`, against its published vector.
#[test]
fn sign_speaks_every_providers_scheme() {
    let sign = |args: &[&str], body: &[u8]| {
        let output = hookcheck(&[&["sign"], args].concat(), body);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        stdout(&output)
    };
    // docs.github.com, "Testing the webhook payload validation".
    assert_eq!(
        sign(
            &[
                "--provider",
                "github",
                "--secret",
                "It's a Secret to Everybody"
            ],
            b"Hello, World!"
        ),
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n"
    );
    // The Standard Webhooks specification's vector: three headers.
    assert_eq!(
        sign(
            &[
                "--provider",
                "standard-webhooks",
                "--secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--id",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "--timestamp",
                "1614265330",
            ],
            br#"{"test": 2432232314}"#
        ),
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\n\
         webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n"
    );
    let json = hookcheck(
        &[
            "sign",
            "--provider",
            "stripe",
            "--secret",
            "whsec_test_secret",
            "--timestamp",
            "1492774577",
            "--format",
            "json",
        ],
        br#"{"id":"evt_test_webhook","object":"event"}"#,
    );
    let report = &json_lines(&json)[0];
    assert_eq!(report["provider"], "stripe");
    assert_eq!(report["headers"][0]["name"], "Stripe-Signature");
    assert_eq!(
        report["headers"][0]["value"],
        "t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a"
    );

    assert_tool_failure(
        &hookcheck(
            &[
                "sign",
                "--provider",
                "github",
                "--secret",
                "s",
                "--timestamp",
                "1",
            ],
            b"{}",
        ),
        "--timestamp: github signs no timestamp",
    );
    assert_tool_failure(
        &hookcheck(&["sign", "--provider", "graph", "--secret", "s"], b"{}"),
        "graph signs nothing: its token travels as clientState in the body",
    );
    assert_tool_failure(
        &hookcheck(
            &[
                "sign",
                "--provider",
                "standard-webhooks",
                "--secret",
                "whsec_c2hvcnQ=",
            ],
            b"{}",
        ),
        "--secret: a Standard Webhooks key is 24 to 64 bytes, this one is 5",
    );
}

#[test]
fn validate_says_which_secret_matched() {
    let dir = std::env::temp_dir().join(format!("hookcheck-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let body = dir.join("body.json");
    std::fs::write(&body, CHANGE).expect("write body");
    let body = body.display().to_string();
    let header = stdout(&hookcheck(&["sign", "--secret", "new-secret", &body], b""));
    let header = header.trim_end();

    let args = [
        "validate",
        "--format",
        "json",
        "--secret",
        "old-secret",
        "--secret",
        "new-secret",
        "--signature",
    ];
    let matched = hookcheck(
        &[&args[..], &[&format!("garbage,{header}"), &body]].concat(),
        b"",
    );
    assert_eq!(matched.status.code(), Some(0));
    let report = &json_lines(&matched)[0];
    assert_eq!(report["payload"]["signature"]["matched_secret"], 2);
    assert_eq!(report["payload"]["signature"]["values"], 2);

    let resigned =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(CHANGE).expect("JSON"))
            .expect("JSON");
    std::fs::write(dir.join("body.json"), resigned).expect("write body");
    let mismatch = hookcheck(&[&args[..], &[header, &body]].concat(), b"");
    assert_eq!(
        mismatch.status.code(),
        Some(1),
        "re-serialised JSON does not verify"
    );
    assert_eq!(
        codes(&json_lines(&mismatch)[0]),
        ["payload-signature-mismatch"]
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Another sender's deliveries, checked under its scheme and against its
/// own schemas: what `sign` made verifies now; the Standard Webhooks
/// vector, signed in 2021, is refused as a replay; a missing header is
/// named.
#[test]
fn validate_checks_any_providers_signature_now() {
    let event = br#"{"id":"evt_1","object":"event","api_version":null,"created":1700000000,"data":{"object":{}},"livemode":false,"pending_webhooks":1,"request":null,"type":"customer.created"}"#;
    let signed = stdout(&hookcheck(
        &[
            "sign",
            "--provider",
            "stripe",
            "--secret",
            "whsec_test_secret",
        ],
        event,
    ));
    let fresh = hookcheck(
        &[
            "validate",
            "--format",
            "json",
            "--provider",
            "stripe",
            "--signature",
            signed.trim(),
            "--secret",
            "whsec_test_secret",
        ],
        event,
    );
    let report = &json_lines(&fresh)[0];
    assert_eq!(fresh.status.code(), Some(0), "{report}");
    assert_eq!(report["payload"]["type"], "customer.created");
    assert_eq!(report["payload"]["signature"]["matched_secret"], 1);

    let vector = [
        "validate",
        "--format",
        "json",
        "--provider",
        "standard-webhooks",
        "--header",
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--header",
        "webhook-timestamp: 1614265330",
        "--header",
        "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ];
    let messages = |output: &std::process::Output| -> Vec<String> {
        json_lines(output)[0]["findings"]
            .as_array()
            .map(|findings| {
                findings
                    .iter()
                    .filter_map(|f| f["message"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The specification's vector signs a body that is not one of its
    // payloads: the schema says so beside the signature.
    let stale = messages(&hookcheck(&vector, br#"{"test": 2432232314}"#));
    assert!(
        stale
            .iter()
            .any(|m| m.starts_with("the signature matches, but it was made")
                && m.contains("past standard-webhooks's tolerance of 5 min")),
        "{stale:?}"
    );
    assert!(
        stale.iter().any(|m| m.contains("missing field `type`")),
        "{stale:?}"
    );
    let without_timestamp: Vec<&str> = vector
        .iter()
        .copied()
        .filter(|arg| !arg.starts_with("webhook-timestamp"))
        .collect();
    // The `--header` before the value just left goes too.
    let missing = messages(&hookcheck(
        &[&without_timestamp[..7], &without_timestamp[8..]].concat(),
        br#"{"test": 2432232314}"#,
    ));
    assert!(
        missing.contains(&"the delivery carries no webhook-timestamp header".to_owned()),
        "{missing:?}"
    );
    assert_tool_failure(
        &hookcheck(&["validate", "--secret", "s"], CHANGE.as_bytes()),
        "--secret checks a signature: give it with --signature or --header",
    );
}

#[test]
fn schema_prints_the_schema_of_one_type_or_all() {
    let all: Value = serde_json::from_str(&stdout(&hookcheck(&["schema"], b""))).expect("JSON");
    assert_eq!(
        all["$defs"]["change"]["required"],
        serde_json::json!(["type", "changes_since"])
    );
    let change: Value =
        serde_json::from_str(&stdout(&hookcheck(&["schema", "change"], b""))).expect("JSON");
    assert!(change["$defs"].get("verification").is_none());
    assert!(change["title"].as_str().expect("title").contains("change"));
}

#[test]
fn colour_only_when_asked_for_and_never_in_json() {
    let invalid = CHANGE.replace("chn_6a8d", "chx_6a8d");
    let plain = hookcheck(&["validate"], invalid.as_bytes());
    assert!(
        !stdout(&plain).contains('\u{1b}'),
        "piped output has no styles"
    );

    let forced = hookcheck_with_env(
        &["validate"],
        invalid.as_bytes(),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(
        stdout(&forced).contains("\u{1b}["),
        "CLICOLOR_FORCE styles the human format"
    );

    let json = hookcheck_with_env(
        &["validate", "--format", "json"],
        invalid.as_bytes(),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!stdout(&json).contains('\u{1b}'), "JSON is never styled");
}

#[test]
fn large_ndjson_keeps_input_order_across_batches() {
    // About 9 MB: many batches for the worker threads, written back in order.
    let lines = 40_000;
    let broken = CHANGE.replace("chn_6a8d", "chx_6a8d");
    let input: String = (1..=lines)
        .map(|n| {
            if n % 1000 == 0 {
                format!("{broken}\n")
            } else {
                format!("{CHANGE}\n")
            }
        })
        .collect();
    let output = hookcheck(
        &["validate", "--ndjson", "--format", "json"],
        input.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    let reports = json_lines(&output);
    let numbers: Vec<u64> = reports
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(numbers, (1..=lines).collect::<Vec<u64>>());
    let not_ready: Vec<u64> = reports
        .iter()
        .filter(|r| r["verdict"] == "not-ready")
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(not_ready, (1..=40).map(|k| k * 1000).collect::<Vec<u64>>());

    let human = stdout(&hookcheck(&["validate", "--ndjson"], input.as_bytes()));
    assert!(
        human.ends_with("40000 lines checked: 39960 ready, 40 not ready (40 errors, 0 warnings)\n"),
        "{human}"
    );
}

#[test]
fn providers_lists_every_profile_with_its_rules() {
    let listed = hookcheck(&["providers", "--format", "json"], b"");
    assert_eq!(listed.status.code(), Some(0));
    let profiles = json_lines(&listed);
    let names: Vec<&str> = profiles
        .iter()
        .filter_map(|profile| profile["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "cronofy",
            "standard-webhooks",
            "github",
            "stripe",
            "slack",
            "graph",
            "google"
        ]
    );
    let defaults: Vec<&str> = profiles
        .iter()
        .filter(|profile| profile["default"] == true)
        .filter_map(|profile| profile["name"].as_str())
        .collect();
    assert_eq!(defaults, ["cronofy"]);
    // Only the calendar API's channels are played by `emulate`.
    let emulated: Vec<&str> = profiles
        .iter()
        .filter(|profile| profile["emulated"]["channel_limit"] == 128)
        .filter_map(|profile| profile["name"].as_str())
        .collect();
    assert_eq!(emulated, ["cronofy"]);

    let github = hookcheck(&["providers", "github"], b"");
    let text = stdout(&github);
    assert!(text.starts_with("github  GitHub webhooks\n"), "{text}");
    assert!(text.contains("  budget     10 s\n"), "{text}");
    assert!(text.contains("  retries    none\n"), "{text}");
    assert!(text.contains("a `ping` delivery first"), "{text}");
    assert!(text.contains("  events     ping, push\n"), "{text}");
    // A number the provider does not publish says so, and why.
    let stripe = stdout(&hookcheck(&["providers", "stripe"], b""));
    assert!(
        stripe.contains("  budget     10 s (not published)\n"),
        "{stripe}"
    );
    assert!(stripe.contains("publishes no figure"), "{stripe}");

    assert_tool_failure(
        &hookcheck(&["providers", "nope"], b""),
        "unknown provider `nope` (known: cronofy, standard-webhooks, github",
    );
}

#[test]
fn completions_cover_every_command_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = hookcheck(&["completions", shell], b"");
        assert_eq!(script.status.code(), Some(0), "{shell}");
        let text = stdout(&script);
        for command in ["check", "scan", "listen", "emulate", "completions"] {
            assert!(text.contains(command), "{shell} lacks {command}");
        }
    }
    let unknown = hookcheck(&["completions", "tcsh"], b"");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_config_schema_takes_readmes_examples_and_refuses_typos() {
    let printed = hookcheck(&["schema", "--config"], b"");
    assert_eq!(printed.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&printed)).expect("JSON");
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    let blocks = support::readme_blocks("toml");
    assert!(blocks.len() >= 2, "README shows hookcheck.toml");
    for block in &blocks {
        let document: serde_json::Value = toml::from_str(block).expect("TOML");
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{block}");
        // And the tool reads it as the schema does.
        hookcheck_readiness::config::FileConfig::parse(block).expect("hookcheck reads it");
    }
    for typo in [
        "budjet = \"5s\"",
        "count = 0",
        "accept-grade = \"T\"",
        "[reports]\npdf = \"x.pdf\"",
        "[severity]\ntls-no-hst = \"info\"",
        "[severity]\ntls-no-hsts = \"fatal\"",
    ] {
        let document: serde_json::Value = toml::from_str(typo).expect("TOML");
        assert!(!validator.is_valid(&document), "{typo}");
        assert!(
            hookcheck_readiness::config::FileConfig::parse(typo).is_err(),
            "{typo}"
        );
    }
}
