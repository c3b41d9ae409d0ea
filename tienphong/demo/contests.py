"""The demo's idea contests and innovation ecosystem (issue 15, docs/contests.md).

- “Cuộc thi Ý tưởng thanh niên chuyển đổi số năm 2026” of the province: three categories, a rubric of five
  weighted criteria, rounds over the past five months (submission, preliminary review, final with
  presentations), 30 ideas submitted from a dozen communes by demo members and their teams, a jury of five demo
  accounts (one of a ward: never given that ward's entries), each entry scored by three jurors and some by all
  five (so the highest and lowest totals are dropped), the top six scored again in the final; results approved
  and published.
- A second contest open for entries today (its public form usable), with a few entries already in.
- The ecosystem: six experts (four listed with their consent), mentor matches, the final's top three as projects
  with a mentor, the demo partners' support, milestones and quarterly follow-ups (one realised), and five youth
  startups founded by demo members, selling demo products.

The contests and the ecosystem rows go through their services where a row is a call (contests, jurors, the open
contest's entries, approval, experts, projects, startups); the past contest's entries, assignments, score
sheets and results are written in bulk, as the services would (contests.ranking works the results out), and the
loader rebuilds the figures. Dates are relative to today. Idempotent: a contest, an expert, a startup found by
name is left alone; the projects are made once; juror accounts by username (an existing one is never touched).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tienphong.accounts.models import User
from tienphong.contests import ranking
from tienphong.contests import services as contests
from tienphong.contests.models import Assignment, Contest, Entry, Result, Round, Score
from tienphong.core.text import search_blob
from tienphong.ecosystem import services as ecosystem
from tienphong.ecosystem.models import Expert, MentorMatch, Milestone, Project, Startup
from tienphong.members.models import Member
from tienphong.partners.models import Partner
from tienphong.products.models import Product
from tienphong.units.models import OrgUnit

from . import contests_data as D
from .tree import DEMO_PASSWORD

ADMIN = "tinhdoan"
ENTRANT_COMMUNES = 12
FIVE_JURORS = 6  # preliminary entries every juror scores (the trim rule applies from five)
FINALISTS = 6
# Days before today: submission, preliminary review, final, approval, publication.
SUBMISSION, PRELIMINARY, FINAL = (160, 110), (105, 90), (80, 75)
APPROVED, PUBLISHED, PROJECTS_START, REALISED = 72, 70, 65, 12


def _at(rng, day: dt.date, first_hour=7, last_hour=22) -> dt.datetime:
    minutes = rng.randint(first_hour * 60, last_hour * 60)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def _days(rng, today, span) -> dt.date:
    return today - dt.timedelta(days=rng.randint(span[1], span[0]))


def _jurors_accounts(communes) -> tuple[list[tuple[User, OrgUnit, str]], int]:
    """The jury's logins (created like the other demo accounts, audited; one password hash for all)."""
    by_name = {c.name: c for c in communes}
    existing = {u.username: u for u in User.objects.filter(username__in=[j[0] for j in D.JURORS])}
    hashed, made, out = None, 0, []
    for username, full_name, note, unit_name in D.JURORS:
        user = existing.get(username)
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User.objects.create(username=username, full_name=full_name, password=hashed)
            made += 1
        out.append((user, by_name.get(unit_name), note))
    return out, made


