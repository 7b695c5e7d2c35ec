from django.db import models


class DemoMessage(models.Model):
    """A message the console provider "sent", kept only in demo mode for the demo page."""

    channel = models.CharField(max_length=16, default="sms")
    to_masked = models.CharField(max_length=32)
    to = models.CharField(max_length=32)
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to_masked} {self.sent_at:%Y-%m-%d %H:%M}"
