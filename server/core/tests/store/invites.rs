use crate::common::{add_user, email, iid, name, uid};
use mamoru_core::store::invites;
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::Role;

#[tokio::test]
async fn an_invite_is_usable_until_used_or_expired() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let address = email("new@example.jp");
        invites::insert(
            &mut conn,
            invites::NewInvite {
                id: &iid("i1"),
                token_hash: "th",
                email: &address,
                name: &name("新人 太郎"),
                role: Role::Hire,
                created_by: None,
                now: 100,
                expires_at: 200,
            },
        )
        .await
        .expect("insert");
        assert!(invites::pending_for_email(&mut conn, &address, 150).await.expect("pending"));
        assert!(invites::usable_by_token_hash(&mut conn, "th", 199).await.expect("query").is_some());
        assert!(
            invites::usable_by_token_hash(&mut conn, "th", 200).await.expect("query").is_none(),
            "{backend:?}: expired"
        );
        add_user(&mut conn, "u1", "new@example.jp").await;
        assert!(invites::mark_used(&mut conn, &iid("i1"), &uid("u1"), 150).await.expect("use"));
        assert!(
            !invites::mark_used(&mut conn, &iid("i1"), &uid("u1"), 151).await.expect("use again"),
            "{backend:?}: used twice"
        );
        assert!(invites::usable_by_token_hash(&mut conn, "th", 160).await.expect("query").is_none());
    }
}
