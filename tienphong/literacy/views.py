from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core import ratelimit
from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.pagination import paginate
from tienphong.core.qrimage import qr_png, qr_svg

from . import documents, selectors, services
from .forms import CitizenForm, ClassFilterForm, ClassForm, CommuneForm, WalkInForm, new_token
from .models import Attendee, LiteracyClass


def signup_url(request, cls: LiteracyClass) -> str:
    return request.build_absolute_uri(reverse("class_signup", args=[cls.public_code]))


def _shows_phones(request, cls: LiteracyClass) -> bool:
    """Attendees' phones are for officers (see docs/privacy.md); a volunteer takes attendance by name."""
    return get_scope(request).sees("attendee_phone", cls.path, around=True)


# ---------------------------------------------------------------- staff pages

@login_required
def class_list(request):
    scope = get_scope(request)
    communes = list(selectors.visible_communes(scope)[:200])
    form = ClassFilterForm(request.GET or None, communes=communes)
    f = form.cleaned_data if form.is_valid() else {}
    commune = None
    if f.get("commune"):
        commune = get_object_or_404(selectors.visible_communes(scope), pk=f["commune"])
    classes = selectors.class_list(scope=scope, when=f.get("when", ""), commune=commune, q=f.get("q", ""),
                                   status=f.get("status", ""))
    return render(request, "literacy/list.html", {
        "nav": "classes", "form": form, "page": paginate(request, classes), "show_commune": len(communes) > 1,
        "can_create": selectors.manageable_communes(scope).exists(), "now": timezone.now(),
    })


def _form_context(commune, instance=None):
    keep = list(instance.teachers.all()) if instance else []
    return {"commune": commune, "venues": selectors.venues(commune),
            "teachers": selectors.teacher_short_list(commune, keep=keep),
            "modules": selectors.active_modules() if instance is None else
            (selectors.active_modules() | instance.modules.all()).distinct().order_by("position", "id"),
            "teams": selectors.teams(commune)}


@login_required
def class_create(request):
    scope = get_scope(request)
    communes = selectors.manageable_communes(scope)
    if not communes.exists():
        raise Http404
    commune_id = request.POST.get("commune") or request.GET.get("commune")
    if commune_id is None and communes.count() == 1:
        commune_id = communes.first().pk
    if commune_id is None or not str(commune_id).isdigit():
        # Someone who schedules for many communes picks one first: venues and teachers depend on it.
        return render(request, "literacy/pick_commune.html", {"nav": "classes",
                                                              "form": CommuneForm(communes=communes)})
    commune = get_object_or_404(communes, pk=commune_id)
    initial = {}
    led = selectors.teams(commune).filter(leader__user_id=request.user.pk).first()
    if led:
        initial["team"] = led.pk
    form = ClassForm(request.POST or None, initial=initial, **_form_context(commune))
    if request.method == "POST":
        cls = form.submit(services.class_create, commune=commune, created_by=request.user)
        if cls:
            messages.success(request, _("Class “%(title)s” created. Share its sign-up link or QR code.")
                             % {"title": cls.title})
            return redirect("class_detail", cls.pk)
    return render(request, "literacy/form.html", {"nav": "classes", "form": form, "commune": commune,
                                                  "cls": None})


@login_required
def class_edit(request, pk):
    scope = get_scope(request)
    cls = selectors.class_get(scope=scope, pk=pk)
    selectors.class_require(scope, cls, "manage_classes")
    form = ClassForm(request.POST or None, instance=cls, **_form_context(cls.commune, cls))
    if request.method == "POST":
        if form.submit(services.class_update, literacy_class=cls):
            messages.success(request, _("Changes saved."))
            return redirect("class_detail", cls.pk)
    return render(request, "literacy/form.html", {"nav": "classes", "form": form, "commune": cls.commune,
                                                  "cls": cls})


