"""The English catalogue: complete, up to date with the code, compiled, and used.

Chinese is the source language (every msgid is Chinese); English comes from
src/certportal/locale/en/LC_MESSAGES/django.po, compiled to django.mo, and both are
committed. These tests keep the three in step:

- the .po has a translation for every message, none fuzzy, placeholders intact;
- extracting the messages afresh from the code (makemessages on a copy of the source
  tree, merged with the committed .po) finds no message without a translation;
- the committed .mo holds exactly what compiling the committed .po gives;
- pages rendered in English show English, and no Chinese but the data's.

GNU gettext (msgfmt, xgettext, msgmerge) is needed for most of them: without it they
are skipped on a developer's machine and fail in CI (bin/setup installs it).
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import certportal

PACKAGE_DIR = Path(certportal.__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The command that updates the catalogue, run from src/certportal (see locale/README.md).
# filegate/_* runs as a sandboxed child without Django and has nothing to translate.
MAKEMESSAGES = ["makemessages", "--locale", "en", "--no-location"]
MAKEMESSAGES += ["--ignore", "filegate/_*"]
GETTEXT_TOOLS = ("msgfmt", "xgettext", "msgmerge", "msguniq")
# Han characters and CJK punctuation / full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{(\w*)[^{}]*\}")


def _require_gettext() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"GNU gettext is missing ({', '.join(missing)}); bin/setup installs it"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # gettext's own messages in English, whatever the machine's locale.
    full_env = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": "", **(env or {})}
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300
    )


# --- A small PO reader: enough for what makemessages and msgmerge write. ----------


class Entry:
    def __init__(self) -> None:
        self.flags: set[str] = set()
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return context + self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """The live entries of a PO file, header first; obsolete (#~) ones left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    field: tuple[str, int] = ("", 0)
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line and entry is not None:
                entries.append(entry)
                entry = None
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.fullmatch(
            r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")', line
        )
        if match:
            keyword, index, text = match.groups()
            field = (keyword, int(index or 0))
            value = ast.literal_eval(text)
            if keyword == "msgstr":
                entry.msgstr[field[1]] = value
            else:
                setattr(entry, keyword, value)
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry.msgstr[field[1]] += value
            else:
                setattr(entry, field[0], (getattr(entry, field[0]) or "") + value)
        else:
            raise ValueError(f"{path}: cannot read {line!r}")
    return entries


def _placeholders(text: str, entry: Entry) -> list[str]:
    found: list[str] = []
    if "python-format" in entry.flags:
        found += [
            m.group(0) for m in PYTHON_FORMAT.finditer(text) if m.group(0) != "%%"
        ]
    if "python-brace-format" in entry.flags:
        found += ["{" + m.group(1) + "}" for m in BRACE_FORMAT.finditer(text)]
    return sorted(found)


# --- (a) the committed catalogue is complete and well formed --------------------


def test_msgfmt_finds_every_message_translated() -> None:
    _require_gettext()
    result = _run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(PO)])
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report
    assert "untranslated" not in report, report
    assert "fuzzy" not in report, report
    assert re.search(r"\d+ translated message", report), report


def test_every_entry_is_translated_with_its_placeholders() -> None:
    header, *entries = read_po(PO)
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.msgstr[0]
    assert len(entries) > 300, "the catalogue is unexpectedly small"

    problems: list[str] = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        if not entry.translated:
            problems.append(f"untranslated: {entry.label}")
            continue
        if entry.msgid_plural is None:
            expected = {0: _placeholders(entry.msgid, entry)}
        else:
            assert sorted(entry.msgstr) == [0, 1], entry.label
            # English singular may spell the number out; the plural must keep it.
            expected = {1: _placeholders(entry.msgid_plural, entry)}
            extra = set(_placeholders(entry.msgstr[0], entry)) - set(
                _placeholders(entry.msgid + entry.msgid_plural, entry)
            )
            if extra:
                problems.append(f"unknown placeholder {extra}: {entry.label}")
        for index, wanted in expected.items():
            got = _placeholders(entry.msgstr[index], entry)
            if got != wanted:
                problems.append(f"placeholders {got} != {wanted}: {entry.label}")
        for text in entry.msgstr.values():
            if "{{" in text or "{%" in text:
                problems.append(f"template syntax in the translation: {entry.label}")
            # Chinese may stay only where the source has it too: the workbook's sheet
            # names, the file naming convention, a date format clients type.
            invented = [run for run in CJK.findall(text) if run not in entry.msgid]
            if invented:
                problems.append(f"Chinese {invented} in the English: {entry.label}")
    assert not problems, "\n".join(problems)


# --- (b) the catalogue covers what the code says today ---------------------------


