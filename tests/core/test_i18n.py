"""The interface speaks English and Simplified Chinese, and no string is left untranslated.

The catalogue checks read every ``django.po`` in the package, so a msgid added
without a translation (or left fuzzy by ``makemessages``) fails CI, as does a
``.mo`` that was not recompiled after the ``.po`` changed.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2] / "qiao"
CATALOGS = sorted(PACKAGE.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{(\w+)\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """A minimal reader for the .po files that makemessages writes (obsolete entries skipped)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            target = None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line):
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword == "msgid":
                entry.line = number
            if keyword == "msgstr":
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (keyword, 0)
                setattr(entry, keyword, value)
        elif line.startswith('"') and target is not None:
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + value)
    flush()
    return [e for e in entries if e.msgid]  # drop the header


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_there_is_a_chinese_catalog():
    assert PACKAGE / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGS
    assert len(parse_po(PACKAGE / "locale/zh_Hans/LC_MESSAGES/django.po")) > 100


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_string_is_translated(po_path):
    problems = []
    for entry in parse_po(po_path):
        where = f"{po_path.name}:{entry.line} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
        elif not entry.msgstr or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {where}")
        else:
            wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
            for text in entry.msgstr.values():
                if placeholders(text) != wanted:
                    problems.append(f"placeholders {sorted(placeholders(text))} != {sorted(wanted)}: {where}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalog_matches_the_po_file(po_path):
    """Catch a .po edited without running compilemessages (Django only reads the .mo)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in parse_po(po_path):
        if entry.msgid_plural is not None:
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
        else:
            got = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
        if got != entry.msgstr.get(0):
            stale.append(entry.msgid)
    assert not stale, f"{mo_path} is out of date for: {stale[:10]}"


def test_the_parser_sees_untranslated_and_fuzzy_entries(tmp_path):
    """The checks above must be able to fail."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        'msgid "Explore"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Post"\nmsgstr "发布"\n\n'
        'msgctxt "feed"\nmsgid "Following"\nmsgstr "关注"\n\n'
        'msgid ""\n"Hello "\n"%(name)s"\nmsgstr "你好 %(who)s"\n',
        encoding="utf-8",
    )
    entries = {e.msgid: e for e in parse_po(po)}
    assert entries["Explore"].msgstr == {0: ""}
    assert "fuzzy" in entries["Post"].flags
    assert entries["Following"].msgctxt == "feed"
    assert placeholders(entries["Hello %(name)s"].msgid) != placeholders(entries["Hello %(name)s"].msgstr[0])


# --- Rendered pages ---------------------------------------------------------------------


def zh_client() -> Client:
    client = Client()
    session = client.session
    session["interface_language"] = "zh-hans"
    session.save()
    return client


@pytest.mark.django_db
def test_explore_in_chinese():
    response = zh_client().get(reverse("feeds:explore"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    for chinese in ("发现", "关注", "消息", "我", "登录"):
        assert chinese in html, chinese
    for english in (">Explore<", ">Messages<", ">Me<", ">Sign in<", ">Following<"):
        assert english not in html, english


@pytest.mark.django_db
def test_explore_in_english_by_default():
    html = Client().get(reverse("feeds:explore")).content.decode()
    assert '<html lang="en">' in html
    assert ">Explore<" in html and ">Sign in<" in html
    assert "发现" not in html


@pytest.mark.django_db
def test_sign_in_page_follows_the_browser_language():
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录" in html and "手机号" in html
    for english in (">Sign in<", "Phone number", ">Explore<"):
        assert english not in html, english


@pytest.mark.django_db
def test_signed_in_chrome_in_chinese(user, client_for):
    user.interface_language = "zh-hans"
    user.save(update_fields=["interface_language"])
    html = client_for(user).get(reverse("feeds:explore")).content.decode()
    assert "发布笔记" in html  # "Post" in the sense of "create a note"
    assert "退出登录" in html and "我的主页" in html
    assert ">Post<" not in html and "Sign out" not in html


@pytest.mark.django_db
def test_not_found_page_in_chinese():
    response = zh_client().get("/notes/987654321/")
    assert response.status_code == 404
    assert "这个页面不存在" in response.content.decode()
