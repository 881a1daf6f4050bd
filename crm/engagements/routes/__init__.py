"""/engagements pages: the contact log and its export (listing), each contact (record), and logging or
changing one (editing). Each module registers its routes on bp."""

from crm.engagements.routes import editing, listing, record, suggest  # noqa: F401
