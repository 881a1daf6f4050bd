"""Users: creating them, hashing passwords, signing in and loading the signed-in user."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Role, Team, User
from crm.models.base import utcnow
from crm.services.audit import record_event

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
