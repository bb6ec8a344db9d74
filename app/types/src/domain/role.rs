use super::InputError;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// What a signed-in person may do. Admins manage staff accounts and keys, HR manages
/// hires, a manager (責任者) decides device and media exceptions for the sites an admin
/// gave them, hires see only their own training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Hr,
    Manager,
    Hire,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Manager => "manager",
            Role::Hire => "hire",
        }
    }

    /// The page a person of this role lands on after signing in.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Admin => "/admin",
            Role::Hr => "/hr",
            Role::Manager => "/manager",
            Role::Hire => "/home",
        }
    }

    /// Staff: everyone but hires (who may set up a second factor, and may be required to).
    pub fn is_staff(self) -> bool {
        self != Role::Hire
    }

    /// HR pages are open to HR and to admins (who may need to stand in).
    pub fn can_manage_hires(self) -> bool {
        matches!(self, Role::Hr | Role::Admin)
    }

    /// Who may give a person of role `target` a password-reset link: whoever manages hires
    /// for a hire, only an administrator for staff (HR cannot take over an admin's account).
    pub fn can_reset_password_of(self, target: Role) -> bool {
        match target {
            Role::Hire => self.can_manage_hires(),
            Role::Admin | Role::Hr | Role::Manager => self == Role::Admin,
        }
    }
}

impl FromStr for Role {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "hr" => Ok(Role::Hr),
            "manager" => Ok(Role::Manager),
            "hire" => Ok(Role::Hire),
            _ => Err(InputError::RoleInvalid),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        for role in [Role::Admin, Role::Hr, Role::Manager, Role::Hire] {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("root".parse::<Role>(), Err(InputError::RoleInvalid));
    }

    #[test]
    fn hr_resets_hires_and_only_an_admin_resets_staff() {
        let all = [Role::Admin, Role::Hr, Role::Manager, Role::Hire];
        let allowed = |by: Role| all.into_iter().filter(|t| by.can_reset_password_of(*t)).collect::<Vec<_>>();
        assert_eq!(allowed(Role::Admin), all);
        assert_eq!(allowed(Role::Hr), [Role::Hire]);
        assert_eq!(allowed(Role::Manager), []);
        assert_eq!(allowed(Role::Hire), []);
    }
}
