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
