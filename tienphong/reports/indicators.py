"""Every figure a report or dashboard shows, defined once: code, Vietnamese-first name, meaning.

Flow indicators are dated (they sum over a period, from rollups.Fact); stock indicators are counts
as of now (rollups.Stock); derived ones add flows together. The codes are the fact apps' own.
"""

from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tienphong.campaigns import rollup as works
from tienphong.contests import rollup as contests
from tienphong.core.choices import AgeBand, CitizenGroup
from tienphong.ecosystem import rollup as ecosystem
from tienphong.events import rollup as events
from tienphong.events.models import Event, OnlineViews, Participant
from tienphong.literacy import rollup as classes
from tienphong.members import rollup as members
from tienphong.places import rollup as places
from tienphong.qr import rollup as qr
from tienphong.support import rollup as support
from tienphong.teams import rollup as teams

FLOW, STOCK, DERIVED = "flow", "stock", "derived"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    description: str
    kind: str = FLOW
    money: bool = False
    dims: tuple[str, ...] = ()
    parts: tuple[str, ...] = field(default=())  # a derived indicator is the sum of these flows

    @property
    def flows(self) -> tuple[str, ...]:
        return self.parts if self.kind == DERIVED else (self.code,)


INDICATORS = [
    Indicator(support.TURNS, _("Citizen-turns supported"),
              _("Citizens helped with digital services, one per person per entry (a tally of 12 counts 12)."),
              dims=(*support.TURN_DIMS, "partner")),
    Indicator("people_reached", _("People reached"),
              _("Citizen-turns supported plus people present at digital-literacy classes."),
              kind=DERIVED, parts=(support.TURNS, classes.ATTENDEES)),
    Indicator(classes.CLASSES, _("Classes held"),
              _("“Bình dân học vụ số” classes not cancelled, counted on their day once it has come."),
              dims=("team", "partner")),
    Indicator(classes.ATTENDEES, _("Class attendees"),
              _("People marked present at those classes (walk-ins included)."), dims=("team", "partner")),
    Indicator(works.WORKS, _("Youth works and tasks"),
              _("Approved youth works and tasks, counted on their completion day."), dims=("kind", "team", "partner")),
    Indicator(works.VALUE, _("Value of youth works (₫)"),
              _("The money value of those approved works and tasks."), money=True, dims=("kind", "team", "partner")),
    Indicator(works.BENEFICIARIES, _("Beneficiaries of youth works"),
              _("People who benefit from those approved works, as their teams reported."), dims=("kind", "team", "partner")),
    Indicator(support.VOLUNTEER_TURNS, _("Volunteer-turns"),
              _("One per volunteer per support entry, per teacher per class held, per volunteer per approved work."),
              dims=("source", "team")),
    Indicator(qr.SCANS, _("QR scans"),
              _("Scans of the QR codes of the public pages of places and products, counted per day."),
              dims=(qr.TARGET,)),
    Indicator(teams.TEAMS, _("Active teams"),
              _("Community digital-technology teams and volunteer youth teams that are active now."), kind=STOCK),
    Indicator(teams.COVERED, _("Communes with an active team"),
              _("Communes and wards where at least one team is active now."), kind=STOCK),
    Indicator(members.MEMBERS, _("Members"), _("Active union members now."), kind=STOCK),
    Indicator(members.TOTAL, _("All members"),
              _("Union members now, active or working away (those working away are not counted as active)."),
              kind=STOCK),
    Indicator(members.CORE, _("Core members"), _("Active members marked as core (“hạt nhân”)."), kind=STOCK),
    Indicator(members.BY_SKILL, _("Members by digital skill"),
              _("Active members by their digital skill level (1–4)."), kind=STOCK),
    Indicator(works.DX_ACTIVITIES, _("Digital-transformation activities"),
              _("Approved youth works and tasks of a digital kind (wifi point, digital library, relic "
                "digitisation, product QR codes, training), counted on their completion day."), dims=("kind",)),
    Indicator(works.DX_REACHED, _("People reached by digital-transformation activities"),
              _("The beneficiaries of those digital-transformation activities, as their teams reported."),
              dims=("kind",)),
    Indicator(teams.TEAM_MEMBERS, _("Members taking part in teams"),
              _("People on the rosters of active teams now, each counted once."), kind=STOCK),
    Indicator(teams.TEAM_MEMBERS_BY_KIND, _("Members taking part in teams, by team kind"),
              _("People on the rosters of active teams of each kind now, each counted once per kind."),
              kind=STOCK),
    Indicator(events.EVENTS, _("Events held"),
              _("Congresses, conferences and trainings, forums, branch meetings and festivals, counted on their "
                "first day at the organiser."), dims=("event_kind",)),
    Indicator(events.CHECKED_IN, _("Participants checked in"),
              _("People checked in at those events (by QR, face or name), each once per event however many "
                "sessions they attended."), dims=("event_kind", "role")),
    Indicator(events.CADRES, _("Cadres trained"),
              _("Participants checked in at trainings."), dims=("role",)),
    Indicator(events.POINTS, _("Connection points"),
              _("The places linked to each event (điểm cầu), the main hall included."), dims=("event_kind",)),
    Indicator(events.VIEWS, _("Online views of events"),
              _("Views of the events' broadcasts, as each connection point's host reported them with a source "
                "link."), dims=("platform",)),
    Indicator(contests.CONTESTS, _("Idea contests held"),
              _("Idea and initiative contests opened for entries, counted on their first day of entries at the "
                "organiser.")),
    Indicator(contests.ENTRIES, _("Contest entries"),
              _("Ideas and initiatives submitted to those contests, counted on the day they were submitted at the "
                "entrant's unit.")),
    Indicator(contests.ENTRANTS, _("Contest entrants"),
              _("The people of those entries: the lead entrant and the team.")),
    Indicator(contests.SCORES, _("Jurors' score sheets"),
              _("Complete score sheets of the contests' jurors, counted on the day they were completed.")),
    Indicator(ecosystem.MATCHES, _("Mentor matches"),
              _("Requests for an expert's help that an expert took on, counted on that day.")),
    Indicator(ecosystem.REALISED, _("Projects realised"),
              _("Ideas followed as projects that became real, counted on that day.")),
    Indicator(ecosystem.FOLLOWED, _("Projects being followed"),
              _("Ideas followed as projects now (a mentor, partners, quarterly follow-ups)."), kind=STOCK),
    Indicator(ecosystem.STARTUPS, _("Youth startups"),
              _("Startups founded by union members, active now."), kind=STOCK),
    Indicator(ecosystem.JOBS, _("Jobs created by youth startups"),
              _("The jobs those active startups report having created."), kind=STOCK),
    Indicator(places.PLACES, _("Places in use"),
              _("Places recorded and in use now, by kind: public wifi points, digital libraries, culture "
                "houses…"), kind=STOCK),
]
BY_CODE = {i.code: i for i in INDICATORS}