@login_required
def class_detail(request, pk):
    scope = get_scope(request)
    cls = selectors.class_get(scope=scope, pk=pk)
    url = signup_url(request, cls)
    return render(request, "literacy/detail.html", {
        "nav": "classes", "cls": cls, "signup_url": url, "qr_svg": qr_svg(url),
        "modules": selectors.class_modules(cls), "teachers": selectors.class_teachers(cls),
        "attendees": selectors.attendee_list(cls), "tally": selectors.attendance_tally(cls),
        "closed_reason": services.signup_closed_reason(cls),
        "can_manage": selectors.class_allows(scope, cls, "manage_classes"),
        "can_attend": selectors.class_allows(scope, cls, "take_attendance"),
        "show_phone": _shows_phones(request, cls),
    })


@login_required
@require_POST
def class_status(request, pk):
    scope = get_scope(request)
    cls = selectors.class_get(scope=scope, pk=pk)
    action = request.POST.get("action")
    if action == "held":
        selectors.class_require(scope, cls, "take_attendance")
        run_action(request, lambda: services.class_mark_held(literacy_class=cls),
                   _("The class is marked as held."))
    elif action == "cancel":
        selectors.class_require(scope, cls, "manage_classes")
        run_action(request, lambda: services.class_cancel(literacy_class=cls), _("The class is cancelled."))
    else:
        raise Http404
    back = "class_attendance" if request.POST.get("next") == "attendance" else "class_detail"
    return redirect(back, cls.pk)


# ---------------------------------------------------------------- attendance

def _attendance_class(request, pk):
    """The class, if the user may take its attendance (volunteers of its commune may); else 404."""
    return selectors.class_get(scope=get_scope(request), pk=pk, perm="take_attendance")


@login_required
def class_attendance(request, pk):
    cls = _attendance_class(request, pk)
    form = WalkInForm(initial={"client_token": new_token()})
    return _attendance_page(request, cls, form)


def _attendance_page(request, cls, form, status=200):
    return render(request, "literacy/attendance.html", {
        "nav": "classes", "cls": cls, "attendees": selectors.attendee_list(cls),
        "tally": selectors.attendance_tally(cls), "form": form,
        "started": cls.starts_at <= timezone.now(), "show_phone": _shows_phones(request, cls),
    }, status=status)


@login_required
@require_POST
def class_attendance_toggle(request, pk, attendee_pk):
    cls = _attendance_class(request, pk)
    attendee = selectors.attendee_get(cls, attendee_pk)
    present = request.POST.get("present") == "1"
    error = ""
    try:
        services.set_present(attendee=attendee, present=present)
    except DomainError as e:
        error = e.message
    if request.htmx:
        return render(request, "literacy/_attendee_row.html", {
            "cls": cls, "a": attendee, "error": error, "tally": selectors.attendance_tally(cls), "oob": True,
            "show_phone": _shows_phones(request, cls)})
    if error:
        messages.error(request, error)
    return redirect(reverse("class_attendance", args=[cls.pk]) + f"#a{attendee.pk}")


@login_required
@require_POST
def class_walk_in(request, pk):
    cls = _attendance_class(request, pk)
    form = WalkInForm(request.POST)
    result = form.submit(services.add_walk_in, literacy_class=cls)
    if result is None:
        return _attendance_page(request, cls, form, status=200)
    attendee, created = result
    if created:
        messages.success(request, _("%(name)s added and marked present.") % {"name": attendee.full_name})
    else:
        messages.info(request, _("%(name)s is already on the list, marked present.") % {"name": attendee.full_name})
    return redirect(reverse("class_attendance", args=[cls.pk]) + f"#a{attendee.pk}")


# ---------------------------------------------------------------- PDFs

def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def class_sheet_pdf(request, pk):
    cls = _attendance_class(request, pk)
    return _pdf(documents.attendance_sheet_pdf(cls, signup_url(request, cls), show_phone=_shows_phones(request, cls)),
                f"diem-danh-lop-{cls.pk}.pdf")


