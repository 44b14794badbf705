//! A rich report, built by hand as `hookcheck check` would build it: a TLS
//! check graded A- and a delivery run whose burst overwhelms the endpoint.
//! Shared by the renderer tests and the `sample_html` example.

use hookcheck_core::{
    BurstSummary, CertificateSource, CertificateSummary, ChainSource, Code, DeliveryOutcome,
    DeliveryRecord, DeliverySection, Finding, Grade, GradeCap, HistogramBar, HstsPolicy, LatencyMs,
    PathCertificate, PhasesMs, ProtocolSupport, Rating, Report, RetryModel, RetryOutlook, Severity,
    Stage, SuiteSupport, TlsSection,
};

/// Deliveries made one at a time.
const SERIES: u16 = 30;
/// Deliveries then sent at once.
const BURST: u16 = 10;
const BUDGET_MS: f64 = 5000.0;

/// Not ready: two deliveries of the burst time out. Also three warnings and
/// an info, so that every severity shows.
pub(crate) fn rich() -> Report {
    let findings = vec![
        Finding::new(
            Code::DeliveryTimeout,
            "2 of 40 deliveries got no complete 2xx answer within the 5 s budget \
             (#39 and #40, both stuck reading the answer's body at the 6 s cutoff)",
        ),
        Finding::new(
            Code::DeliveryBurstDegraded,
            "one at a time every delivery succeeds, but 2 of 10 sent at once fail the 5 s \
             budget (the slowest took 6 s)",
        ),
        Finding::new(
            Code::TlsExpiresSoon,
            "the leaf certificate CN=hooks.example.com expires at 2025-07-20T23:59:59Z, \
             12 days after the check time 2025-07-08T12:00:00Z",
        )
        .with_fix("Renew the certificate now; Let's Encrypt certificates renew 30 days ahead."),
        Finding::new(
            Code::TlsNoTls13,
            "the server accepts TLS 1.2 but not TLS 1.3",
        ),
        Finding {
            severity: Severity::Info,
            ..Finding::new(
                Code::DeliveryColdStart,
                "the first delivery took 412 ms, the following ones 39.2 ms (median): the \
                 endpoint starts cold",
            )
        },
    ];
    let mut report = Report::new("https://hooks.example.com/cronofy/push", findings);
    report.tls = Some(tls());
    report.delivery = Some(delivery());
    report
}

fn tls() -> TlsSection {
    TlsSection {
        source: ChainSource::Server,
        host: Some("hooks.example.com".to_owned()),
        port: Some(443),
        address: Some("192.0.2.10:443".to_owned()),
        checked_at: "2025-07-08T12:00:00Z".to_owned(),
        trust_store: "Mozilla roots (webpki-roots, 146 roots)".to_owned(),
        trusted: true,
        protocol: Some("TLSv1.2".to_owned()),
        cipher_suite: Some("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256".to_owned()),
        ocsp_stapled: Some(false),
        chain: chain(),
        verified_path: vec![
            PathCertificate {
                subject: "CN=hooks.example.com".to_owned(),
                source: CertificateSource::Presented,
                position: Some(0),
                url: None,
            },
            PathCertificate {
                subject: "CN=R11,O=Let's Encrypt,C=US".to_owned(),
                source: CertificateSource::Presented,
                position: Some(1),
                url: None,
            },
            PathCertificate {
                subject: "CN=ISRG Root X1,O=Internet Security Research Group,C=US".to_owned(),
                source: CertificateSource::TrustAnchor,
                position: None,
                url: None,
            },
        ],
        aia_fetches: Vec::new(),
        grade: Some(Grade::AMinus),
        rating: Some(Rating {
            grade: Grade::AMinus,
            score: 91,
            protocol_score: 95,
            key_exchange_score: 90,
            cipher_score: 90,
            caps: vec![GradeCap {
                grade: Grade::AMinus,
                reason: "TLS 1.3 is not supported".to_owned(),
            }],
        }),
        protocols: protocols(),
        hsts: Some(HstsPolicy {
            header: Some("max-age=31536000; includeSubDomains".to_owned()),
            max_age: Some(31_536_000),
            include_subdomains: true,
            preload: false,
            error: None,
        }),
        probe_connections: Some(21),
        legacy_only: false,
    }
}

