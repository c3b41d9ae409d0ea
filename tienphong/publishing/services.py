"""Writes every kind of public content shares (places, products, producers and their photos).

Call them from the app's own service, inside its transaction and after its own checks (who may
change it, and its own rules: a relic needs its Vietnamese story, a product its producer). What a
visitor sees changes, so the photo writes clear the public page cache (`public_content_changed`);
`set_status` leaves that to the caller, which knows whether its page or others changed too.
"""

from django.db import transaction

from tienphong.core.pagecache import public_content_changed


def set_status(obj, status: str, **fields) -> bool:
    """Put a public object in `status` (draft or published), setting `fields` too when it changes.
    False when it was in that status already: nothing is saved then."""
    if obj.status == status:
        return False
    obj.status = status
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    return True


def save_photo(photo, *, caption: str, position: int | None = None):
    """The photo's caption and, when given, its place in the order (both checked by the caller)."""
    photo.caption = caption
    if position is not None:
        photo.position = position
    photo.save()
    public_content_changed()
    return photo


def delete_photo(photo) -> None:
    """The row now, its two files once the transaction commits: a rollback keeps the files a row
    still points to."""
    photo.delete()
    transaction.on_commit(photo.delete_files)
    public_content_changed()
