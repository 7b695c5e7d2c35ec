from django.db import models


class RateBucket(models.Model):
    """How many times a key was hit in one fixed time window."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratebucket_once")
        ]
