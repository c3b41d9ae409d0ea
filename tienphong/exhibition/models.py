"""The virtual exhibition: youth-made products and approved youth works with photos, shown in a
public gallery. The standing gallery needs no table (it reads products and works as they are); an
event's gallery shows what its organiser picked, one `ExhibitionItem` per pick."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExhibitionItem(models.Model):
    """A youth-made product or an approved youth work an event's organiser put in its gallery."""

    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="exhibition_items")
    product = models.ForeignKey("products.Product", verbose_name=_("product"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    work = models.ForeignKey("campaigns.YouthWork", verbose_name=_("youth work"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exhibition item")
        verbose_name_plural = _("exhibition items")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(product__isnull=False, work__isnull=True)
                | models.Q(product__isnull=True, work__isnull=False),
                name="exhibition_item_product_or_work"),
            models.UniqueConstraint(fields=["event", "product"], condition=models.Q(product__isnull=False),
                                    name="exhibition_product_once_per_event"),
            models.UniqueConstraint(fields=["event", "work"], condition=models.Q(work__isnull=False),
                                    name="exhibition_work_once_per_event"),
        ]

    def __str__(self):
        return str(self.product or self.work)

    def get_additional_data(self):
        """The audit entry's unit path: the event's (core.AuditEntry.unit_path)."""
        return {"unit_path": self.event.path}
