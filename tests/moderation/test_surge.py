"""An overnight surge against a real ``qiao serve`` on 127.0.0.1: the limits hold, nothing breaks.

Thirty strangers sign up through the real phone flow (the load-test SMS
backend writes codes to files) and, several at once, each try to post more
notes, comments, links and follows than a new account may, first with surge
mode off, then with it switched on by an admin through the API. Four regulars
(accounts two months old) use the site normally throughout.

Checked: every refusal is a 429 with Retry-After and a message saying when to
retry, never a 5xx; each stranger gets exactly their allowance; with surge mode
on, first posts wait in the moderator queue and never reach Explore (nor a
note's comment count) until approved; the regulars are never refused and their
posts show at once. Limits are set small through the documented QIAO_LIMIT_*
variables so the whole run stays well under a minute.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import requests
from PIL import Image

from tests.e2e.server import QiaoServer, qiao

# Per hour for "new,young,established" accounts; surge mode divides by 2.
LIMITS = {"note": (2, 6, 30), "comment": (4, 12, 60), "follow": (4, 12, 60), "link": (1, 5, 20)}
SURGE_DIVISOR = 2
STRANGERS = 30
REGULARS = 4
PARALLEL = 6
RETRY_MESSAGE = re.compile(r"Try again in \d+ (seconds|minutes)\.")


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 36), (200, 80, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


PHOTO = _photo()


@dataclass
class Person:
    handle: str
    phone: str
    ip: str
    token: str = ""
    statuses: dict[str, list[int]] = field(default_factory=dict)


class Site:
    """HTTP calls to the server as one person (own token, own client address), all recorded."""

    def __init__(self, server: QiaoServer) -> None:
        self.url = server.url
        self.lock = threading.Lock()
        self.responses: list[tuple[str, str, int]] = []
        self.refusals: list[requests.Response] = []

    def call(self, method: str, path: str, person: Person | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if person is not None:
            headers["X-Real-IP"] = person.ip
            if person.token:
                headers["Authorization"] = f"Bearer {person.token}"
        response = requests.request(
            method, self.url + path, headers=headers, timeout=60, allow_redirects=False, **kwargs
        )
        with self.lock:
            self.responses.append((method, path, response.status_code))
            if response.status_code == 429:
                self.refusals.append(response)
        return response

    def sign_up(self, person: Person, sms_dir) -> None:
        sent = self.call(
            "POST", "/api/v1/auth/code", person, json={"phone": person.phone, "purpose": "signup"}
        )
        assert sent.status_code == 202, sent.text
        message = (sms_dir / (re.sub(r"\D", "", person.phone) + ".txt")).read_text()
        code = re.search(r"\b(\d{6})\b", message)[1]
        made = self.call(
            "POST",
            "/api/v1/auth/signup",
            person,
            json={"phone": person.phone, "code": code, "handle": person.handle,
                  "display_name": person.handle.title()},  # fmt: skip
        )
        assert made.status_code == 201, made.text
        person.token = made.json()["token"]

    def note(self, person: Person, title: str) -> requests.Response:
        return self.call(
            "POST",
            "/api/v1/notes",
            person,
            data={"title": title, "body": "A walk by the river this morning."},
            files={"images": ("photo.jpg", PHOTO, "image/jpeg")},
        )

    def comment(self, person: Person, note_id: int, body: str) -> requests.Response:
        return self.call("POST", f"/api/v1/notes/{note_id}/comments", person, json={"body": body})

    def follow(self, person: Person, handle: str) -> requests.Response:
        return self.call("POST", f"/api/v1/users/{handle}/follow", person)

    def explore_ids(self) -> set[int]:
        """Every note on the signed-out Explore feed, all pages."""
        ids: set[int] = set()
        cursor = None
        for _page in range(20):
            params = {"cursor": cursor} if cursor else {}
            page = self.call("GET", "/api/v1/feeds/explore", params=params)
            assert page.status_code == 200
            ids |= {item["id"] for item in page.json()["items"]}
            cursor = page.json()["next_cursor"]
            if not cursor:
                return ids
        raise AssertionError("Explore did not end within 20 pages")

    def comment_ids(self, note_id: int) -> set[int]:
        """Every comment (and reply) listed under a note, all pages."""
        ids: set[int] = set()
        cursor = None
        for _page in range(20):
            params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
            page = self.call("GET", f"/api/v1/notes/{note_id}/comments", params=params)
            assert page.status_code == 200
            for item in page.json()["items"]:
                ids |= {item["id"], *(reply["id"] for reply in item["replies"])}
            cursor = page.json()["next_cursor"]
            if not cursor:
                return ids
        raise AssertionError("The comments did not end within 20 pages")

    def visible(self, note_id: int) -> bool:
        return self.call("GET", f"/api/v1/notes/{note_id}").status_code == 200


def burst(site: Site, person: Person, note_id: int, follow_handles: list[str], notes: int,
          comments: int, follows: int, links: int) -> dict[str, list[requests.Response]]:  # fmt: skip
    """One person's burst: notes, then comments with links, plain comments, then follows."""
    done: dict[str, list[requests.Response]] = {"note": [], "comment": [], "follow": []}
    for n in range(notes):
        done["note"].append(site.note(person, f"Morning walk {n} by {person.handle}"))
    for n in range(links):
        done["comment"].append(site.comment(person, note_id, f"Great deals at https://shop{n}.example"))
    for n in range(comments):
        done["comment"].append(site.comment(person, note_id, f"Lovely view {n}"))
    for handle in follow_handles[:follows]:
        done["follow"].append(site.follow(person, handle))
    person.statuses = {kind: [r.status_code for r in rs] for kind, rs in done.items()}
    return done