def load_contests(province: OrgUnit, *, seed: int, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    rng = random.Random(seed * 17 + 15)
    communes = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.COMMUNE).order_by("code"))
    jury, accounts = _jurors_accounts(communes)
    created = {"accounts": accounts, "contests": 0, "entries": 0, "score_sheets": 0, "experts": 0,
               "mentor_matches": 0, "projects": 0, "startups": 0}
    admin = User.objects.filter(username=ADMIN).first()
    result = {"created": created, "jurors": [(u.username, u.full_name, note) for u, _unit, note in jury]}
    if admin is None:  # the province's login was deleted: nobody to set the contests up
        return result
    with disable_auditlog():
        in_province = Contest.objects.filter(path__startswith=province.path)
        contest = in_province.filter(name=D.CONTEST).first()
        if contest is None:
            contest = _past_contest(province, communes, jury, admin, rng, today, created)
        if not in_province.filter(name=D.OPEN_CONTEST).exists():
            _open_contest(province, communes, admin, rng, today, created)
        experts = _experts(province, admin, created)
        if not Project.objects.filter(path__startswith=province.path).exists():
            _projects(contest, experts, admin, rng, today, created)
        _startups(province, communes, admin, rng, today, created)
    return result


# ---------------------------------------------------------------- the past contest

def _past_contest(province, communes, jury, admin, rng, today, created) -> Contest:
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    contest = contests.contest_create(
        unit=province, name=D.CONTEST, by=admin, categories=D.CATEGORIES, rubric=D.RUBRIC,
        submission=(ago(SUBMISSION[0]), ago(SUBMISSION[1])), preliminary=(ago(PRELIMINARY[0]), ago(PRELIMINARY[1])),
        final=(ago(FINAL[0]), ago(FINAL[1])), scale=10, theme=D.CONTEST_THEME, prizes=D.CONTEST_PRIZES,
        age_min=16, age_max=35, team_max=5)
    created["contests"] += 1
    contests.set_status(contest=contest, status=Contest.Status.OPEN, by=admin)
    categories = list(contest.categories.order_by("position"))
    rounds = {r.kind: r for r in contest.rounds.all()}

    # The entrants: members of a dozen communes (the main ward among them), aged 16 to 35.
    main = next((c for c in communes if c.name == "Phường Hoa Lư"), communes[0])
    chosen = [main] + rng.sample([c for c in communes if c != main], ENTRANT_COMMUNES - 1)
    people: dict[int, list] = {c.pk: [] for c in chosen}
    youngest = dt.date(today.year - 35, 1, 1)
    for row in (Member.objects.filter(commune__in=chosen, status=Member.Status.ACTIVE, birth_date__gte=youngest)
                .order_by("pk").values_list("commune_id", "full_name", "phone", "birth_date")):
        people[row[0]].append(row)
    entries, quality = [], {}
    order = list(range(len(D.ENTRIES)))
    rng.shuffle(order)
    for n, i in enumerate(order):
        category, strength, title, problem, solution, beneficiaries = D.ENTRIES[i]
        commune = chosen[n % len(chosen)]
        pool = people[commune.pk]
        size = min(rng.choice(D.TEAM_SIZES), len(pool))
        team = rng.sample(pool, size) if size else [(commune.pk, "Nguyễn Văn An", "", dt.date(2000, 1, 1))]
        lead = team[0]
        entry = Entry(contest=contest, category=categories[category], unit=commune, path=commune.path, title=title,
                      problem=problem, solution=solution, beneficiaries=beneficiaries, lead_name=lead[1],
                      lead_phone=lead[2], team="\n".join(p[1] for p in team[1:]), people=len(team),
                      lead_birth_year=lead[3].year, member_declared=True, status=Entry.Status.SUBMITTED,
                      submitted_at=_at(rng, _days(rng, today, SUBMISSION)),
                      token=uuid.UUID(int=rng.getrandbits(128), version=4),
                      search_text=search_blob(title, lead[1])[:255])
        entries.append(entry)
        quality[title] = 4.6 + 4.0 * strength + rng.gauss(0, 0.25)
    entries.sort(key=lambda e: e.submitted_at)  # numbered (#0001…) in the order they came in
    Entry.objects.bulk_create(entries)
    created["entries"] += len(entries)
    contests.set_status(contest=contest, status=Contest.Status.JUDGING, by=admin)

    jurors = [contests.juror_add(contest=contest, user=user, unit=unit or province, categories=categories, by=admin)
              for user, unit, _note in jury]
    preliminary, final = rounds[Round.Kind.PRELIMINARY], rounds[Round.Kind.FINAL]
    criteria = {r.pk: list(r.criteria.order_by("position")) for r in (preliminary, final)}

    # Preliminary review: three jurors an entry, the least loaded first, never across a conflict; every juror
    # for a few of them (the highest and the lowest total dropped).
    load = {j.pk: 0 for j in jurors}
    free = {e.pk: [j for j in jurors if not contests.in_conflict(j, e, set())] for e in entries}
    everyone = set(e.pk for e in rng.sample([e for e in entries if len(free[e.pk]) == len(jurors)], FIVE_JURORS))
    sheets = []  # (assignment, entry, quality, outlier juror)
    for entry in entries:
        panel = free[entry.pk] if entry.pk in everyone else sorted(
            free[entry.pk], key=lambda j: (load[j.pk], rng.random()))[:3]
        outlier = rng.choice(panel).pk if entry.pk in everyone else None
        for juror in panel:
            load[juror.pk] += 1
            done = _at(rng, _days(rng, today, PRELIMINARY))
            sheets.append((Assignment(juror=juror, entry=entry, round=preliminary, completed_at=done), entry,
                           quality[entry.title], outlier))
    standings = _score(sheets, criteria[preliminary.pk], jurors, rng)
    # The final, with presentations: the six best of the preliminary review, before every juror they may meet.
    ranked = ranking.rank((pk, s.score, s.first_criterion, None) for pk, s in standings.items())
    finalists = [e for x in ranked[:FINALISTS] for e in entries if e.pk == x.key]
    sheets = [(Assignment(juror=j, entry=e, round=final, completed_at=_at(rng, today - dt.timedelta(days=FINAL[1]),
                                                                         8, 17)),
               e, quality[e.title] + rng.gauss(0, 0.2), None) for e in finalists for j in free[e.pk]]
    _score(sheets, criteria[final.pk], jurors, rng)
    created["score_sheets"] += sum(load.values()) + len(sheets)

    contests.approve(contest=contest, by=admin)
    contests.publish(contest=contest, by=admin)
    Contest.objects.filter(pk=contest.pk).update(
        approved_at=_at(rng, today - dt.timedelta(days=APPROVED), 8, 11),
        published_at=_at(rng, today - dt.timedelta(days=PUBLISHED), 8, 11))
    return contest


