"""On SQLite a request that may write takes the write lock when its transaction begins, so two
workers saving at once queue for the lock instead of failing with "database is locked"."""

from __future__ import annotations

from crm.services.database import _request_writes


def test_writing_requests_begin_immediate_and_reads_do_not(app):
    with app.test_request_context("/", method="POST"):
        assert _request_writes() is True
    with app.test_request_context("/", method="GET"):
        assert _request_writes() is False
    assert _request_writes() is False  # the CLI and work outside a request
