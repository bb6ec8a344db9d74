use crate::common::{add_user, email, name, uid};
use mamoru_core::store::users;
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::Role;

#[tokio::test]
async fn users_are_unique_by_email_and_can_be_disabled_once() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        let found =
            users::by_email(&mut conn, &email("SATO@example.jp")).await.expect("query").expect("found");
        assert_eq!(
            (found.id.as_str(), found.name.as_str(), found.role),
            ("u1", "佐藤 花子", Role::Hire),
            "{backend:?}"
        );
        let duplicate = users::insert(
            &mut conn,
            users::NewUser {
                id: &uid("u2"),
                email: &email("sato@example.jp"),
                name: &name("別人"),
                role: Role::Hr,
                password_hash: "h",
                now: 1,
            },
        )
        .await;
        assert!(duplicate.is_err(), "{backend:?}: a second account with the same email");
        assert_eq!(users::count(&mut conn).await.expect("count"), 1);
        assert!(users::disable(&mut conn, &uid("u1"), 200).await.expect("disable"));
        assert!(!users::disable(&mut conn, &uid("u1"), 300).await.expect("disable again"), "{backend:?}");
        assert_eq!(
            users::by_id(&mut conn, &uid("u1")).await.expect("query").expect("found").disabled_at,
            Some(200)
        );
    }
}
