//! Managers' sites and device exceptions in the store: one decision per request, a
//! revocation only of an approval, and a manager's lists limited to their sites.

use crate::common::{add_hire_invite, add_user, hire, iid, uid};
use mamoru_core::store::{exceptions, hires, manager_sites};
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::ExceptionId;
use mamoru_types::exceptions::{Decision, DeviceKind};

fn xid(s: &str) -> ExceptionId {
    ExceptionId::new(s)
}

async fn request(conn: &mut sqlx::AnyConnection, id: &str, user: &str, site: &str, ends_at: i64) {
    let id = xid(id);
    let new = exceptions::NewException {
        id: &id,
        user_id: &uid(user),
        kind: DeviceKind::UsbStorage,
        identifier: "SN-1",
        reason: "資料",
        site,
        starts_at: ends_at - 50,
        ends_at,
        now: 10,
    };
    exceptions::insert(conn, new).await.expect("insert");
}

fn decided<'a>(decision: Decision, code: &'a str) -> exceptions::Decided<'a> {
    exceptions::Decided { decision, by: &MANAGER, at: 60, reason: "", sealed: "{}", verification_code: code }
}

static MANAGER: std::sync::LazyLock<mamoru_types::domain::UserId> = std::sync::LazyLock::new(|| uid("m1"));

#[tokio::test]
async fn a_manager_holds_each_site_once_and_lists_only_their_sites() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for (id, email) in [("m1", "m1@example.jp"), ("u1", "u1@example.jp"), ("u2", "u2@example.jp")] {
            add_user(&mut conn, id, email).await;
        }
        assert!(manager_sites::assign(&mut conn, &uid("m1"), "本社", &uid("u1"), 1).await.expect("assign"));
        assert!(!manager_sites::assign(&mut conn, &uid("m1"), "本社", &uid("u1"), 2).await.expect("again"));
        assert_eq!(manager_sites::sites_of(&mut conn, &uid("m1")).await.expect("sites"), ["本社"]);
        request(&mut conn, "x1", "u1", "本社", 200).await;
        request(&mut conn, "x2", "u2", "札幌", 200).await;
        request(&mut conn, "x3", "u1", "本社", 80).await;
        let listed = exceptions::for_manager(&mut conn, &uid("m1"), 90).await.expect("list");
        let ids: Vec<_> = listed.iter().map(|l| l.exception.id.as_str()).collect();
        assert_eq!(ids, ["x1"], "{backend:?}: another site's and an ended one are left out");

        add_hire_invite(&mut conn, "i1", "u1@example.jp").await;
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        assert!(hires::link_user(&mut conn, &iid("i1"), &uid("u1")).await.expect("link"));
        let people = hires::of_managed_sites(&mut conn, &uid("m1"), 10).await.expect("people");
        assert_eq!(
            people.iter().map(|p| p.employee_number.as_str()).collect::<Vec<_>>(),
            ["E-1"],
            "{backend:?}"
        );
        assert_eq!(
            exceptions::by_id(&mut conn, &xid("x1")).await.expect("by id").map(|l| l.employee_number),
            Some(Some("E-1".into()))
        );

        assert!(manager_sites::unassign(&mut conn, &uid("m1"), "本社").await.expect("unassign"));
        assert!(
            exceptions::for_manager(&mut conn, &uid("m1"), 90).await.expect("list").is_empty(),
            "{backend:?}"
        );
        assert!(hires::of_managed_sites(&mut conn, &uid("m1"), 10).await.expect("people").is_empty());
    }
}

#[tokio::test]
async fn a_request_is_decided_once_and_only_an_approval_is_revoked() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "m1", "m1@example.jp").await;
        add_user(&mut conn, "u1", "u1@example.jp").await;
        request(&mut conn, "x1", "u1", "本社", 200).await;
        request(&mut conn, "x2", "u1", "本社", 200).await;

        assert!(
            exceptions::decide(&mut conn, &xid("x1"), decided(Decision::Approved, "C-1"))
                .await
                .expect("decide")
        );
        assert!(
            !exceptions::decide(&mut conn, &xid("x1"), decided(Decision::Refused, "C-2"))
                .await
                .expect("again"),
            "{backend:?}: decided once"
        );
        assert!(
            exceptions::decide(&mut conn, &xid("x2"), decided(Decision::Refused, "C-3"))
                .await
                .expect("refuse")
        );
        assert!(
            !exceptions::revoke(&mut conn, &xid("x2"), &uid("m1"), 70, "r", "{}").await.expect("revoke"),
            "{backend:?}"
        );
        assert!(exceptions::revoke(&mut conn, &xid("x1"), &uid("m1"), 70, "r", "{}").await.expect("revoke"));
        assert!(!exceptions::revoke(&mut conn, &xid("x1"), &uid("m1"), 71, "r", "{}").await.expect("again"));
        let x1 = exceptions::by_code(&mut conn, "C-1").await.expect("by code").expect("found");
        assert_eq!((x1.exception.decision, x1.exception.revoked_at), (Some(Decision::Approved), Some(70)));
        assert!(
            exceptions::approved_unended(&mut conn, 90).await.expect("in force").is_empty(),
            "{backend:?}"
        );

        let reversed = exceptions::NewException {
            id: &xid("x9"),
            user_id: &uid("u1"),
            kind: DeviceKind::Phone,
            identifier: "IMEI",
            reason: "r",
            site: "本社",
            starts_at: 200,
            ends_at: 100,
            now: 50,
        };
        assert!(
            exceptions::insert(&mut conn, reversed).await.is_err(),
            "{backend:?}: the period check holds"
        );
    }
}
