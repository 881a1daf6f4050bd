"""Forms for the account page."""

from __future__ import annotations

from crm.forms import BaseForm


class CalendarTokenForm(BaseForm):
    """Create, replace or turn off the calendar feed link: only the CSRF token is posted."""
