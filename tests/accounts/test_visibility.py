"""Who sees whose personal data: every role against every page that shows a phone, an email, a
birth date or an attendee, checked against the one table in `core.scope.VISIBILITY` (which
docs/privacy.md prints). Volunteers work with names only; exports are for the register's keepers."""

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tienphong.accounts.models import Role
from tienphong.core.scope import PERMISSIONS, VISIBILITY, visibility_table
from tienphong.literacy import services as literacy

from ..factories import MemberFactory, ProducerFactory, TeamMembershipFactory, UserFactory, give_role
from ..literacy.factories import make_class
from ..literacy.pdftext import pdf_text
from ..literacy.test_services import started
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")


# tests/personas.py's people, by the role each holds (on the province, the commune, the commune
# and a branch of it): all four reach every record below.
PERSONAS = {"province_admin": Role.PROVINCE_ADMIN, "secretary": Role.COMMUNE_SECRETARY,
            "team_leader": Role.TEAM_LEADER, "volunteer": Role.VOLUNTEER}
TABLE = visibility_table()
DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def scene(fworld, monkeypatch):
    """A member and the team leader with phones, on the team; a class with a signed-up citizen; a producer."""
    # The attendance sheet's HTML, not its PDF: what is printed is what the template wrote.
    monkeypatch.setattr("tienphong.literacy.documents.render_pdf", lambda html: html.encode())
    member = MemberFactory(full_name="Vũ Thị Mai", branch=fworld.branch, phone="0912000111",
                           email="mai.vu@example.vn", birth_date=dt.date(1999, 7, 15))
    TeamMembershipFactory(team=fworld.team, member=member)
    leader = fworld.leader_member
    leader.phone = "0912000222"
    leader.save(update_fields=["phone"])
    cls = make_class(fworld)
    attendee, _ = literacy.signup(literacy_class=cls, full_name="Hoàng Văn Dân", phone="0977000333")
    cls = started(cls)  # attendance is open
    producer = ProducerFactory(name="Hợp tác xã Nông nghiệp Phủ Lý", commune=fworld.commune, phone="0988000444",
                               status="published")
    return SimpleNamespace(world=fworld, member=member, leader=leader, cls=cls, attendee=attendee,
                           producer=producer)


def pages(s):
    """Page → (method, url, data, {field: the strings that show it})."""
    m, leader, cls, a = s.member, s.leader, s.cls, s.attendee
    members = {"member_phone": [m.phone, leader.phone]}
    attendees = {"attendee_phone": [a.phone], "attendee_name": [a.full_name]}
    return {
        "member list": ("get", reverse("member_list"), {}, members),
        "member search by name": ("get", reverse("member_list"), {"q": "mai"}, {"member_phone": [m.phone]}),
        "member detail": ("get", reverse("member_detail", args=[m.pk]), {}, {
            "member_phone": [m.phone], "member_email": [m.email], "member_birth_date": ["15/07/1999"]}),
        "team detail": ("get", reverse("team_detail", args=[s.world.team.pk]), {}, members),
        "class detail": ("get", reverse("class_detail", args=[cls.pk]), {}, attendees),
        "attendance page": ("get", reverse("class_attendance", args=[cls.pk]), {}, attendees),
        "attendance row (htmx)": ("post", reverse("class_attendance_toggle", args=[cls.pk, a.pk]),
                                  {"present": "1"}, attendees),
        "attendance sheet (PDF)": ("get", reverse("class_sheet_pdf", args=[cls.pk]), {}, attendees),
        "producer page": ("get", reverse("producer_detail", args=[s.producer.pk]), {},
                          {"producer_phone": [s.producer.phone]}),
    }


PAGE_NAMES = ["member list", "member search by name", "member detail", "team detail", "class detail",
              "attendance page", "attendance row (htmx)", "attendance sheet (PDF)", "producer page"]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_shows_personal_data_exactly_where_the_table_says(scene, client_for, persona, page):
    method, url, data, fields = pages(scene)[page]
    client = client_for(getattr(scene.world, persona))
    response = getattr(client, method)(url, data, headers={"HX-Request": "true"} if method == "post" else {})
    assert response.status_code == 200
    body = response.content.decode()
    for field, values in fields.items():
        shown = TABLE[field][PERSONAS[persona]]
        for value in values:
            assert (value in body) == shown, (persona, page, field, value, shown)


