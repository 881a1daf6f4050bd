"""The contact log: log a contact (meeting, call, email...), read and edit it."""

from flask import Blueprint

bp = Blueprint("engagements", __name__, url_prefix="/engagements")

from crm.engagements import routes  # noqa: E402,F401  (routes register themselves on bp)