def run_all(jobs: Iterable) -> list:
    with ThreadPoolExecutor(PARALLEL) as pool:
        futures = [pool.submit(*job) for job in jobs]
        return [f.result() for f in futures]


def created_ids(responses: list[requests.Response]) -> list[int]:
    return [r.json()["id"] for r in responses if r.status_code == 201]


SETUP = """
import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from qiao.accounts.models import ApiToken, User

call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable")
tokens = {}
for handle, phone, role in PEOPLE:
    person = User.objects.create_user(phone=phone, handle=handle, display_name=handle, role=role)
    User.objects.filter(pk=person.pk).update(date_joined=timezone.now() - timedelta(days=60))
    tokens[handle] = ApiToken.issue(person, "surge test")[1]
print("TOKENS=" + json.dumps(tokens))
"""


class SurgeServer(QiaoServer):
    """The site, prepared in one process: database, cache table, and the people not signing up.

    The regulars (two months old) and the admin are not what is under test, so they are
    made directly, as an operator would with ``qiao shell``; the strangers sign up over HTTP.
    """

    def __init__(self, data_dir, people: list[Person], admin: Person, **env: str) -> None:
        super().__init__(data_dir, "--no-worker", **env)
        self.people = [(p.handle, p.phone, "user") for p in people] + [
            (admin.handle, admin.phone, "admin")
        ]
        self.tokens: dict[str, str] = {}

    def prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        script = f"PEOPLE = {self.people!r}\n{SETUP}"
        output = qiao(self.env, "shell", "-c", script).stdout
        self.tokens = json.loads(output.split("TOKENS=", 1)[1])


@pytest.fixture(scope="module")
def surge_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("surge-site")
    env = {
        "QIAO_SMS_BACKEND": "qiao.accounts.sms.LoadTestSmsBackend",
        "QIAO_ALLOW_TEST_SMS": "1",
        "QIAO_TEST_SMS_DIR": str(data / "sms"),
        # Behind a proxy: every simulated stranger has an address of their own.
        "QIAO_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP",
        "QIAO_EXPLORE_CACHE_SECONDS": "0",
        "QIAO_MODERATION_TRANSLATE_CASES": "0",
        "QIAO_MODERATION_SURGE_DIVISOR": str(SURGE_DIVISOR),
        **{f"QIAO_LIMIT_{action.upper()}S": ",".join(map(str, tiers))
           for action, tiers in LIMITS.items()},  # fmt: skip
    }
    regulars = [
        Person(f"regular{n}", f"+1202555{n + 100:04d}", f"203.0.113.{n + 1}")
        for n in range(REGULARS)
    ]
    admin = Person("siteadmin", "+12025550999", "192.0.2.1")
    server = SurgeServer(data, regulars, admin, **env)
    server.start()
    for person in (*regulars, admin):
        person.token = server.tokens[person.handle]
    yield server, data / "sms", regulars, admin
    server.stop()


