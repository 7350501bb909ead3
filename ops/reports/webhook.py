"""Delivery of plain text to the township's group robots: WeCom/WeChat and DingTalk (钉钉).

Both take the same JSON body, {"msgtype": "text", "text": {"content": ...}}, and answer 200 with
{"errcode": 0} when they accept it. A DingTalk robot with 加签 (signing) enabled also wants two
query parameters on every request: `timestamp` (milliseconds since the epoch, within an hour of
DingTalk's clock) and `sign`, the URL-encoded Base64 of HMAC-SHA256 keyed with the secret over
"<timestamp>\\n<secret>". The signature is made afresh for every attempt.

Retry rules, the same for every robot: up to 3 attempts, waiting 1 s then 2 s, 10 s timeout each;
a refusal (an errcode other than 0) counts as a failed attempt. Delivery never raises: it logs
and answers whether the robot took the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)

ATTEMPTS = 3


@dataclass(frozen=True)
class Robot:
    """One group robot: which service, where, and (DingTalk) the signing secret."""

    kind: str  # "wechat" or "dingtalk"
    url: str
    secret: str | None = None

    def address(self, now_ms: int) -> str:
        """The URL for one request: DingTalk's signed with `timestamp` and `sign` when a secret is set."""
        if self.kind != "dingtalk" or not self.secret:
            return self.url
        query = urllib.parse.urlencode(
            {"timestamp": now_ms, "sign": dingtalk_sign(self.secret, now_ms)}
        )
        return f"{self.url}{'&' if '?' in self.url else '?'}{query}"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Return DingTalk's signature (Base64, not yet URL-encoded) for a millisecond timestamp."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def robots(settings: Settings) -> list[Robot]:
    """Return the group robots configured for this process (WeChat first), possibly none."""
    found: list[Robot] = []
    if settings.webhook_url:
        found.append(Robot("wechat", settings.webhook_url))
    if settings.dingtalk_url:
        secret = settings.dingtalk_secret.get_secret_value() if settings.dingtalk_secret else None
        found.append(Robot("dingtalk", settings.dingtalk_url, secret))
    return found


def send_to_robots(
    settings: Settings, text: str, *, backoff_s: float = 1.0
) -> dict[str, bool] | None:
    """Send text to every configured robot; return {kind: delivered}, or None if there are none."""
    configured = robots(settings)
    if not configured:
        return None
    return {robot.kind: send_text(robot, text, backoff_s=backoff_s) for robot in configured}


def post_text(
    url: str,
    text: str,
    *,
    attempts: int = ATTEMPTS,
    backoff_s: float = 1.0,
    timeout_s: float = 10.0,
) -> bool:
    """POST text to a WeChat-style robot URL (no signing); retry with backoff; True if delivered."""
    robot = Robot("wechat", url)
    return send_text(robot, text, attempts=attempts, backoff_s=backoff_s, timeout_s=timeout_s)


def send_text(
    robot: Robot,
    text: str,
    *,
    attempts: int = ATTEMPTS,
    backoff_s: float = 1.0,
    timeout_s: float = 10.0,
    clock: Callable[[], float] = time.time,
) -> bool:
    """POST {"msgtype": "text", ...} to one robot; retry with backoff; never raise. True if delivered."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    for attempt in range(1, attempts + 1):
        url = robot.address(round(clock() * 1000))
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as answer:
                reply = answer.read(4096)
                if _accepted(reply):
                    return True
                log.warning(
                    "%s robot refused the message (attempt %s): %s",
                    robot.kind,
                    attempt,
                    reply[:200],
                )
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            log.warning(
                "%s robot delivery failed (attempt %s of %s): %s",
                robot.kind,
                attempt,
                attempts,
                exc,
            )
        if attempt < attempts:
            time.sleep(backoff_s * 2 ** (attempt - 1))
    log.error("%s robot delivery gave up after %s attempts", robot.kind, attempts)
    return False


def _accepted(reply: bytes) -> bool:
    """WeCom and DingTalk answer 200 with {"errcode": 0}; anything 2xx without an errcode counts too."""
    try:
        data = json.loads(reply or b"{}")
    except ValueError:
        return True
    return not isinstance(data, dict) or data.get("errcode", 0) == 0
