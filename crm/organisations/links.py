"""Links to pages other features own (people, engagements, actions), by their documented URLs.

Those blueprints are built separately and their endpoint names are theirs to choose, so these pages
link to the URL paths the issues fix (/people/<id>, /engagements/new?organisation=<id>, ...).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request


def elsewhere(path: str, **query: Any) -> str:
    """The path under this application's root, with query arguments (None values left out)."""
    args = {name: value for name, value in query.items() if value is not None}
    return request.script_root + path + (f"?{urlencode(args)}" if args else "")
