"""`{% sees "member_phone" m.path as show %}`: may the user read that field of a record at that path
(`core.scope.VISIBILITY`); without a path, anywhere (e.g. whether a column is printed at all)."""

from django import template

from tienphong.core.scope import get_scope

register = template.Library()


@register.simple_tag(takes_context=True)
def sees(context, field, path=None, around=False):
    return get_scope(context["request"]).sees(field, path, around=around)
