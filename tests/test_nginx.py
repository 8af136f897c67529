"""The documented nginx configuration, run for real: its headers, compression and caching, and in
chromium no page of the demo breaks its Content Security Policy while search still works."""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest
from nginxserver import CONF, nginx as serve_with_nginx
from support import PAGE_KINDS

POLICY = re.search(
    r'Content-Security-Policy "([^"]+)"',
    (CONF / "gongkai-headers.conf").read_text(encoding="utf-8"),
).group(1)


@pytest.fixture(scope="module")
def nginx(demo_site, tmp_path_factory):
    with serve_with_nginx(demo_site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def get(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def test_headers_compression_and_caching(nginx):
    page = get(nginx + "disclosures/", **{"Accept-Encoding": "gzip"})
    assert page.headers["Content-Security-Policy"] == POLICY
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-cache"
    assert (
        page.headers["Content-Encoding"] == "gzip"
        and "公开事项" in gzip.decompress(page.read()).decode()
    )
    shard = get(nginx + "search/index/shard/0.json", **{"Accept-Encoding": "gzip"})
    assert shard.headers["Content-Encoding"] == "gzip" and shard.headers["Content-Type"].startswith(
        "application/json"
    )
    css = re.search(
        r'href="\.\./(assets/stylesheets/main\.[0-9a-f]{8}\.min\.css)"',
        get(nginx + "disclosures/").read().decode(),
    ).group(1)
    asset = get(nginx + css)
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Security-Policy"] == POLICY  # headers in every location
    assert get(nginx + "events.ics").headers["Content-Type"].startswith("text/calendar")


def test_no_page_violates_the_policy_and_search_works(browser, nginx):
    context = browser.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in PAGE_KINDS:
        page.goto(nginx + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    page.goto(nginx + "search/?q=职代会")
    page.wait_for_selector(".gk-result__title")
    assert "/disclosures/2026-zhidaihui-11-1-tian-banli/" in page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert page.evaluate("window.__violations") == [] and console == []
    context.close()
