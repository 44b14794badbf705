//! Every provider's sample bodies, filled for a delivery, against the JSON
//! Schemas beside them; and the markers a sample may hold.

use hookcheck_profile::{Events, Fill, PROFILES};

fn fill() -> Fill<'static> {
    Fill {
        id: "a \"quoted\" id\n",
        timestamp: 1_700_000_000,
        time: "2023-11-14T22:13:20Z",
        url: "https://hooks.example.com/in?x=1&y=\"2\"",
        token: "secret-token",
        number: 42,
    }
}

#[test]
fn every_sample_is_valid_under_its_schema_once_filled() {
    let mut checked = 0;
    for profile in &PROFILES {
        let Events::Documents(types) = profile.events else {
            continue;
        };
        for kind in types {
            let schema: serde_json::Value = serde_json::from_str(kind.schema)
                .unwrap_or_else(|error| panic!("{} {}: {error}", profile.name, kind.name));
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|error| panic!("{} {}: {error}", profile.name, kind.name));
            let body = kind.render(&fill());
            let text = String::from_utf8_lossy(&body);
            assert!(
                !text.contains('%'),
                "{} {}: a marker left: {text}",
                profile.name,
                kind.name
            );
            let document: serde_json::Value = serde_json::from_slice(&body)
                .unwrap_or_else(|error| panic!("{} {}: {error}: {text}", profile.name, kind.name));
            let errors: Vec<String> = validator
                .iter_errors(&document)
                .map(|error| error.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{} {}: {errors:?}",
                profile.name,
                kind.name
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 7, "every documented type is checked");
}

#[test]
fn filled_strings_stay_inside_their_json_strings() {
    let Events::Documents(types) = hookcheck_profile::find("standard-webhooks")
        .map_or(Events::Calendar, |profile| profile.events)
    else {
        panic!("standard-webhooks has documented types");
    };
    let body = types[0].render(&fill());
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(document["data"]["id"], "a \"quoted\" id\n");
    assert_eq!(document["timestamp"], "2023-11-14T22:13:20Z");
}

#[test]
fn each_sender_names_its_first_delivery_first() {
    for (name, first) in [
        ("cronofy", "verification"),
        ("github", "ping"),
        ("slack", "url_verification"),
        ("google", "sync"),
    ] {
        let profile = hookcheck_profile::find(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(profile.events.names().first(), Some(&first), "{name}");
    }
}

#[test]
fn each_delivery_carries_the_senders_own_headers() {
    let delivery = |retry| hookcheck_profile::Delivery {
        id: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        event: "ping",
        channel: "12345678",
        number: 7,
        retry,
        resource: "https://www.googleapis.com/calendar/v3/calendars/primary/events",
    };
    let github = hookcheck_profile::find("github").unwrap_or_else(|| panic!("github"));
    assert_eq!(
        github.headers(&delivery(0)),
        [
            ("X-GitHub-Event", "ping".to_owned()),
            (
                "X-GitHub-Delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned()
            ),
            ("X-GitHub-Hook-ID", "12345678".to_owned()),
        ]
    );
    assert_eq!(github.id_header(), Some("X-GitHub-Delivery"));
    assert_eq!(github.event_header(), Some("X-GitHub-Event"));
    // Slack numbers its retries; a first attempt carries no number.
    let slack = hookcheck_profile::find("slack").unwrap_or_else(|| panic!("slack"));
    assert!(slack.headers(&delivery(0)).is_empty());
    assert_eq!(
        slack.headers(&delivery(2)),
        [("X-Slack-Retry-Num", "2".to_owned())]
    );
    // Standard Webhooks' id is the one its signature covers.
    let standard =
        hookcheck_profile::find("standard-webhooks").unwrap_or_else(|| panic!("standard"));
    assert_eq!(standard.id_header(), Some("webhook-id"));
    let google = hookcheck_profile::find("google").unwrap_or_else(|| panic!("google"));
    let headers = google.headers(&delivery(0));
    assert!(headers.contains(&("X-Goog-Message-Number", "7".to_owned())));
    assert!(headers.contains(&("X-Goog-Resource-State", "ping".to_owned())));
}
