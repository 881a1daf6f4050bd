"""/actions pages: the review with its bulk update (listing), each action (record), new and edit
(editing). Each module registers its routes on bp."""

from crm.actions.routes import editing, listing, record  # noqa: F401
