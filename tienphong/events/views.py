"""Event pages for the organisers (thin views: scope check, one service call, render or redirect), and
the public ones: the documents behind the poster's QR, each document, a participant's personal page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.paths import subtree_q
from tienphong.core.pagination import paginate
from tienphong.core.public import language_links, public_view
from tienphong.core.qrimage import qr_svg_data_uri
from tienphong.core.scope import get_scope
from tienphong.core.text import fold
from tienphong.members.models import Member
from tienphong.partners.models import province_path
from tienphong.places.models import Place
from tienphong.qr import documents as qr_documents
from tienphong.qr import services as qr
from tienphong.units.models import OrgUnit

from . import faces, selectors, services
from .forms import (AddMembersForm, DocumentForm, EventFilterForm, EventForm, ParticipantFilterForm,
                    ParticipantForm, PointForm, SessionForm, ViewsForm)
from .models import Document, Event, OnlineViews, Participant


def _event_form_kwargs(scope, event=None):
    units = selectors.manageable_units(scope)
    home = event.unit if event else scope.home_unit
    return {"units": units, "places": Place.objects.filter(subtree_q(province_path(home.path))).order_by("name")
            if home else Place.objects.none(),
            "province_path": home.path if home else "/0/"}


@login_required
def event_list(request):
    scope = get_scope(request)
    form = EventFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.event_list(scope=scope, q=f.get("q", ""), kind=f.get("kind", ""))
    return render(request, "events/list.html", {
        "nav": "events", "form": form, "page": paginate(request, rows),
        "can_create": selectors.manageable_units(scope).exists()})


@login_required
def event_create(request):
    scope = get_scope(request)
    kwargs = _event_form_kwargs(scope)
    if not kwargs["units"].exists():
        raise Http404
    home = scope.home_unit
    initial = {"unit": home.pk} if home and kwargs["units"].filter(pk=home.pk).exists() else {}
    form = EventForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST":
        event = form.submit(services.event_create, author=request.user)
        if event:
            messages.success(request, _("Event created: add its participants next."))
            return redirect("event_detail", event.pk)
    return render(request, "events/form.html", {"nav": "events", "form": form, "event": None})


@login_required
def event_detail(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk)
    can_manage = scope.allows(event.path, "manage_events")
    return render(request, "events/detail.html", {
        "nav": "events", "event": event, "figures": selectors.figures(event), "can_manage": can_manage,
        "sessions": event.sessions.all(), "documents": event.documents.all(),
        "partners": event.partners.all(), "code": qr.code_for(event) if can_manage else None,
    })


@login_required
def event_edit(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    form = EventForm(request.POST or None, instance=event, **_event_form_kwargs(scope, event))
    if request.method == "POST":
        if form.submit(lambda **data: services.event_update(event=event, **data)):
            messages.success(request, _("Saved."))
            return redirect("event_detail", event.pk)
    return render(request, "events/form.html", {"nav": "events", "form": form, "event": event})


@login_required
def event_delete(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    if request.method == "POST":
        if run_action(request, lambda: services.event_delete(event=event),
                      _("Event %(name)s deleted.") % {"name": event.name}):
            return redirect("event_list")
        return redirect("event_detail", event.pk)
    return render(request, "events/confirm_delete.html", {"nav": "events", "event": event,
                                                           "figures": selectors.figures(event)})


# ---------------------------------------------------------------- sessions and connection points

@login_required
def session_edit(request, pk, session_pk=None):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    session = get_object_or_404(event.sessions, pk=session_pk) if session_pk else None
    initial = {"name": session.name, "starts_at": session.starts_at, "ends_at": session.ends_at} if session else {}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete") and session:
            run_action(request, lambda: services.session_delete(session=session), _("Session removed."))
            return redirect("event_detail", event.pk)
        if form.submit(services.session_save, event=event, session=session):
            messages.success(request, _("Saved."))
            return redirect("event_detail", event.pk)
    return render(request, "events/session_form.html", {"nav": "events", "event": event, "form": form,
                                                         "session": session})


def _point_units(event):
    return OrgUnit.objects.filter(subtree_q(event.path), active=True).exclude(kind=OrgUnit.Kind.SERVICE_POINT) \
        .order_by("depth", "name")


@login_required
def point_edit(request, pk, point_pk=None):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    point = get_object_or_404(event.points, pk=point_pk) if point_pk else None
    initial = ({"name": point.name, "host_unit": point.host_unit_id, "place": point.place_id, "link": point.link}
               if point else {})
    places = Place.objects.filter(subtree_q(province_path(event.path))).order_by("name")
    form = PointForm(request.POST or None, initial=initial, units=_point_units(event), places=places)
    if request.method == "POST":
        if request.POST.get("delete") and point:
            run_action(request, lambda: services.point_delete(point=point), _("Connection point removed."))
            return redirect("event_detail", event.pk)
        keep_host = point.host_user if point else None
        if form.submit(services.point_save, event=event, point=point, host_user=keep_host):
            messages.success(request, _("Saved."))
            return redirect("event_detail", event.pk)
    return render(request, "events/point_form.html", {"nav": "events", "event": event, "form": form,
                                                       "point": point})


# ---------------------------------------------------------------- participants

@login_required
def participant_list(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk)
    form = ParticipantFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.participants(event=event, q=f.get("q", ""), status=f.get("status", ""))
    return render(request, "events/participants.html", {
        "nav": "events", "event": event, "form": form, "page": paginate(request, rows),
        "can_manage": scope.allows(event.path, "manage_events"),
        "show_phone": scope.sees("participant_phone", event.path)})


@login_required
def participant_edit(request, pk, participant_pk=None):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    participant = get_object_or_404(event.participants, pk=participant_pk) if participant_pk else None
    show_phone = scope.sees("participant_phone", event.path)
    form = ParticipantForm(request.POST or None, instance=participant, event=event, show_phone=show_phone)
    if request.method == "POST":
        if request.POST.get("delete") and participant:
            run_action(request, lambda: services.participant_delete(participant=participant),
                       _("%(name)s removed from the list.") % {"name": participant.full_name})
            return redirect("event_participants", event.pk)
        if form.submit(services.participant_save, event=event, participant=participant):
            messages.success(request, _("Saved."))
            if request.POST.get("another"):
                return redirect("event_participant_add", event.pk)
            return redirect("event_participants", event.pk)
    delegations = list(event.participants.exclude(delegation="").order_by("delegation")
                       .values_list("delegation", flat=True).distinct()[:200])
    return render(request, "events/participant_form.html", {
        "nav": "events", "event": event, "form": form, "participant": participant, "delegations": delegations})


@login_required
def participant_add_members(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    units = OrgUnit.objects.filter(scope.q("path", "view"), active=True).exclude(
        kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.SERVICE_POINT]).order_by("depth", "name")
    form = AddMembersForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        members = (Member.objects.filter(subtree_q(unit.path), status=Member.Status.ACTIVE)
                   .select_related("commune", "branch").order_by("full_name"))
        n = services.participants_add_members(event=event, members=members, role=form.cleaned_data["role"])
        messages.success(request, _("%(n)s members of %(unit)s added.") % {"n": n, "unit": unit.name})
        return redirect("event_participants", event.pk)
    return render(request, "events/add_members.html", {"nav": "events", "event": event, "form": form})


# ---------------------------------------------------------------- documents, poster, online views

@login_required
def documents(request, pk):
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("delete"):
            doc = get_object_or_404(event.documents, pk=request.POST["delete"])
            run_action(request, lambda: services.document_delete(document=doc), _("Document removed."))
            return redirect("event_documents", event.pk)
        if form.submit(services.document_add, event=event):
            messages.success(request, _("Document added, with its own QR code."))
            return redirect("event_documents", event.pk)
    docs = list(event.documents.all())
    for d in docs:
        d.code = qr.code_for(d)
    return render(request, "events/documents.html", {"nav": "events", "event": event, "form": form,
                                                      "docs": docs, "code": qr.code_for(event)})


@login_required
def poster(request, pk):
    """A4 poster: the event's name and one QR for all its documents."""
    scope = get_scope(request)
    event = selectors.event_get(scope=scope, pk=pk, perm="manage_events")
    size = request.GET.get("size", "a4").lower()
    if size not in qr_documents.POSTER_SCALE:
        raise Http404
    pdf = qr_documents.poster_pdf(event, qr.short_url(qr.code_for(event), request), size)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(fold(event.name))[:60] or "su-kien"
    response["Content-Disposition"] = content_disposition_header(False, f"van-kien-{name}-{size}.pdf")
    return response


