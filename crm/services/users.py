"""Users: creating them, hashing passwords, signing in and loading the signed-in user."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import Role, Team, User
from crm.models.base import utcnow
from crm.services.audit import record_event
from crm.services.pagination import Page, paginate

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the email is unknown, so both cases cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing-only")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128


class UserError(ValueError):
    """A user could not be created or changed; the message is fit to show."""


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None.

    Length and a list of common passwords only: no composition rules, no forced rotation (NCSC and
    NIST guidance; ASVS 5.0 V6.2).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if is_common_password(password):
        return "Choose a password that is harder to guess: this one is on a list of common passwords"
    return None


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from breach corpora.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    """True for a common password, also with digits or symbols added at the end ("password1234")."""
    lowered = password.lower()
    stem = lowered.rstrip("0123456789!?.@#$%&*_-+= ")
    return lowered in _common_passwords() or (len(stem) >= 4 and stem in _common_passwords())


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def get_user(user_id: int) -> User | None:
    """One user by id (admin pages, the pending two-factor sign-in)."""
    return db.session.get(User, user_id)


def get_user_by_email(email: str) -> User | None:
    """The user with this email (any case), or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, name: str, password: str, role: Role, team: Team | None = None) -> User:
    """Add a user after checking the email is free and the password acceptable. Flushes only."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise UserError("Enter an email address in the correct format, like name@example.org")
    if get_user_by_email(email) is not None:
        raise UserError(f"A user with the email {email} already exists")
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
    user = User(
        email=email, name=name.strip() or email, password_hash=hash_password(password), role=role, team=team
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Change a password and end the user's other sessions."""
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
    user.password_hash = hash_password(password)
    user.session_version += 1


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. Audits success and failure alike."""
    user = get_user_by_email(email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        record_event("sign-in-failed", details={"email": normalise_email(email)[:254]})
        return None
    if not user.active or not _verify(user.password_hash, password):
        record_event("sign-in-failed", entity=user, details={"email": user.email})
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    record_event("sign-in", entity=user, actor_id=user.id)
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session cookie the user holds (sign-out, password change, deactivation)."""
    user.session_version += 1


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds "<id>:<session version>"; a stale version is refused."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def count_users() -> int:
    """How many users exist (used to tell an empty database from one in use)."""
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- Administration: listing, inviting and changing users -------------------------------------

SET_PASSWORD_MAX_AGE_SECONDS = 7 * 24 * 60 * 60


def list_users(*, number: int, per_page: int) -> Page[User]:
    """Every user, active first, by name."""
    stmt = select(User).options(selectinload(User.team)).order_by(User.active.desc(), User.name, User.id)
    return paginate(stmt, number=number, per_page=per_page)


def list_active_users() -> list[User]:
    """Users who can sign in, by name (for owner and officer choices)."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id)))


def invite_user(*, email: str, name: str, role: Role, team: Team | None) -> User:
    """Create a user who cannot sign in until they set a password through their invitation link."""
    return create_user(email=email, name=name, password=secrets.token_urlsafe(32), role=role, team=team)


def update_user(
    user: User, *, name: str, role: Role, team: Team | None, active: bool, reset_two_factor: bool
) -> None:
    """Change a user. Deactivation and a reset of two-factor sign-in end every session they hold."""
    user.name, user.role, user.team = name, role, team
    if reset_two_factor and user.totp_secret:
        user.totp_secret = None
        user.totp_last_step = None
        record_event("two-factor-reset", entity=user)
    if user.active and not active:
        end_sessions(user)
    user.active = active


def set_password_token(user: User) -> str:
    """A link token for setting the password: valid 7 days, and only until the password changes."""
    return _token_serializer().dumps({"user": user.id, "hash": _fingerprint(user.password_hash)})


def user_for_set_password_token(token: str) -> User | None:
    """The user a set-password token is for, or None if it is forged, expired or already used."""
    try:
        data = _token_serializer().loads(token, max_age=SET_PASSWORD_MAX_AGE_SECONDS)
    except BadData:
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("hash") != _fingerprint(user.password_hash):
        return None
    return user


def _token_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="crm.set-password")


def _fingerprint(password_hash: str) -> str:
    # Part of a hash of the hash: the token stops working once the password changes, without revealing it.
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]
