"""What the front sheet found, handed to the section parsers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from minutebook.importer.pack import AgendaItem
from minutebook.importer.parse.text import Line

if TYPE_CHECKING:
    from minutebook.importer.parse.ahead import Ahead
    from minutebook.importer.parse.reports import Cover


@dataclass(slots=True)
class Context:
    """Front-sheet facts the section parsers may rely on.

    ``frontsheet_end`` is the index of the first line after the front sheet (0 when the pack
    starts directly with a report), so section parsers need not re-read the agenda listing.
    """

    council: str | None = None
    committee: str | None = None
    meeting_date: date | None = None
    agenda: list[AgendaItem] = field(default_factory=list)
    frontsheet_end: int = 0
    warnings: list[str] = field(default_factory=list)
    # The report covers, found once per parse and shared by the reports and documents
    # parsers; ``covers_of`` is the line list they were found in (a different list, e.g. a
    # test's slice, gets its own search).
    covers: list[Cover] | None = None
    covers_of: list[Line] | None = None
    # Document boundaries ((line, stamp) for "Agenda Item N" stamps, (line, None) for blank
    # pages), likewise found once for the line list ``marks_of``.
    marks: list[tuple[int, str | None]] | None = None
    marks_of: list[Line] | None = None
    # Passes over the whole line list that need nothing else, possibly run ahead in another
    # process while the front sheet was read (``parse.ahead``); None: each parser runs its own.
    ahead: Ahead | None = None

    @property
    def year(self) -> int | None:
        """The meeting's year, for dates printed without one."""
        return self.meeting_date.year if self.meeting_date else None

    def item(self, number: str) -> AgendaItem | None:
        """The agenda item with this number ("6a"), if the front sheet lists it."""
        key = number.strip().lower()
        for it in self.agenda:
            if it.number.lower() == key:
                return it
        return None
