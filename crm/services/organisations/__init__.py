"""Organisations: the list and its search, the organisation page, editing, duplicates and merging.

Modules: listing (filters, sort, counts, one page), search (the database full-text and typo
search), record (the organisation page), editing (create, change, archive), duplicates (likely
duplicates on create), merging (admin merge of a duplicate into the record that stays).
"""
