from pathlib import Path

import polib
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "tienphong" / "locale" / "vi" / "LC_MESSAGES"


def test_vietnamese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert {e.msgid for e in mo} >= {e.msgid for e in po if not e.obsolete}


def test_vietnamese_is_the_default_and_english_is_switchable(client, world):
    client.force_login(world.secretary)
    page = client.get(reverse("home")).content.decode()
    assert "Đoàn viên đang sinh hoạt" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Active members" in page and 'lang="en"' in page


def test_numbers_and_dates_use_vietnamese_conventions():
    from django.utils import formats
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 3, 26), "SHORT_DATE_FORMAT") == "26/03/2026"
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1.234.567"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 3, 26), "SHORT_DATE_FORMAT") == "26/03/2026"


def test_translations_keep_every_placeholder():
    import re

    placeholder = re.compile(r"%\(\w+\)s|%s|%d")
    po = polib.pofile(str(LOCALE / "django.po"))
    bad = []
    for e in po:
        texts = [e.msgstr] if not e.msgid_plural else list(e.msgstr_plural.values())
        wanted = set(placeholder.findall(e.msgid)) | set(placeholder.findall(e.msgid_plural or ""))
        for text in texts:
            if set(placeholder.findall(text)) - wanted or (not e.msgid_plural and set(placeholder.findall(text)) != wanted):
                bad.append((e.msgid, text))
    assert bad == []


def test_an_english_phone_still_gets_vietnamese_until_the_user_switches(client, world):
    client.force_login(world.secretary)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Đoàn viên đang sinh hoạt" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in page
