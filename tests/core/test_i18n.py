"""The catalogues: tienphong/locale/<lang>/LC_MESSAGES/django.po is the only place the texts live
(docs/translations.md), so these tests read the .po itself and the committed .mo compiled from it."""

import gettext
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

LOCALES = Path(__file__).resolve().parents[2] / "tienphong" / "locale"
LOCALE = LOCALES / "vi" / "LC_MESSAGES"
LANGUAGES = ["vi", "en"]

# %(name)s, %(n)d, %s, %d (after dropping %%) and {name}, {}.
PLACEHOLDER = re.compile(r"%\(\w+\)\d*(?:\.\d+)?[sdif]|%\d*(?:\.\d+)?[sdif]|\{\w*\}")


def catalogue(lang):
    return polib.pofile(str(LOCALES / lang / "LC_MESSAGES" / "django.po"))


def placeholders(text):
    return Counter(PLACEHOLDER.findall((text or "").replace("%%", "")))


def test_vietnamese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert {e.msgid for e in mo} >= {e.msgid for e in po if not e.obsolete}


def test_vietnamese_has_one_plural_form_and_every_plural_entry_fills_it():
    po = catalogue("vi")
    assert po.metadata["Language"] == "vi"
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    wrong = [e.msgid for e in po if e.msgid_plural and (set(e.msgstr_plural) != {0} or not e.msgstr_plural[0])]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_fuzzy_entry_and_both_catalogues_hold_the_same_msgids(lang):
    # msgfmt leaves a fuzzy entry out of the .mo: the page would show the English msgid.
    po = catalogue(lang)
    assert [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete] == []
    assert [e.msgid for e in po if e.obsolete] == []
    keys = {lang_: {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue(lang_)} for lang_ in LANGUAGES}
    assert keys[lang] == keys["vi"], "run `make messages` (it refreshes both catalogues)"


def test_numbers_and_dates_use_vietnamese_conventions():
    from django.utils import formats
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 3, 26), "SHORT_DATE_FORMAT") == "26/03/2026"
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1.234.567"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 3, 26), "SHORT_DATE_FORMAT") == "26/03/2026"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    """A text may neither lose nor add a placeholder of its msgid. A plural form is held against
    msgid_plural (Vietnamese has one form, used for every n; in English form 0 is the singular)."""
    po = catalogue(lang)
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))
    bad = []
    for e in po:
        if e.obsolete:
            continue
        if not e.msgid_plural:
            if e.msgstr and placeholders(e.msgstr) != placeholders(e.msgid):
                bad.append((e.msgid, e.msgstr))
            continue
        allowed = placeholders(e.msgid) | placeholders(e.msgid_plural)
        for index, text in sorted(e.msgstr_plural.items()):
            if not text:
                continue
            found = placeholders(text)
            wanted = placeholders(e.msgid if nplurals > 1 and index == 0 else e.msgid_plural)
            if set(found) - set(allowed) or set(wanted) - set(found) or any(
                found[p] != wanted[p] for p in wanted if not p.startswith(("%(", "{"))
            ):
                bad.append((e.msgid, index, text))
    assert bad == []


def compiled_entries(entries):
    """(context, msgid, msgid_plural) → text or tuple of plural forms, for the entries msgfmt compiles."""
    found = {}
    for e in entries:
        if e.obsolete or "fuzzy" in e.flags or not e.msgid:
            continue
        if e.msgid_plural:
            if e.msgstr_plural.get(0):
                found[(e.msgctxt, e.msgid, e.msgid_plural)] = tuple(t for _, t in sorted(e.msgstr_plural.items()))
        elif e.msgstr:
            found[(e.msgctxt, e.msgid, None)] = e.msgstr
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_po(lang):
    """A .po changed without `make messages` (or Poedit's save) leaves a stale .mo: the site would
    still show the old texts."""
    folder = LOCALES / lang / "LC_MESSAGES"
    assert (folder / "django.mo").exists(), "run `make messages` and commit the .mo"
    po = polib.pofile(str(folder / "django.po"))
    expected = compiled_entries(po)
    compiled = compiled_entries(polib.mofile(str(folder / "django.mo")))
    assert sorted(set(expected) ^ set(compiled), key=str) == [], "run `make messages`"
    assert [k for k in expected if expected[k] != compiled[k]] == [], "run `make messages`"
    mo = polib.mofile(str(folder / "django.mo"))
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")

    # What Django reads: Python's gettext on the committed .mo answers every text of the .po.
    with open(folder / "django.mo", "rb") as f:
        reader = gettext.GNUTranslations(f)
    for (context, msgid, plural), text in expected.items():
        if plural:
            for n in (1, 2, 5):
                got = reader.npgettext(context, msgid, plural, n) if context else reader.ngettext(msgid, plural, n)
                form = reader.plural(n)
                assert form < len(text) and got == text[form], (msgid, n, got)
        else:
            got = reader.pgettext(context, msgid) if context else reader.gettext(msgid)
            assert got == text, (msgid, got)


def test_vietnamese_is_the_default_and_english_is_switchable(client, world):
    client.force_login(world.secretary)
    page = client.get(reverse("home")).content.decode()
    assert "Đoàn viên đang sinh hoạt" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Active members" in page and 'lang="en"' in page


def test_an_english_phone_still_gets_vietnamese_until_the_user_switches(client, world):
    client.force_login(world.secretary)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Đoàn viên đang sinh hoạt" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in page


def test_every_text_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """`make messages` forgotten after changing a UI string: the page would show the English msgid.
    Extract the texts of a copy of the code as `make messages` does and hold them against the .po:
    nothing new (untranslated or guessed fuzzy by msgmerge), nothing left that the code no longer says.
    About 3 s: it runs GNU gettext over every template and module, the one way to know."""
    import shutil

    from django.core.management import call_command

    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("needs GNU gettext (apt-get install gettext), as `make messages` does")
    package = LOCALES.parent
    copy = tmp_path / "tienphong"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "vendor", "*.png", "*.jpg"))
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["vi"], no_obsolete=True, no_location=True,
                 ignore_patterns=["migrations/*"], verbosity=0)
    fresh = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in catalogue("vi") if not e.obsolete}
    extracted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
    assert sorted(extracted - committed, key=str) == [], "new texts: run `make messages` and translate them"
    assert sorted(committed - extracted, key=str) == [], "texts the code no longer has: run `make messages`"
