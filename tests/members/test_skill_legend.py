"""The dashboard's digital-skill bar ("1: 7 | 2: 20 | …") carries a legend naming each level."""
import re

from django.urls import reverse

from tienphong.members.models import DigitalSkill


def test_the_skill_bar_has_a_legend_with_the_level_names(world, client_for):
    client = client_for(world.secretary)
    for name, skill in (("Lê Văn Một", 1), ("Lê Thị Ba", 3)):
        client.post(reverse("member_create"), {"full_name": name, "gender": "male", "branch": world.branch.pk,
                                               "status": "active", "digital_skill": skill})
    html = client_for(world.province_admin).get(reverse("reports:dashboard")).content.decode()
    assert 'class="skills"' in html
    legend = re.search(r'<ul class="skill-legend".*?</ul>', html, re.S).group(0)
    for _value, label in DigitalSkill.choices:
        assert str(label) in legend
    assert "1 — Cơ bản" in legend  # in the page's language