@login_required
def online_views(request, pk, point_pk):
    scope = get_scope(request)
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise Http404
    point = get_object_or_404(event.points, pk=point_pk)
    if not (scope.allows(event.path, "manage_events") or point.host_user_id == request.user.pk):
        raise Http404
    rows = {r.platform: r for r in point.online_views.all()}
    form = ViewsForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            for code in OnlineViews.Platform.values:
                views = form.cleaned_data.get(f"{code}_views")
                if views is None and code not in rows:
                    continue
                services.online_views_set(point=point, platform=code, views=views or 0,
                                          source_url=form.cleaned_data.get(f"{code}_url") or "", author=request.user)
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Online views saved."))
            return redirect("event_detail", event.pk) if scope.allows(event.path) else redirect("home")
    return render(request, "events/online_views.html", {"nav": "events", "event": event, "point": point,
                                                         "form": form})


# ---------------------------------------------------------------- public pages

@public_view
def public_documents(request, pk):
    event = get_object_or_404(Event.objects.select_related("unit"), pk=pk)
    if not event.documents_public:
        raise Http404
    return render(request, "events/public_documents.html", {
        "event": event, "docs": event.documents.all(), "lang_links": language_links(request)})


@public_view
def public_document(request, pk):
    doc = get_object_or_404(Document.objects.select_related("event"), pk=pk)
    if not doc.event.documents_public:
        raise Http404
    if doc.link:
        return HttpResponseRedirect(doc.link)
    return HttpResponseRedirect(doc.file.url)


def personal_qr(participant, request) -> str:
    """The badge's QR: the participant's personal link, with the signed token."""
    return request.build_absolute_uri(reverse("event_personal", args=[services.badge_value(participant)]))


@public_view
def personal(request, badge):
    """A participant's own page (no login: the signed link is the key): their QR to show at the kiosk."""
    try:
        token = services.token_from_badge(badge)
    except DomainError:
        raise Http404 from None
    participant = get_object_or_404(Participant.objects.select_related("event", "point"), token=token)
    url = personal_qr(participant, request)
    checkins = participant.checkins.select_related("session").order_by("at")
    response = render(request, "events/personal_face.html", {
        "participant": participant, "event": participant.event, "qr": qr_svg_data_uri(url),
        "checkins": checkins, "lang_links": language_links(request),
        "badge": badge, "face": faces.personal_state(participant)})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