/// The certificates as the server sends them: the leaf, then its issuer.
fn chain() -> Vec<CertificateSummary> {
    vec![
        CertificateSummary {
            position: 0,
            subject: "CN=hooks.example.com".to_owned(),
            issuer: "CN=R11,O=Let's Encrypt,C=US".to_owned(),
            serial: "04a1b2c3d4e5f60718293a4b5c6d7e8f9012".to_owned(),
            not_before: "2025-04-21T00:00:00Z".to_owned(),
            not_after: "2025-07-20T23:59:59Z".to_owned(),
            key: "ECDSA P-256".to_owned(),
            key_bits: 256,
            signature_algorithm: "sha256WithRSAEncryption".to_owned(),
            sha256: "3f1c9e0d2b7a5c4e8f6a1d0b9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e".to_owned(),
            san: vec![
                "DNS:hooks.example.com".to_owned(),
                "DNS:www.hooks.example.com".to_owned(),
            ],
            ca: false,
            self_signed: false,
        },
        CertificateSummary {
            position: 1,
            subject: "CN=R11,O=Let's Encrypt,C=US".to_owned(),
            issuer: "CN=ISRG Root X1,O=Internet Security Research Group,C=US".to_owned(),
            serial: "8a7d3e13d62f30ef2386bd29076b34f8".to_owned(),
            not_before: "2024-03-13T00:00:00Z".to_owned(),
            not_after: "2027-03-12T23:59:59Z".to_owned(),
            key: "RSA 2048".to_owned(),
            key_bits: 2048,
            signature_algorithm: "sha256WithRSAEncryption".to_owned(),
            sha256: "591e9ce6c863d3a079e9fabe1478c7339a26b21269dde795211361024ae31a44".to_owned(),
            san: Vec::new(),
            ca: true,
            self_signed: false,
        },
    ]
}

