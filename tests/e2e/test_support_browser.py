"""Self-test of tests/support/browser.py: a real Chromium clicks a real button."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.browser import open_browser

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

PAGE = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>support self-test</title></head>
<body>
  <button id="go" onclick="document.getElementById('out').textContent = 'clicked'">Go</button>
  <p id="out">waiting</p>
</body></html>
"""


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture
def page_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.browser
def test_chromium_clicks_a_button(page_url: str) -> None:
    with open_browser() as browser:
        page = browser.new_page()
        page.goto(page_url)
        assert page.text_content("#out") == "waiting"
        page.click("#go")
        page.wait_for_function("document.getElementById('out').textContent === 'clicked'", timeout=10_000)
        assert page.text_content("#out") == "clicked"
