"""The built pages in chromium: no request leaves the origin, and injected script never runs."""

from __future__ import annotations

import pytest
from support import copy_project, mkdocs_build, write_data, xss_files

PAGES = [
    "",
    "disclosures/",
    "disclosures/2026-zhidaihui-11-1-tian-banli/",
    "allocations/2026-10-zongcai1-safety/",
    "events/2026-zhigong-yundonghui/",
    "stories/chen-xiumei/",
    "units/",
    "units/zongcai1/",
    "archive/disclosures/2026/",
    "categories/welfare/",
    "guide/",
    "search/?q=安全",
]


def test_no_request_leaves_the_origin(browser, demo_url):
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    for path in PAGES:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert requests
    outside = [
        url for url in requests if not url.startswith(demo_url) and not url.startswith("data:")
    ]
    assert outside == []


@pytest.fixture(scope="module")
def xss_url(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("xss")
    data = write_data(root / "data-src", xss_files())
    project = copy_project(root / "project", data)
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return serve(root / "site")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "disclosures/xss/",
        "allocations/xss/",
        "events/xss/",
        "stories/xss/",
        "disclosures/",
        "units/union/",
        "search/?q=注入测试",
        "search/?q=意见",
    ],
)
def test_injected_script_never_runs(browser, xss_url, path):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(xss_url + path)
    if path.startswith("search/"):
        page.wait_for_selector(".gk-result__title")
    for link in page.query_selector_all("a[href^='javascript']"):
        link.click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    if path == "disclosures/xss/":
        assert "<script>window.__xss=1</script>" in page.locator("h1").text_content()
    context.close()


def test_a_visit_fetches_no_list_of_every_page(browser, demo_url, demo_site):
    """Material's script fetches sitemap.xml beside every <link rel="alternate">, and the feeds
    are such links: it gets the small index, never the list of every page."""
    page = browser.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(demo_url + "disclosures/")
    page.wait_for_load_state("networkidle")
    page.close()
    xml = sorted({url.removeprefix(demo_url) for url in fetched if ".xml" in url})
    assert "sitemap.xml" in xml and "sitemap-pages.xml" not in xml  # as Material does today
    assert all((demo_site / name).stat().st_size < 400 for name in xml if name.endswith(".xml"))
