"""The contest's written rules for working out results, as plain functions (no database).

- A score sheet (one juror, one entry, one round) counts once every criterion of the round's rubric has a
  value; its total is the weighted mean of its values, on the round's scale (0–10 or 0–100).
- An entry's score is the mean of its sheets' totals; when at least `trim_from` jurors scored it (5 by
  default), the highest and the lowest total are dropped first (one of each).
- The spread is the standard deviation of all its totals; over the contest's threshold the entry is
  flagged: the jurors disagree strongly and the board should look before approving.
- Ranking: score, highest first; a tie is broken by the mean of the rubric's first criterion (over the same
  sheets), then by the entry's score in the final round (or, when ranking the final, in the preliminary
  review). Entries still equal share their place.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping, Sequence


PLACES = 4  # decimals kept of a mean: scores are given to 0.1


def sheet_total(values: Mapping[Hashable, float], weights: Mapping[Hashable, float]) -> float | None:
    """The weighted mean of one sheet, or None while a criterion of the rubric has no value."""
    if not weights or any(c not in values for c in weights):
        return None
    total_weight = sum(weights.values())
    return sum(float(values[c]) * w for c, w in weights.items()) / total_weight


@dataclass(frozen=True)
class Standing:
    sheets: int
    score: float | None
    first_criterion: float | None
    spread: float | None
    trimmed: bool


def standing(sheets: Sequence[tuple[float, float]], *, trim_from: int = 5) -> Standing:
    """`sheets`: (total, value of the first criterion) of each complete sheet of one entry in one round."""
    n = len(sheets)
    if not n:
        return Standing(0, None, None, None, False)
    spread = statistics.pstdev([t for t, _ in sheets]) if n > 1 else 0.0
    kept = sorted(sheets, key=lambda s: (s[0], s[1]))
    trimmed = n >= trim_from
    if trimmed:
        kept = kept[1:-1]
    # Rounded, so that equal scores reached in different orders are equal (a tie is a tie).
    score = round(sum(t for t, _ in kept) / len(kept), PLACES)
    first = round(sum(f for _, f in kept) / len(kept), PLACES)
    return Standing(n, score, first, round(spread, PLACES), trimmed)


@dataclass(frozen=True)
class Ranked:
    place: int
    key: Hashable
    score: float | None
    tie_broken_by: str  # "" | "first_criterion" | "other_round" | "shared"


def rank(rows: Iterable[tuple[Hashable, float | None, float | None, float | None]]) -> list[Ranked]:
    """Places for (key, score, first criterion, other round's score) rows; unscored entries last, unplaced."""
    def num(x):
        return float("-inf") if x is None else x

    ordered = sorted(rows, key=lambda r: (r[1] is None, -num(r[1]), -num(r[2]), -num(r[3]), str(r[0])))
    out: list[Ranked] = []
    for i, (key, score, first, other) in enumerate(ordered):
        if score is None:
            out.append(Ranked(0, key, None, ""))
            continue
        prev = ordered[i - 1] if i else None
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        place = i + 1
        if prev is not None and prev[1:] == (score, first, other):
            place = out[-1].place
        out.append(Ranked(place, key, score, _how(ordered[i], (prev, nxt))))
    return out


def _how(row, neighbours) -> str:
    """Which rule told this row apart from its neighbours with the same score."""
    same = [o for o in neighbours if o is not None and o[1] == row[1]]
    if not same:
        return ""
    if any(o[2:] == row[2:] for o in same):
        return "shared"
    if any(o[2] == row[2] for o in same):
        return "other_round"
    return "first_criterion"
