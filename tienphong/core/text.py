"""Vietnamese text helpers: search that ignores diacritics, and name order."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces: the form searches compare."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip()


_WORD = re.compile(r"[^\W_]+")


def search_words(text: str | None) -> list[str]:
    """Folded runs of letters and digits: "an.vu@mail.vn" → ["an", "vu", "mail", "vn"]."""
    return _WORD.findall(fold(text))


def search_blob(*parts) -> str:
    """What `search_text` columns hold: search words, each preceded by a space.

    The leading space lets `words_q` match the start of a word, so "an" finds "An" and "Anh"
    but not "Xuân" or "Lan".
    """
    return (" " + " ".join(search_words(" ".join(str(p) for p in parts if p))))[:255]


def words_q(query: str, field: str = "search_text"):
    """Every word of the query starts a word of `field` (diacritics and case ignored)."""
    from django.db.models import Q

    q = Q()
    for word in search_words(query):
        q &= Q(**{f"{field}__contains": " " + word})
    return q


def clean_name(text: str | None) -> str:
    """Composed Unicode (NFC) with single spaces: Excel and phones send both forms."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): a Vietnamese name reads family first, given name last."""
    parts = clean_name(full_name).split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


# Vietnamese alphabetical order: the letters with marks are letters of their own
# (a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư); tones only break ties.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def _letters(word: str):
    """Yield (base letter with its letter mark, tone rank) for each letter."""
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 1
        letter_marks = ""
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif m in _LETTER_MARKS:
                letter_marks += m
        letter = unicodedata.normalize("NFC", base + letter_marks) if letter_marks else base
        yield letter, tone


def _word_keys(word: str) -> tuple[str, str]:
    """(primary, tones) for one word, using lowercase ASCII letters only.

    Only [a-z] is used so that every database collation (C, en_US, vi_VN, SQLite's
    BINARY) orders the keys the same way; "aa" ends a word and sorts before any letter.
    """
    primary, tones = [], []
    for letter, tone in _letters(word):
        rank = _LETTER_RANK.get(letter)
        if rank is not None:
            primary.append(("b" if rank < 26 else "c") + chr(ord("a") + rank % 26))
        elif letter.isdigit():
            primary.append("d" + chr(ord("a") + int(letter) % 10))
        else:
            primary.append("dz")
        tones.append(chr(ord("a") + tone))
    return "".join(primary) + "aa", "".join(tones)


def _keys(words) -> str:
    pairs = [_word_keys(w) for w in words if w]
    return "".join(p for p, _ in pairs) + "".join(t for _, t in pairs)


def collation_key(text: str) -> str:
    """A string that sorts in Vietnamese alphabetical order under any database collation."""
    return _keys(clean_name(text).split(" "))


def name_sort_key(full_name: str) -> str:
    """Sort by given name, then family name, then middle name, as Vietnamese lists do."""
    family, middle, given = split_name(full_name)
    return _keys([given, family, *middle.split(" ")])[:255]


def natural_key(text: str | None) -> tuple:
    """A sort key for labels with numbers in them, as people count: "Chi đoàn 2" before "Chi đoàn 10", the
    words in Vietnamese alphabetical order."""
    parts = re.split(r"(\d+)", text or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, collation_key(p)) for p in parts if p.strip())
