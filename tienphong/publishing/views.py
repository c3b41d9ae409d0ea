"""The staff side of a public page, the same for every kind that has one (places, products,
producers): load it for those who may change it, its staff page's shared context (may the user
change it, its history), save its form, publish and unpublish it, and keep its photos (add several
at once, caption, order, move, delete).

Each app describes its kind once, in its views.py (`PublicContent`, `PhotoEditing`: its selector,
permission, services, forms, templates and URL names) and gets its views from that. What differs
between kinds stays in the app: in its services (a relic is published with its Vietnamese story, a
product with its producer), or in a view of its own when the message says more (products'
product_publish names the producer it published too).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.forms import run_action
from tienphong.core.scope import get_scope

_staff_post = [login_required, require_POST]


@dataclass(frozen=True)
class PublicContent:
    """One kind of public content, as its staff pages see it."""

    name: str  # "place": the keyword its services take, and its name in the templates' context
    nav: str  # the menu entry its pages light up
    perm: str  # the permission that lets a user change it ("manage_places")
    get: Callable  # selector(scope=, pk=) → the object, or a 404 outside the user's scope
    detail: str  # URL name of its staff page
    history: Callable  # object → its audit entries, shown to those who may change it

    def load(self, request, pk):
        """The object, if the user may change it: others get a 404 (a volunteer, an outsider)."""
        scope = get_scope(request)
        obj = self.get(scope=scope, pk=pk)
        scope.require(obj.path, self.perm)
        return obj

    def find(self, request, pk):
        """The object, for anyone in the user's scope: others get a 404."""
        return self.get(scope=get_scope(request), pk=pk)

    def open(self, request, pk) -> tuple:
        """The object for its staff page (anyone in scope sees it), and that page's context."""
        obj = self.find(request, pk)
        return obj, self.context(request, obj)

    def context(self, request, obj, **more) -> dict:
        """What every staff page of the kind shows: the object, may the user change it, its history."""
        can_manage = get_scope(request).allows(obj.path, self.perm)
        return {"nav": self.nav, self.name: obj, "can_manage": can_manage,
                "history": self.history(obj) if can_manage else [], **more}

    def saved(self, request, form, service, success: str, *, to: str = "", **extra):
        """On a POST, the form's service (by the user, with `extra`); once it saves, `success` (its
        %(name)s is the saved object's name) and a redirect to the object's page, or to the URL name
        `to`. None: show the form (again, with its errors)."""
        if request.method != "POST":
            return None
        obj = form.submit(service, by=request.user, **extra)
        if not obj:
            return None
        messages.success(request, success % {"name": obj.name})
        return redirect(to or self.detail, obj.pk)

    def action(self, service, success):
        """A one-click POST view (publish, unpublish): `service(<name>=obj, by=user)`, then `success`
        (lazy: read in the user's language) or the service's refusal, and back to the object's page."""

        @login_required
        @require_POST
        def view(request, pk):
            obj = self.load(request, pk)
            run_action(request, lambda: service(**{self.name: obj}, by=request.user), str(success))
            return redirect(self.detail, obj.pk)

        view.__name__ = view.__qualname__ = service.__name__
        return view


@dataclass(frozen=True)
class PhotoEditing:
    """The photos page of one kind of public content and its actions on one photo. Each view is a
    bound method, routed as it is (`path(…, PHOTOS.photos_view, name=…)`)."""

    content: PublicContent
    model: type  # PlacePhoto: its foreign key to the object is named `content.name`
    add: Callable  # service(<name>=obj, photos=[…], [caption=], by=) → the new photos
    update: Callable  # service(photo=, caption=, position=, by=)
    delete: Callable  # service(photo=, by=)
    add_form: type
    edit_form: type  # one photo's caption and order, prefixed p<pk> so every row has its own
    template: str
    url: str  # URL name of the photos page
    move: Callable | None = None  # service(photo=, up=, by=): one step earlier or later

    def _photo(self, request, pk, photo_pk) -> tuple:
        obj = self.content.load(request, pk)
        return obj, get_object_or_404(self.model, pk=photo_pk, **{self.content.name: obj})

    @method_decorator(login_required)
    def photos_view(self, request, pk):
        """Upload several photos at once; caption, order and remove the ones there."""
        obj = self.content.load(request, pk)
        form = self.add_form(request.POST or None, request.FILES or None)
        if request.method == "POST":
            added = form.submit(self.add, **{self.content.name: obj}, by=request.user)
            if added:
                messages.success(request, _("%(n)s photo(s) added.") % {"n": len(added)})
                return redirect(self.url, obj.pk)
        photos = self.model.objects.filter(**{self.content.name: obj}).order_by("position", "id")
        return render(request, self.template, {
            "nav": self.content.nav, self.content.name: obj, "form": form,
            "photos": [(p, self.edit_form(instance=p, prefix=f"p{p.pk}")) for p in photos]})

    @method_decorator(_staff_post)
    def update_view(self, request, pk, photo_pk):
        obj, photo = self._photo(request, pk, photo_pk)
        form = self.edit_form(request.POST, instance=photo, prefix=f"p{photo.pk}")
        if form.submit(self.update, photo=photo, by=request.user):
            messages.success(request, _("Photo saved."))
        else:
            errors = [str(e) for errs in form.errors.values() for e in errs]
            messages.error(request, " ".join(errors) or _("The photo could not be saved."))
        return redirect(self.url, obj.pk)

    @method_decorator(_staff_post)
    def move_view(self, request, pk, photo_pk):
        obj, photo = self._photo(request, pk, photo_pk)
        run_action(request, lambda: self.move(photo=photo, up=request.POST.get("to") == "up", by=request.user))
        return redirect(self.url, obj.pk)

    @method_decorator(_staff_post)
    def delete_view(self, request, pk, photo_pk):
        obj, photo = self._photo(request, pk, photo_pk)
        run_action(request, lambda: self.delete(photo=photo, by=request.user), _("Photo removed."))
        return redirect(self.url, obj.pk)
