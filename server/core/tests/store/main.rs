//! Store tests: every test runs on SQLite, and on PostgreSQL when configured
//! (see `mamoru_core::testing`).

/// What the tests of several tables share. A module of its own: the tests of each table
/// are in a module named after its store module, and those names are taken here.
mod common {
    use mamoru_core::store::{audit, grants, hires, invites, kiosks, sessions, signatures, users};
    use mamoru_types::domain::{
        AttemptId, Email, GrantId, HireId, InviteId, KioskId, PersonName, Role, UserId,
    };

    pub(crate) fn uid(s: &str) -> UserId {
        UserId::new(s)
    }

    pub(crate) fn gid(s: &str) -> GrantId {
        GrantId::new(s)
    }

    pub(crate) fn kid(s: &str) -> KioskId {
        KioskId::new(s)
    }

    pub(crate) fn iid(s: &str) -> InviteId {
        InviteId::new(s)
    }

    pub(crate) fn aid(s: &str) -> AttemptId {
        AttemptId::new(s)
    }

    pub(crate) fn email(s: &str) -> Email {
        Email::parse(s).expect("valid email")
    }

    pub(crate) fn name(s: &str) -> PersonName {
        PersonName::parse(s).expect("valid name")
    }

    /// Stores a session `s-{token_hash}` of `user` started at `now` from 192.0.2.1.
    pub(crate) async fn add_session(
        conn: &mut sqlx::AnyConnection,
        token_hash: &str,
        user: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let id = mamoru_types::domain::SessionId::new(format!("s-{token_hash}"));
        let origin = mamoru_core::client_addr::Origin::new("192.0.2.1".parse().ok(), "Firefox/133.0");
        let session = sessions::NewSession { id: &id, token_hash, user_id: &uid(user), now, origin: &origin };
        sessions::insert(conn, session).await
    }

    pub(crate) async fn add_user(conn: &mut sqlx::AnyConnection, id: &str, address: &str) {
        users::insert(
            conn,
            users::NewUser {
                id: &uid(id),
                email: &email(address),
                name: &name("佐藤 花子"),
                role: Role::Hire,
                password_hash: "h",
                now: 100,
            },
        )
        .await
        .expect("insert user");
    }

    /// A hire invitation `id` (its token hash is the id too), valid from 100 to 200.
    pub(crate) async fn add_hire_invite(conn: &mut sqlx::AnyConnection, id: &str, address: &str) {
        let invite = invites::NewInvite {
            id: &iid(id),
            token_hash: id,
            email: &email(address),
            name: &name("新人 太郎"),
            role: Role::Hire,
            created_by: None,
            now: 100,
            expires_at: 200,
        };
        invites::insert(conn, invite).await.expect("invite");
    }

    pub(crate) fn hire(id: &str, invite_id: &str, number: &str) -> hires::Hire {
        hires::Hire {
            id: HireId::new(id),
            invite_id: iid(invite_id),
            user_id: None,
            employee_number: number.into(),
            name: "新人 太郎".into(),
            kana: "シンジン タロウ".into(),
            email: format!("{id}@example.jp"),
            site: "本社".into(),
            start_date: "2026-12-01".into(),
            created_at: 100,
            search_text: format!("しんじん\n{number}").to_lowercase(),
        }
    }

    pub(crate) fn signature(id: &str, user_id: &str, version: u32, code: &str) -> signatures::Signature {
        signatures::Signature {
            id: id.into(),
            user_id: uid(user_id),
            version,
            signed_at: 1_000,
            verification_code: code.into(),
            evidence: r#"{"sealed":"evidence"}"#.into(),
            drawing: Some("[[[1,2],[3,4]]]".into()),
        }
    }

    pub(crate) fn event<'a>(action: &str, subject: &'a str) -> audit::Event<'a> {
        audit::Event {
            at: 5,
            actor_id: Some("hr"),
            action: action.parse().expect("a known action"),
            subject_id: Some(subject),
            detail: serde_json::json!({ "version": 1 }),
            ip: Some("127.0.0.1".into()),
        }
    }

    pub(crate) fn grant(id: &str, user_id: &str, code: &str) -> grants::Grant {
        grants::Grant {
            id: gid(id),
            user_id: uid(user_id),
            short_code: code.into(),
            state: grants::GrantState::Granted,
            issued_at: 100,
            expires_at: 1_000,
            kiosk_id: None,
        }
    }

    pub(crate) fn kiosk(id: &str) -> kiosks::Kiosk {
        kiosks::Kiosk {
            id: kid(id),
            name: "1F".into(),
            public_key: format!("key-{id}"),
            enrolled_at: 100,
            disabled_at: None,
        }
    }
}

mod api_tokens;
mod audit;
mod cards;
mod connection;
mod devices;
mod door_events;
mod exceptions;
mod grants;
mod hires;
mod invites;
mod kiosks;
mod migrations;
mod password_resets;
mod progress;
mod register;
mod second_factor;
mod sessions;
mod setup;
mod signatures;
mod throttle;
mod users;