def _score(sheets, criteria, jurors, rng) -> dict:
    """Write the sheets (assignments, their values) and each entry's Result as services.score would leave
    them; returns the standings by entry id."""
    bias = {j.pk: D.JUROR_BIAS[i % len(D.JUROR_BIAS)] for i, j in enumerate(jurors)}
    Assignment.objects.bulk_create([s[0] for s in sheets])
    weights = {c.pk: c.weight for c in criteria}
    first = criteria[0].pk
    offsets: dict[int, list[float]] = {}
    totals: dict[int, list[tuple[float, float]]] = {}
    scores = []
    for assignment, entry, quality, outlier in sheets:
        shift = offsets.setdefault(entry.pk, [rng.gauss(0, 0.45) for _ in criteria])
        jump = rng.choice((1.9, -1.9)) if assignment.juror_id == outlier else 0.0
        values = {}
        for c, off in zip(criteria, shift):
            v = min(10.0, max(0.0, quality + bias[assignment.juror_id] + off + jump + rng.gauss(0, 0.4)))
            values[c.pk] = float(Decimal(str(v)).quantize(Decimal("0.1")))
            scores.append(Score(assignment=assignment, criterion=c, value=Decimal(str(values[c.pk]))))
        totals.setdefault(entry.pk, []).append((ranking.sheet_total(values, weights), values[first]))
    Score.objects.bulk_create(scores, batch_size=1000)
    round_ = sheets[0][0].round
    standings = {pk: ranking.standing(t, trim_from=round_.contest.trim_from) for pk, t in totals.items()}
    Result.objects.bulk_create([Result(entry_id=pk, round=round_, sheets=s.sheets, score=s.score,
                                       first_criterion=s.first_criterion, spread=s.spread, trimmed=s.trimmed)
                                for pk, s in standings.items()])
    return standings