def test_the_printed_sheet_has_a_phone_column_only_for_officers(fworld, client_for):
    """The real PDF (the matrix above reads its HTML): a volunteer's copy has names and ages, no phones."""
    cls = make_class(fworld)
    literacy.signup(literacy_class=cls, full_name="Hoàng Văn Dân", phone="0977000333")
    url = reverse("class_sheet_pdf", args=[cls.pk])
    volunteer = flat(pdf_text(client_for(fworld.volunteer).get(url).content))
    assert "Hoàng Văn Dân" in volunteer and "0977000333" not in volunteer and "Số điện thoại" not in volunteer
    officer = flat(pdf_text(client_for(fworld.team_leader).get(url).content))
    assert "Hoàng Văn Dân" in officer and "0977000333" in officer and "Số điện thoại" in officer


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_search_by_phone_or_email_finds_members_only_for_who_sees_them(scene, client_for, persona):
    sees = TABLE["member_phone"][PERSONAS[persona]]
    client = client_for(getattr(scene.world, persona))
    for q in ("0912000111", "0912000", "mai.vu@example.vn"):
        for headers in ({}, {"HX-Request": "true"}):
            body = client.get(reverse("member_list"), {"q": q}, headers=headers).content.decode()
            results = body[body.index('id="results"'):]  # the search box repeats what was typed
            assert ("Vũ Thị Mai" in results) == sees, (persona, q)
            assert "0912000111" not in results or sees
    # A name and a phone together: the name still finds the member, the phone is ignored.
    body = client.get(reverse("member_list"), {"q": "mai 0912000111"}).content.decode()
    assert "Vũ Thị Mai" in body[body.index('id="results"'):]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_member_export_is_for_the_registers_keepers(scene, client_for, persona):
    allowed = TABLE["member_export"][PERSONAS[persona]]
    client = client_for(getattr(scene.world, persona))
    response = client.get(reverse("member_export"))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert b"".join(response.streaming_content).startswith(b"PK")
    listing = client.get(reverse("member_list")).content.decode()
    assert (reverse("member_export") in listing) == allowed


def test_the_table_keeps_phones_from_volunteers_and_exports_with_officers():
    """The issue's rule, pinned: the table may grow, it may not give a volunteer a phone or an export."""
    for field in ("member_phone", "member_email", "member_birth_date", "attendee_phone", "member_export"):
        assert not TABLE[field][Role.VOLUNTEER], field
    assert {r for r, shown in TABLE["member_export"].items() if shown} == {Role.PROVINCE_ADMIN,
                                                                          Role.COMMUNE_SECRETARY}
    assert TABLE["attendee_name"][Role.VOLUNTEER]  # attendance is taken by name
    assert set(VISIBILITY.values()) <= set(PERMISSIONS) | {"public"}


def _doc_table(heading: str) -> dict[str, list[str]]:
    """The rows of the markdown table under `heading` in docs/privacy.md: first cell → the others."""
    lines = DOC.read_text(encoding="utf-8").split(heading, 1)[1].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in rows]
    return {c[0]: c[1:] for c in cells[2:]}


@pytest.mark.parametrize("heading, yes", [("## Visibility table", "yes"), ("## Bảng phân quyền xem", "có")])
def test_the_docs_print_the_same_table(heading, yes):
    """docs/privacy.md, in English and in Vietnamese: one row per field (its key in backquotes
    first), one column per role in the order of `Role`; "yes"/"có" where it is shown."""
    rows = _doc_table(heading)
    keys = {re.search(r"`(\w+)`", k).group(1): v for k, v in rows.items()}
    assert set(keys) == set(VISIBILITY)
    for field, cells in keys.items():
        shown = [c.lower().startswith(yes) for c in cells[:len(Role.values)]]
        assert shown == [TABLE[field][r] for r in Role.values], field


def test_two_roles_phones_only_where_the_officer_role_reaches(scene, client_for):
    """A volunteer in Phủ Lý who is also the secretary of Phù Vân: phones (shown and searched) in Phù Vân only."""
    w = scene.world
    user = UserFactory(username="hai.vai", full_name="Đinh Thị Hai")
    give_role(user, w.branch, Role.VOLUNTEER)
    give_role(user, w.other_commune, Role.COMMUNE_SECRETARY)
    there = MemberFactory(full_name="Kiều Văn Mạnh", branch=w.other_branch, phone="0912000999")
    client = client_for(user)

    def results(q):
        body = client.get(reverse("member_list"), {"q": q}).content.decode()
        return body[body.index('id="results"'):]

    found = results("0912000")
    assert "Kiều Văn Mạnh" in found and "0912000999" in found and "Vũ Thị Mai" not in found
    found = results("ma")  # Mai and Mạnh by name: only Mạnh's phone shows
    assert "Vũ Thị Mai" in found and "Kiều Văn Mạnh" in found
    assert "0912000999" in found and scene.member.phone not in found
    assert scene.member.phone not in client.get(reverse("member_detail", args=[scene.member.pk])).content.decode()
    assert there.phone in client.get(reverse("member_detail", args=[there.pk])).content.decode()
    # The export: Phù Vân's members only, whatever the filters.
    rows = load_workbook(io.BytesIO(b"".join(client.get(reverse("member_export")).streaming_content)),
                         read_only=True).worksheets[0].iter_rows(values_only=True)
    names = {r[0] for r in rows}
    assert "Kiều Văn Mạnh" in names and "Vũ Thị Mai" not in names
