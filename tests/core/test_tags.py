from django import forms
from django.template import Context, Template


class F(forms.Form):
    status = forms.ChoiceField(required=False, label="Trạng thái",
                               choices=[("", "Tất cả"), ("active", "Đang sinh hoạt"), ("x", "<b>lạ</b>")])


def _render(data):
    return Template("{% load core_tags %}{% select form.status %}").render(Context({"form": F(data)}))


def test_select_marks_the_chosen_value_and_escapes_labels():
    html = _render({"status": "active"})
    assert '<select name="status" aria-label="Trạng thái">' in html
    assert '<option value="active" selected>Đang sinh hoạt</option>' in html
    assert '<option value="" >' not in html and '<option value="">Tất cả</option>' in html
    assert "&lt;b&gt;lạ&lt;/b&gt;" in html and "<b>" not in html


def test_select_with_nothing_chosen_selects_the_empty_choice():
    assert '<option value="" selected>Tất cả</option>' in _render({})
