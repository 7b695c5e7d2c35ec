from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Passwords up to 128 characters are accepted; longer ones are refused."""

    max_length = 128

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("密码不能超过 %(max)d 个字符。") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("密码不超过 %(max)d 个字符。") % {"max": self.max_length}


class MinimumLengthValidator:
    """At least 8 characters (ASVS 6.2.1); our own wording, in the user's language."""

    min_length = 8

    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短，至少需要 %(min)d 个字符。") % {"min": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("密码至少 %(min)d 个字符。") % {"min": self.min_length}


class NotBlankValidator:
    """A password of nothing but spaces is no password."""

    def validate(self, password: str, user: object = None) -> None:
        if not password.strip():
            raise ValidationError(_("密码不能全是空格。"), code="password_blank")

    def get_help_text(self) -> str:
        return _("密码不能全是空格。")
