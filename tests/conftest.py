"""The cast every test reuses: two client organizations, a reviewer, an issuer.

Client A and client B each administer their own organization; whatever belongs to one
must stay invisible to the other.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.certificates.models import Certificate
from certportal.organizations.models import Contact, Organization

PASSWORD = "kettle-harbour-2026"


def _shared_dir() -> Path:
    configured = os.environ.get("CERTPORTAL_SHARED_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = _shared_dir()


@pytest.fixture
def shared_dir() -> Path:
    """The project's shared/ folder: samples and the hostile corpus."""
    assert SHARED.is_dir(), f"shared/ not found at {SHARED}; set CERTPORTAL_SHARED_DIR"
    return SHARED


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Every test stores files in its own folder and sees no demo pages."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DEMO = False
    # Deliberately slow hashing protects real passwords; tests need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_organization(name: str, code: str, **extra: object) -> Organization:
    return Organization.objects.create(name=name, credit_code=code, **extra)


def make_contact(organization: Organization, name: str, mobile: str) -> Contact:
    return Contact.objects.create(
        organization=organization, name=name, role="质量管理体系负责人", mobile=mobile
    )


def make_client(organization: Organization, username: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, organization=organization
    )


def make_staff(username: str, *role_names: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=True)
    for name in role_names:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def org_a(db) -> Organization:  # type: ignore[no-untyped-def]
    organization = make_organization(
        "北京海纳检测技术股份有限公司", "91110105Y5G0BCJ76R"
    )
    make_contact(organization, "王秀英", "13325413626")
    Certificate.objects.create(
        number="99923Q21038R2M",
        organization=organization,
        standard="GB/T 19001-2016/ISO 9001:2015",
        scope="检测技术产品的设计、生产和服务",
    )
    return organization


@pytest.fixture
def org_b(db) -> Organization:  # type: ignore[no-untyped-def]
    organization = make_organization(
        "济南国泰检测技术有限责任公司", "913701020QAUKT7B37"
    )
    make_contact(organization, "徐洋", "17174860779")
    Certificate.objects.create(
        number="99924Q31097R0S",
        organization=organization,
        standard="GB/T 19001-2016/ISO 9001:2015",
        scope="检测技术产品的设计、生产和服务",
    )
    return organization


@pytest.fixture
def client_a(org_a) -> User:  # type: ignore[no-untyped-def]
    return make_client(org_a, "haina_admin")


@pytest.fixture
def client_b(org_b) -> User:  # type: ignore[no-untyped-def]
    return make_client(org_b, "guotai_admin")


@pytest.fixture
def reviewer(db) -> User:  # type: ignore[no-untyped-def]
    return make_staff("reviewer1", roles.REVIEWER)


@pytest.fixture
def issuer(db) -> User:  # type: ignore[no-untyped-def]
    return make_staff("issuer1", roles.ISSUER)
