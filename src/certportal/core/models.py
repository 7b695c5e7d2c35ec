from django.db import models
from django.utils.translation import gettext_lazy as _


class RateBucket(models.Model):
    """How many times a key was hit in one fixed time window."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratebucket_once")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"


class CalendarDay(models.Model):
    """A day whose status staff set by hand: a holiday, a worked weekend, a closure.

    It wins over the chinesecalendar package for that date.
    """

    day = models.DateField(_("日期"), unique=True)
    working = models.BooleanField(_("上班"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.day} {self.note}"


class CalendarYear(models.Model):
    """A year whose official schedule staff have entered completely as CalendarDays."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已录入放假安排的年份")
        verbose_name_plural = _("已录入放假安排的年份")

    def __str__(self) -> str:
        return str(self.year)
