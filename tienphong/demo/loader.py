"""`load_demo()`: the demo's parts in order, in one transaction, and the summary on the console."""

from __future__ import annotations

import time

from auditlog.context import disable_auditlog
from django.db import transaction

from tienphong.demo.competence import competence_summary, load_competence
from tienphong.demo.contests import contests_summary, load_contests
from tienphong.demo.events import events_summary, load_events
from tienphong.demo.field import field_summary, load_field
from tienphong.demo.figures import figures_summary, load_figures
from tienphong.demo.partners import load_partners, partners_summary
from tienphong.demo.public import load_public, public_summary
from tienphong.demo.tree import DEMO_URL, SEED, load_tree, login_block, tree_summary
from tienphong.rollups.services import rebuild


def _wrote(*counts: dict) -> bool:
    return any(value for created in counts for value in created.values())


def load_demo(*, stdout=None, seed: int = SEED) -> dict:
    """Create whatever demo data is missing; print counts, timing and the logins to `stdout`."""
    started = time.perf_counter()

    def say(text=""):
        if stdout is not None:
            stdout.write(text + "\n")

    with transaction.atomic():
        tree = load_tree(seed=seed)
        province, communes, plan = tree["province"], tree["communes"], tree["plan"]
        # Field work (places, citizens helped, classes, campaigns) needs the teams and logins above.
        with disable_auditlog():
            field_work = load_field(province, communes, plan, seed=seed)
        # Public pages (relics, wifi points, OCOP products) use the field work's culture houses and works.
        with disable_auditlog():
            public = load_public(province, communes)
        # The figures the province's reports quote (seeds), at the demo's scale: after all the rest.
        with disable_auditlog():
            figures = load_figures(province, seed=seed)
        with disable_auditlog():
            competence = load_competence(province, seed=seed)  # self-assessments and courses of members
        with disable_auditlog():
            partners = load_partners(province, seed=seed)  # the register, and the records naming them
        with disable_auditlog():
            events = load_events(province, seed=seed)  # the congress, the forum, the training (seeds' figures)
        # Idea contests, their jury (logins, audited as the others) and the ecosystem around them: after the
        # partners, members and products they name.
        contests = load_contests(province, seed=seed)
        # The demo is written in bulk, past the services that keep the dashboards' figures: count them once,
        # when this run wrote anything (a run that finds everything in place, as `make run` does each time it
        # starts, leaves the figures as they are: rebuilding them took most of such a run).
        if _wrote(tree["created"], field_work["created"], public["created"], figures, competence["created"],
                  partners, events, contests["created"]):
            rebuild()

    elapsed = time.perf_counter() - started
    say(tree_summary(tree))
    say(field_summary(field_work))
    say(public_summary(public, DEMO_URL))
    say(figures_summary(figures))
    say(competence_summary(competence))
    say(partners_summary(partners))
    say(events_summary(events))
    say(contests_summary(contests))
    say(f"Done in {elapsed:.1f} s.")
    say(login_block(plan, tree["by_code"], jurors=contests["jurors"]))
    return {"created": tree["created"], "totals": tree["totals"], "seconds": elapsed, "field": field_work,
            "public": public, "events": events, "contests": contests,
            "accounts": [(a.username, a.role, a.unit_code) for a in plan.accounts]}
