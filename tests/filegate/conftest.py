"""Fixtures for the file gate. `shared_dir` comes from tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture
def read_shared(shared_dir: Path) -> Callable[[str], bytes]:
    """Read a file of the shared folder by its path relative to that folder."""

    def read(relative: str) -> bytes:
        return (shared_dir / relative).read_bytes()

    return read


@pytest.fixture
def chinese_messages() -> Iterator[None]:
    """Render lazy messages in Chinese, the source language.

    Under pytest-django the project settings are loaded; without them
    (``-p no:django``) configure just enough Django for gettext to work.
    """
    from django.conf import settings
    from django.utils import translation

    if not settings.configured:
        settings.configure(USE_I18N=False)
    with translation.override("zh-hans"):
        yield
