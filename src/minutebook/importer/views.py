"""Officer pages for import review, under /officer/imports/ (``backoffice:imports:``).

Routes after the index name the council, so ``officer_required`` checks the role there
(democratic services and administrators: ``import.view``/``import.change``); a review is
always looked up within that council. The extracted pack may hold exempt text, so these
pages and the rendered source pages are officer-only and never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minutebook.accounts.permissions import ACTION_ROLES
from minutebook.accounts.scope import scope_to_councils
from minutebook.backoffice.access import officer_required
from minutebook.core.http import form_data
from minutebook.councils.models import Council
from minutebook.importer import review as service
from minutebook.importer.forms import (
    AgendaFormSet,
    MeetingForm,
    ReportFormSet,
    UploadForm,
    agenda_initial,
    meeting_initial,
    reports_initial,
)
from minutebook.importer.models import ImportReview, ReviewFile, ReviewStatus
from minutebook.importer.parse.plausibility import is_implausibility


def _crumbs(council: Council | None = None) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Imports", reverse("backoffice:imports:index")),
    ]
    if council is not None:
        crumbs.append((council.name, reverse("backoffice:imports:council", args=[council.slug])))
    return crumbs


@never_cache
@officer_required
def index(request: HttpRequest) -> HttpResponse:
    """The councils whose imports this officer may review (straight to the only one)."""
    councils = scope_to_councils(
        Council.objects.order_by("name"), request.user, "pk", roles=ACTION_ROLES["import.view"]
    )
    if len(councils) == 1:
        return redirect("backoffice:imports:council", council=councils[0].slug)
    return render(
        request,
        "importer/index.html",
        {"councils": councils, "breadcrumbs": _crumbs()[:1]},
    )


@never_cache
@officer_required
def council_imports(request: HttpRequest, council: str) -> HttpResponse:
    """Upload files for review, and the reviews of this council."""
    obj = get_object_or_404(Council, slug=council)
    form = UploadForm(form_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = service.create_review(obj, request.user, form.cleaned_data["documents"])
        except service.ReviewError as error:
            form.add_error("documents", str(error))
        else:
            messages.success(request, "The files were uploaded and are being read.")
            return redirect("backoffice:imports:review", council=obj.slug, pk=created.pk)
    reviews = ImportReview.objects.filter(council=obj).prefetch_related("files")[:50]
    return render(
        request,
        "importer/council.html",
        {"council": obj, "form": form, "reviews": reviews, "breadcrumbs": _crumbs()},
    )


def _review(council: str, pk: int) -> ImportReview:
    return get_object_or_404(
        ImportReview.objects.select_related("council", "record"), pk=pk, council__slug=council
    )


def _source(review: ImportReview, files: list[ReviewFile]) -> ReviewFile | None:
    """The file the pack's positions are in: the only one, or (a meeting merged from
    several) the one its meeting was read from."""
    at = (review.pack or {}).get("provenance_file", 0 if len(files) == 1 else None)
    return files[at] if isinstance(at, int) and 0 <= at < len(files) else None


def _where(review: ImportReview, row: ReviewFile | None) -> dict[str, dict[str, Any]]:
    """Field path -> where it was read, with the source line's text for a text file."""
    prov: dict[str, dict[str, Any]] = review.pack.get("provenance") or {}
    if row is None:
        return {}
    lines: list[str] = []
    if row.media_type != "application/pdf":
        try:
            lines = service.source_lines(row)
        except Exception:  # a file that no longer reads: show the positions only
            lines = []
    out = {}
    for path, where in prov.items():
        line = where.get("line")
        text = lines[line] if isinstance(line, int) and 0 <= line < len(lines) else ""
        out[path] = {**where, "text": text}
    return out


def _value(pack: dict[str, Any], path: str) -> str | None:
    """The pack's value at a provenance path ("meeting.agenda.3.title"), if it is text."""
    obj: Any = pack
    for part in path.split("."):
        if isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            return None
    return obj if isinstance(obj, str) else None


#: The review page's field groups, each shown beside one source page: field path prefixes.
GROUPS = {
    "meeting": ("meeting.committee", "meeting.date", "meeting.venue", "meeting.time"),
    "agenda": ("meeting.agenda.",),
    "reports": ("reports.",),
}


