"""Reports for leads and ministers' briefings: figures computed in the database, and safe files.

figures: the queries behind each report (and the dashboard's quiet relationships and month
comparison). spreadsheets: CSV/XLSX files with formula-safe cells and the classification marking.
"""

from crm.services.reports.figures import (
    QUIET_AFTER_DAYS,
    engagements_this_month_vs_last,
    quiet_relationships,
)

__all__ = ["QUIET_AFTER_DAYS", "engagements_this_month_vs_last", "quiet_relationships"]