/// Only TLS 1.2 is accepted, with three modern suites.
fn protocols() -> Vec<ProtocolSupport> {
    let suite = |name: &str, cipher: &str| SuiteSupport {
        name: name.to_owned(),
        key_exchange: "ECDHE".to_owned(),
        authentication: "ECDSA".to_owned(),
        cipher: cipher.to_owned(),
        bits: if cipher == "AES_256_GCM" || cipher == "CHACHA20_POLY1305" {
            256
        } else {
            128
        },
        forward_secrecy: true,
        aead: true,
        group: Some("x25519".to_owned()),
        weakness: None,
    };
    let refused = |version: &str| ProtocolSupport {
        version: version.to_owned(),
        accepted: Some(false),
        cipher_suites: Vec::new(),
        server_preference: None,
        undetermined: None,
    };
    vec![
        refused("SSLv2"),
        refused("SSLv3"),
        refused("TLSv1.0"),
        refused("TLSv1.1"),
        ProtocolSupport {
            version: "TLSv1.2".to_owned(),
            accepted: Some(true),
            cipher_suites: vec![
                suite("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "AES_128_GCM"),
                suite("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "AES_256_GCM"),
                suite(
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                    "CHACHA20_POLY1305",
                ),
            ],
            server_preference: Some(true),
            undetermined: None,
        },
        refused("TLSv1.3"),
    ]
}

/// When an unanswered delivery is given up.
const CUTOFF_MS: f64 = 6000.0;

/// The total of delivery `n`: a cold first answer, a steady series, then a
/// burst whose answers queue behind each other until the last two are given
/// up at the cutoff.
fn total_ms(n: u16) -> f64 {
    match n {
        1 => 412.0,
        n if n <= SERIES => 35.0 + f64::from((n * 7) % 9) * 1.1,
        n if n <= SERIES + BURST - 2 => 310.0 + f64::from(n - SERIES - 1) * 520.0,
        _ => CUTOFF_MS,
    }
}

fn delivery() -> DeliverySection {
    let deliveries: Vec<DeliveryRecord> = (1..=SERIES + BURST).map(record).collect();
    let totals: Vec<f64> = (1..=SERIES + BURST).map(total_ms).collect();
    DeliverySection {
        provider: "cronofy".to_owned(),
        budget_ms: BUDGET_MS,
        cutoff_ms: CUTOFF_MS,
        concurrency: 1,
        attempts: deliveries.len(),
        succeeded: deliveries.iter().filter(|d| d.succeeded).count(),
        success_rate: 0.95,
        latency_ms: Some(LatencyMs {
            count: 40,
            min: 35.0,
            p50: 39.4,
            p90: 2910.0,
            p99: 6000.0,
            max: 6000.0,
            mean: 764.9,
        }),
        // The budget minus the p99 of the 38 deliveries that succeeded.
        margin_ms: Some(BUDGET_MS - 3540.0),
        phases_ms: PhasesMs {
            dns: Some(0.42),
            connect: Some(1.13),
            tls: Some(4.87),
            ttfb: Some(38.6),
            total: 39.4,
        },
        reused: usize::from(SERIES - 1),
        reconnected: 0,
        histogram: histogram(&totals),
        burst: Some(BurstSummary {
            size: usize::from(BURST),
            succeeded: usize::from(BURST - 2),
            latency_ms: Some(LatencyMs {
                count: 10,
                min: 310.0,
                p50: 2390.0,
                p90: 6000.0,
                p99: 6000.0,
                max: 6000.0,
                mean: 2904.0,
            }),
        }),
        retry: RetryOutlook {
            model: RetryModel {
                first_retry_s: 60.0,
                factor: 2.0,
                max_interval_s: 3600.0,
                window_s: 86_400.0,
                delays_s: None,
                gives_up: "the channel is closed for good".to_owned(),
            },
            failure_rate: 0.05,
            attempts: 29,
            last_attempt_s: 84_780.0,
            loss_probability: 1.86e-38,
            expected_attempts: 1.0526,
            channel_closes: false,
        },
        signed_with: 1,
        wall_ms: 6650.0,
        deliveries,
        ack_probe: None,
    }
}

fn record(n: u16) -> DeliveryRecord {
    let total = total_ms(n);
    let burst = n > SERIES;
    let fresh = n == 1 || burst;
    let answered = total <= BUDGET_MS;
    DeliveryRecord {
        n: usize::from(n),
        stage: if burst { Stage::Burst } else { Stage::Series },
        notification_type: Some("change".to_owned()),
        bytes: 812,
        protocol: Some("HTTP/1.1".to_owned()),
        reused: !fresh,
        reconnected: false,
        outcome: if answered {
            DeliveryOutcome::Answered
        } else {
            DeliveryOutcome::TimedOut
        },
        status: answered.then_some(200),
        detail: (!answered).then(|| "stuck reading the answer's body".to_owned()),
        succeeded: answered,
        phases_ms: PhasesMs {
            dns: fresh.then_some(0.42),
            connect: fresh.then_some(1.13),
            tls: fresh.then_some(4.87),
            ttfb: answered.then_some(total - 0.6),
            total,
        },
    }
}

/// Twelve equal ranges from the fastest to the slowest, as the delivery
/// crate draws them.
fn histogram(totals: &[f64]) -> Vec<HistogramBar> {
    let low = totals.iter().copied().fold(f64::INFINITY, f64::min);
    let high = totals.iter().copied().fold(0.0, f64::max);
    let width = (high - low) / 12.0;
    (1..=12u32)
        .map(|i| {
            let upper = low + width * f64::from(i);
            let lower = upper - width;
            let count = totals
                .iter()
                .filter(|&&t| (t > lower || i == 1) && t <= upper + 1e-9)
                .count();
            HistogramBar {
                upper_ms: (upper * 1000.0).round() / 1000.0,
                count: u64::try_from(count).unwrap_or(u64::MAX),
            }
        })
        .collect()
}
