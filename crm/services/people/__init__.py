"""People: contacts at partner organisations, and their personal data.

Modules: listing (search, filters, sort, one page), record (a person's page), editing (create,
change, move to another organisation), personal_data (subject access export, erasure, retention).
"""
