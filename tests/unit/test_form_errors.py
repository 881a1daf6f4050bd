"""The GOV.UK error summary links each message to the input that needs fixing."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, StringField
from wtforms.validators import InputRequired

from crm.form_fields import GovDateField, form_errors
from crm.forms import BaseForm


class Row(Form):
    due_on = GovDateField("Due date", validators=[InputRequired("Enter the due date")])


class Outer(BaseForm):
    title = StringField("Title", validators=[InputRequired("Enter the title")])
    when = GovDateField("Date", validators=[InputRequired("Enter the date")])
    rows = FieldList(FormField(Row), min_entries=1)


@pytest.fixture
def request_context():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    with app.test_request_context():
        yield


def test_date_fields_link_to_their_day_input_even_inside_rows(request_context):
    form = Outer(formdata=MultiDict({"title": "  "}))
    assert not form.validate()
    links = {item["text"]: item["href"] for item in form_errors(form)["errorList"]}
    assert links == {
        "Enter the title": "#title",
        "Enter the date": "#when-day",
        "Enter the due date": "#rows-0-due_on-day",
    }


def test_a_partly_typed_date_gets_a_specific_message(request_context):
    form = Outer(formdata=MultiDict([("title", "t"), ("when", "3"), ("when", ""), ("when", "2026")]))
    form.validate()
    assert form.when.errors == ["Date must include a month"]
    assert form.when.parts() == ("3", "", "2026")