# ---------------------------------------------------------------- the contest open now

def _open_contest(province, communes, admin, rng, today, created) -> None:
    contest = contests.contest_create(
        unit=province, name=D.OPEN_CONTEST, by=admin, categories=D.OPEN_CATEGORIES, rubric=D.OPEN_RUBRIC,
        submission=(today - dt.timedelta(days=12), today + dt.timedelta(days=45)),
        preliminary=(today + dt.timedelta(days=50), today + dt.timedelta(days=65)), scale=10, theme=D.OPEN_THEME,
        prizes="Mỗi sáng kiến được chọn nhận 5.000.000 ₫ để làm thử tại thôn, xóm.", age_min=16, age_max=30,
        members_only=True, team_max=5)
    contests.set_status(contest=contest, status=Contest.Status.OPEN, by=admin)
    created["contests"] += 1
    categories = list(contest.categories.order_by("position"))
    picks = rng.sample(communes, len(D.OPEN_ENTRIES))
    leads = {m.commune_id: m for m in Member.objects.filter(commune__in=picks, status=Member.Status.ACTIVE,
                                                          birth_date__gte=dt.date(today.year - 30, 1, 1))
             .order_by("-pk")}  # one young member of each commune
    for (category, title, problem, solution, submit), commune in zip(D.OPEN_ENTRIES, picks):
        lead = leads.get(commune.pk)
        if lead is None:
            continue
        entry = Entry(contest=contest, category=categories[category], unit=commune, title=title, problem=problem,
                      solution=solution, lead_name=lead.full_name, lead_phone=lead.phone,
                      lead_birth_year=lead.birth_date.year, member_declared=True)
        contests.entry_save(entry=entry, submit=submit, today=today)
        created["entries"] += submit


# ---------------------------------------------------------------- the ecosystem

def _experts(province, admin, created) -> list[Expert]:
    partners = {p.short_name: p for p in Partner.objects.filter(path__startswith=province.path)}
    have = {e.name: e for e in Expert.objects.filter(path__startswith=province.path)}
    out = []
    for name, field, organisation, partner, phone, email, listed in D.EXPERTS:
        expert = have.get(name)
        if expert is None:
            expert = ecosystem.expert_save(
                expert=Expert(unit=province, name=name, field=field, organisation=organisation, phone=phone,
                              email=email, partner=partners.get(partner)), by=admin, consent=listed)
            created["experts"] += 1
        out.append(expert)
    return out


