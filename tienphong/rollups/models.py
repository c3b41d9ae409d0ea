"""Numbers kept up to date on write, so no dashboard reads a raw fact table.

A `Fact` row is one indicator's value over one unit's records on one day or in one month, for one
breakdown key: (unit, level, grain, indicator, dim, period, key) → value. Every record written adds
its contribution to four rows per key — its unit's day and month, its province's day and month — in
the same transaction, by an additive upsert, so a figure is fresh the moment the record commits.

A `Stock` row is a count that has no date (members, teams): the unit's current value, recounted
for the communes a write touched.

This app knows units and numbers only; each fact app says what its records contribute.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    UNIT = "u", _("the unit's own records")
    PROVINCE = "p", _("everything in the province")


class Fact(models.Model):
    class Grain(models.TextChoices):
        DAY = "d", _("day")
        MONTH = "m", _("month")

    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=1, choices=Level.choices)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    indicator = models.CharField(max_length=24)
    # "" for the indicator's total; otherwise the breakdown ("service", "team", …) and its key.
    dim = models.CharField(max_length=12, default="", blank=True)
    # The day, or the first day of the month.
    period = models.DateField()
    key = models.CharField(max_length=48, default="", blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rollup figure")
        constraints = [
            models.UniqueConstraint(fields=["unit", "level", "grain", "indicator", "dim", "period", "key"],
                                    name="rollup_fact_cell"),
            models.CheckConstraint(condition=models.Q(level__in=["u", "p"]), name="rollup_fact_level_known"),
            models.CheckConstraint(condition=models.Q(grain__in=["d", "m"]), name="rollup_fact_grain_known"),
        ]

    def __str__(self):
        return f"{self.indicator}[{self.dim}={self.key}] {self.unit_id}/{self.level} {self.period}: {self.value}"


class Stock(models.Model):
    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=1, choices=Level.choices)
    indicator = models.CharField(max_length=24)
    key = models.CharField(max_length=48, default="", blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rollup count")
        constraints = [
            models.UniqueConstraint(fields=["unit", "level", "indicator", "key"], name="rollup_stock_cell"),
            models.CheckConstraint(condition=models.Q(level__in=["u", "p"]), name="rollup_stock_level_known"),
        ]

    def __str__(self):
        return f"{self.indicator}[{self.key}] {self.unit_id}/{self.level}: {self.value}"
