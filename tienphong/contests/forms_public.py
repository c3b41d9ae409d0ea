"""The public entry form (no account): a short form a phone fills in, the files with it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from tienphong.core.forms import ServiceForm
from tienphong.core.text import collation_key

from . import selectors, services

TEXT_MAX = 5000  # per long answer: a juror reads it on one screen or two


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service (type, content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.docx,.pptx,.xlsx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class EntryForm(ServiceForm):
    """The entry's fields; `save` builds the Entry and hands it to services.entry_save_public."""

    category = forms.ModelChoiceField(label=pgettext_lazy("contest", "Category"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    problem = forms.CharField(label=_("The problem"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What is wrong today, and for whom?"), required=False)
    solution = forms.CharField(label=_("Your solution"), max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 5}), required=False,
                               help_text=_("What you propose, how it works, what it needs."))
    beneficiaries = forms.CharField(label=_("Who benefits"), max_length=TEXT_MAX, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    commune = UnitChoiceField(label=_("Your commune or ward"), queryset=None,
                              empty_label=_("— choose —"))
    branch = UnitChoiceField(label=_("Your branch (optional)"), queryset=None, required=False,
                             empty_label=_("— none —"))
    lead_name = forms.CharField(label=_("Your full name"), max_length=120)
    lead_phone = forms.CharField(label=_("Your phone"), max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100,
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2001"}))
    member = forms.BooleanField(label=_("I declare that I am a member of the Ho Chi Minh Communist Youth Union."),
                                required=False)
    team = forms.CharField(label=_("Other team members"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One name per line."))
    video_link = forms.URLField(label=_("Video link (optional)"), required=False, max_length=200,
                                assume_scheme="https", help_text=_("YouTube, Facebook, Google Drive…"))
    files = MultipleFileField(label=_("Attachments (optional)"), required=False)

    error_fields = {
        "title_required": "title", "lead_required": "lead_name", "team_too_large": "team", "incomplete": "solution",
        "unit_invalid": "commune", "birth_year_required": "birth_year", "birth_year_invalid": "birth_year",
        "age": "birth_year", "members_only": "member", "phone_invalid": "lead_phone", "phone_required": "lead_phone",
        "attachments_max": "files", "attachment_too_large": "files", "attachment_type": "files",
        "attachment_content": "files",
    }

    def __init__(self, *args, contest, entry=None, **kwargs):
        self.contest, self.entry = contest, entry
        if entry is not None and entry.pk:
            unit = entry.unit
            commune = unit.commune if unit.commune_id and unit.commune_id != unit.pk else unit
            kwargs.setdefault("initial", {}).update({
                "category": entry.category_id, "title": entry.title, "problem": entry.problem,
                "solution": entry.solution, "beneficiaries": entry.beneficiaries, "commune": commune.pk,
                "branch": unit.pk if unit.pk != commune.pk else None, "lead_name": entry.lead_name,
                "lead_phone": entry.lead_phone, "birth_year": entry.lead_birth_year, "member": entry.member_declared,
                "team": entry.team, "video_link": entry.video_link})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()
        # Communes by name in Vietnamese order (a < ă < â, d < đ), whatever the database's collation.
        self.fields["commune"].queryset = selectors.entrant_communes(contest)
        communes = sorted(self.fields["commune"].queryset, key=lambda u: collation_key(u.name))
        self.fields["commune"].choices = [("", self.fields["commune"].empty_label)] * (len(communes) != 1) + [
            (c.pk, c.name) for c in communes]
        # The branches of the commune chosen (sent, saved, or the only one): a short list, no script needed.
        chosen = self.data.get("commune") or self.initial.get("commune") or (
            communes[0].pk if len(communes) == 1 else None)
        commune = next((c for c in communes if str(c.pk) == str(chosen)), None)
        self.fields["branch"].queryset = selectors.entrant_branches(contest, commune)
        if commune is None:
            self.fields["branch"].help_text = _("Choose your commune and save: your branch can be chosen then.")
        if not contest.members_only:
            del self.fields["member"]
        if contest.team_max <= 1:
            del self.fields["team"]
        else:
            self.fields["team"].help_text = _("One name per line; a team has at most %(n)s people, you included.") % {
                "n": contest.team_max}
        have = len(entry.attachments.all()) if entry is not None and entry.pk else 0
        self.fields["files"].help_text = _(
            "PDF, Word, PowerPoint, Excel, JPEG or PNG; at most %(size)s MB each, %(n)s files per entry.") % {
            "size": services.ATTACHMENT_MAX_BYTES // (1024 * 1024), "n": services.ATTACHMENTS_MAX}
        if have >= services.ATTACHMENTS_MAX:
            del self.fields["files"]
        for name in ("title", "lead_name"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off" if name == "title" else "name")

    def clean(self):
        data = super().clean()
        commune, branch = data.get("commune"), data.get("branch")
        if commune is not None and branch is not None and not branch.path.startswith(commune.path):
            self.add_error("branch", _("This branch is not in the commune you chose."))
        return data

    def save(self, *, submit: bool):
        """The entry saved (and submitted when `submit`), or None with the refusal on the form."""
        from .models import Entry

        if not self.is_valid():
            return None
        d = self.cleaned_data
        entry = self.entry or Entry(contest=self.contest)
        entry.category = d["category"]
        entry.unit = d.get("branch") or d["commune"]
        for name in ("title", "problem", "solution", "beneficiaries", "lead_name", "lead_phone", "video_link"):
            setattr(entry, name, d.get(name) or "")
        entry.team = d.get("team") or ""
        return self.submit(lambda **_fields: services.entry_save_public(
            entry=entry, birth_year=d.get("birth_year"), member=d.get("member", False), submit=submit,
            uploads=d.get("files") or [], today=timezone.localdate()))