def test_a_flood_of_new_accounts_is_held_back_and_regulars_are_not_hurt(surge_site):
    server, sms_dir, regulars, admin = surge_site
    site = Site(server)
    strangers = [
        Person(f"stranger{n:02d}", f"+86138001{n:05d}", f"198.51.100.{n + 1}")
        for n in range(STRANGERS)
    ]
    run_all((site.sign_up, p, sms_dir) for p in strangers)
    home = site.note(regulars[0], "Tea terraces in Longjing")
    assert home.status_code == 201
    home_id = home.json()["id"]

    # --- surge mode off: each stranger gets exactly a new account's allowance -------------
    wave, later = strangers[:15], strangers[15:]
    targets = [p.handle for p in [*regulars, *later]]
    new = {action: tiers[0] for action, tiers in LIMITS.items()}
    results = run_all(
        (burst, site, p, home_id, targets, new["note"] + 1, new["comment"] - 1, new["follow"] + 1, 2)
        for p in wave
    )
    for person in wave:
        assert person.statuses["note"] == [201] * new["note"] + [429], person
        # Link 1 passes, link 2 is over the link limit (its attempt still counts as a comment).
        assert person.statuses["comment"] == [201, 429] + [201] * (new["comment"] - 2) + [429]
        assert person.statuses["follow"] == [200] * new["follow"] + [429]
    wave_notes = [i for done in results for i in created_ids(done["note"])]
    assert len(wave_notes) == len(wave) * new["note"]
    assert set(wave_notes) <= site.explore_ids()  # surge mode off: posted and shown at once

    # --- an admin switches surge mode on through the API ----------------------------------
    switched = site.call("PUT", "/api/v1/moderation/surge", admin,
                         json={"surge_mode": True, "reason": "Sign-up wave"})  # fmt: skip
    assert switched.status_code == 200 and switched.json()["surge_mode"] is True
    denied = site.call("PUT", "/api/v1/moderation/surge", regulars[1], json={"surge_mode": False})
    assert denied.status_code == 404

    comments_before = site.call("GET", f"/api/v1/notes/{home_id}").json()["comment_count"]
    surge = {action: count // SURGE_DIVISOR for action, count in new.items()}
    assert surge == {"note": 1, "comment": 2, "follow": 2, "link": 0}
    jobs = [
        (burst, site, p, home_id, [r.handle for r in regulars], surge["note"] + 1,
         surge["comment"] + 1, surge["follow"] + 1, 0)
        for p in later
    ]  # fmt: skip
    # The regulars carry on meanwhile: more than a new account could, all of it shown at once.
    jobs += [
        (burst, site, p, home_id, [s.handle for s in later], 2, 3, 3, 1) for p in regulars
    ]
    results = run_all(jobs)
    held_notes = [i for done in results[: len(later)] for i in created_ids(done["note"])]
    held_comments = [i for done in results[: len(later)] for i in created_ids(done["comment"])]
    for person in later:
        assert person.statuses == {
            "note": [201] * surge["note"] + [429],
            "comment": [201] * surge["comment"] + [429],
            "follow": [200] * surge["follow"] + [429],
        }, person
    for person in regulars:
        assert person.statuses == {"note": [201, 201], "comment": [201] * 4, "follow": [200] * 3}
    regular_notes = [i for done in results[len(later):] for i in created_ids(done["note"])]

    # First posts of new accounts wait for review: not on Explore, not readable, not counted.
    explore = site.explore_ids()
    assert len(held_notes) == len(later) and not set(held_notes) & explore
    assert not any(site.visible(i) for i in held_notes)
    assert set(regular_notes) <= explore and all(site.visible(i) for i in regular_notes)
    home_after = site.call("GET", f"/api/v1/notes/{home_id}").json()["comment_count"]
    assert home_after == comments_before + len(regulars) * 4  # the held comments are not counted
    shown = site.comment_ids(home_id)
    assert len(shown) == home_after and not shown & set(held_comments)

    # They are in the moderator queue; approving one publishes it.
    queue = site.call("GET", "/api/v1/moderation/cases", admin, params={"kind": "note"}).json()
    queued = {case["object_id"]: case for case in queue["items"]}
    assert set(held_notes) <= set(queued)
    assert all(queued[i]["held"] and queued[i]["verdict"]["surge_hold"] for i in held_notes)
    approved = site.call("POST", f"/api/v1/moderation/cases/{queued[held_notes[0]]['id']}/actions",
                         admin, json={"action": "dismiss"})  # fmt: skip
    assert approved.status_code == 200
    assert site.visible(held_notes[0]) and held_notes[0] in site.explore_ids()

    # Every refusal said when to come back; nothing failed.
    assert site.refusals, "the flood was never refused"
    for response in site.refusals:
        assert 1 <= int(response.headers["Retry-After"]) <= 3601, response.headers
        assert RETRY_MESSAGE.search(response.json()["detail"]), response.text
    errors = [r for r in site.responses if r[2] >= 500]
    assert not errors, f"{errors}\n{server.log()[-3000:]}"
