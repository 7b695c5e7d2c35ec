"""SMS verification codes (SECURITY.md row 5) and the limits on sending them (row 4)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from certportal.accounts import verification
from certportal.accounts.models import SmsChallenge
from certportal.core.errors import DomainError, RateLimited
from certportal.notify.models import DemoMessage

pytestmark = pytest.mark.django_db
MOBILE = "13325413626"


@pytest.fixture(autouse=True)
def _outbox(settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True


def send(binding: str = "b1", ip: str = "10.0.0.1", mobile: str = MOBILE) -> str:
    verification.send_code(
        mobile=mobile, purpose="registration", binding=binding, ip=ip
    )
    return re.search(r"验证码为(\d{6})", DemoMessage.objects.first().text).group(1)  # type: ignore[union-attr]


def check(code: str, binding: str = "b1", mobile: str = MOBILE) -> None:
    verification.check_code(
        mobile=mobile, purpose="registration", binding=binding, code=code
    )


def test_a_code_is_six_digits_and_stored_only_as_a_hash() -> None:
    code = send()
    assert re.fullmatch(r"\d{6}", code)
    challenge = SmsChallenge.objects.get()
    assert code not in challenge.code_hash and MOBILE not in challenge.phone_hash


def test_a_code_works_once() -> None:
    code = send()
    check(code)
    with pytest.raises(DomainError) as caught:
        check(code)
    assert caught.value.code == "code_expired"


def test_a_code_is_bound_to_the_session_that_asked_for_it() -> None:
    code = send(binding="alice")
    with pytest.raises(DomainError):
        check(code, binding="mallory")
    check(code, binding="alice")


def test_a_code_expires_after_five_minutes() -> None:
    code = send()
    SmsChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError) as caught:
        check(code)
    assert caught.value.code == "code_expired"


def test_five_wrong_codes_void_the_challenge() -> None:
    code = send()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(DomainError):
            check(wrong)
    with pytest.raises(DomainError) as caught:
        check(code)
    assert caught.value.code == "code_locked"


def test_one_number_gets_one_code_a_minute() -> None:
    send(binding="a")
    with pytest.raises(RateLimited):
        send(binding="b", ip="10.0.0.2")
    assert DemoMessage.objects.count() == 1


def test_one_address_cannot_bomb_many_numbers() -> None:
    for n in range(20):
        send(mobile=f"1390000{n:04d}")
    with pytest.raises(RateLimited):
        send(mobile="13900009999")
