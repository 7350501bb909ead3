"""Group robots: the roster and the weekly text reach WeChat and DingTalk robots on loopback; the
DingTalk robot checks every request's `timestamp` and HMAC-SHA256 `sign` the way DingTalk does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ops.runtime.settings import load_settings
from tests.conftest import DEMO_DATA

SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"
DAY = "2026-12-01"


@dataclass
class Robot:
    """What a loopback robot received, and how it is to answer (HTTP status codes, in turn)."""

    secret: str | None = None
    answers: list[int] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)


def signature_ok(query: dict[str, list[str]], secret: str) -> bool:
    """DingTalk's rule: sign = Base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")), within an hour."""
    try:
        (timestamp,), (sign,) = query["timestamp"], query["sign"]
    except (KeyError, ValueError):
        return False
    if abs(int(timestamp) - time.time() * 1000) > 3_600_000:
        return False
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), sign)


def serve(robot: Robot) -> tuple[HTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            signed = robot.secret is None or signature_ok(query, robot.secret)
            robot.received.append(
                {"path": parts.path, "query": query, "body": body, "signed": signed}
            )
            status = robot.answers.pop(0) if robot.answers else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            if status != 200:
                self.wfile.write(b"busy")
            elif not signed:  # what DingTalk answers a bad signature
                self.wfile.write(b'{"errcode": 310000, "errmsg": "sign not match"}')
            else:
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def dingtalk(monkeypatch):
    robot = Robot(secret=SECRET)
    server, base = serve(robot)
    monkeypatch.setenv("FIELDOPS_DINGTALK_URL", f"{base}/robot/send?access_token=t0ken")
    monkeypatch.setenv("FIELDOPS_DINGTALK_SECRET", SECRET)
    yield robot
    server.shutdown()


@pytest.fixture
def wechat(monkeypatch):
    robot = Robot()
    server, base = serve(robot)
    monkeypatch.setenv("FIELDOPS_WEBHOOK_URL", f"{base}/cgi-bin/webhook/send?key=k3y")
    yield robot
    server.shutdown()


@pytest.fixture
def roster(db, fieldops):
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    args = ("roster", "generate", "-t", "色务乡", "--start", "2026-11-30", "--days", "7")
    assert fieldops(*args).exit_code == 0
    return ("roster", "show", "-t", "色务乡", "-d", DAY, "-f", "wechat")


def test_the_roster_text_reaches_the_dingtalk_robot_signed(db, fieldops, roster, dingtalk):
    result = fieldops(*roster, "--send")
    assert result.exit_code == 0, result.output
    (request,) = dingtalk.received
    assert request["signed"] and request["path"] == "/robot/send"
    assert request["query"]["access_token"] == ["t0ken"]
    assert request["body"] == {"msgtype": "text", "text": {"content": result.stdout.rstrip("\n")}}
    assert result.stdout.startswith("【色务乡 12月1日") and "dingtalk" in result.stderr


def test_without_send_nothing_is_sent(db, fieldops, roster, dingtalk, wechat):
    assert fieldops(*roster).exit_code == 0
    assert dingtalk.received == [] and wechat.received == []


def test_both_robots_get_the_same_text_and_only_dingtalk_is_signed(
    db, fieldops, roster, dingtalk, wechat
):
    result = fieldops(*roster, "--send")
    assert result.exit_code == 0, result.output
    (ding,), (wx,) = dingtalk.received, wechat.received
    assert ding["body"] == wx["body"]
    assert "sign" not in wx["query"] and wx["query"]["key"] == ["k3y"]


def test_a_failed_attempt_is_retried_with_a_fresh_signature(db, fieldops, roster, dingtalk):
    dingtalk.answers = [503]
    result = fieldops(*roster, "--send")
    assert result.exit_code == 0, result.output
    first, second = dingtalk.received
    assert first["signed"] and second["signed"]
    assert int(second["query"]["timestamp"][0]) >= int(first["query"]["timestamp"][0]) + 900


def test_a_wrong_secret_is_refused_three_times_and_the_command_says_so(
    db, fieldops, roster, dingtalk, monkeypatch
):
    monkeypatch.setenv("FIELDOPS_DINGTALK_SECRET", "SECnot-the-robots-secret")
    result = fieldops(*roster, "--send")
    assert result.exit_code == 1
    assert len(dingtalk.received) == 3 and not any(r["signed"] for r in dingtalk.received)
    assert "delivery failed (dingtalk" in result.stderr
    assert result.stdout.startswith("【色务乡")  # the text is still shown for pasting by hand


def test_a_dingtalk_robot_without_signing_gets_no_sign(db, fieldops, roster, dingtalk, monkeypatch):
    monkeypatch.delenv("FIELDOPS_DINGTALK_SECRET")
    dingtalk.secret = None  # a robot secured by keyword or IP instead
    assert fieldops(*roster, "--send").exit_code == 0
    (request,) = dingtalk.received
    assert "sign" not in request["query"] and "timestamp" not in request["query"]


def test_send_needs_wechat_text_and_a_robot(db, fieldops, roster, monkeypatch):
    monkeypatch.delenv("FIELDOPS_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("FIELDOPS_DINGTALK_URL", raising=False)
    no_robot = fieldops(*roster, "--send")
    assert no_robot.exit_code == 1 and "FIELDOPS_DINGTALK_URL" in no_robot.stderr
    table = fieldops("roster", "show", "-t", "色务乡", "-d", DAY, "--send")
    assert table.exit_code == 1 and "--format wechat" in table.stderr


def test_the_weekly_text_reaches_the_dingtalk_robot_signed(
    db, fieldops, roster, dingtalk, tmp_path
):
    today = datetime.now(load_settings().tz).date()
    monday = today - timedelta(days=today.weekday() + 7)
    assert (
        fieldops("roster", "generate", "-t", "色务乡", "--start", monday.isoformat()).exit_code == 0
    )
    iso = monday.isocalendar()
    out = tmp_path / "week"
    result = fieldops(
        "report", "weekly", "-t", "色务乡", "--week", f"{iso[0]}-W{iso[1]:02d}", "--out", out
    )
    assert result.exit_code == 0, result.output
    (request,) = dingtalk.received
    assert request["signed"]
    assert request["body"]["text"]["content"] == (out / "wechat.txt").read_text(encoding="utf-8")


def test_the_signing_secret_is_not_shown_with_the_settings(monkeypatch):
    monkeypatch.setenv("FIELDOPS_DINGTALK_SECRET", SECRET)
    assert SECRET not in repr(load_settings())
