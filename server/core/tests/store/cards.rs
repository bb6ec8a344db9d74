use crate::common::{add_hire_invite, add_user, gid, grant, hire, iid, kid, kiosk, uid};
use mamoru_core::store::{cards, grants, hires, kiosks};
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::CardId;

fn card(id: &str, user_id: &str, grant_id: &str, chip_uid: &str) -> cards::Card {
    cards::Card {
        id: CardId::new(id),
        user_id: uid(user_id),
        grant_id: gid(grant_id),
        uid: chip_uid.into(),
        state: cards::CardState::Active,
        kiosk_id: kid("k1"),
        issued_at: 100,
        ended_at: None,
    }
}

#[tokio::test]
async fn a_card_uid_is_active_for_one_person_at_a_time() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        add_hire_invite(&mut conn, "i2", "suzuki@example.jp").await;
        hires::insert(&mut conn, &hire("h2", "i2", "E-2")).await.expect("hire");
        assert!(hires::link_user(&mut conn, &iid("i2"), &uid("u2")).await.expect("link"));
        kiosks::insert(&mut conn, &kiosk("k1")).await.expect("kiosk");
        grants::insert(&mut conn, &grant("g1", "u1", "AAAA-BBBB-CCCC")).await.expect("grant");
        grants::insert(&mut conn, &grant("g2", "u2", "DDDD-EEEE-FFFF")).await.expect("grant");
        cards::insert(&mut conn, &card("c1", "u1", "g1", "DEADBEEF")).await.expect("card");
        assert!(
            cards::insert(&mut conn, &card("c2", "u2", "g2", "DEADBEEF")).await.is_err(),
            "{backend:?}: same UID"
        );
        assert!(
            cards::insert(&mut conn, &card("c3", "u1", "g1", "CAFEF00D")).await.is_err(),
            "{backend:?}: same grant"
        );
        assert_eq!(
            cards::active_by_uid(&mut conn, "DEADBEEF").await.expect("get").map(|c| c.user_id),
            Some(uid("u1"))
        );

        assert!(cards::end(&mut conn, &CardId::new("c1"), cards::CardState::Lost, 200).await.expect("end"));
        assert!(
            !cards::end(&mut conn, &CardId::new("c1"), cards::CardState::Returned, 300).await.expect("end"),
            "{backend:?}: once"
        );
        cards::insert(&mut conn, &card("c2", "u2", "g2", "DEADBEEF")).await.expect("the UID is free again");
        let active: Vec<_> = cards::active(&mut conn)
            .await
            .expect("active")
            .into_iter()
            .map(|c| (c.user_id, c.employee_number))
            .collect();
        assert_eq!(active, [(uid("u2"), Some("E-2".to_owned()))], "{backend:?}: with the employee number");
        cards::set_off_list(&mut conn, "DEADBEEF", Some(400)).await.expect("off the list");
        let off = cards::active(&mut conn).await.expect("active");
        assert_eq!(off[0].off_list_at, Some(400), "{backend:?}");
        let u1 = cards::for_user(&mut conn, &uid("u1")).await.expect("list");
        assert_eq!((u1[0].state, u1[0].ended_at), (cards::CardState::Lost, Some(200)), "{backend:?}");
        assert_eq!(
            cards::by_grant(&mut conn, &gid("g2")).await.expect("get").map(|c| c.id),
            Some(CardId::new("c2"))
        );
    }
}
