"""Engagements: the contact log.

records: one engagement (within the access scope), the actions it raised, the choices its form offers
    and the organisation look-up behind the form's "Find an organisation".
checks: turning what was submitted into checked details, with every problem addressed to its field.
changes: saving a logged contact with its follow-up actions (and a new person) in one transaction;
    changing one.
listing: the filtered, paginated contact log and its CSV export.
"""
