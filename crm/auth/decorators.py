"""Role checks for views. Roles are enforced on the server for every write."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from crm.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Sign-in required, then one of the roles (admins pass every check); else 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


# Changing records: officers, leads and admins; viewers only read.
writer_required = roles_required(Role.OFFICER, Role.LEAD)
lead_required = roles_required(Role.LEAD)
admin_required = roles_required(Role.ADMIN)
