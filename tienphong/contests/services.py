"""Writes for contests (keyword-only, atomic, DomainError with a Vietnamese message)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.scope import Scope
from tienphong.core.text import clean_name, search_blob

from tienphong.rollups import services as rollups

from . import ranking, rollup
from .models import Assignment, Contest, Criterion, Entry, Juror, Result, Round, Score


def _require(by, path: str, perm: str = "manage_contests") -> None:
    if not Scope.for_user(by).allows(path, perm):
        raise DomainError("not_allowed", _("You cannot manage this contest."))


# ---------------------------------------------------------------- setting up

def _check_dates(dates: list[tuple]) -> None:
    """Each round's (from, to) in order, none overlapping the next."""
    for (start, end), nxt in zip(dates, dates[1:] + [None]):
        if start > end or (nxt and end > nxt[0]):
            raise DomainError("dates_order", _("Each round ends before the next one starts."))


@transaction.atomic
def contest_create(*, unit, name: str, by, categories: list[str], rubric: list[tuple[str, int, str]],
                   submission: tuple, preliminary: tuple, final: tuple | None = None, scale: int = 10,
                   theme: str = "", **options) -> Contest:
    """A contest with its categories, its rounds (`(from, to)` dates each; the results round follows the
    last judged one) and one rubric (name, weight %, what each level means) for each judged round."""
    _require(by, unit.path)
    name = clean_name(name)
    if not name:
        raise DomainError("name_required", _("Type the contest's name."))
    categories = [clean_name(c) for c in categories if clean_name(c)]
    if not categories:
        raise DomainError("categories_required", _("Give the contest at least one category."))
    if len(set(categories)) != len(categories):
        raise DomainError("category_twice", _("Each category once."))
    if not rubric or sum(int(w) for _n, w, _l in rubric) != 100:
        raise DomainError("weights_100", _("The criteria's weights must add up to 100%."))
    if scale not in (10, 100):
        raise DomainError("scale_invalid", _("Score on 0–10 or 0–100."))
    dates = [submission, preliminary] + ([final] if final else [])
    _check_dates(dates)
    contest = Contest.objects.create(unit=unit, path=unit.path, name=name, theme=theme.strip(), created_by=by,
                                     **options)
    for i, c in enumerate(categories):
        contest.categories.create(name=c, position=i)
    contest.rounds.create(kind=Round.Kind.SUBMISSION, starts_on=submission[0], ends_on=submission[1])
    judged = [(Round.Kind.PRELIMINARY, preliminary)] + ([(Round.Kind.FINAL, final)] if final else [])
    for kind, (start, end) in judged:
        r = contest.rounds.create(kind=kind, starts_on=start, ends_on=end, scale=scale)
        Criterion.objects.bulk_create([Criterion(round=r, name=clean_name(n), weight=int(w), levels=levels.strip(),
                                                 position=i) for i, (n, w, levels) in enumerate(rubric)])
    last = dates[-1][1]
    contest.rounds.create(kind=Round.Kind.RESULTS, starts_on=last, ends_on=last)
    return contest


EDITABLE = ("name", "theme", "prizes", "age_min", "age_max", "members_only", "team_max", "trim_from", "disagreement")


