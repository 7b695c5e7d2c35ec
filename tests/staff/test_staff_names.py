"""Staff names as Chinese readers write them."""

import pytest
from django.urls import reverse
from tests.conftest import make_staff

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.staff.names import full_name


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("秀英", "王", "王秀英"),
        ("管理员", "演示", "演示管理员"),
        ("Ada", "Lovelace", "Ada Lovelace"),
        ("Ada", "", "Ada"),
        ("", "", "issuer1"),
    ],
)
def test_a_full_name_has_the_family_name_first_and_no_space_in_chinese(
    first: str, last: str, expected: str
) -> None:
    user = User(username="issuer1", first_name=first, last_name=last)

    assert full_name(user) == expected


def test_the_back_office_shows_the_signed_in_name_without_a_space(client, db) -> None:  # type: ignore[no-untyped-def]
    user = make_staff("centre", roles.ISSUER)
    User.objects.filter(pk=user.pk).update(first_name="管理员", last_name="演示")
    client.force_login(user)

    page = client.get(reverse("staff:home")).content.decode()

    assert "演示管理员" in page
    assert "管理员 演示" not in page
