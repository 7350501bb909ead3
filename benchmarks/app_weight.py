"""Field app weight and load time on an emulated 3G link, in Debian's headless Chromium.

Starts a real `fieldops serve` on a temporary SQLite database with the demo township and a roster
for today, prints a sign-in card, then opens the card's link in a 360 × 640 phone emulated with
Chromium DevTools network conditions (`Network.emulateNetworkConditions`, DevTools' presets):

- `first_visit`: the card's link on an empty phone: app shell, sign-in, today's duty on screen;
- `repeat_visit`: the app opened again later (shell from the service worker, duty from the API);
- `offline_open`: the app opened with no network at all.

`transferred_bytes` is what went over the wire for the page (Network.loadingFinished's
encodedDataLength: headers and bodies, uncompressed as `serve` sends them). Prints JSON lines.
Run: `.venv/bin/python benchmarks/app_weight.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

import httpx

from ops.demo.run import free_port

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "ops" / "demo" / "data"
STATIC = ROOT / "ops" / "fieldapp" / "static"
CHROMIUM = os.environ.get("FIELDOPS_TEST_CHROMIUM", "/usr/bin/chromium")
REDIS_URL = os.environ.get("FIELDOPS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip
# Chrome DevTools' throttling presets (latency in ms, throughput in bytes per second).
NETWORKS = {
    "slow_3g": {"latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "fast_3g": {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375},
}


def fieldops(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ops", *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def prepare(env: dict[str, str]) -> None:
    """Demo township, staff, shifts and a roster from today."""
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        fieldops(env, "import", kind, str(DEMO / name), "--township", "色务乡")
    today = time.strftime("%Y-%m-%d")
    fieldops(env, "roster", "generate", "-t", "色务乡", "--start", today, "--days", "3")


def card_link(env: dict[str, str], base: str, workdir: Path) -> str:
    out = fieldops(env, "token", "issue", "--staff", "SW-001", "--qr", str(workdir / "c.png"),
                   "--base-url", base)  # fmt: skip
    return out.strip().splitlines()[-1]


class Wire:
    """Bytes and requests the page sends and receives, from the DevTools protocol."""

    def __init__(self, cdp: Any) -> None:
        self.bytes = 0
        self.requests = 0
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestWillBeSent", self._sent)

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def _sent(self, _event: dict[str, Any]) -> None:
        self.requests += 1

    def reset(self) -> None:
        self.bytes = self.requests = 0


def visit(page: Any, wire: Wire, url: str | None, online: bool = True) -> dict[str, Any]:
    """Open `url` (or reload); time the load event, the duty on screen, and a fresh duty."""
    wire.reset()
    start = time.perf_counter()
    fresh = None
    if online:
        with page.expect_response(
            lambda r: "/api/v1/me/duties" in r.url, timeout=120_000
        ) as answer:
            page.goto(url, wait_until="load") if url else page.reload(wait_until="load")
            loaded = time.perf_counter() - start
            page.wait_for_selector("#duty .card", timeout=120_000)
            shown = time.perf_counter() - start
        answer.value.finished()
        fresh = round(time.perf_counter() - start, 2)
    else:
        page.reload(wait_until="load")
        loaded = time.perf_counter() - start
        page.wait_for_selector("#duty .card", timeout=120_000)
        shown = time.perf_counter() - start
    page.wait_for_timeout(300)  # let late answers finish so their bytes are counted
    return {"shell_loaded_s": round(loaded, 2), "duty_shown_s": round(shown, 2), "duty_fresh_s": fresh,
            "requests": wire.requests, "transferred_bytes": wire.bytes}  # fmt: skip


def measure(
    browser: Any, base: str, env: dict[str, str], workdir: Path, network: str
) -> list[dict[str, Any]]:
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai", permissions=["geolocation"],
        geolocation={"longitude": 91.70, "latitude": 32.20, "accuracy": 10},
    )  # fmt: skip
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORKS[network]})
    wire = Wire(cdp)
    first = visit(page, wire, card_link(env, base, workdir))
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
    again = visit(page, wire, None)
    cdp.send("Network.emulateNetworkConditions", {**NETWORKS[network], "offline": True})
    context.set_offline(True)
    offline = visit(page, wire, None, online=False)
    context.close()
    return [
        {"name": "first_visit", "network": network, **first},
        {"name": "repeat_visit", "network": network, **again},
        {"name": "offline_open", "network": network, **offline},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="visits per network; medians reported")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    files = {p.name: p.stat().st_size for p in sorted(STATIC.iterdir())}
    print(json.dumps({"name": "static_files", "bytes": sum(files.values()), "files": files}))
    with tempfile.TemporaryDirectory(prefix="fieldops-app-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "FIELDOPS_DATA_DIR": str(workdir), "FIELDOPS_REDIS_URL": REDIS_URL}
        env.pop("FIELDOPS_DATABASE_URL", None)
        prepare(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "ops", "serve", "--port", str(port)], env=env,
            stdout=(workdir / "serve.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                print(json.dumps({"name": "environment", "chromium": browser.version,
                                  "viewport": "360x640", "cpus": os.cpu_count()}))  # fmt: skip
                for network in NETWORKS:
                    runs = [
                        measure(browser, base, env, workdir, network) for _ in range(options.runs)
                    ]
                    for index, first in enumerate(runs[0]):
                        lines = [run[index] for run in runs]
                        summary = dict(first)
                        for key in (
                            "shell_loaded_s",
                            "duty_shown_s",
                            "duty_fresh_s",
                            "transferred_bytes",
                            "requests",
                        ):
                            values = [line[key] for line in lines if line[key] is not None]
                            summary[key] = median(values) if values else None
                        summary["runs"] = len(lines)
                        print(json.dumps(summary))
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
