"""What a page answering a form with errors must hold for a screen reader (WCAG 2.2 AA,
the GOV.UK Frontend error pattern), read with html.parser.

- an error summary (``govuk-error-summary``) whose links each lead to an id on the page;
- every id named in an ``aria-describedby`` is on the page, once;
- every field's error message (``govuk-error-message`` in a form group that holds a
  field) has an id, and the field (its input, select, textarea or fieldset in that
  group) names it in ``aria-describedby``, so the message is read with the field.

A group of errors that belong to no field (the form's own, linked from the summary) has
no field to be read with and is not held to the last rule.

Used by the bad-input tests of the officer and the public forms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
CONTROLS = {"input", "select", "textarea"}


@dataclass
class _Group:
    number: int
    has_field: bool = False


@dataclass
class _ErrorMessage:
    id: str
    group: int | None
    text: str = ""


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        #: (the ids an element names, the form groups it is inside)
        self.described: list[tuple[list[str], set[int]]] = []
        self.messages: list[_ErrorMessage] = []
        self.groups: dict[int, _Group] = {}
        self.summaries = 0
        self.summary_links: list[str] = []
        #: open elements: (tag, form group number or None, opens an error summary, message)
        self.stack: list[tuple[str, int | None, bool, _ErrorMessage | None]] = []

    def _open_groups(self) -> list[int]:
        return [g for _, g, _, _ in self.stack if g is not None]

    def _in_summary(self) -> bool:
        return any(s for _, _, s, _ in self.stack)

    def _message(self) -> _ErrorMessage | None:
        return next((m for _, _, _, m in reversed(self.stack) if m is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if a.get("id"):
            self.ids[a["id"]] += 1
        groups = self._open_groups()
        if tag in CONTROLS and a.get("type", "").lower() not in {"hidden", "submit", "button"}:
            for g in groups:
                self.groups[g].has_field = True
        if a.get("aria-describedby"):
            self.described.append((a["aria-describedby"].split(), set(groups)))
        if tag == "a" and self._in_summary() and a.get("href", "").startswith("#"):
            self.summary_links.append(a["href"][1:])
        if tag in VOID:
            return
        group = None
        if "govuk-form-group" in classes:
            group = len(self.groups)
            self.groups[group] = _Group(group)
        summary = "govuk-error-summary" in classes
        self.summaries += summary
        message = None
        if "govuk-error-message" in classes:
            message = _ErrorMessage(a.get("id", ""), groups[-1] if groups else None)
            self.messages.append(message)
        self.stack.append((tag, group, summary, message))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        message = self._message()
        if message is not None:
            message.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def error_page_faults(html: str) -> list[str]:
    """What keeps a page of form errors from being read right, in words; empty if none."""
    page = _Page()
    page.feed(html)
    page.close()
    faults: list[str] = []
    if not page.summaries:
        faults.append("no error summary")
    for target in page.summary_links:
        if page.ids[target] != 1:
            faults.append(f"the error summary links to #{target}, {_count(page.ids[target])}")
    named: set[str] = set()
    for ids, _ in page.described:
        for target in ids:
            named.add(target)
            if page.ids[target] != 1:
                faults.append(f"aria-describedby names {target}, {_count(page.ids[target])}")
    for message in page.messages:
        text = " ".join(message.text.split())[:60]
        group = page.groups.get(message.group) if message.group is not None else None
        if group is not None and not group.has_field:
            continue  # the form's own errors: no field to be read with
        if not message.id:
            faults.append(f"error message with no id: {text!r}")
            continue
        readers = [
            ids
            for ids, groups in page.described
            if message.group is None or message.group in groups
        ]
        if not any(message.id in ids for ids in readers):
            faults.append(f"error message {message.id} is named by no field: {text!r}")
    return list(dict.fromkeys(faults))


def _count(n: int) -> str:
    return "which is not on the page" if n == 0 else f"an id on the page {n} times"
