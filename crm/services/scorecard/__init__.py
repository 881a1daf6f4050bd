"""The scorecard: where each technology company stands on each ask of a framework.

matrix: the companies-by-asks grid, its filters and summary. commitments: one cell (history,
evidence, updates) and the review landing for an engagement. coverage: which sectors recorded work
on which asks. export: the grid as CSV or XLSX.
"""

from crm.services.scorecard.matrix import REVIEW_DUE_AFTER_DAYS, scorecard_summary

__all__ = ["REVIEW_DUE_AFTER_DAYS", "scorecard_summary"]
