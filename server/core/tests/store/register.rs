use crate::common::{add_hire_invite, add_user, aid, hire, iid, uid};
use mamoru_core::store::hires;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn the_training_register_lists_submitted_attempts_since_a_time() {
    use mamoru_core::store::{progress, register};
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_hire_invite(&mut conn, "i1", "taro@example.jp").await;
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        add_user(&mut conn, "u1", "taro@example.jp").await;
        hires::link_user(&mut conn, &iid("i1"), &uid("u1")).await.expect("link");
        for (id, now, version, module) in [
            ("a1", 10, "v1", "m1"),
            ("a2", 1000, "v2", "m1"),
            ("a3", 2000, "v2", "m2"),
            ("a4", 3000, "v2", "m3"),
        ] {
            let id_typed = aid(id);
            let new = progress::NewAttempt {
                id: &id_typed,
                user_id: &uid("u1"),
                version,
                module,
                served: "[]",
                now,
            };
            progress::start_attempt(&mut conn, new).await.expect("start");
            if id != "a4" {
                progress::submit(
                    &mut conn,
                    &id_typed,
                    "[]",
                    if id == "a3" { 100 } else { 50 },
                    id == "a3",
                    now + 5,
                )
                .await
                .expect("submit");
            }
        }
        add_user(&mut conn, "hr", "hr@example.jp").await;
        progress::void_attempts(&mut conn, &uid("u1"), "v2", "m1", &uid("hr"), 2500).await.expect("void");
        let every = progress::every_attempt(&mut conn, &uid("u1")).await.expect("all");
        let ids: Vec<(&str, &str)> = every.iter().map(|(v, a)| (v.as_str(), a.id.as_str())).collect();
        assert_eq!(ids, [("v1", "a1"), ("v2", "a2"), ("v2", "a3"), ("v2", "a4")], "{backend:?}");
        let register = register::register(&mut conn, 500).await.expect("register");
        let rows: Vec<(&str, &str, i64, bool, bool)> = register
            .iter()
            .map(|r| {
                (r.employee_number.as_str(), r.module_slug.as_str(), r.score_percent, r.passed, r.voided)
            })
            .collect();
        assert_eq!(
            rows,
            [("E-1", "m1", 50, false, true), ("E-1", "m2", 100, true, false)],
            "{backend:?}: old and unsubmitted attempts are left out; a reset one is marked"
        );
    }
}
