"""Form building blocks shared by every feature: GOV.UK widgets, stripped inputs, length limits."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField


def strip_filter(value: Any) -> Any:
    """Inputs are stored without surrounding white space."""
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: CSRF-protected, inputs stripped."""

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            # Strip what was posted before validation, so "   " counts as empty for InputRequired,
            # and drop NUL characters, which PostgreSQL refuses in text.
            formdata = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            if formdata is None:
                return None
            return MultiDict(
                (key, value.replace("\x00", "").strip() if isinstance(value, str) else value)
                for key, value in formdata.items(multi=True)
            )

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            # Lists of rows and sub-forms take no filters: their own fields are stripped instead.
            if unbound_field.field_class not in (FieldList, FormField):
                filters = unbound_field.kwargs.get("filters", [])
                if strip_filter not in filters:
                    unbound_field.kwargs["filters"] = [strip_filter, *filters]
            return unbound_field.bind(form=form, **options)
