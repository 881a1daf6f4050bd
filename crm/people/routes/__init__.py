"""/people pages: the list (listing), each person (record), add and change (editing), and the
personal data pages: subject access export, erasure and the retention review (personal_data).
Each module registers its routes on bp."""

from crm.people.routes import editing, listing, personal_data, record  # noqa: F401
