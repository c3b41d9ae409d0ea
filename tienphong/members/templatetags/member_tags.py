from django import template

from tienphong.members.models import DigitalSkill

register = template.Library()


@register.simple_tag
def skill_levels():
    """[(1, "1 — Basic"), …]: the digital skill scale, for a chart's legend."""
    return DigitalSkill.choices
