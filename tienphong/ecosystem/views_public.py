"""An entrant asks an expert of the directory for help, from their personal link (no account): the listed
experts of the contest's province (name, field, organisation: never a phone or e-mail), a message, and the
requests already sent with their answers. The organisers see the request at /ecosystem/ and record the match."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tienphong.contests import selectors as contest_selectors
from tienphong.contests import services as contest_services
from tienphong.core.errors import DomainError
from tienphong.core.public import language_links, public_view

from . import services
from .models import Expert, MentorMatch

MAX_OPEN_REQUESTS = 3


class AskForm(forms.Form):
    expert = forms.ModelChoiceField(label=gettext_lazy("Expert"), queryset=Expert.objects.none(),
                                    empty_label=gettext_lazy("Choose an expert"))
    message = forms.CharField(label=gettext_lazy("What help do you need?"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda e: " · ".join(x for x in (e.name, e.field, e.organisation) if x)


def _entry(key):
    try:
        token = contest_services.token_from_link(key)
    except DomainError:
        raise Http404 from None
    return contest_selectors.entry_by_token(token)


@never_cache
@public_view
def ask_expert(request, key):
    entry = _entry(key)
    province = "/" + entry.contest.path.split("/")[1] + "/"
    experts = Expert.objects.filter(active=True, consent_at__isnull=False, path__startswith=province).order_by("name")
    asked = list(MentorMatch.objects.filter(entry=entry).select_related("expert").order_by("-asked_at"))
    form = AskForm(request.POST or None, experts=experts)
    if request.method == "POST" and form.is_valid():
        if sum(m.status == MentorMatch.Status.ASKED for m in asked) >= MAX_OPEN_REQUESTS:
            form.add_error(None, _("You already have %(n)s requests waiting for an answer.") % {"n": MAX_OPEN_REQUESTS})
        else:
            try:
                services.ask_mentor(expert=form.cleaned_data["expert"], entry=entry,
                                    message=form.cleaned_data["message"])
            except DomainError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, _("Your request is sent: the organisers will put you in touch."))
                return redirect(request.path + request.lang_q)
    response = render(request, "ecosystem/public/ask_expert.html", {
        "entry": entry, "contest": entry.contest, "key": key, "form": form, "asked": asked,
        "has_experts": experts.exists(), "lang_links": language_links(request)})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the personal link stays on this site; forms still post
    return response
