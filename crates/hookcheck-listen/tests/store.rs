//! The history on its own: bounded, durable across a restart, ids never
//! reused, every acknowledged record kept under a flood, and readable from
//! another connection (another process) while it is written.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::PathBuf;
use std::sync::Arc;

use hookcheck_listen::{Answer, Bounds, Record, Signature, Store};

fn history(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("store-{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// A record with a body of `size` bytes, told apart by `target`.
fn record(target: &str, size: usize) -> Record {
    Record {
        id: 0,
        received_at: "2026-12-05T12:00:00Z".to_owned(),
        peer: "127.0.0.1:5000".to_owned(),
        method: "POST".to_owned(),
        target: target.to_owned(),
        headers: vec![hookcheck_listen::Header {
            name: "x-bytes".to_owned(),
            value: vec![0xff, b'a', 0],
        }],
        body: vec![b'x'; size],
        body_bytes: size as u64,
        provider: "cronofy".to_owned(),
        app: None,
        notification_type: None,
        payload_valid: true,
        signature: Signature::NotChecked,
        findings: Vec::new(),
        answer: Answer::Listen {
            status: 200,
            delay_ms: 0.0,
        },
        error: None,
    }
}

fn targets(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.target.clone()).collect()
}

#[tokio::test]
async fn the_oldest_go_past_the_count_and_ids_are_never_reused_after_a_restart() {
    let path = history("bounds");
    let bounds = Bounds {
        count: 3,
        bytes: 1 << 20,
    };
    {
        let store = Store::open(&path, bounds).expect("a history");
        for n in 1..=5 {
            let id = store
                .append(record(&format!("/{n}"), 10))
                .await
                .expect("kept");
            assert_eq!(id, n);
        }
        assert_eq!(
            targets(&store.recent(10).expect("readable")),
            ["/3", "/4", "/5"]
        );
        assert_eq!(store.get(1).expect("readable"), None);
        // A view of the newest, made record by record, in the same order.
        let ids = store.recent_as(2, |record| record.id).expect("readable");
        assert_eq!(ids, [4, 5]);
    }
    // A restart: the same records, the next id after the last ever given.
    let store = Store::open(&path, bounds).expect("the history again");
    let kept = store.recent(10).expect("readable");
    assert_eq!(targets(&kept), ["/3", "/4", "/5"]);
    assert_eq!(kept[0].id, 3);
    assert_eq!(
        kept[0].headers[0].value,
        [0xff, b'a', 0],
        "header bytes kept exactly"
    );
    assert_eq!(store.append(record("/6", 10)).await.expect("kept"), 6);
    assert_eq!(store.usage().expect("readable").0, 3);
}

#[tokio::test]
async fn the_oldest_go_past_the_size_but_never_the_newest() {
    let path = history("bytes");
    let store = Store::open(
        &path,
        Bounds {
            count: 100,
            bytes: 5_000,
        },
    )
    .expect("a history");
    for n in 1..=4 {
        store
            .append(record(&format!("/{n}"), 1_500))
            .await
            .expect("kept");
    }
    let (count, bytes) = store.usage().expect("readable");
    assert!(bytes <= 5_000, "{bytes}");
    assert!(count < 4, "{count}");
    // One record over the whole bound is still kept: it was acknowledged.
    store.append(record("/big", 20_000)).await.expect("kept");
    assert_eq!(targets(&store.recent(10).expect("readable")), ["/big"]);
}

/// Appends from many tasks at once are committed in groups; every one
/// acknowledged is there, each id once, and another connection reads them
/// meanwhile.
#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_appends_keeps_every_acknowledged_record() {
    let path = history("flood");
    let store = Arc::new(Store::open(&path, Bounds::default()).expect("a history"));
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..32 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let mut ids = Vec::new();
            for n in 0..100 {
                ids.push(
                    store
                        .append(record(&format!("/{task}/{n}"), 200))
                        .await
                        .expect("kept"),
                );
            }
            ids
        });
    }
    let reader = Store::open(&path, Bounds::default()).expect("a second reader");
    let mut ids: Vec<u64> = Vec::new();
    while let Some(done) = tasks.join_next().await {
        ids.extend(done.expect("a task"));
        reader.recent(5).expect("readable while written");
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3_200);
    assert_eq!(store.usage().expect("readable").0, 3_200);
    assert_eq!(reader.recent(10_000).expect("readable").len(), 3_200);
}