@login_required
def class_certificate_pdf(request, pk, attendee_pk):
    cls = _attendance_class(request, pk)
    attendee = get_object_or_404(cls.attendees.filter(attended=True), pk=attendee_pk)
    return _pdf(documents.certificates_pdf(cls, [attendee]), f"chung-nhan-{cls.pk}-{attendee.pk}.pdf")


@login_required
def class_certificates_pdf(request, pk):
    cls = _attendance_class(request, pk)
    present = selectors.attendee_list(cls, present_only=True)
    if not present:
        messages.error(request, _("No attendee is marked present yet: there is no certificate to print."))
        return redirect("class_detail", cls.pk)
    return _pdf(documents.certificates_pdf(cls, present), f"chung-nhan-lop-{cls.pk}.pdf")


# ---------------------------------------------------------------- public pages (no login)

def _signup_limits(request, cls):
    """Sign-ups let through per client address in one window: to this class, and to any class.
    One client cannot fill a class, yet a family or a culture house's wifi can sign a few people up."""
    client, window = ratelimit.client_ip(request), settings.SIGNUP_LIMIT_WINDOW
    return [("signup-class", (client, cls.pk), settings.SIGNUP_LIMIT_PER_CLASS, window),
            ("signup", (client,), settings.SIGNUP_LIMIT_PER_CLIENT, window)]


def _signup_limited(request, cls, retry_after: int):
    """Too many sign-ups from this client: nothing stored, a page saying what to do (429)."""
    response = render(request, "literacy/signup_limited.html", {
        "cls": cls, "modules": selectors.class_modules(cls), "minutes": max(1, -(-retry_after // 60)),
    }, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@never_cache  # back to the form after signing up loads a fresh one (a new one-time token) for the next person
def class_signup(request, code):
    cls = selectors.class_by_code(code)
    form = CitizenForm(request.POST or None, initial={"client_token": new_token()})
    if request.method == "POST":
        verdict = ratelimit.hit_all(_signup_limits(request, cls))
        if not verdict.allowed:
            return _signup_limited(request, cls, verdict.retry_after)
        result = form.submit(services.signup, literacy_class=cls)
        if result is None or not result[1]:
            ratelimit.undo(*verdict.hits)  # nothing new was stored: it does not count
        if result is not None:
            attendee, created = result
            token = form.cleaned_data.get("client_token")
            if attendee.client_token and attendee.client_token == token:
                # Post/redirect/get: reloading the thank-you page sends nothing again.
                return redirect("class_signup_done", code=cls.public_code, token=token)
            if created:
                return render(request, "literacy/signup_done.html", {
                    "cls": cls, "attendee": attendee, "modules": selectors.class_modules(cls)})
            # The phone was already signed up (maybe from another phone): say so, without the name on file.
            return render(request, "literacy/signup_done.html", {
                "cls": cls, "attendee": None, "modules": selectors.class_modules(cls)})
    closed = services.signup_closed_reason(cls)
    return render(request, "literacy/signup.html", {
        "cls": cls, "form": form, "closed": closed, "modules": selectors.class_modules(cls),
        "full": not closed and cls.attendees.filter(source=Attendee.Source.SIGNUP).count() >= cls.capacity,
    })


def class_signup_done(request, code, token):
    cls = selectors.class_by_code(code)
    attendee = get_object_or_404(cls.attendees, client_token=token)
    return render(request, "literacy/signup_done.html", {"cls": cls, "attendee": attendee,
                                                          "modules": selectors.class_modules(cls)})


def class_qr(request, code):
    cls = selectors.class_by_code(code)
    url = signup_url(request, cls)
    if request.GET.get("format") == "svg":
        return HttpResponse(qr_svg(url, scale=8, standalone=True), content_type="image/svg+xml")
    response = HttpResponse(qr_png(url), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="dang-ky-lop-{cls.pk}.png"'
    return response
