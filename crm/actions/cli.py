"""flask actions ...: operations on actions (the reminder digest)."""

from flask.cli import AppGroup

actions_cli = AppGroup("actions", help="Outstanding actions: reminder digests.")
