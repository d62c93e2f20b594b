"""The surge, as locust users (run by ``qiao loadtest`` / ``qiao faulttest``, not by hand).

Phases, one after the other on the same server (:class:`SurgeShape`):

1. ``signup``: every user signs up through the real API (code by "SMS",
   which the load-test backend writes to a directory we read), follows a few
   people, then waits: a burst of phone sign-ups.
2. ``ceiling``: every user requests ``/healthz``: what this server, this
   machine and this load generator can do at most.
3. ``feeds``: every user scrolls Explore and Following (API with cursors,
   and the pages), a quarter of them signed out.
4. ``surge``: a second sign-up burst (50% more users) and the full mix:
   scrolling, note pages and translations, posting with a photo, likes,
   comments, and a little ``/healthz``.

Every request is appended to ``QIAO_LT_RECORDS`` (one JSON line each: time,
phase, group, status, milliseconds, and for acknowledged writes what was
written), from which the command computes the figures and checks that every
acknowledged write is in the database. Settings come from ``QIAO_LT_*``
environment variables set by the command.
"""

from __future__ import annotations

import io
import json
import os
import random
import threading
import time
import uuid
from pathlib import Path

from locust import FastHttpUser, LoadTestShape, events, task
from locust.exception import StopUser

HOST_SEED = json.loads(Path(os.environ["QIAO_LT_SEED"]).read_text())
SMS_DIR = Path(os.environ["QIAO_LT_SMS_DIR"])
RECORDS = open(os.environ["QIAO_LT_RECORDS"], "a", buffering=1024 * 1024)  # noqa: SIM115
USERS = int(os.environ.get("QIAO_LT_USERS", "20"))
SPAWN_RATE = float(os.environ.get("QIAO_LT_SPAWN_RATE", "20"))
PHASE_SECONDS = {
    "signup": float(os.environ.get("QIAO_LT_SIGNUP_SECONDS", "15")),
    "ceiling": float(os.environ.get("QIAO_LT_CEILING_SECONDS", "20")),
    "feeds": float(os.environ.get("QIAO_LT_FEEDS_SECONDS", "20")),
    "surge": float(os.environ.get("QIAO_LT_SURGE_SECONDS", "40")),
}
MAX_REQUESTS = int(os.environ.get("QIAO_LT_MAX_REQUESTS", "100000"))
RUN_ID = os.environ.get("QIAO_LT_RUN_ID", uuid.uuid4().hex[:6])

_state = {"phase": "", "requests": 0}
_lock = threading.Lock()


def phase() -> str:
    return _state["phase"]


