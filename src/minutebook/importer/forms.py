"""Back-office forms for import review: the upload, and the corrections of what was read."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from minutebook.importer.parse.text import is_exempt_paragraph, parse_time
from minutebook.meetings.forms import GovukFormMixin


class _Styled(GovukFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    documents = MultipleFileField(
        label="Documents of one meeting",
        help_text="PDF or text files (front sheet, reports, minutes), or a zip of them.",
        error_messages={"required": "Choose at least one file."},
    )


_PAGES = re.compile(r"^\s*(\d{1,5})\s*(?:[-\u2013]\s*(\d{1,5}))?\s*$")


class AgendaItemForm(_Styled):
    number = forms.CharField(max_length=20, label="Number")
    title = forms.CharField(max_length=1000, label="Title")
    pages = forms.CharField(max_length=20, required=False, label="Pages", help_text="e.g. 3-6")
    exempt_paragraphs = forms.CharField(
        max_length=40,
        required=False,
        label="Exempt paragraphs",
        help_text="Schedule 12A paragraphs, e.g. 3, 4",
    )

    def clean_pages(self) -> str:
        value: str = self.cleaned_data["pages"]
        if value and not _PAGES.match(value):
            raise forms.ValidationError("Enter the pages as a number or a range, like 3-6.")
        return value

    def clean_exempt_paragraphs(self) -> list[int]:
        value: str = self.cleaned_data["exempt_paragraphs"]
        out = []
        for part in re.split(r"[,\s]+", value.strip()):
            if not part:
                continue
            if not part.isdigit() or not is_exempt_paragraph(int(part)):
                raise forms.ValidationError(
                    f"“{part}” is not a paragraph of Schedule 12A (1-7, or 12-18 in Wales)."
                )
            out.append(int(part))
        return sorted(set(out))


class ReportForm(_Styled):
    title = forms.CharField(max_length=1000, label="Title")
    agenda_item = forms.CharField(max_length=20, required=False, label="Agenda item")
    author = forms.CharField(max_length=200, required=False, label="Author")


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=0, can_delete=True)
ReportFormSet = forms.formset_factory(ReportForm, extra=0, can_delete=True)


class MeetingForm(_Styled):
    committee = forms.CharField(max_length=300, label="Committee")
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as a date, like 2025-01-09."},
    )
    time = forms.CharField(max_length=10, required=False, label="Time", help_text="e.g. 10:00")
    venue = forms.CharField(max_length=500, required=False, label="Venue")
    members = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Members",
        help_text="One a line: name, then the role after a bar, e.g. “Ann Lee | Chair”.",
    )

    def clean_time(self) -> str | None:
        value: str = self.cleaned_data["time"].strip()
        if not value:
            return None
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError("Enter the time like 10:00 or 2.30 pm.")
        return parsed

    def clean_members(self) -> list[dict[str, str]]:
        out = []
        for line in self.cleaned_data["members"].splitlines():
            name, _, role = line.partition("|")
            if name.strip():
                out.append({"name": name.strip(), "role": role.strip() or "Member"})
        return out


def meeting_initial(pack: dict[str, Any]) -> dict[str, Any]:
    m = pack.get("meeting", {})
    members = "\n".join(f"{x.get('name')} | {x.get('role')}" for x in m.get("members", []))
    return {
        "committee": m.get("committee"),
        "date": m.get("date"),
        "time": m.get("time"),
        "venue": m.get("venue"),
        "members": members,
    }


def agenda_initial(pack: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for a in pack.get("meeting", {}).get("agenda", []):
        pages = a.get("pages")
        out.append(
            {
                "number": a.get("number"),
                "title": a.get("title"),
                "pages": f"{pages[0]}-{pages[1]}" if pages else "",
                "exempt_paragraphs": ", ".join(str(p) for p in a.get("exempt_paragraphs") or []),
            }
        )
    return out


def reports_initial(pack: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for r in pack.get("reports", []):
        authors = r.get("authors") or []
        out.append(
            {
                "title": r.get("title"),
                "agenda_item": r.get("agenda_item"),
                "author": authors[0].get("name") if authors else "",
            }
        )
    return out