@transaction.atomic
def contest_update(*, contest: Contest, by, submission: tuple, preliminary: tuple, final: tuple | None = None,
                   **fields) -> Contest:
    """The contest's words, eligibility, written rules and round dates, until its results are approved. A new
    trim rule works every entry's result out again."""
    _require(by, contest.path)
    if contest.status in (Contest.Status.APPROVED, Contest.Status.PUBLISHED):
        raise DomainError("results_fixed", _("The results are approved: the contest can no longer be changed."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(sorted(unknown))
    fields["name"] = clean_name(fields.get("name", contest.name))
    if not fields["name"]:
        raise DomainError("name_required", _("Type the contest's name."))
    dates = [submission, preliminary] + ([final] if final else [])
    _check_dates(dates)
    rounds = {r.kind: r for r in contest.rounds.all()}
    if final is None and Round.Kind.FINAL in rounds and rounds[Round.Kind.FINAL].assignments.exists():
        raise DomainError("final_in_use", _("The final already has score sheets: keep its dates."))
    retrim = "trim_from" in fields and int(fields["trim_from"]) != contest.trim_from
    before = rollup.contest_deltas(contest)  # "contests held" is dated by the submission round's first day
    for name, value in fields.items():
        setattr(contest, name, value.strip() if isinstance(value, str) and name != "name" else value)
    contest.save()
    kinds = [(Round.Kind.SUBMISSION, submission), (Round.Kind.PRELIMINARY, preliminary)]
    if final:
        kinds.append((Round.Kind.FINAL, final))
    for kind, (start, end) in kinds:
        r = rounds.get(kind)
        if r is None:  # a final added later takes the preliminary's rubric
            r = contest.rounds.create(kind=kind, starts_on=start, ends_on=end, scale=rounds[Round.Kind.PRELIMINARY].scale)
            Criterion.objects.bulk_create([Criterion(round=r, name=c.name, weight=c.weight, levels=c.levels,
                                                     position=c.position)
                                           for c in rounds[Round.Kind.PRELIMINARY].criteria.all()])
        else:
            r.starts_on, r.ends_on = start, end
            r.save(update_fields=["starts_on", "ends_on"])
    if final is None and Round.Kind.FINAL in rounds:
        rounds[Round.Kind.FINAL].delete()
    results = rounds.get(Round.Kind.RESULTS)
    if results is not None:
        results.starts_on = results.ends_on = dates[-1][1]
        results.save(update_fields=["starts_on", "ends_on"])
    if retrim:
        for r in contest.rounds.filter(kind__in=[Round.Kind.PRELIMINARY, Round.Kind.FINAL]):
            criteria = list(r.criteria.all())  # read once for the round, not once per entry
            for entry_id in r.results.values_list("entry_id", flat=True):
                _recompute(entry_id=entry_id, round=r, criteria=criteria)
    rollups.replace(before, rollup.contest_deltas(contest))
    return contest


@transaction.atomic
def set_status(*, contest: Contest, status: str, by) -> Contest:
    """Draft → open for entries → judging (approval and publication have their own functions)."""
    _require(by, contest.path)
    allowed = {Contest.Status.DRAFT: {Contest.Status.OPEN}, Contest.Status.OPEN: {Contest.Status.JUDGING},
               Contest.Status.JUDGING: {Contest.Status.OPEN}}
    if status not in allowed.get(contest.status, set()):
        raise DomainError("status_invalid", _("This contest cannot go from “%(a)s” to that step.") % {
            "a": contest.get_status_display()})
    before = rollup.contest_deltas(contest)
    contest.status = status
    contest.save(update_fields=["status", "updated_at"])
    rollups.replace(before, rollup.contest_deltas(contest))
    return contest


@transaction.atomic
def juror_add(*, contest: Contest, user, unit, categories, by, conflicts=()) -> Juror:
    """A juror for some categories; `unit` is theirs (they never score its entries)."""
    _require(by, contest.path)
    categories = list(categories)
    if not categories or any(c.contest_id != contest.pk for c in categories):
        raise DomainError("categories_required", _("Choose the juror's categories."))
    juror, _created = Juror.objects.get_or_create(contest=contest, user=user, defaults={"unit": unit})
    if juror.unit_id != unit.pk:
        juror.unit = unit
        juror.save(update_fields=["unit"])
    juror.categories.set(categories)
    if conflicts:
        juror.declared_conflicts.add(*conflicts)
    return juror


# ---------------------------------------------------------------- entries

@transaction.atomic
def entry_save(*, entry: Entry, submit: bool = False, by=None, today=None) -> Entry:
    """Save an entrant's draft (and submit it when `submit`): allowed until the submission round ends."""
    contest = entry.contest
    today = today or timezone.localdate()
    submission = contest.rounds.filter(kind=Round.Kind.SUBMISSION).first()
    if contest.status != Contest.Status.OPEN or submission is None or not (
            submission.starts_on <= today <= submission.ends_on):
        raise DomainError("closed", _("Entries to this contest are closed."))
    entry.title = clean_name(entry.title)
    entry.lead_name = clean_name(entry.lead_name)
    if not entry.title:
        raise DomainError("title_required", _("Give your idea a title."))
    if not entry.lead_name:
        raise DomainError("lead_required", _("Type the entrant's name."))
    team = [clean_name(line) for line in (entry.team or "").splitlines() if clean_name(line)]
    if 1 + len(team) > contest.team_max:
        raise DomainError("team_too_large", _("A team has at most %(n)s people.") % {"n": contest.team_max})
    entry.team, entry.people = "\n".join(team), 1 + len(team)
    if submit:
        if not (entry.problem or "").strip() or not (entry.solution or "").strip():
            raise DomainError("incomplete", _("Describe the problem and your solution before submitting."))
        entry.status, entry.submitted_at = Entry.Status.SUBMITTED, entry.submitted_at or timezone.now()
    entry.path = entry.unit.path
    entry.search_text = search_blob(entry.title, entry.lead_name)[:255]
    entry.author = entry.author or by
    before = rollup.entry_deltas(entry)
    entry.save()
    rollups.replace(before, rollup.entry_deltas(entry))
    return entry


# ---------------------------------------------------------------- jury

def in_conflict(juror: Juror, entry: Entry, declared: set[int] | None = None) -> bool:
    """A juror never scores an entry from their own unit (a commune's juror: anything in that commune;
    the province's: entries of the province's own office) nor one they declared."""
    if declared is None:
        declared = set(juror.declared_conflicts.values_list("pk", flat=True))
    if entry.pk in declared:
        return True
    own = juror.unit.path
    if juror.unit.depth == 0:
        return entry.unit_id == juror.unit_id
    return entry.path.startswith(own)


@transaction.atomic
def assign(*, juror: Juror, entry: Entry, round: Round, by) -> Assignment:
    """Give one entry to one juror by hand: refused across a conflict of interest."""
    _require(by, juror.contest.path)
    if entry.contest_id != juror.contest_id or round.contest_id != juror.contest_id or not round.judged:
        raise DomainError("wrong_contest", _("This entry or round is not of this contest."))
    if in_conflict(juror, entry):
        raise DomainError("conflict", _("This juror may not score an entry from their own unit or one they "
                                        "declared a conflict with."))
    if entry.status != Entry.Status.SUBMITTED:
        raise DomainError("not_submitted", _("Only submitted entries are judged."))
    return Assignment.objects.get_or_create(juror=juror, entry=entry, round=round)[0]


@transaction.atomic
def assign_automatically(*, round: Round, per_entry: int, by) -> int:
    """Each submitted entry of the round's contest to `per_entry` jurors of its category, the least loaded
    first, never across a conflict. Returns how many assignments were made."""
    contest = round.contest
    _require(by, contest.path)
    if not round.judged:
        raise DomainError("not_judged", _("Entries are scored only in the preliminary and final rounds."))
    jurors = list(contest.jurors.select_related("unit").prefetch_related("categories", "declared_conflicts"))
    cats = {j.pk: {c.pk for c in j.categories.all()} for j in jurors}
    declared = {j.pk: {e.pk for e in j.declared_conflicts.all()} for j in jurors}
    load = {j.pk: 0 for j in jurors}
    have: dict[int, set[int]] = {}
    for juror_id, entry_id in Assignment.objects.filter(round=round).values_list("juror_id", "entry_id"):
        load[juror_id] = load.get(juror_id, 0) + 1
        have.setdefault(entry_id, set()).add(juror_id)
    made = []
    for entry in contest.entries.filter(status=Entry.Status.SUBMITTED).order_by("pk"):
        already = have.get(entry.pk, set())
        free = [j for j in jurors if entry.category_id in cats[j.pk] and j.pk not in already
                and not in_conflict(j, entry, declared[j.pk])]
        free.sort(key=lambda j: (load[j.pk], j.pk))
        for juror in free[:max(0, per_entry - len(already))]:
            made.append(Assignment(juror=juror, entry=entry, round=round))
            load[juror.pk] += 1
    Assignment.objects.bulk_create(made)
    return len(made)


# ---------------------------------------------------------------- scoring

@transaction.atomic
def score(*, assignment: Assignment, values: dict[int, object], by) -> Result:
    """A juror's values for their sheet (criterion id → number on the round's scale); the entry's result in
    the round is worked out again from all its sheets at once."""
    juror, round = assignment.juror, assignment.round
    if juror.user_id != getattr(by, "pk", None):
        raise DomainError("not_your_sheet", _("This score sheet is another juror's."))
    contest = round.contest
    if contest.status != Contest.Status.JUDGING:
        raise DomainError("not_judging", _("Scoring is closed for this contest."))
    criteria = {c.pk: c for c in round.criteria.all()}
    rows = []
    for key, raw in values.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            raise DomainError("criterion_invalid", _("This criterion is not of this round."))
        try:
            value = Decimal(str(raw).replace(",", ".")).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise DomainError("score_invalid", _("Type a number for “%(c)s”.") % {"c": criterion.name}) from None
        if not Decimal(0) <= value <= round.scale:
            raise DomainError("score_range", _("“%(c)s” is scored from 0 to %(max)s.") % {
                "c": criterion.name, "max": round.scale})
        rows.append(Score(assignment=assignment, criterion=criterion, value=value))
    Score.objects.bulk_create(rows, update_conflicts=True, unique_fields=["assignment", "criterion"],
                              update_fields=["value", "updated_at"])
    result, sheets = _recompute(entry_id=assignment.entry_id, round=round, criteria=list(criteria.values()))
    done = len(sheets.get(assignment.pk, ())) == len(criteria)  # read with the entry's sheets: no count
    if done != (assignment.completed_at is not None):
        if not done:  # a value taken back: the sheet no longer counts on the day it was completed
            rollups.add(rollup.sheet_deltas(assignment, -1))
        assignment.completed_at = timezone.now() if done else None
        assignment.save(update_fields=["completed_at"])
        if done:
            rollups.add(rollup.sheet_deltas(assignment))
    return result


def recompute(*, entry_id: int, round: Round) -> Result:
    """The entry's Result in the round from its complete sheets (after a change of rubric, say)."""
    return _recompute(entry_id=entry_id, round=round, criteria=list(round.criteria.all()))[0]


def _recompute(*, entry_id: int, round: Round, criteria: list[Criterion]) -> tuple[Result, dict]:
    """One read of the entry's ≤ jurors × criteria values in the round, one upsert of its Result; also
    hands back the sheets read (assignment id → {criterion id: value})."""
    criteria = sorted(criteria, key=lambda c: (c.position, c.pk))
    weights = {c.pk: c.weight for c in criteria}
    first = criteria[0].pk if criteria else None
    sheets: dict[int, dict[int, float]] = {}
    for assignment_id, criterion_id, value in Score.objects.filter(
            assignment__entry_id=entry_id, assignment__round=round).values_list(
            "assignment_id", "criterion_id", "value"):
        sheets.setdefault(assignment_id, {})[criterion_id] = float(value)
    totals = []
    for values in sheets.values():
        total = ranking.sheet_total(values, weights)
        if total is not None:
            totals.append((total, values[first]))
    s = ranking.standing(totals, trim_from=round.contest.trim_from)
    result = Result(entry_id=entry_id, round=round, sheets=s.sheets, score=s.score, first_criterion=s.first_criterion,
                    spread=s.spread, trimmed=s.trimmed)
    Result.objects.bulk_create([result], update_conflicts=True, unique_fields=["entry", "round"],
                               update_fields=["sheets", "score", "first_criterion", "spread", "trimmed"])
    return result, sheets


# ---------------------------------------------------------------- results

@transaction.atomic
def approve(*, contest: Contest, by) -> Contest:
    """The board approves the results as they stand; they can then be published."""
    _require(by, contest.path, "approve_contests")
    if contest.status != Contest.Status.JUDGING:
        raise DomainError("not_judging", _("Only a contest being judged can have its results approved."))
    contest.status, contest.approved_by, contest.approved_at = Contest.Status.APPROVED, by, timezone.now()
    contest.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return contest


@transaction.atomic
def publish(*, contest: Contest, by) -> Contest:
    _require(by, contest.path)
    if contest.status != Contest.Status.APPROVED:
        raise DomainError("not_approved", _("The board must approve the results before they are published."))
    contest.status, contest.published_at = Contest.Status.PUBLISHED, timezone.now()
    contest.save(update_fields=["status", "published_at", "updated_at"])
    return contest


# ---------------------------------------------------------------- the public entry form (views_public.py)

ENTRANT_UNIT_KINDS = ("commune", "grassroots", "branch")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 3
ATTACHMENT_FOLDER = "contests"
# What an entrant may attach, by extension, and how its first bytes (or, for Office files, the zip's
# parts) prove it: a renamed program or web page is refused.
ATTACHMENT_KINDS = {"pdf": "PDF", "docx": "Word", "pptx": "PowerPoint", "xlsx": "Excel", "jpg": "JPEG",
                    "jpeg": "JPEG", "png": "PNG"}
_OFFICE_PART = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}


def entries_open(contest: Contest, today=None) -> bool:
    """Whether entries may be saved today: the contest is open and its submission round runs."""
    today = today or timezone.localdate()
    submission = next((r for r in contest.rounds.all() if r.kind == Round.Kind.SUBMISSION), None)
    return (contest.status == Contest.Status.OPEN and submission is not None
            and submission.starts_on <= today <= submission.ends_on)


def _require_open(contest: Contest, today=None) -> None:
    if not entries_open(contest, today):
        raise DomainError("closed", _("Entries to this contest are closed."))


@transaction.atomic
def entry_save_public(*, entry: Entry, birth_year, member: bool = False, submit: bool = False,
                      uploads=(), today=None) -> Entry:
    """An entry from the public form (no account): the entrant's unit inside the organiser's tree, their
    age in the contest's range (counted by year of birth), the members-only declaration, a phone to reach
    them; then `entry_save`, and the files `uploads` attached (all checked before anything is stored)."""
    contest = entry.contest
    uploads = [u for u in uploads if u]
    have = entry.attachments.count() if entry.pk else 0
    if have + len(uploads) > ATTACHMENTS_MAX:
        raise DomainError("attachments_max", _("An entry has at most %(n)s files: delete one first.")
                          % {"n": ATTACHMENTS_MAX})
    for upload in uploads:
        _check_upload(upload)
    today = today or timezone.localdate()
    _require_open(contest, today)
    unit = entry.unit
    if unit is None or unit.kind not in ENTRANT_UNIT_KINDS or not unit.active or not (
            unit.path.startswith(contest.path)):
        raise DomainError("unit_invalid", _("Choose your commune or ward among those of this contest."))
    try:
        year = int(birth_year)
    except (TypeError, ValueError):
        raise DomainError("birth_year_required", _("Type the entrant's year of birth.")) from None
    age = today.year - year
    if not 0 < age < 120:
        raise DomainError("birth_year_invalid", _("Type a year of birth such as 2001."))
    if not contest.age_min <= age <= contest.age_max:
        raise DomainError("age", _("This contest is for people aged %(min)s to %(max)s; born in %(year)s, you are "
                                   "%(age)s this year.") % {"min": contest.age_min, "max": contest.age_max,
                                                             "year": year, "age": age})
    if contest.members_only and not member:
        raise DomainError("members_only", _("This contest is for union members only: tick the declaration."))
    entry.lead_birth_year, entry.member_declared = year, bool(member)
    from tienphong.members.services import normalize_phone  # a layer below; only the public form needs it

    entry.lead_phone = normalize_phone(entry.lead_phone)
    if not entry.lead_phone:
        raise DomainError("phone_required", _("Type a phone number so the organisers can reach you."))
    entry = entry_save(entry=entry, submit=submit, today=today)
    for upload in uploads:
        attachment_add(entry=entry, upload=upload, today=today)
    return entry


def _attachment_kind(upload, ext: str) -> bool:
    """Whether the file's content is what its extension says."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    import zipfile

    try:
        with zipfile.ZipFile(upload) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(_OFFICE_PART[ext]) for n in names)


def _original_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "tep"
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:140] + dot + ext[:9]) if dot else base[:150]
    return base


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


@transaction.atomic
def attachment_add(*, entry: Entry, upload, today=None) -> "Attachment":
    """One file of an entry (PDF, Word, PowerPoint, Excel, JPEG or PNG, at most 10 MB, 3 per entry), kept
    in the private storage while entries are open."""
    import uuid

    from .models import Attachment

    _require_open(entry.contest, today)
    if entry.pk is None:
        raise DomainError("entry_unsaved", _("Save the entry before attaching files."))
    # One entry's files in turn (two tabs uploading at once cannot pass the limit together).
    Entry.objects.select_for_update().filter(pk=entry.pk).first()
    if Attachment.objects.filter(entry=entry).count() >= ATTACHMENTS_MAX:
        raise DomainError("attachments_max", _("An entry has at most %(n)s files: delete one first.")
                          % {"n": ATTACHMENTS_MAX})
    original, ext = _check_upload(upload)
    name = f"{ATTACHMENT_FOLDER}/{entry.pk}/{uuid.uuid4().hex}.{'jpg' if ext == 'jpeg' else ext}"
    storage = private_storage()
    stored = storage.save(name, upload)
    try:
        return Attachment.objects.create(entry=entry, file=stored, original_name=original, size=upload.size)
    except Exception:
        storage.delete(stored)
        raise


def _check_upload(upload) -> tuple[str, str]:
    """(the file's shown name, its extension) when its size, name and content are acceptable."""
    from django.utils.formats import number_format

    original = _original_name(getattr(upload, "name", ""))
    ext = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DomainError("attachment_too_large", _("“%(name)s” is %(size)s MB; a file may be at most %(max)s MB.")
                          % {"name": original, "size": number_format(upload.size / 1024 / 1024, 1),
                             "max": ATTACHMENT_MAX_BYTES // (1024 * 1024)})
    if ext not in ATTACHMENT_KINDS:
        raise DomainError("attachment_type", _("“%(name)s” is not a PDF, Word, PowerPoint, Excel, JPEG or PNG file.")
                          % {"name": original})
    if not _attachment_kind(upload, ext):
        raise DomainError("attachment_content", _("“%(name)s” is not a real %(kind)s file (its content does not "
                                                  "match its name).") % {"name": original,
                                                                         "kind": ATTACHMENT_KINDS[ext]})
    return original, ext


@transaction.atomic
def attachment_delete(*, attachment, today=None) -> None:
    """The entrant removes a file while entries are open; the stored file goes after the commit."""
    _require_open(attachment.entry.contest, today)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: private_storage().delete(stored))


ENTRY_LINK_SALT = "contests.entry-link"


def entry_link_value(entry: Entry) -> str:
    """The entrant's key in their personal link: the entry's random token, signed, so a made-up or mistyped
    link is refused before the database is asked."""
    from django.core import signing

    return signing.Signer(salt=ENTRY_LINK_SALT).sign(str(entry.token))


def token_from_link(value: str) -> str:
    from django.core import signing

    try:
        return signing.Signer(salt=ENTRY_LINK_SALT).unsign(value or "")
    except signing.BadSignature:
        raise DomainError("link_invalid", _("This link is not a contest entry's link.")) from None