# The headline cards of a dashboard, in order.
HEADLINE = (support.TURNS, "people_reached", classes.CLASSES, classes.ATTENDEES, works.WORKS, works.VALUE,
            works.BENEFICIARIES, support.VOLUNTEER_TURNS, qr.SCANS)
# The dashboard's cards for events, below the headline.
EVENT_CARDS = (events.EVENTS, events.CHECKED_IN, events.VIEWS, events.POINTS, events.CADRES)
# The dashboard's cards for contests and the innovation ecosystem, below the events'.
INNOVATION_CARDS = (contests.CONTESTS, contests.ENTRIES, contests.ENTRANTS, contests.SCORES, ecosystem.MATCHES,
                    ecosystem.REALISED)
# Their counts as of today (the field names of reports.selectors.Stock).
INNOVATION_STOCK = (ecosystem.FOLLOWED, ecosystem.STARTUPS, ecosystem.JOBS)
FLOWS = tuple(i.code for i in INDICATORS if i.kind == FLOW)

DIM_LABELS = {
    "service": _("Service"),
    "setting": _("Where"),
    "outcome": _("Outcome"),
    "team_kind": _("Team kind"),
    "team": _("Team"),
    "kind": _("Kind of work"),
    "source": _("Source"),
    # A record with two partners counts under each: a partner breakdown may sum to more than the total.
    "partner": _("Partner"),
    qr.TARGET: _("Kind of page"),
    "age_band": _("Age band"),
    "group": _("Group of citizens"),
    "event_kind": _("Kind of event"),
    "role": _("Role"),
    "platform": _("Platform"),
}

