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
