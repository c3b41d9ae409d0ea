"""The contest's written rules (tienphong/contests/ranking.py), without a database."""

import pytest

from tienphong.contests import ranking


def test_a_sheet_counts_once_every_criterion_has_a_value():
    weights = {"idea": 40, "feasible": 30, "impact": 30}
    assert ranking.sheet_total({"idea": 8, "feasible": 6}, weights) is None
    assert ranking.sheet_total({"idea": 8, "feasible": 6, "impact": 7}, weights) == pytest.approx(7.1)


def test_the_highest_and_lowest_juror_are_dropped_from_five_jurors_on():
    four = [(9.0, 9.0), (7.0, 7.0), (6.0, 6.0), (2.0, 2.0)]
    s = ranking.standing(four, trim_from=5)
    assert not s.trimmed and s.score == pytest.approx(6.0) and s.sheets == 4
    five = four + [(10.0, 8.0)]
    s = ranking.standing(five, trim_from=5)
    assert s.trimmed and s.sheets == 5
    assert s.score == 7.3333  # (9 + 7 + 6) / 3: 10 and 2 dropped; means kept to 4 decimals
    assert s.first_criterion == 7.3333  # over the same sheets
    assert s.spread == pytest.approx(2.7857, abs=1e-3)  # of all five totals
    assert ranking.standing([]) == ranking.Standing(0, None, None, None, False)


def test_ties_are_broken_by_the_first_criterion_then_the_other_round_then_shared():
    rows = [
        ("A", 8.0, 7.0, None),
        ("B", 8.0, 9.0, None),   # same score as A, better on the first criterion: above A
        ("C", 6.0, 6.0, 8.5),
        ("D", 6.0, 6.0, 9.0),    # same score and first criterion as C, better in the other round
        ("E", 5.0, 5.0, 5.0),
        ("F", 5.0, 5.0, 5.0),    # equal in everything with E: they share the place
        ("G", None, None, None),  # not scored yet: last, no place
    ]
    ranked = ranking.rank(rows)
    assert [(r.key, r.place, r.tie_broken_by) for r in ranked] == [
        ("B", 1, "first_criterion"), ("A", 2, "first_criterion"),
        ("D", 3, "other_round"), ("C", 4, "other_round"),
        ("E", 5, "shared"), ("F", 5, "shared"),
        ("G", 0, ""),
    ]
