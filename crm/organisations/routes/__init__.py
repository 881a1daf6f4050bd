"""/organisations pages: the list and search (listing), each organisation's page (record), add,
change, archive and restore (editing), and the admin merge (merging). Each module registers its
routes on bp."""

from crm.organisations.routes import editing, listing, merging, record  # noqa: F401
