"""Officer pages for plans, under /officer/plans/<council>/ (``backoffice:plans:``).

Every route names the council, so ``officer_required`` checks the role there; each view
then loads the plan, item or draft only within that council.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.backoffice.access import officer_required
from minutebook.core.http import form_data
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.serving import file_response
from minutebook.plans import evidence, services
from minutebook.plans.forms import (
    AcceptForm,
    EvidenceForm,
    FindingForm,
    ItemForm,
    LinksForm,
    PlanForm,
    ProgressForm,
    ReadDocumentForm,
    RemoveEvidenceForm,
    StatusForm,
)
from minutebook.plans.models import Finding, Plan, PlanEvidence, PlanImport, PlanItem
from minutebook.plans.parse import DraftPlan


def _crumbs(council: Council, plan: Plan | None = None) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Plans", reverse("backoffice:plans:index", args=[council.slug])),
    ]
    if plan is not None:
        crumbs.append(
            (plan.title, reverse("backoffice:plans:plan", args=[council.slug, plan.number]))
        )
    return crumbs


def _plan(council: str, number: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("council", "committee"), number=number, council__slug=council
    )


@officer_required
def index(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    form = PlanForm(form_data(request), council=obj, prefix="plan")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.create_plan(
            obj,
            data["title"],
            kind=data["kind"],
            vocabulary=data["vocabulary"],
            committee=data["committee"],
        )
        messages.success(request, f"Plan “{plan.title}” created.")
        return redirect("backoffice:plans:plan", council=obj.slug, number=plan.number)
    return _index_page(request, obj, form, ReadDocumentForm(council=obj, prefix="read"))


def _index_page(
    request: HttpRequest, obj: Council, form: PlanForm, read_form: ReadDocumentForm
) -> HttpResponse:
    """The plans page, with either form bound when it comes back with an error."""
    return render(
        request,
        "backoffice/plans/index.html",
        {
            "council": obj,
            "plans": Plan.objects.filter(council=obj).select_related("committee"),
            "imports": PlanImport.objects.filter(council=obj, state=PlanImport.State.PENDING),
            "form": form,
            "read_form": read_form,
            "suggested": services.plan_documents(obj, limit=100),
            "breadcrumbs": _crumbs(obj)[:1],
        },
    )


@officer_required
def plan_detail(request: HttpRequest, council: str, number: int) -> HttpResponse:
    plan = _plan(council, number)
    which = request.POST.get("form", "item") if request.method == "POST" else ""
    if which == "publish":
        plan.is_published = request.POST.get("publish") == "yes"
        plan.save(update_fields=["is_published", "modified"])
        messages.success(request, "Published." if plan.is_published else "Withdrawn from the site.")
        return redirect("backoffice:plans:plan", council=council, number=plan.number)
    finding_form = FindingForm(request.POST if which == "finding" else None, prefix="finding")
    if which == "finding" and finding_form.is_valid():
        Finding.objects.create(
            plan=plan, order=plan.findings.count() + 1, **finding_form.cleaned_data
        )
        messages.success(request, "Finding added.")
        return redirect("backoffice:plans:plan", council=council, number=plan.number)
    form = ItemForm(request.POST if which == "item" else None, plan=plan, prefix="item")
    if which == "item" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        level, title = data.pop("level"), data.pop("title")
        try:
            services.add_item(plan, level, title, **data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Item added.")
            return redirect("backoffice:plans:plan", council=council, number=plan.number)
    return _plan_page(request, plan, form, finding_form, ProgressForm(plan=plan, prefix="progress"))


def _plan_page(
    request: HttpRequest,
    plan: Plan,
    form: ItemForm,
    finding_form: FindingForm,
    progress_form: ProgressForm,
) -> HttpResponse:
    """The plan's page, with whichever form came back refused bound as typed."""
    summary = services.progress(plan)
    return render(
        request,
        "backoffice/plans/plan.html",
        {
            "council": plan.council,
            "plan": plan,
            "rows": services.tree(plan),
            "summary": summary,
            "overdue": {i.pk for i in summary.overdue},
            "at_risk": {i.pk for i in summary.at_risk},
            "form": form,
            "finding_form": finding_form,
            "findings": plan.findings.all(),
            "progress_form": progress_form,
            "reports": plan.progress_reports.select_related("meeting", "meeting__committee"),
            "breadcrumbs": _crumbs(plan.council),
        },
    )


