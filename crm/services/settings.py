"""Settings an admin changes without code (stored in the settings table)."""

from __future__ import annotations

from crm.extensions import db
from crm.models import Setting

REQUIRE_TWO_FACTOR = "security.require-two-factor"
COMPLETION_NOTE_REQUIRED = "actions.completion-note-required"

# What the admin settings page offers: key -> (label, hint).
FLAGS = {
    REQUIRE_TWO_FACTOR: (
        "Everyone must use two-factor sign-in",
        "Users without it are asked to set it up before they can do anything else.",
    ),
    COMPLETION_NOTE_REQUIRED: (
        "A note is required to complete an action",
        "Officers must say what was done when they mark an action done.",
    ),
}


def flag(key: str) -> bool:
    """Whether an on/off setting is on (off when never set)."""
    setting = db.session.get(Setting, key)
    return setting is not None and setting.value == "1"


def set_flag(key: str, on: bool) -> None:
    """Turn an on/off setting on or off (audited like any record). Flushes."""
    setting = db.session.get(Setting, key)
    if setting is None:
        db.session.add(Setting(key=key, value="1" if on else "0"))
    else:
        setting.value = "1" if on else "0"
    db.session.flush()
