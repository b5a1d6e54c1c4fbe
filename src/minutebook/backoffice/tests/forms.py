"""The POST forms of a page, read with html.parser, and the submissions a browser would
send from them: the page's own values, then the same with bad input.

Used by the bad-input test to reach every officer and members' form without being told
of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {"text", "email", "search", "tel", "url", "password", ""}
TYPED = {"number", "date", "time", "datetime-local", "month", "week"}
#: A GOV.UK date input's parts (name-day, name-month, name-year).
DATE_PART = re.compile(r"^(?P<stem>.+?)[-_](?P<part>day|month|year)$")
START = re.compile(r"(^|[_-])(start|from|begins?|opens?)([_-]|$)")
END = re.compile(r"(^|[_-])(end|to|until|ends|finish|closes?)([_-]|$)")

Data = dict[str, list[str]]


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea", "select" or "button"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    required: bool = False
    #: A multiple select's chosen values (a browser sends each, or nothing).
    chosen: list[str] = field(default_factory=list)
    multiple: bool = False

    @property
    def editable(self) -> bool:
        return self.kind not in {"hidden", "submit", "button", "image", "reset"}


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)
    multipart: bool = False

    @property
    def editable(self) -> list[Field]:
        return [f for f in self.fields if f.editable]

    def signature(self) -> tuple[str, tuple[str, ...]]:
        return self.action, tuple(sorted({f.name for f in self.fields}))


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: Field | None = None
        self.select: Field | None = None
        self.option: tuple[str | None, bool] | None = None
        self.option_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(
                    action=a.get("action") or self.page_url,
                    multipart="multipart" in a.get("enctype", ""),
                )
                self.forms.append(self.form)
            return
        if self.form is None or ("name" not in a and tag != "option"):
            return
        required = "required" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            self.form.fields.append(
                Field(a["name"], kind, a.get("value", ""), "checked" in a, required=required)
            )
        elif tag == "button":
            kind = a.get("type", "submit").lower()
            self.form.fields.append(Field(a["name"], "submit" if kind == "submit" else kind))
            self.form.fields[-1].value = a.get("value", "")
        elif tag == "textarea":
            self.textarea = Field(a["name"], "textarea", required=required)
            self.form.fields.append(self.textarea)
        elif tag == "select":
            self.select = Field(a["name"], "select", required=required)
            self.select.multiple = "multiple" in a
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = (a.get("value"), "selected" in a)
            self.option_text = ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            # The browser drops the one newline after <textarea>.
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None
        elif tag in ("option", "select") and self.option is not None and self.select:
            value, selected = self.option
            value = value if value is not None else self.option_text.strip()
            self.select.options.append(value)
            if selected:
                self.select.chosen.append(value)
            if selected and not self.select.checked:
                self.select.value, self.select.checked = value, True
            self.option = None
        if tag == "select" and self.select is not None:
            if not self.select.checked and self.select.options:
                self.select.value = self.select.options[0]
            self.select = None


def post_forms(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


# -- submissions ------------------------------------------------------------------------

FUTURE = dt.date.today() + dt.timedelta(days=60)


def plausible(f: Field, when: dt.date = FUTURE) -> str:
    """A value a careful officer might type in an empty field."""
    part = DATE_PART.match(f.name)
    if part:
        return str(getattr(when, part.group("part")))
    return {
        "email": "clerk@example.gov.uk",
        "url": "https://example.gov.uk/",
        "number": "1",
        "date": when.isoformat(),
        "time": "10:00",
        "datetime-local": f"{when.isoformat()}T10:00",
        "textarea": "A sentence of plain text.",
    }.get(f.kind, "Plain text")


def baseline(form: Form) -> Data:
    """What the page would send as it stands, with its empty fields filled plausibly (the
    first submit button pressed)."""
    data: Data = {}
    pressed = False
    for f in form.fields:
        if f.kind in {"submit", "image"}:
            if not pressed and f.name:
                data.setdefault(f.name, []).append(f.value)
            pressed = True
        elif f.kind in {"checkbox", "radio"}:
            if f.checked:
                data.setdefault(f.name, []).append(f.value or "on")
        elif f.kind == "file" or f.kind in {"button", "reset"}:
            continue
        elif f.kind == "select" and f.multiple:
            data[f.name] = list(f.chosen)
        elif f.kind == "select":
            value = f.value or next((o for o in f.options if o), "")
            data.setdefault(f.name, []).append(value)
        elif f.kind == "hidden":
            data.setdefault(f.name, []).append(f.value)
        else:
            data.setdefault(f.name, []).append(f.value or plausible(f))
    # A radio group with nothing chosen: the first choice.
    for f in form.fields:
        if f.kind == "radio" and f.name not in data:
            data[f.name] = [f.value]
    return data


def emptied(form: Form) -> Data:
    data = baseline(form)
    for f in form.editable:
        data.pop(f.name, None)
        if f.kind not in {"checkbox", "radio", "file"} and not f.multiple:
            data[f.name] = [""]
    return data


def text_fields(form: Form) -> list[Field]:
    return [f for f in form.fields if f.kind in TEXT_TYPES | {"textarea"} and f.editable]


def typed_fields(form: Form) -> list[Field]:
    """Number, date and time fields, and the parts of GOV.UK date inputs."""
    return [
        f
        for f in form.fields
        if f.editable and (f.kind in TYPED or (f.kind in TEXT_TYPES and DATE_PART.match(f.name)))
    ]


def date_stems(form: Form) -> dict[str, list[Field]]:
    """Each date (or date and time) of the form, by the stem of its name."""
    stems: dict[str, list[Field]] = {}
    for f in typed_fields(form):
        part = DATE_PART.match(f.name)
        if part:
            stems.setdefault(part.group("stem"), []).append(f)
        elif f.kind in {"date", "datetime-local"}:
            stems.setdefault(f.name, []).append(f)
    return stems


def start_end_pairs(form: Form) -> list[tuple[str, str]]:
    """(start stem, end stem) of dates named as a range: start and end, from and to."""
    stems = list(date_stems(form))
    starts = [s for s in stems if START.search(s)]
    ends = [s for s in stems if END.search(s)]
    pairs = []
    for s in starts:
        for e in ends:
            if START.sub("", s) == END.sub("", e):
                pairs.append((s, e))
    if not pairs and len(starts) == 1 and len(ends) == 1:
        pairs.append((starts[0], ends[0]))
    return pairs


def set_date(data: Data, form: Form, stem: str, when: dt.date) -> None:
    for f in date_stems(form)[stem]:
        if f.kind == "datetime-local":
            data[f.name] = [f"{when.isoformat()}T10:00"]
        elif f.kind == "date":
            data[f.name] = [when.isoformat()]
        else:
            data[f.name] = [plausible(f, when)]


def choice_fields(form: Form) -> list[Field]:
    """Selects, and checkboxes and radios, whose values are record ids."""
    found: list[Field] = []
    seen: set[str] = set()
    for f in form.fields:
        if f.name in seen:
            continue
        ids = [o for o in f.options if o.isdigit()] if f.kind == "select" else []
        if f.kind in {"checkbox", "radio"} and f.value.isdigit():
            ids = [f.value]
        if ids:
            seen.add(f.name)
            found.append(f)
    return found


def ids_of(form: Form, name: str) -> set[str]:
    """Every id the page offers for a field (all its options, all its boxes)."""
    offered: set[str] = set()
    for f in form.fields:
        if f.name == name:
            offered |= set(f.options) if f.kind == "select" else {f.value}
    return offered


def lost(html: str, page_url: str, typed: dict[str, str]) -> list[str]:
    """The fields (by name) whose typed value is not their value in the page's forms as
    answered: a browser shows the form again with what was typed, not blanked."""
    values: dict[str, set[str]] = {}
    secret: set[str] = set()  # a password is never shown again, by design
    for form in post_forms(html, page_url):
        for f in form.fields:
            values.setdefault(f.name, set()).add(f.value)
            if f.kind == "password":
                secret.add(f.name)
    return [
        name
        for name, value in typed.items()
        if name not in secret and value not in values.get(name, set())
    ]