@officer_required
def item_detail(request: HttpRequest, council: str, number: int, pk: int) -> HttpResponse:
    plan = _plan(council, number)
    node = get_object_or_404(PlanItem.objects.select_related("status", "owner"), pk=pk, plan=plan)
    status_form = StatusForm(
        form_data(request) if request.POST.get("form") == "status" else None,
        plan=plan,
        prefix="status",
        initial={"status": node.status_id},
    )
    links_form = LinksForm(
        form_data(request) if request.POST.get("form") == "links" else None,
        plan=plan,
        prefix="links",
        initial={
            "findings": list(node.findings.all()),
            "decisions": list(Decision.officer_objects.filter(plan_items=node)),
            "minute_items": list(MinuteItem.officer_objects.filter(plan_items=node)),
            "meetings": list(node.meetings.all()),
        },
    )
    if request.method == "POST" and status_form.is_bound and status_form.is_valid():
        try:
            services.set_status(
                node,
                status_form.cleaned_data["status"],
                by=request.user,
                note=status_form.cleaned_data["note"],
            )
        except services.PlanError as error:
            status_form.add_error(None, str(error))
        else:
            messages.success(request, "Update recorded.")
            return redirect(
                "backoffice:plans:item", council=council, number=plan.number, pk=node.pk
            )
    if request.method == "POST" and links_form.is_bound and links_form.is_valid():
        node.findings.set(links_form.cleaned_data["findings"])
        node.decisions.set(links_form.cleaned_data["decisions"])
        node.minute_items.set(links_form.cleaned_data["minute_items"])
        node.meetings.set(links_form.cleaned_data["meetings"])
        messages.success(request, "Links saved.")
        return redirect("backoffice:plans:item", council=council, number=plan.number, pk=node.pk)
    which = request.POST.get("form") if request.method == "POST" else None
    evidence_form = EvidenceForm(
        request.POST if which == "evidence" else None,
        request.FILES if which == "evidence" else None,
        council=plan.council,
        prefix="evidence",
    )
    remove_form = RemoveEvidenceForm(
        request.POST if which == "evidence_remove" else None, item=node, prefix="remove"
    )
    if evidence_form.is_bound and evidence_form.is_valid():
        data = evidence_form.cleaned_data
        evidence.attach(
            node,
            data["file"],
            data["title"],
            description=data["description"],
            publish=data["publish"],
            by=request.user,
        )
        messages.success(request, "Evidence added.")
        return redirect("backoffice:plans:item", council=council, number=plan.number, pk=node.pk)
    if remove_form.is_bound and remove_form.is_valid():
        evidence.remove(remove_form.cleaned_data["evidence"], by=request.user)
        messages.success(request, "Evidence removed.")
        return redirect("backoffice:plans:item", council=council, number=plan.number, pk=node.pk)
    return render(
        request,
        "backoffice/plans/item.html",
        {
            "council": plan.council,
            "plan": plan,
            "item": node,
            "history": node.updates.select_related("by").order_by("-at", "-pk"),
            "children": node.children.select_related("status").order_by("order", "pk"),
            "status_form": status_form,
            "links_form": links_form,
            "evidence_form": evidence_form,
            "remove_form": remove_form,
            "evidence_files": node.evidence_files.select_related(
                "document", "added_by", "removed_by"
            ),
            "breadcrumbs": _crumbs(plan.council, plan),
        },
    )


@require_safe
@officer_required
def evidence_file(
    request: HttpRequest, council: str, number: int, pk: int, document: int
) -> HttpResponse:
    """An evidence file for officers, published or not (removed files too: the record)."""
    plan = _plan(council, number)
    row = get_object_or_404(
        PlanEvidence.objects.select_related("document"),
        document_id=document,
        item_id=pk,
        item__plan=plan,
    )
    return file_response(row.document)


@officer_required
def progress_report(request: HttpRequest, council: str, number: int) -> HttpResponse:
    plan = _plan(council, number)
    form = ProgressForm(request.POST or None, plan=plan, prefix="progress")
    if request.method != "POST":
        return redirect("backoffice:plans:plan", council=council, number=plan.number)
    if form.is_valid():
        try:
            placed = services.place_progress_report(
                plan, form.cleaned_data["meeting"], by=request.user
            )
        except services.PlanError as error:
            form.add_error("meeting", str(error))
        else:
            messages.success(
                request,
                f"Progress report added to the agenda of {placed.meeting} for clearance.",
            )
            return redirect("backoffice:plans:plan", council=council, number=plan.number)
    # The choice comes back on the plan's page with its error, not as a passing message.
    item_form = ItemForm(None, plan=plan, prefix="item")
    return _plan_page(request, plan, item_form, FindingForm(None, prefix="finding"), form)


@officer_required
def read_document(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    form = ReadDocumentForm(request.POST or None, council=obj, prefix="read")
    if request.method != "POST":
        return redirect("backoffice:plans:index", council=obj.slug)
    if form.is_valid():
        try:
            draft = services.read_document(form.cleaned_data["document"], by=request.user)
        except services.PlanError as error:
            form.add_error("document", str(error))
        else:
            return redirect("backoffice:plans:import", council=obj.slug, pk=draft.document_id)
    # The choice comes back on the plans page with its error, not as a passing message.
    return _index_page(request, obj, PlanForm(None, council=obj, prefix="plan"), form)


@officer_required
def review_import(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    """The latest draft read from document ``pk``."""
    draft = (
        PlanImport.objects.select_related("document", "council")
        .filter(document_id=pk, council__slug=council)
        .order_by("-created", "-pk")
        .first()
    )
    if draft is None:
        raise Http404("No plan has been read from that document.")
    form = AcceptForm(
        form_data(request),
        council=draft.council,
        initial={"title": draft.document.title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.accept_import(draft, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Plan “{plan.title}” created from the draft.")
            return redirect("backoffice:plans:plan", council=council, number=plan.number)
    plan = DraftPlan.from_dict(draft.draft)
    return render(
        request,
        "backoffice/plans/import.html",
        {
            "council": draft.council,
            "draft": draft,
            "plan": plan,
            "counts": {
                "areas": len(plan.areas),
                "actions": len(plan.actions()),
                "milestones": len(plan.milestones()),
            },
            "form": form,
            "breadcrumbs": _crumbs(draft.council),
        },
    )
