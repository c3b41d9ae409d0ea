"""Public pages of contests (no login): the contest page behind its `/q/` code, the entry form, and the
entrant's personal link (the entry's signed token: come back, edit until the submission round ends, see the
status, download one's own files)."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tienphong.core import ratelimit
from tienphong.core.errors import DomainError
from tienphong.core.pagecache import cached_page
from tienphong.core.public import language_links, public_view
from tienphong.core.qrimage import qr_svg_data_uri
from tienphong.qr import services as qr

from . import selectors, services
from .forms_public import EntryForm
from .models import Entry, Round

# Entries let through per client address in one window: new entries to one contest (a school's computer
# room shares one address, so a class can still enter), and any save of any entry.
NEW_PER_CONTEST = getattr(settings, "CONTEST_ENTRY_LIMIT_NEW", 20)
SAVES_PER_CLIENT = getattr(settings, "CONTEST_ENTRY_LIMIT_SAVES", 120)
WINDOW = getattr(settings, "CONTEST_ENTRY_LIMIT_WINDOW", 3600)


def _rubrics(contest) -> list[dict]:
    """The judged rounds' rubrics; rounds judged on the same criteria share one table."""
    out: list[dict] = []
    for r in contest.rounds.all():
        if not r.judged:
            continue
        criteria = list(r.criteria.all())
        same = tuple((c.name, c.weight, c.levels) for c in criteria)
        for group in out:
            if group["key"] == same and group["scale"] == r.scale:
                group["rounds"].append(r)
                break
        else:
            out.append({"key": same, "scale": r.scale, "rounds": [r], "criteria": criteria})
    return out


@public_view
def visit_contest(request, pk):
    """A contest's public page (cached as the other public pages; the date is part of the key, since the
    entry button shows only while the submission round runs)."""
    today = timezone.localdate()

    def render_page():
        contest = selectors.public_contest(pk)
        shortcode = qr.code_for(contest)  # made once, the first time the page is shown
        url = qr.short_url(shortcode, request)
        rounds = list(contest.rounds.all())
        return render(request, "contests/public/contest.html", {
            "contest": contest, "categories": list(contest.categories.all()), "rounds": rounds,
            "rubrics": _rubrics(contest), "open": services.entries_open(contest, today),
            "submission": next((r for r in rounds if r.kind == Round.Kind.SUBMISSION), None),
            "ranking": selectors.public_ranking(contest), "code": shortcode.code, "short_url": url,
            # Our own address drawn by segno: an <img> (img-src allows data:), nothing inline to trust.
            "qr": qr_svg_data_uri(url, border=2), "lang_links": language_links(request),
        })

    return cached_page(f"contest:{pk}:{request.public_lang}:{today.isoformat()}", render_page)


def _limits(request, contest, new: bool):
    client = ratelimit.client_ip(request)
    limits = [("contest-entry-save", (client,), SAVES_PER_CLIENT, WINDOW)]
    if new:
        limits.append(("contest-entry-new", (client, contest.pk), NEW_PER_CONTEST, WINDOW))
    return limits


def _limited(request, contest, retry_after: int):
    """Too many entries from this client: nothing stored, a page saying when to try again (429)."""
    response = render(request, "contests/public/limited.html", {
        "contest": contest, "minutes": max(1, -(-retry_after // 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _save(request, form, contest, new: bool):
    """The POST of the form, limited per client: the entry, or None (the refusal on the form), or a 429."""
    verdict = ratelimit.hit_all(_limits(request, contest, new))
    if not verdict.allowed:
        return None, _limited(request, contest, verdict.retry_after)
    entry = form.save(submit="submit" in request.POST)
    if entry is None:
        ratelimit.undo(*verdict.hits)  # nothing was stored: it does not count
    return entry, None


def _saved_message(request, entry):
    if entry.status == Entry.Status.SUBMITTED:
        messages.success(request, _("Your entry is submitted. You can still correct it until the deadline."))
    else:
        messages.success(request, _("Your draft is saved. Submit it before the deadline."))


def personal_url(request, entry) -> str:
    return request.build_absolute_uri(reverse("contest_entry", args=[services.entry_link_value(entry)]))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    # The personal link never leaks to another site (a video site, say). Not "no-referrer": under it a browser
    # posts the page's forms with "Origin: null", which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@public_view
def contest_enter(request, pk):
    """The entry form (a phone, no account). The first save gives the entrant their personal link."""
    contest = selectors.public_contest(pk)
    today = timezone.localdate()
    if not services.entries_open(contest, today):
        return render(request, "contests/public/closed.html", {"contest": contest,
                                                               "lang_links": language_links(request)})
    form = EntryForm(request.POST or None, request.FILES or None, contest=contest)
    if request.method == "POST":
        entry, refused = _save(request, form, contest, new=True)
        if refused:
            return refused
        if entry is not None:
            _saved_message(request, entry)
            return redirect(reverse("contest_entry", args=[services.entry_link_value(entry)]) + request.lang_q)
    return _no_store(render(request, "contests/public/enter.html", {
        "contest": contest, "form": form, "lang_links": language_links(request)}))


def _entry_from_key(key) -> Entry:
    try:
        token = services.token_from_link(key)
    except DomainError:
        raise Http404 from None
    return selectors.entry_by_token(token)


@never_cache
@public_view
def contest_entry(request, key):
    """The entrant's own page (the signed link is the key): status, the form while entries are open, files."""
    entry = _entry_from_key(key)
    contest = entry.contest
    is_open = services.entries_open(contest, timezone.localdate())
    form = EntryForm(request.POST or None, request.FILES or None, contest=contest, entry=entry) if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Entries to this contest are closed."))
            return redirect(request.path + request.lang_q)
        saved, refused = _save(request, form, contest, new=False)
        if refused:
            return refused
        if saved is not None:
            _saved_message(request, saved)
            return redirect(request.path + request.lang_q)
        entry.refresh_from_db()  # the refused values stay in the form, not on the page's summary
    return _no_store(render(request, "contests/public/entry.html", {
        "contest": contest, "entry": entry, "form": form, "open": is_open, "key": key,
        "link": personal_url(request, entry), "attachments": list(entry.attachments.all()),
        "submission": next((r for r in contest.rounds.all() if r.kind == Round.Kind.SUBMISSION), None),
        "lang_links": language_links(request),
    }))


@never_cache
def entry_file(request, key, file_pk):
    """One of the entrant's files, from the private storage, to them only (their link)."""
    entry = _entry_from_key(key)
    attachment = get_object_or_404(entry.attachments, pk=file_pk)
    try:
        handle = services.private_storage().open(attachment.file, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    return _no_store(response)


@require_POST
@public_view
def entry_file_delete(request, key, file_pk):
    entry = _entry_from_key(key)
    attachment = get_object_or_404(entry.attachments, pk=file_pk)
    try:
        services.attachment_delete(attachment=attachment)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": attachment.original_name})
    except DomainError as e:
        messages.error(request, e.message)
    return redirect(reverse("contest_entry", args=[key]) + request.lang_q)
