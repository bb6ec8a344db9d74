//! How the domain enums are stored: by name, in TEXT columns, through sqlx's `Any` driver
//! (both databases). A name this version does not know is a decode error, never a default.

/// Stores the `Copy` enum `$ty` as the text `$name(value)` gives and reads it back with
/// `$parse(&str) -> Option<$ty>`, so rows can hold the enum itself (`FromRow`, `bind`).
#[macro_export]
macro_rules! stored_as_text {
    ($ty:ty, $name:expr, $parse:expr) => {
        impl ::sqlx::Type<::sqlx::Any> for $ty {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <str as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
        }

        impl<'q> ::sqlx::Encode<'q, ::sqlx::Any> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::Any as ::sqlx::Database>::ArgumentBuffer,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&str as ::sqlx::Encode<'q, ::sqlx::Any>>::encode($name(*self), buf)
            }
        }

        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $ty {
            fn decode(
                value: <::sqlx::Any as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <&str as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                $parse(text)
                    .ok_or_else(|| format!("unknown {} {text:?} in the database", stringify!($ty)).into())
            }
        }
    };
}

crate::stored_as_text!(
    crate::hires::HireState,
    crate::hires::HireState::name,
    crate::hires::HireState::from_name
);
crate::stored_as_text!(
    crate::cards::CardStatus,
    crate::cards::CardStatus::name,
    crate::cards::CardStatus::from_name
);
crate::stored_as_text!(crate::domain::Role, crate::domain::Role::as_str, |text: &str| text.parse().ok());
crate::stored_as_text!(crate::audit::AuditAction, crate::audit::AuditAction::name, |text: &str| text
    .parse()
    .ok());
crate::stored_as_text!(
    crate::exceptions::DeviceKind,
    crate::exceptions::DeviceKind::name,
    crate::exceptions::DeviceKind::from_name
);
crate::stored_as_text!(
    crate::exceptions::Decision,
    crate::exceptions::Decision::name,
    crate::exceptions::Decision::from_name
);
crate::stored_as_text!(
    crate::door::DoorEventKind,
    crate::door::DoorEventKind::name,
    crate::door::DoorEventKind::from_name
);
