"""Shared page helpers for the set-up pages (a council's rules, wards, groups, people,
committees, memberships, portfolios, venues), which each app serves beside its models.

Why shared: every set-up record is a list, a "new" form and an "edit" form with the same
breadcrumbs, error summary and save handling, so the apps' views only say which form,
which records and where to go next. The address names the council (or a record of it),
and ``officer_required`` has already checked the user's role there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from minutebook.backoffice.access import officer_required
from minutebook.core.http import form_data

#: What a lost race at a unique constraint tells the officer (the form checks first).
SAVE_CLASH = (
    "This could not be saved: it clashes with a record saved at the same moment. "
    "Check the list and try again."
)


def council_of(slug: str) -> Any:
    from minutebook.councils.models import Council

    return get_object_or_404(Council, slug=slug)


def crumbs(council: Any = None, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """Dashboard > Set-up > the council's set-up > ``more``."""
    trail = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Set-up", reverse("backoffice:setup")),
    ]
    if council is not None:
        trail.append((council.name, reverse("backoffice:setup_council", args=[council.slug])))
    return [*trail, *more]


@dataclass
class Row:
    link: str
    cells: Sequence[Any]


@dataclass
class Listing:
    """One list page: its title, the council, a table, and the "add" button."""

    title: str
    council: Any
    columns: Sequence[str]
    rows: Sequence[Row]
    new_url: str = ""
    new_label: str = ""
    intro: str = ""
    trail: Sequence[tuple[str, str]] = field(default_factory=list)
    pager: dict[str, Any] = field(default_factory=dict)


def list_page(request: HttpRequest, listing: Listing) -> HttpResponse:
    return render(
        request,
        "backoffice/setup/list.html",
        {
            "listing": listing,
            "council": listing.council,
            "breadcrumbs": crumbs(listing.council, *listing.trail),
        },
    )


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    caption: str,
    trail: Sequence[tuple[str, str]],
    council: Any,
    done: Callable[[Model], str],
    message: str,
    submit: str = "Save",
    cancel: str = "",
    save: Callable[[Any], Model] | None = None,
    extra: dict[str, Any] | None = None,
    template: str = "form",
) -> HttpResponse:
    """Show ``form``; on a valid POST save it (``save(form)`` or ``form.save()``) and go
    to ``done(record)``. A database clash becomes a form error, never a 500."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = save(form) if save is not None else form.save()
        except IntegrityError:
            form.add_error(None, SAVE_CLASH)
        else:
            messages.success(request, message)
            return redirect(done(record))
    return render(
        request,
        f"backoffice/setup/{template}.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit": submit,
            "cancel": cancel,
            "council": council,
            "breadcrumbs": crumbs(council, *trail),
            **(extra or {}),
        },
    )


def bound(request: HttpRequest) -> Any:
    """The POST data for a form (bound even when empty), else None."""
    return form_data(request)


def uploads(request: HttpRequest) -> Any:
    """The POSTed files for a form (a person's photo), else None."""
    return request.FILES if request.method == "POST" else None


@dataclass
class Kind:
    """A kind of set-up record a council owns, listed, created and edited alike."""

    noun: str  # "ward"
    title: str  # "Wards"
    form: type
    list_route: str
    new_route: str
    edit_route: str
    columns: Sequence[str]
    cells: Callable[[Any], Sequence[Any]]
    rows: Callable[[Any], Any]  # the council's records, in list order
    intro: str = ""
    name_of: Callable[[Any], str] = str
    #: Deleting a record never used (``setup_delete``): its route, what to do instead
    #: when it is in use, and the relations that only describe it and go with it.
    delete_route: str = ""
    instead: str = ""
    deletes_with: Sequence[str] = ()


#: Rows on one list page (an imported archive can bring hundreds of people).
PER_PAGE = 100


def list_records(request: HttpRequest, kind: Kind, council_slug: str) -> HttpResponse:
    council = council_of(council_slug)
    page = Paginator(kind.rows(council), PER_PAGE).get_page(request.GET.get("page"))
    return list_page(
        request,
        Listing(
            title=kind.title,
            council=council,
            columns=kind.columns,
            rows=[
                Row(reverse(kind.edit_route, args=[obj.pk]), kind.cells(obj))
                for obj in page.object_list
            ],
            new_url=reverse(kind.new_route, args=[council.slug]),
            new_label=f"Add a {kind.noun}",
            intro=kind.intro,
            pager={
                "label": f"{kind.title}: pages",
                "has_previous": page.has_previous(),
                "has_next": page.has_next(),
                "previous_number": page.number - 1,
                "next_number": page.number + 1,
                "page_count": page.paginator.num_pages,
            },
        ),
    )


def create_record(request: HttpRequest, kind: Kind, council_slug: str) -> HttpResponse:
    council = council_of(council_slug)
    listed = reverse(kind.list_route, args=[council.slug])
    return form_page(
        request,
        kind.form(bound(request), uploads(request), owner=council),
        title=f"Add a {kind.noun}",
        caption=council.name,
        trail=[(kind.title, listed)],
        council=council,
        done=lambda saved: listed,
        message=f"The {kind.noun} is added.",
        submit=f"Add {kind.noun}",
        cancel=listed,
    )


def edit_record(
    request: HttpRequest,
    kind: Kind,
    obj: Any,
    extra: dict[str, Any] | None = None,
    template: str = "form",
) -> HttpResponse:
    council = obj.council
    listed = reverse(kind.list_route, args=[council.slug])
    if kind.delete_route:
        extra = {"delete_url": reverse(kind.delete_route, args=[obj.pk]), **(extra or {})}
    return form_page(
        request,
        kind.form(bound(request), uploads(request), owner=council, instance=obj),
        title=f"Edit {kind.name_of(obj)}",
        caption=f"{council.name}: {kind.noun}",
        trail=[(kind.title, listed)],
        council=council,
        done=lambda saved: listed,
        message=f"The {kind.noun} is saved.",
        cancel=listed,
        extra=extra,
        template=template,
    )


def record_views(
    kind: Kind, model: type[Model]
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The list, "new" and "edit" views of a set-up record that needs nothing more than its
    ``Kind``, each behind ``officer_required`` (which checks the role at the council the
    address names)."""

    @officer_required
    def listing(request: HttpRequest, council: str) -> HttpResponse:
        return list_records(request, kind, council)

    @officer_required
    def new(request: HttpRequest, council: str) -> HttpResponse:
        return create_record(request, kind, council)

    @officer_required
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        return edit_record(request, kind, get_object_or_404(model, pk=pk))

    return listing, new, edit
