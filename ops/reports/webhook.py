"""Optional delivery of the WeChat text to a group robot (WeCom / DingTalk style JSON body)."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request

log = logging.getLogger(__name__)

ATTEMPTS = 3


def post_text(
    url: str,
    text: str,
    *,
    attempts: int = ATTEMPTS,
    backoff_s: float = 1.0,
    timeout_s: float = 10.0,
) -> bool:
    """POST {"msgtype": "text", "text": {"content": text}}; retry with backoff; never raise. True if delivered."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as answer:
                reply = answer.read(4096)
                if _accepted(reply):
                    return True
                log.warning("webhook refused the message (attempt %s): %s", attempt, reply[:200])
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            log.warning("webhook delivery failed (attempt %s of %s): %s", attempt, attempts, exc)
        if attempt < attempts:
            time.sleep(backoff_s * 2 ** (attempt - 1))
    log.error("webhook delivery gave up after %s attempts", attempts)
    return False


def _accepted(reply: bytes) -> bool:
    """WeCom and DingTalk answer 200 with {"errcode": 0}; anything 2xx without an errcode counts too."""
    try:
        data = json.loads(reply or b"{}")
    except ValueError:
        return True
    return not isinstance(data, dict) or data.get("errcode", 0) == 0
