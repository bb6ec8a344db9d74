use crate::common::{add_hire_invite, add_user, hire, iid, uid};
use mamoru_core::store::{hires, invites};
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::HireId;
use mamoru_types::hires::HireState;

#[tokio::test]
async fn a_hire_has_a_unique_employee_number_and_links_to_one_account() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for id in ["i1", "i2"] {
            add_hire_invite(&mut conn, id, &format!("{id}@example.jp")).await;
        }
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        let duplicate = hires::insert(&mut conn, &hire("h2", "i2", "E-1")).await.expect_err("same number");
        assert!(mamoru_core::store::is_duplicate(&duplicate), "{backend:?}: told apart from other failures");
        assert!(hires::employee_number_taken(&mut conn, "E-1").await.expect("query"));
        assert!(!hires::employee_number_taken(&mut conn, "E-2").await.expect("query"));
        add_user(&mut conn, "u1", "u1@example.jp").await;
        assert!(hires::link_user(&mut conn, &iid("i1"), &uid("u1")).await.expect("link"));
        assert!(
            !hires::link_user(&mut conn, &iid("i1"), &uid("u1")).await.expect("link"),
            "{backend:?}: once"
        );
        let h1 = hires::by_id(&mut conn, &HireId::new("h1")).await.expect("get").expect("h1").hire;
        assert_eq!(h1.user_id, Some(uid("u1")));
        assert_eq!(
            hires::stale(&mut conn, "v1").await.expect("stale"),
            [uid("u1")],
            "{backend:?}: never computed"
        );
        let standing = hires::Standing {
            state: HireState::InTraining,
            modules_passed: 2,
            card: None,
            card_expires_at: None,
            signed_versions: "1".into(),
            course_version: "v1".into(),
            certified_at: None,
        };
        assert!(hires::set_standing(&mut conn, &uid("u1"), &standing).await.expect("set"));
        assert!(!hires::set_standing(&mut conn, &uid("staff"), &standing).await.expect("set"), "not a hire");
        assert!(hires::stale(&mut conn, "v1").await.expect("stale").is_empty());
        let query = |state, search| hires::Query {
            state,
            site: "",
            start_from: "2026-12-01",
            start_to: "",
            search,
            expired_if_certified_by: 5_000,
            limit: 10,
            offset: 0,
        };
        let (listed, total) =
            hires::page(&mut conn, &query(Some(HireState::InTraining), "e-1")).await.expect("page");
        assert_eq!((listed.len(), total), (1, 1), "{backend:?}");
        assert_eq!((&listed[0].hire, &listed[0].standing), (&h1, &standing));
        let (_, total) = hires::page(&mut conn, &query(Some(HireState::Invited), "")).await.expect("page");
        assert_eq!(total, 0, "{backend:?}: by state");
        let (_, total) = hires::page(&mut conn, &query(None, "e\\_1")).await.expect("page");
        assert_eq!(total, 0, "{backend:?}: an escaped _ is no wildcard");

        // A completed hire shows as expired when certified no later than the cut-off.
        for (at, completed, expired) in [(5_001, 1, 0), (5_000, 0, 1)] {
            let certified =
                hires::Standing { state: HireState::Completed, certified_at: Some(at), ..standing.clone() };
            hires::set_standing(&mut conn, &uid("u1"), &certified).await.expect("set");
            let (_, total) =
                hires::page(&mut conn, &query(Some(HireState::Completed), "")).await.expect("page");
            assert_eq!(total, completed, "{backend:?}: certified at {at}");
            let (listed, total) =
                hires::page(&mut conn, &query(Some(HireState::Expired), "")).await.expect("page");
            assert_eq!((listed.len() as i64, total), (expired, expired), "{backend:?}: certified at {at}");
        }
        let (listed, total) = hires::certified_between(&mut conn, 4_000, 5_000, 10).await.expect("between");
        assert_eq!((listed.len(), total), (1, 1), "{backend:?}: certified within the window");
        assert_eq!(listed[0].standing.certified_at, Some(5_000));
        for (after, until) in [(5_000, 9_000), (i64::MIN, 4_999)] {
            let total = hires::certified_count(&mut conn, after, until).await.expect("count");
            assert_eq!(total, 0, "{backend:?}: certified outside ({after}, {until}]");
        }
        // A state or card status this version does not know is an error, never a guess.
        for column in ["state", "card"] {
            let sql = format!("UPDATE hires SET {column} = 'Unheard' WHERE id = 'h1'");
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await.expect("plant");
            let read = hires::by_id(&mut conn, &HireId::new("h1")).await;
            assert!(read.is_err_and(|e| e.to_string().contains("Unheard")), "{backend:?}: {column}");
            let read = hires::state_counts(&mut conn).await;
            assert_eq!(read.is_err(), column == "state", "{backend:?}: counts with an unknown {column}");
            hires::set_standing(&mut conn, &uid("u1"), &standing).await.expect("put back");
        }
    }
}

#[tokio::test]
async fn an_invitation_is_re_pointed_voided_and_an_unregistered_hire_removed() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for id in ["i1", "i2"] {
            add_hire_invite(&mut conn, id, "taro@example.jp").await;
        }
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        assert!(invites::void(&mut conn, &iid("i1"), 150).await.expect("void"));
        assert!(!invites::void(&mut conn, &iid("i1"), 160).await.expect("void"), "{backend:?}: once");
        assert!(invites::usable_by_token_hash(&mut conn, "i1", 150).await.expect("find").is_none());
        hires::set_invite(&mut conn, &HireId::new("h1"), &iid("i2")).await.expect("re-point");
        let listed = hires::by_id(&mut conn, &HireId::new("h1")).await.expect("get").expect("h1");
        assert_eq!(listed.hire.invite_id, iid("i2"), "{backend:?}");
        add_user(&mut conn, "u1", "taro@example.jp").await;
        assert!(hires::link_user(&mut conn, &iid("i2"), &uid("u1")).await.expect("link"));
        assert!(
            !hires::delete_unregistered(&mut conn, &HireId::new("h1")).await.expect("delete"),
            "{backend:?}: registered"
        );
        hires::insert(&mut conn, &hire("h2", "i1", "E-2")).await.expect("hire");
        assert!(hires::delete_unregistered(&mut conn, &HireId::new("h2")).await.expect("delete"));
        assert!(hires::by_id(&mut conn, &HireId::new("h2")).await.expect("get").is_none(), "{backend:?}");
    }
}
