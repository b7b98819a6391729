"""Headless Debian Chromium driven by playwright's sync API, with no browser download.

    with open_browser() as browser:
        page = browser.new_page()

The sync API cannot run inside a running asyncio loop: use it from plain sync tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            "Chromium not found (looked for `chromium` on PATH and /usr/bin/chromium); "
            "install it with `make test-system-packages` (apt-get install chromium). "
            "Do not use `playwright install`: it downloads a browser."
        )
    return path


@contextmanager
def open_browser(*, timeout_ms: float = 30_000) -> Iterator[Browser]:
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=timeout_ms)
        try:
            yield browser
        finally:
            browser.close()
