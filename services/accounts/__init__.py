"""Accounts, invitations, API keys and audit reasons: the service side of the privileged SQL functions.

Every function takes the caller's ``AsyncSession`` and runs inside its
transaction; the database (migration 0003) decides who may do what, and
these functions add clearer messages and keep passwords client-side
(SCRAM verifiers only). No Qt here; the settings pane and the sign-in
dialog call these through their slots.
"""

from services.accounts.api_keys import IssuedApiKey, VerifiedApiKey, issue_api_key, revoke_api_key, verify_api_key
from services.accounts.audit import set_audit_reason
from services.accounts.credentials import (
    GATEKEEPER_ROLE,
    login_name_for,
    login_role_of,
    password_verifier,
    plain_address,
    set_gatekeeper_password,
    set_own_password,
)
from services.accounts.errors import (
    AccountConflictError,
    AccountError,
    AccountPermissionError,
    InvalidAccountRequest,
)
from services.accounts.invitations import (
    DEFAULT_VALIDITY,
    IssuedInvitation,
    accept_invitation,
    create_invitation,
    create_requested_invitation,
    revoke_invitation,
)
from services.accounts.people import (
    change_user_role,
    create_user,
    disable_user,
    enable_user,
    find_user_id,
    grant_login,
    product_role,
    reset_login,
)
from services.sign_in_outcome import InvitationReason, InvitationRefused

__all__ = [
    "DEFAULT_VALIDITY",
    "GATEKEEPER_ROLE",
    "AccountConflictError",
    "AccountError",
    "AccountPermissionError",
    "InvalidAccountRequest",
    "InvitationReason",
    "InvitationRefused",
    "IssuedApiKey",
    "IssuedInvitation",
    "VerifiedApiKey",
    "accept_invitation",
    "change_user_role",
    "create_invitation",
    "create_requested_invitation",
    "create_user",
    "disable_user",
    "enable_user",
    "find_user_id",
    "grant_login",
    "issue_api_key",
    "login_name_for",
    "login_role_of",
    "password_verifier",
    "plain_address",
    "product_role",
    "reset_login",
    "revoke_api_key",
    "revoke_invitation",
    "set_audit_reason",
    "set_gatekeeper_password",
    "set_own_password",
    "verify_api_key",
]
