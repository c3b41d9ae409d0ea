"""Materialised paths: a subtree is one range scan on an indexed column."""

from django.db.models import Q

SEPARATOR = "/"
# Paths are made of digits and "/": "0" is the character right after "/", so every
# path under "/1/45/" sorts inside ["/1/45/", "/1/450").
_AFTER_SEPARATOR = chr(ord(SEPARATOR) + 1)


def child_path(parent_path: str | None, pk: int) -> str:
    return f"{parent_path or SEPARATOR}{pk}{SEPARATOR}"


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` is `path` or lies under it, as an indexable range."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + _AFTER_SEPARATOR})


def subtrees_q(paths, field: str = "path") -> Q:
    """Union of several subtrees; a path already inside another one is dropped."""
    q = Q(pk__in=[])
    for p in outermost(paths):
        q |= subtree_q(p, field)
    return q


def outermost(paths) -> list[str]:
    kept: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def is_within(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)


def ancestor_paths(*paths: str) -> list[str]:
    """Every path at or above each of `paths`: "/1/2/3/" → ["/1/", "/1/2/", "/1/2/3/"]."""
    found = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        found.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
    return sorted(found)


# --- columns that copy a unit's path --------------------------------------------------------------
# A unit can move in the tree (a commune merged into another province, a service point put under a
# commune). The units app cannot know the tables above it, so each app registers its copies of a
# unit's path here (in its AppConfig.ready), and whoever reacts to a move registers a hook.

_path_columns: list[tuple] = []
_move_hooks: list = []


def register_path_column(model, field_name: str, *, commune_field: str | None = None) -> None:
    """`model.field_name` holds the path of the unit its row belongs to. `commune_field`, when given,
    holds that unit's commune, which a move can change too (a union moved to another commune)."""
    entry = (model, field_name, commune_field)
    if entry not in _path_columns:
        _path_columns.append(entry)


def path_columns() -> list[tuple]:
    """(model, path field, commune field or None) for every registered column."""
    return list(_path_columns)


def register_move_hook(hook) -> None:
    """`hook(unit_ids=…, old_province_id=…, new_province_id=…)` runs in the move's transaction, after
    every path has been rewritten."""
    if hook not in _move_hooks:
        _move_hooks.append(hook)


def move_hooks() -> list:
    return list(_move_hooks)


# A unit merged into another (units.services.unit_merge): its records are filed at the other unit now;
# whoever keeps figures per unit moves them too.
_merge_hooks: list = []


def register_merge_hook(hook) -> None:
    """`hook(from_id=…, into_id=…)` runs in the merge's transaction, after the records of unit `from_id`
    have been filed at unit `into_id` (and after the move hooks)."""
    if hook not in _merge_hooks:
        _merge_hooks.append(hook)


def merge_hooks() -> list:
    return list(_merge_hooks)
