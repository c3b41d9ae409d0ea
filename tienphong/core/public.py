"""What every public page (no login) shares: its language, chosen in the address, not a cookie.

`?lang=en` is a plain link, so the switch works with JavaScript off, in Zalo's browser, and in a
page served from the cache (the language is part of the cache key). Stories may exist in more
languages than the interface (French, Chinese, Korean…): their pages show the story in that
language with the interface in English.
"""

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.http import urlencode

# Languages a story or audio guide may be written in; Vietnamese and English come first.
STORY_LANGUAGES = [
    ("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("ru", "Русский"),
    ("zh", "中文"), ("ja", "日本語"), ("ko", "한국어"), ("th", "ไทย"), ("lo", "ພາສາລາວ"), ("km", "ខ្មែរ"),
]
LANGUAGE_NAMES = dict(STORY_LANGUAGES)
UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def page_language(request) -> str:
    code = request.GET.get("lang", "")
    return code if code in LANGUAGE_NAMES else settings.LANGUAGE_CODE


def ui_language(code: str) -> str:
    return code if code in UI_LANGUAGES else "en"


def lang_query(code: str, **more) -> str:
    """The query string that keeps a visitor in their language ("" for Vietnamese)."""
    params = {"lang": code} if code != settings.LANGUAGE_CODE else {}
    params.update({k: v for k, v in more.items() if v not in (None, "")})
    return "?" + urlencode(params) if params else ""


def language_links(request, codes=("vi", "en"), **keep) -> list[dict]:
    """One link per language the page exists in, the current one marked. The links carry only the
    parameters in `keep` (what the page's cache key holds): a page is cached for everyone, so
    nothing else one visitor put in the address (utm_…, fbclid) may reach the next."""
    current = page_language(request)
    return [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == current,
             "url": request.path + lang_query(code, **keep)} for code in codes]


def public_view(view):
    """Renders in the page's language (from `?lang=`) whatever the visitor's cookie says, and puts
    `public_lang` on the request for the view and its templates."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.public_lang = page_language(request)
        request.lang_q = lang_query(request.public_lang)
        with translation.override(ui_language(request.public_lang)):
            request.LANGUAGE_CODE = translation.get_language()
            return view(request, *args, **kwargs)

    return wrapper
