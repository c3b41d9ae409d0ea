"""Classes for the literacy tests, made through the service so paths and rules hold."""

import datetime as dt

from django.utils import timezone

from tienphong.literacy import services
from tienphong.literacy.models import Module


def make_class(world, *, starts_in=dt.timedelta(days=3), duration=dt.timedelta(minutes=90), commune=None,
               venue=None, **extra):
    """A class of the world's commune (Phủ Lý) at its culture house, `starts_in` from now."""
    starts = timezone.now() + starts_in
    if starts_in < dt.timedelta(0):
        extra.setdefault("status", "done")
    kwargs = dict(title="Dùng VNeID và dịch vụ công trực tuyến", commune=commune or world.commune,
                  venue=venue or world.place, starts_at=starts, ends_at=starts + duration,
                  modules=list(Module.objects.filter(code__in=["vneid", "public_services"])),
                  teachers=[world.leader_member], capacity=30)
    kwargs.update(extra)
    return services.class_create(**kwargs)