def _projects(contest, experts, admin, rng, today, created) -> None:
    """The final's top three become projects with a mentor and partners' support; the first is realised."""
    final = contest.rounds.filter(kind=Round.Kind.FINAL).first()
    if final is None:
        return
    from tienphong.contests.selectors import standings

    top = [result.entry for x, result in standings(final) if x.place][:3]
    listed = [e for e in experts if e.listed]
    partners = {p.short_name: p for p in Partner.objects.filter(path__startswith=contest.path)}
    start = today - dt.timedelta(days=PROJECTS_START)
    # While the ideas were being written, two entrants asked an expert for help, and got it.
    for entry, expert in zip(top[:2], listed[:2]):
        _match(expert, "Nhờ góp ý cách làm bản thử và cách trình bày ý tưởng trước ban giám khảo.", admin, rng,
               created, asked=today - dt.timedelta(days=SUBMISSION[0] - 15), answered=True, entry=entry)
    for place, entry in enumerate(top):
        project = ecosystem.project_from_entry(entry=entry, by=admin, mentor=listed[place % len(listed)],
                                               started_on=start)
        created["projects"] += 1
        for short, kind, amount, note in D.PROJECT_SUPPORT[place]:
            if short in partners:
                ecosystem.support_add(project=project, partner=partners[short], kind=kind, amount=amount, note=note,
                                      by=admin)
        for title, days, done in D.MILESTONES:
            milestone = ecosystem.milestone_add(project=project, title=title, due_on=start + dt.timedelta(days=days),
                                                by=admin)
            if done or place == 0:  # the realised one met them all, the last on its day
                done_on = min(start + dt.timedelta(days=days - 2), today - dt.timedelta(days=REALISED))
                Milestone.objects.filter(pk=milestone.pk).update(done_on=done_on)
        for days, status in D.FOLLOW_UPS:
            progress = min(100, days + (30 if place == 0 else 10 * (2 - place)))
            ecosystem.follow_up(project=project, progress=progress, status=status, by=admin,
                                today=start + dt.timedelta(days=days))
        if place == 0:
            ecosystem.realise(project=project, on=today - dt.timedelta(days=REALISED), by=admin)
        elif place == 1:  # the team asked for a loan adviser; the organiser has not answered yet
            _match(listed[3 % len(listed)], "Cần tư vấn hồ sơ vay vốn ưu đãi để mua thiết bị.", admin, rng,
                   created,
                   asked=today - dt.timedelta(days=6), answered=False, project=project)
        else:
            _match(listed[2 % len(listed)], "Cần chuyên gia hạ tầng số khảo sát 5 điểm wifi.", admin, rng,
                   created,
                   asked=start + dt.timedelta(days=8), answered=True, project=project)


def _match(expert, message, admin, rng, created, *, asked, answered, entry=None, project=None) -> None:
    match = ecosystem.ask_mentor(expert=expert, message=message, entry=entry, project=project)
    when = {"asked_at": _at(rng, asked, 8, 20)}
    if answered:
        ecosystem.answer_mentor(match=match, matched=True, by=admin)
        when["matched_at"] = _at(rng, asked + dt.timedelta(days=3), 8, 17)
        created["mentor_matches"] += 1
    MentorMatch.objects.filter(pk=match.pk).update(**when)


def _startups(province, communes, admin, rng, today, created) -> None:
    have = set(Startup.objects.filter(path__startswith=province.path).values_list("name", flat=True))
    todo = [s for s in D.STARTUPS if s[0] not in have]
    if not todo:
        return
    products = list(Product.objects.filter(path__startswith=province.path).select_related("producer__commune")
                    .order_by("pk"))
    kinh_te = Project.objects.filter(path__startswith=province.path, entry__category__name="Kinh tế số").first()
    for name, activity, years, jobs, revenue in todo:
        mine = [p for p in products if p.youth_maker_name == name or p.name in D.STARTUP_PRODUCTS.get(name, ())]
        commune = mine[0].producer.commune if mine else communes[rng.randrange(len(communes))]
        founders = list(Member.objects.filter(commune=commune, status=Member.Status.ACTIVE).order_by("pk")[:40])
        founders = rng.sample(founders, min(len(founders), rng.choice((1, 2, 2, 3))))
        startup = Startup(unit=commune, name=name, activity=activity, jobs_created=jobs, revenue_band=revenue,
                          founded_on=today.replace(month=rng.randint(1, today.month), day=1).replace(
                              year=today.year - years),
                          project=kinh_te if name == D.STARTUPS[0][0] else None)
        ecosystem.startup_save(startup=startup, by=admin, founders=founders, products=mine)
        created["startups"] += 1


def contests_summary(result: dict) -> str:
    c = result["created"]
    if not any(c.values()):
        return "Contests and ecosystem already loaded (nothing created)."
    return (f"Contests: {c['contests']} added ({c['entries']} entries submitted, {c['score_sheets']} score sheets, "
            f"{c['accounts']} juror logins); ecosystem: {c['experts']} experts, {c['mentor_matches']} mentor "
            f"matches, {c['projects']} projects, {c['startups']} startups.")
