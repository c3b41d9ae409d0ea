"""Reads for contests."""

from __future__ import annotations

from .models import Contest, Result, Round
from . import ranking


def standings(round: Round) -> list[tuple[ranking.Ranked, Result]]:
    """The round's ranking by the written rules (ranking.py), each with its Result row."""
    other_kind = Round.Kind.PRELIMINARY if round.kind == Round.Kind.FINAL else Round.Kind.FINAL
    results = list(Result.objects.filter(round=round).select_related("entry"))
    other = dict(Result.objects.filter(round__contest_id=round.contest_id, round__kind=other_kind)
                 .values_list("entry_id", "score"))
    by_entry = {r.entry_id: r for r in results}
    ranked = ranking.rank((r.entry_id, r.score, r.first_criterion, other.get(r.entry_id)) for r in results)
    return [(x, by_entry[x.key]) for x in ranked]


def flagged(round: Round, contest: Contest) -> list[Result]:
    """Entries whose jurors disagree strongly (spread over the contest's threshold)."""
    return list(Result.objects.filter(round=round, spread__gt=float(contest.disagreement)).select_related("entry"))


# ---------------------------------------------------------------- public pages (views_public.py)

def public_contest(pk: int) -> Contest:
    """A contest out of its draft, with what its page shows (categories, rounds and their rubrics) read in
    four queries; a draft is a 404."""
    from django.db.models import Prefetch
    from django.shortcuts import get_object_or_404

    from .models import Criterion

    return get_object_or_404(
        Contest.objects.exclude(status=Contest.Status.DRAFT).select_related("unit").prefetch_related(
            "categories", Prefetch("rounds", queryset=Round.objects.prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))))), pk=pk)


def public_ranking(contest: Contest) -> list[dict]:
    """The published ranking of the last judged round that has results (final, else preliminary): place,
    entry, names and unit. Nothing before the results are published (blind until then)."""
    from .models import Entry

    if contest.status != Contest.Status.PUBLISHED:
        return []
    rounds = {r.kind: r for r in contest.rounds.all()}
    for kind in (Round.Kind.FINAL, Round.Kind.PRELIMINARY):
        round = rounds.get(kind)
        if round is not None and Result.objects.filter(round=round, score__isnull=False).exists():
            break
    else:
        return []
    ranked = [x for x, _result in standings(round)]
    entries = Entry.objects.select_related("category", "unit", "unit__commune").in_bulk(
        [x.key for x in ranked if x.place])
    return [{"place": x.place, "score": x.score, "entry": entries[x.key], "round": round,
             "team": [n for n in entries[x.key].team.splitlines() if n.strip()]}
            for x in ranked if x.place and x.key in entries]


def entrant_communes(contest: Contest):
    """The communes/wards an entrant may pick: those under the organiser (its own, for a commune's contest)."""
    from tienphong.core.paths import subtree_q
    from tienphong.units.models import OrgUnit

    unit = contest.unit
    if unit.kind == OrgUnit.Kind.PROVINCE:
        return OrgUnit.objects.filter(subtree_q(unit.path), kind=OrgUnit.Kind.COMMUNE, active=True).order_by("name")
    return OrgUnit.objects.filter(pk=unit.commune_id or unit.pk, active=True)


def entrant_branches(contest: Contest, commune):
    """The grassroots unions and branches of one commune (within the organiser's tree) an entrant may pick."""
    from tienphong.core.paths import subtree_q
    from tienphong.units.models import OrgUnit

    if commune is None:
        return OrgUnit.objects.none()
    return (OrgUnit.objects.filter(subtree_q(commune.path), subtree_q(contest.unit.path), active=True,
                                   kind__in=[OrgUnit.Kind.GRASSROOTS, OrgUnit.Kind.BRANCH])
            .exclude(pk=commune.pk).order_by("path"))


def entry_by_token(token) -> "Entry":
    """The entry behind a personal link's token (already unsigned), with its contest and files; else 404."""
    from django.shortcuts import get_object_or_404

    from .models import Entry

    return get_object_or_404(Entry.objects.select_related("contest", "contest__unit", "category", "unit",
                                                          "unit__commune").prefetch_related(
        "attachments", "contest__rounds"), token=token)
