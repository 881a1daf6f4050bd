"""Learning the log-a-contact form from the page, and filling it in as an officer would without JavaScript.

Nothing here knows the product's field names: the form is read from /engagements/new, a second
follow-up action row is added the way a browser without JavaScript does (its "add another action"
button posts the form back), and empty fields get values by what their names say (a title, a date,
a summary). If the product rejects the result, the harness reports the error summary instead of a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

ACTION_SLOT = re.compile(r"^(?P<prefix>[A-Za-z_]*action[A-Za-z_]*)-(?P<index>\d+)-(?P<field>.+)$")
DATE_PART = re.compile(r"(?:^|[-_\[])(day|month|year)\]?$")
ADD_ACTION_BUTTON = re.compile(r"add.*action|another action", re.IGNORECASE)
SAVE_BUTTON = re.compile(r"save|submit|log|create|continue", re.IGNORECASE)
OTHER_BUTTON = re.compile(r"add|remove|another|find|search|cancel|delete", re.IGNORECASE)
VALUE_TYPES = {
    "text",
    "email",
    "search",
    "tel",
    "url",
    "number",
    "date",
    "time",
    "datetime-local",
    "hidden",
    "",
}


@dataclass
class Button:
    name: str
    value: str
    label: str


@dataclass
class FormState:
    """A form as a browser would submit it now: the successful controls, and its submit buttons."""

    action: str
    values: list[list[str]] = field(default_factory=list)  # [name, value] in document order
    buttons: list[Button] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)

    def pairs(self, button: Button | None = None) -> list[tuple[str, str]]:
        pairs = [(name, value) for name, value in self.values]
        if button is not None and button.name:
            pairs.append((button.name, button.value))
        return pairs

    @property
    def action_slots(self) -> list[int]:
        found = {int(match["index"]) for name, _ in self.values if (match := ACTION_SLOT.match(name))}
        return sorted(found)

    def button(self, pattern: re.Pattern[str]) -> Button | None:
        return next((b for b in self.buttons if pattern.search(f"{b.name} {b.label}")), None)

    @property
    def save_button(self) -> Button | None:
        chosen = self.button(SAVE_BUTTON)
        if chosen is None:
            others = [b for b in self.buttons if not OTHER_BUTTON.search(f"{b.name} {b.label}")]
            chosen = others[-1] if others else None
        return chosen


def read_form(html: str, page_path: str) -> FormState | None:
    """The largest POST form on the page that posts back to it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    forms = [
        form
        for form in soup.find_all("form")
        if (form.get("method") or "get").lower() == "post"
        and urlsplit(form.get("action") or "").path in ("", urlsplit(page_path).path)
    ]
    if not forms:
        return None
    form = max(forms, key=lambda candidate: len(candidate.find_all(["input", "select", "textarea"])))
    state = FormState(action=form.get("action") or page_path)
    for control in form.find_all(["input", "select", "textarea", "button"]):
        _read_control(state, control)
    return state


def _read_control(state: FormState, control: Any) -> None:
    name = control.get("name") or ""
    kind = (control.get("type") or "").lower()
    if control.name == "button" or kind == "submit":
        if kind in ("", "submit"):
            label = control.get_text(" ", strip=True) or control.get("value") or ""
            state.buttons.append(Button(name, control.get("value") or "", label))
        return
    if not name or control.has_attr("disabled"):
        return
    if control.name == "textarea":
        state.values.append([name, control.get_text()])
    elif control.name == "select":
        options = control.find_all("option")
        chosen = [o.get("value", o.get_text()) for o in options if o.has_attr("selected")]
        if chosen:
            state.values.extend([name, value] for value in chosen)
        elif options and not control.has_attr("multiple"):
            state.values.append([name, options[0].get("value", options[0].get_text())])
    elif kind in ("radio", "checkbox"):
        group = state.radios if kind == "radio" else state.checkboxes
        group.setdefault(name, []).append(control.get("value", "on"))
        if control.has_attr("checked"):
            state.values.append([name, control.get("value", "on")])
    elif kind in VALUE_TYPES or kind == "password":
        state.values.append([name, control.get("value", "")])


@dataclass
class ContactForm:
    """How to post the log-a-contact form: its fields, with {n} where each request's unique tag goes."""

    action: str
    fields: list[tuple[str, str]]
    notes: list[str]

    def body(self, tag: str) -> list[tuple[str, str]]:
        return [(name, value.replace("{n}", tag)) for name, value in self.fields]


def fill_contact_form(
    state: FormState, *, organisation_ids: list[int], today: date
) -> tuple[ContactForm | None, str]:
    """Fill the empty fields of the contact and of its first two action rows; leave the rest as they are."""
    slots = state.action_slots[:2]
    if len(slots) < 2:
        return None, f"the form offers {len(state.action_slots)} follow-up action row(s) (needs 2)"
    notes: list[str] = []
    values = [list(pair) for pair in state.values]

    def slot_of(name: str) -> int | None:
        match = ACTION_SLOT.match(name)
        return int(match["index"]) if match else None

    for pair in values:
        name, value = pair
        slot = slot_of(name)
        if value or (slot is not None and slot not in slots):
            continue
        lowered = name.lower()
        if date_part := DATE_PART.search(lowered):
            when = today + timedelta(days=14) if "due" in lowered else today
            pair[1] = str({"day": when.day, "month": when.month, "year": when.year}[date_part.group(1)])
        elif "title" in lowered:
            number = slots.index(slot) + 1 if slot is not None else 0
            pair[1] = (
                f"Bench action {number} of Bench contact {{n}}" if slot is not None else "Bench contact {n}"
            )
        elif slot is None and re.search(r"summary|minutes|notes", lowered):
            pair[1] = "Benchmark run: a meeting with two follow-up actions."
    for name, options in state.radios.items():
        if not any(pair[0] == name for pair in values) and (slot_of(name) in (None, *slots)):
            values.append([name, options[0]])
            notes.append(f"chose {name}={options[0]}")
    chosen_organisations = [
        pair[1]
        for pair in values
        if "organisation" in pair[0].lower() and slot_of(pair[0]) is None and pair[1]
    ]
    if not chosen_organisations:
        for name, options in state.checkboxes.items():
            if "organisation" in name.lower() and slot_of(name) is None:
                picks = [o for o in options if o in {str(i) for i in organisation_ids}] or options[:1]
                values.extend([name, pick] for pick in picks)
                notes.append(f"ticked {name}={','.join(picks)}")
                break
    save = state.save_button
    if save is None:
        return None, "no save button on the form"
    if save.name:
        values.append([save.name, save.value])
    notes.append(f"{len(state.action_slots)} action rows, 2 filled; save button {save.label!r}")
    return ContactForm(state.action, [(name, value) for name, value in values], notes), ""


def form_errors(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".govuk-error-summary__list li")]