def _photo() -> bytes:
    """One small JPEG for every post (Pillow draws it; the server re-encodes it anyway)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (250, 235, 215))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        draw.ellipse(
            (i * 36, 60 + i * 12, i * 36 + 90, 150 + i * 12), fill=(255 - i * 12, 36 + i * 9, 66)
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PHOTO = _photo()


def multipart(
    fields: dict[str, str], file_field: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    """A multipart/form-data body (locust's fast client has no files= argument)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: image/jpeg\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def record(**fields) -> None:
    fields.setdefault("t", time.time())
    fields.setdefault("phase", phase())
    RECORDS.write(json.dumps(fields, separators=(",", ":")) + "\n")


@events.request.add_listener
def _on_request(
    request_type, name, response_time, response_length, response, exception, context, **kwargs
):
    status = getattr(response, "status_code", 0) or 0
    fields = {"group": context.get("group", name), "name": name, "method": request_type,
              "status": status, "ms": round(response_time, 2)}  # fmt: skip
    if exception is not None and not status:
        fields["error"] = exception.__class__.__name__
    if "ack" in context and 200 <= status < 300:
        fields["ack"] = context["ack"](response)
    record(**fields)
    _state["requests"] += 1
    if _state["requests"] >= MAX_REQUESTS:
        runner = getattr(_on_request, "runner", None)
        if runner is not None:
            runner.quit()


@events.init.add_listener
def _on_init(environment, **kwargs):
    _on_request.runner = environment.runner


@events.quitting.add_listener
def _on_quit(environment, **kwargs):
    RECORDS.flush()


def _area_codes() -> list[int]:
    """North American area codes where 555 numbers are valid (phonenumbers decides, as the server does)."""
    import phonenumbers

    return [
        a
        for a in range(201, 990)
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{a}5550142"))
    ]


AREA_CODES = _area_codes()
_used_phones: set[str] = set()


def next_phone() -> str:
    """A fresh fictional number (the 555 exchange) for each sign-up of this run."""
    with _lock:
        while True:
            phone = f"+1{random.choice(AREA_CODES)}555{random.randint(0, 9999):04d}"
            if phone not in _used_phones:
                _used_phones.add(phone)
                return phone


class SurgeUser(FastHttpUser):
    network_timeout = 30.0
    connection_timeout = 10.0

    def wait_time(self) -> float:
        """No pause in the capacity phases (each user is one request after another); people pause in the surge."""
        return 0.0 if phase() in ("ceiling", "feeds") else random.uniform(0.05, 0.3)

    def on_start(self) -> None:
        self.token = ""
        self.handle = ""
        self.anonymous = random.random() < 0.25
        self.sign_up()

    # --- helpers ---------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def api(
        self,
        method: str,
        path: str,
        group: str,
        *,
        name: str | None = None,
        ack=None,
        auth=True,
        **kwargs,
    ):
        headers = {
            **(self._auth() if auth else {}),
            "Accept": "application/json",
            **kwargs.pop("headers", {}),
        }
        context = {"group": group}
        if ack is not None:
            context["ack"] = ack
        return self.client.request(
            method, path, name=name or path, headers=headers, context=context, **kwargs
        )

    def sign_up(self) -> None:
        phone = next_phone()
        with_code = self.api(
            "POST",
            "/api/v1/auth/code",
            "signup",
            json={"phone": phone, "purpose": "signup"},
            auth=False,
        )
        if with_code.status_code != 202:
            return
        code_file = SMS_DIR / (phone.lstrip("+") + ".txt")
        code = ""
        for _ in range(50):
            if code_file.exists():
                code = "".join(ch for ch in code_file.read_text() if ch.isdigit())[:6]
                break
            time.sleep(0.1)
        if not code:
            record(
                group="signup", name="sms code file", method="READ", status=0, ms=0, error="NoCode"
            )
            return
        handle = f"lt{RUN_ID}{uuid.uuid4().hex[:8]}"
        response = self.api(
            "POST", "/api/v1/auth/signup", "signup", auth=False,
            json={"phone": phone, "code": code, "handle": handle, "display_name": f"Load {handle[-4:]}"},
            ack=lambda r: {"kind": "user", "handle": r.json()["user"]["handle"]},
        )  # fmt: skip
        if response.status_code == 201:
            self.token = response.json()["token"]
            self.handle = handle
            for followee in random.sample(HOST_SEED["handles"], min(3, len(HOST_SEED["handles"]))):
                self.api(
                    "POST",
                    f"/api/v1/users/{followee}/follow",
                    "follow",
                    name="/api/v1/users/[handle]/follow",
                )

    def note_id(self) -> int:
        return random.choice(HOST_SEED["note_ids"])

    def scroll(self, path: str, name: str, pages: int) -> None:
        cursor = None
        for _ in range(pages):
            url = path + (f"?cursor={cursor}" if cursor else "")
            response = self.api("GET", url, "feed", name=name, auth=not self.anonymous)
            if response.status_code != 200:
                return
            cursor = response.json().get("next_cursor")
            if not cursor:
                return

    # --- the phases ------------------------------------------------------------------------

    @task
    def act(self) -> None:
        current = phase()
        if current == "signup":
            self.api("GET", "/healthz", "trivial")
            time.sleep(0.5)
        elif current == "ceiling":
            self.api("GET", "/healthz", "trivial")
        elif current == "feeds":
            self.feeds()
        elif current == "surge":
            self.surge()
        else:
            raise StopUser()

    def feeds(self) -> None:
        choice = random.random()
        if self.anonymous or not self.token:
            if choice < 0.5:
                self.scroll("/api/v1/feeds/explore", "/api/v1/feeds/explore", 3)
            else:
                self.api("GET", "/", "feed", name="/ (explore page)", auth=False)
        elif choice < 0.35:
            self.scroll("/api/v1/feeds/explore", "/api/v1/feeds/explore", 3)
        elif choice < 0.6:
            self.scroll("/api/v1/feeds/following", "/api/v1/feeds/following", 2)
        elif choice < 0.8:
            self.api("GET", "/", "feed", name="/ (explore page)", auth=False)
        else:
            self.api("GET", "/api/v1/feeds/explore", "feed", name="/api/v1/feeds/explore")

    def surge(self) -> None:
        choice = random.random()
        if choice < 0.45 or not self.token:
            self.feeds()
        elif choice < 0.65:
            self.view_note()
        elif choice < 0.78:
            note = self.note_id()
            self.api(
                "POST", f"/api/v1/notes/{note}/like", "write", name="/api/v1/notes/[id]/like",
                ack=lambda r, note=note: {"kind": "like", "handle": self.handle, "note": note},
            )  # fmt: skip
        elif choice < 0.88:
            note = self.note_id()
            self.api(
                "POST", f"/api/v1/notes/{note}/comments", "write", name="/api/v1/notes/[id]/comments",
                json={"body": f"Looks great @{random.choice(HOST_SEED['handles'])} #surge"},
                ack=lambda r: {"kind": "comment", "id": r.json()["id"]},
            )  # fmt: skip
        elif choice < 0.93:
            self.post_note()
        else:
            self.api("GET", "/healthz", "trivial")

    def view_note(self) -> None:
        note = self.note_id()
        self.api("GET", f"/notes/{note}/", "note", name="/notes/[id]/ (page)", auth=False)
        self.api("GET", f"/api/v1/notes/{note}", "note", name="/api/v1/notes/[id]")
        if not HOST_SEED["translate_note_ids"] or random.random() < 0.5:
            return
        note = random.choice(HOST_SEED["translate_note_ids"])
        target = random.choice(["en", "zh"])
        for attempt in range(
            3
        ):  # 202 "pending" means queued: ask again shortly (not counted against quota)
            response = self.api(
                "POST", f"/api/v1/notes/{note}/translate", "translate",
                name="/api/v1/notes/[id]/translate", json={"target": target},
            )  # fmt: skip
            if response.status_code != 202:
                return
            time.sleep(1.0)

    def post_note(self) -> None:
        fields = {
            "title": f"Surge {random.randint(1, 10**6)}",
            "body": "Posted during the load test #surge",
        }
        body, content_type = multipart(fields, "images", "photo.jpg", PHOTO)
        self.api(
            "POST", "/api/v1/notes", "write", name="/api/v1/notes (photo)",
            data=body, headers={"Content-Type": content_type},
            ack=lambda r: {"kind": "note", "id": r.json()["id"]},
        )  # fmt: skip


class SurgeShape(LoadTestShape):
    """signup → ceiling → feeds → surge (with 50% more users signing up), then stop."""

    def tick(self):
        elapsed = self.get_run_time()
        start = 0.0
        for name in ("signup", "ceiling", "feeds", "surge"):
            end = start + PHASE_SECONDS[name]
            if elapsed < end:
                if _state["phase"] != name:
                    _state["phase"] = name
                    record(group="phase", name=name, method="PHASE", status=0, ms=0)
                    RECORDS.flush()  # the fault test watches for phase markers
                users = USERS if name != "surge" else USERS + max(1, USERS // 2)
                return users, SPAWN_RATE
            start = end
        _state["phase"] = "done"
        return None