def _group_pages(
    pdf: ReviewFile | None, pack: dict[str, Any], where: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """For each group, the PDF page that prints its first located field, and that field (the
    page image marks it). The page is found in the PDF itself: a printed page number (the
    provenance's) need not be the page's position."""
    if pdf is None:
        return {}
    wanted: dict[str, tuple[str, int | None]] = {}
    paths: dict[str, str] = {}
    for group, prefixes in GROUPS.items():
        for path, w in where.items():
            value = _value(pack, path)
            # (A date is printed in words: its ISO value is not on the page.)
            if path.startswith(prefixes) and value and not path.endswith(".date"):
                wanted[group], paths[group] = (value, w.get("page")), path
                break
    try:
        pages = service.pdf_pages_of(pdf, wanted)
    except Exception:  # a PDF pdfium cannot open: the page images would fail too
        return {}
    return {g: {"page": pages[g], "field": paths[g]} for g in pages}


@never_cache
@officer_required
def review_import(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    """What was read, beside where it was read; corrections; accept."""
    review = _review(council, pk)
    files = list(ReviewFile.objects.filter(review=review).all())
    pack = review.pack or {}
    ready = review.status == ReviewStatus.READY
    data = form_data(request) if ready else None
    meeting_form = MeetingForm(data, initial=meeting_initial(pack), prefix="meeting")
    agenda = AgendaFormSet(data, initial=agenda_initial(pack), prefix="agenda")
    reports = ReportFormSet(data, initial=reports_initial(pack), prefix="reports")
    if request.method == "POST":
        if not ready:
            messages.error(request, "This import cannot be accepted now.")
            return redirect("backoffice:imports:review", council=council, pk=pk)
        if meeting_form.is_valid() and agenda.is_valid() and reports.is_valid():
            cleaned = {
                **meeting_form.cleaned_data,
                "agenda": [f.cleaned_data for f in agenda.forms if _kept(f)],
                "reports": [f.cleaned_data for f in reports.forms if _kept(f)],
            }
            try:
                record = service.accept(review, cleaned, request.user)
            except service.ReviewError as error:
                meeting_form.add_error(None, str(error))
            else:
                count = len(record.corrections)
                messages.success(
                    request,
                    f"Imported. {count} correction{'s' if count != 1 else ''} kept with the "
                    "import record.",
                )
                return redirect("backoffice:imports:review", council=council, pk=pk)
    source = _source(review, files)
    where = _where(review, source)
    pdf = source if source is not None and source.media_type == "application/pdf" else None
    warnings = [str(w) for w in pack.get("warnings") or []]
    groups = _group_pages(pdf, pack, where)
    return render(
        request,
        "importer/review.html",
        {
            "council": review.council,
            "review": review,
            "files": files,
            "pdf": pdf,
            "where": where,
            "groups": groups,
            "implausible": [w for w in warnings if is_implausibility(w)],
            "other_warnings": [w for w in warnings if not is_implausibility(w)],
            "meeting_form": meeting_form,
            "agenda": agenda,
            "agenda_rows": [
                (f, where.get(f"meeting.agenda.{k}.title")) for k, f in enumerate(agenda.forms)
            ],
            "reports": reports,
            "report_rows": [
                (f, where.get(f"reports.{k}.title")) for k, f in enumerate(reports.forms)
            ],
            "msrc": {
                "committee": where.get("meeting.committee"),
                "date": where.get("meeting.date"),
                "time": where.get("meeting.time"),
                "venue": where.get("meeting.venue"),
                "members": where.get("meeting.members.0.name"),
            },
            "minutes_count": len(pack.get("minutes") or []),
            "minute_items": sum(len(m.get("items") or []) for m in pack.get("minutes") or []),
            "plan_count": len(pack.get("forward_plan") or []),
            "document_count": len(pack.get("documents") or []),
            "exempt_documents": sum(
                1 for d in pack.get("documents") or [] if d.get("access") != "public"
            ),
            "ready": ready,
            "breadcrumbs": _crumbs(review.council),
        },
    )


def _kept(form: Any) -> bool:
    return bool(form.cleaned_data) and not form.cleaned_data.get("DELETE")


@never_cache
@require_GET
@officer_required
def page_image(request: HttpRequest, council: str, pk: int, number: int) -> HttpResponse:
    """Page ``number`` of a reviewed PDF (``?file=<id>``, else the first) as a PNG."""
    review = _review(council, pk)
    files = ReviewFile.objects.filter(review=review).all()
    wanted = request.GET.get("file")
    row = files.filter(pk=int(wanted)).first() if wanted and wanted.isdigit() else files.first()
    if row is None or row.media_type != "application/pdf":
        raise Http404("No such PDF in this import.")
    field = request.GET.get("field") or ""
    try:
        png = service.render_page(row, number, highlight=_value(review.pack or {}, field))
    except service.ReviewError as error:
        raise Http404(str(error)) from error
    except Exception as error:  # a PDF that pdfium cannot render
        raise PermissionDenied("This page cannot be shown.") from error
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
