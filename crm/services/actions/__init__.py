"""Actions: the outstanding-actions review, each action's page and every change to actions.

filters: what the review is filtered by, and the SQL each choice means.
listing: one page of actions and the counts beside every filter value.
records: one action, its status history, the choices the forms offer.
changes: every write (create, edit, status, completion, comments, bulk update).
reminders: the daily reminder digest.
"""