# What the keys of a breakdown are called, for dims whose keys are fixed words (others are looked up).
KEY_LABELS = {
    qr.TARGET: {"place": _("Places"), "product": _("Products"), "producer": _("Producers"),
                "event": _("Event documents (all)"), "document": _("Event documents"),
                "youthwork": _("Youth works"), "contest": _("Contests")},
    "age_band": dict(AgeBand.choices),
    "group": dict(CitizenGroup.choices),
    "event_kind": dict(Event.Kind.choices),
    "role": dict(Participant.Role.choices),
    "platform": dict(OnlineViews.Platform.choices),
}


def flow_parts(codes) -> tuple[str, ...]:
    """The stored flows that `codes` need (a derived one needs its parts)."""
    out: list[str] = []
    for code in codes:
        for part in BY_CODE[code].flows:
            if part not in out:
                out.append(part)
    return tuple(out)


def value_of(code: str, flows: dict[str, int]) -> int:
    return sum(flows.get(part, 0) for part in BY_CODE[code].flows)

# What the rows below a subject are called.
DIM_LABELS_CHILD = {
    "nation": _("Province"),
    "province": _("Commune / ward"),
    "commune": _("Team"),
}


# --- measures: what a ranking or a seed figure counts --------------------------------------------

@dataclass(frozen=True)
class Measure:
    """One figure a user can pick: an indicator, or one breakdown key of it (youth works that are wifi
    points; teams that are volunteer teams). A stock indicator's key is its Stock key (dim "")."""

    slug: str
    code: str
    name: str
    dim: str = ""
    key: str | None = None

    @property
    def indicator(self) -> Indicator:
        return BY_CODE[self.code]

    @property
    def money(self) -> bool:
        return self.indicator.money

    @property
    def stock(self) -> bool:
        return self.indicator.kind == STOCK


def _keyed(code: str, dim: str, key: str, name) -> Measure:
    return Measure(f"{code}.{key}", code, name, dim, key)


def _measures() -> list[Measure]:
    from tienphong.campaigns.models import YouthWork
    from tienphong.places.models import Place
    from tienphong.teams.models import Team

    # By skill and members by team kind have no total of their own: their keys are the measures.
    out = [Measure(i.code, i.code, i.name) for i in INDICATORS
           if i.code not in (members.BY_SKILL, teams.TEAM_MEMBERS_BY_KIND)]
    community, volunteer = Team.Kind.COMMUNITY_TECH, Team.Kind.VOLUNTEER
    out += [
        _keyed(teams.TEAMS, "", community, _("Active community digital-technology teams")),
        _keyed(teams.TEAMS, "", volunteer, _("Active volunteer youth teams")),
        _keyed(teams.TEAM_MEMBERS_BY_KIND, "", community, _("Members taking part in community digital-technology teams")),
        _keyed(teams.TEAM_MEMBERS_BY_KIND, "", volunteer, _("Members taking part in volunteer youth teams")),
        _keyed(works.WORKS, "kind", YouthWork.Kind.WIFI_POINT, _("Youth works: public wifi points")),
        _keyed(works.WORKS, "kind", YouthWork.Kind.DIGITAL_LIBRARY, _("Youth works: digital libraries")),
        _keyed(places.PLACES, "", Place.Kind.WIFI_POINT, _("Public wifi points in use")),
        _keyed(places.PLACES, "", Place.Kind.DIGITAL_LIBRARY, _("Digital libraries in use")),
        _keyed(events.CHECKED_IN, "event_kind", "forum", _("Participants checked in at forums")),
        _keyed(events.CHECKED_IN, "event_kind", "congress", _("Delegates checked in at congresses")),
        _keyed(events.POINTS, "event_kind", "training", _("Connection points of trainings")),
    ]
    out += [_keyed(support.TURNS, "age_band", band, format_lazy(_("Citizen-turns supported, age {band}"), band=label))
            for band, label in AgeBand.choices]
    out += [_keyed(support.TURNS, "group", group, format_lazy(_("Citizen-turns supported: {group}"), group=label))
            for group, label in CitizenGroup.choices]
    return out


_MEASURES: list[Measure] | None = None


def measures() -> list[Measure]:
    global _MEASURES
    if _MEASURES is None:
        _MEASURES = _measures()
    return _MEASURES


def measure(slug: str | None) -> Measure | None:
    return next((m for m in measures() if m.slug == slug), None)
