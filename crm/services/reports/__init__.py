"""Reports for leads and ministers' briefings: figures computed in the database, and safe files.

figures: the queries behind each report (and the dashboard's month comparison). cached: the slow
reports' figures kept a few minutes, per access scope (the dashboard's quiet relationships too).
spreadsheets: CSV/XLSX files with formula-safe cells and the classification marking.
"""

from crm.services.reports.figures import QUIET_AFTER_DAYS, engagements_this_month_vs_last

__all__ = ["QUIET_AFTER_DAYS", "engagements_this_month_vs_last"]