def test_catalogue_covers_every_message_in_the_code(tmp_path: Path) -> None:
    """makemessages on a copy of the source tree, merged with the committed .po."""
    _require_gettext()
    source = tmp_path / "certportal"
    shutil.copytree(
        PACKAGE_DIR,
        source,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static"),
    )
    # The copy's own locale folder is the only one makemessages may write to.
    (tmp_path / "i18n_check_settings.py").write_text(
        "from certportal.settings import *  # noqa: F403\n"
        f"LOCALE_PATHS = [{str(source / 'locale')!r}]\n",
        encoding="utf-8",
    )
    before = PO.read_bytes()
    pythonpath = os.pathsep.join([str(tmp_path), str(PROJECT_DIR / "src")])
    result = _run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *MAKEMESSAGES],
        cwd=source,
        env={
            "DJANGO_SETTINGS_MODULE": "i18n_check_settings",
            "PYTHONPATH": pythonpath,
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert PO.read_bytes() == before, "makemessages wrote to the real catalogue"

    fresh = read_po(source / "locale" / "en" / "LC_MESSAGES" / "django.po")[1:]
    assert len(fresh) > 300, "the extraction found unexpectedly few messages"
    stale = [
        ("fuzzy (changed): " if "fuzzy" in e.flags else "new: ") + e.label
        for e in fresh
        if "fuzzy" in e.flags or not e.translated
    ]
    assert not stale, (
        "messages in the code without an English translation; update the catalogue "
        "as src/certportal/locale/README.md says:\n" + "\n".join(stale)
    )


# --- (c) the committed .mo is the committed .po, compiled --------------------------


def _catalog(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_committed_mo_matches_the_po(tmp_path: Path) -> None:
    assert MO.is_file(), f"{MO} is missing: run compilemessages and commit it"
    _require_gettext()
    fresh = tmp_path / "django.mo"
    # What compilemessages runs.
    result = _run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)])
    assert result.returncode == 0, result.stderr
    committed, compiled = _catalog(MO), _catalog(fresh)
    differ = sorted(
        str(key)
        for key in committed.keys() | compiled.keys()
        if committed.get(key) != compiled.get(key)
    )
    assert not differ, (
        "django.mo is out of date with django.po; run compilemessages (from "
        "src/certportal) and commit django.mo. Differing: " + ", ".join(differ[:20])
    )


# --- (d) the pages, in English ----------------------------------------------------

ENGLISH_CENTRE = {
    "name": "Example Certification Centre Ltd",
    "portal_name": "Client Service Portal",
    "enquiries_contact": "Client Services",
    "enquiries_phone": "010-5550-0100",
    "technical_contact": "IT Department",
    "technical_phone": "010-5550-0101",
    "classified_contact": "Security Office",
    "classified_phone": "010-5550-0102",
}
VISIBLE_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "data-label"}
VISIBLE_ATTRIBUTES |= {"data-confirm"}


class _VisibleText(HTMLParser):
    """Text a visitor reads: text nodes and the attributes a browser shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.html_lang: str | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        if tag in ("script", "style"):
            self._hidden_depth += 1
            return
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth and data.strip():
            self.parts.append(data.strip())


def _visible(html: str) -> _VisibleText:
    # The language switch names Chinese in Chinese (lang="zh-hans"), by design.
    html = re.sub(
        r'<(?!html\b)(\w+)\b[^>]*\slang="zh[^"]*"[^>]*>.*?</\1>', "", html, flags=re.S
    )
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def english(client, settings):  # type: ignore[no-untyped-def]
    settings.CENTRE = ENGLISH_CENTRE
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


STAGES = [
    "Prepare documents",
    "Basic information",
    "Verify phone",
    "Create account",
    "Awaiting review",
]
PAGES = {
    "/": ["Client login", "Certificate check", "maintenance notices"],
    "/register/new/": [*STAGES, "Next", "Letter of authorization"],
    "/register/": ["Register a new user", "Registration status"],
    "/register/status/": ["Registration status", "Go to login"],
    "/client/": ["Client login", "Password", "Register"],
    "/verify/": ["Certificate check", "Certificate number"],
    "/staff/login/": ["Staff login", "Username", "Centre back office"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_english_has_no_chinese_left(english, path: str) -> None:  # type: ignore[no-untyped-def]
    response = english.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    page = _visible(response.content.decode())
    text = "\n".join(page.parts)
    assert page.html_lang == "en"
    for words in PAGES[path]:
        assert words in text, f"{words!r} not on {path}:\n{text}"
    chinese = [part for part in page.parts if CJK.search(part)]
    assert not chinese, f"Chinese left on {path} in English: {chinese}"


@pytest.mark.django_db
def test_missing_page_in_english(english) -> None:  # type: ignore[no-untyped-def]
    response = english.get("/no-such-page/")
    assert response.status_code == 404
    page = _visible(response.content.decode())
    text = "\n".join(page.parts)
    assert "Page not found" in text
    assert not [part for part in page.parts if CJK.search(part)], text


@pytest.mark.django_db
def test_chinese_stays_the_default(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CENTRE = ENGLISH_CENTRE
    response = client.get("/register/new/")
    text = response.content.decode()
    assert "准备资料" in text and "Prepare documents" not in text
