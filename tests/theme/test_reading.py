"""Reading on a phone, in chromium: 360 px without sideways scrolling, tables, names with their
amounts, nothing pushed around by scripts, and axe's audit."""

from __future__ import annotations

import pytest
from support import FLAGSHIP, PAGE_KINDS, axe_violations, phone

# -- pay tables on phones and screens ------------------------------------------------------------


def test_each_name_and_its_amount_fit_a_360px_phone(browser, demo_url):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_url + FLAGSHIP)
    boxes = page.eval_on_selector_all(
        ".gk-pay tbody tr",
        """rows => rows.map(r => {
          const name = r.querySelector('.gk-pay__name').getBoundingClientRect();
          const amount = r.querySelector('.gk-pay__amount').getBoundingClientRect();
          const style = getComputedStyle(r.querySelector('.gk-pay__amount'));
          return {name: [name.left, name.top, name.bottom], amount: [amount.left, amount.right, amount.top, amount.bottom],
                  align: style.textAlign, figures: style.fontVariantNumeric};
        })""",
    )
    assert len(boxes) > 20
    for box in boxes:
        left, right, top, bottom = box["amount"]
        assert 0 <= left and right <= 360, box  # the amount is on screen
        assert top < box["name"][2] and bottom > box["name"][1], box  # on the name's line
        assert box["align"] == "right" and "tabular-nums" in box["figures"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "出勤" in page.text_content(".gk-pay tbody tr .gk-pay__more")  # the rest beneath
    context.close()


@pytest.mark.parametrize("path", [FLAGSHIP, "reports/2026/"])
def test_tables_are_not_cut_on_a_screen(browser, demo_url, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_url + path)
    cut = page.eval_on_selector_all(
        ".gk-table",
        "boxes => boxes.filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.slice(0, 40))",
    )
    assert cut == []
    page.close()


SHIFTS = """
window.__gkShift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__gkShift += e.value; })
  .observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize(
    ("path", "width", "height"),
    [
        ("proposals/", 412, 823),  # the filters the script shows pushed the list down: 0.12
        (
            "search/?q=%E5%AE%89%E5%85%A8",
            1350,
            940,
        ),  # results pushed the footer off a desktop screen
    ],
)
def test_what_scripts_add_does_not_push_the_page_around(browser, demo_url, path, width, height):
    """Cumulative layout shift as Lighthouse counts it, on its phone and desktop screens."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.add_init_script(SHIFTS)
    page.goto(demo_url + path)
    page.wait_for_selector(".gk-filters:not([hidden]), .gk-result__title")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__gkShift") < 0.02
    page.close()


CHART_LABELS = """() => {
  const svg = [...document.querySelectorAll('.gk-chart > svg')].find(s => s.getBoundingClientRect().width);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const label = svg.querySelector('.gk-chart__label');
  const text = parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize);
  return parseFloat(getComputedStyle(label).fontSize) * scale / text;
}"""


def chart_label_ratio(page) -> float:
    """The size of a shown chart's labels, as drawn, to the size of the text of the page."""
    return page.evaluate(CHART_LABELS)


@pytest.mark.parametrize("width", [360, 1280])
def test_chart_labels_are_as_large_as_the_text(browser, demo_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in ("archive/disclosures/2026/", "reports/2026/"):
        page.goto(demo_url + path)
        assert 0.9 <= chart_label_ratio(page) <= 1.25, path
    page.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_reports_and_the_guides_tables_are_in_readable_type(browser, demo_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in ("reports/2026/", "guide/fields/", "guide/errors/"):
        page.goto(demo_url + path)
        sizes = page.eval_on_selector_all(
            ".md-typeset table td, .md-typeset table th",
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
        )
        text = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)"
        )
        assert sizes and min(sizes) >= 16 and min(sizes) >= 0.85 * text, (path, min(sizes), text)
    page.close()


# -- polish a reader notices ------------------------------------------------------------------------


def test_polish_on_a_phone(browser, demo_url):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_url + "archive/disclosures/2026/")
    assert chart_label_ratio(page) >= 0.9  # chart labels within a tenth of the text's size
    summary = page.query_selector("details.gk-chart__data > summary")
    # no stray pencil
    assert page.evaluate("s => getComputedStyle(s, '::before').display", summary) == "none"
    page.goto(demo_url + "disclosures/")
    order = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.id)")
    assert (
        order.index("categories") < order.index("running")
        if "running" in order
        else order[0] == "categories"
    )
    page.goto(demo_url + "disclosures/2026-shitang-yijian-zhenggai/")
    tel = page.query_selector("a.gk-tel")
    assert (
        tel
        and tel.get_attribute("href").startswith("tel:")
        and page.evaluate("a => getComputedStyle(a).whiteSpace", tel) == "nowrap"
    )
    page.goto(demo_url + "events/2026-zhigong-yundonghui/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('figcaption')).fontStyle")
        == "normal"
    )
    page.goto(demo_url)
    offset = page.evaluate(
        "document.querySelector('.gk-card').getBoundingClientRect().left - document.querySelector('#stories').getBoundingClientRect().left"
    )
    assert abs(offset) < 2
    context.close()


# -- phones and accessibility --------------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_360px_phone(browser, demo_url):
    context = phone(browser)
    page = context.new_page()
    wide = {}
    for path in PAGE_KINDS:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = width
    context.close()
    assert wide == {}


@pytest.mark.parametrize(
    "path",
    [
        "",
        "disclosures/2026-shijia-zhigong-houxuan/",
        "allocations/2026-10-zongcai1-safety/",
        "disclosures/",
        "reports/2026/",
        "events/2026-zhigong-yundonghui/",
        "search/?q=安全",
    ],
)
def test_axe_finds_no_serious_or_critical_violation(browser, demo_url, path):
    page = browser.new_page()
    bad = axe_violations(page, demo_url + path)
    page.close()
    assert bad == []


def test_on_a_phone_the_first_notice_in_its_period_is_near_the_top(browser, demo_url):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_url)
    first = page.locator(".gk-list--board > li:not([hidden])").first.bounding_box()
    assert first["y"] < 300  # it stood at 590, under the site's own words
    context.close()


# the cells of a table as a reader sees them: width, characters' size, and lines taken
CELLS = """
(root) => [...document.querySelectorAll(root + ' th, ' + root + ' td')].filter(c => c.offsetParent && c.textContent.trim()
    && ![c, c.closest('thead, tbody, tfoot')].some(e => getComputedStyle(e).position === 'absolute')).map(c => {
  const box = c.getBoundingClientRect(), style = getComputedStyle(c);
  const size = parseFloat(style.fontSize), line = parseFloat(style.lineHeight) || size * 1.5;
  const range = document.createRange(); range.selectNodeContents(c);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  return {text: c.textContent.trim().slice(0, 12), width: box.width, size, lines, label: c.dataset.label || '',
          head: !!c.closest('thead')};
})
"""


@pytest.mark.parametrize(("width", "elder"), [(360, False), (360, True), (1280, False)])
@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("reports/2026/", ".gk-scorecards"),
        ("reports/2026/", ".gk-report--grid"),
        ("reports/2026/", ".gk-report--figures"),
        ("units/zongcai1/", ".gk-scorecards"),
        (FLAGSHIP, ".gk-pay"),
    ],
)
def test_no_cell_is_narrower_than_two_characters_and_no_name_breaks(
    browser, demo_url, width, elder, path, root
):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=width < 400, has_touch=width < 400
    )
    if elder:
        context.add_init_script("localStorage.setItem('gk-elder', '1')")
    page = context.new_page()
    page.goto(demo_url + path)
    cells = page.evaluate(CELLS, root)
    assert cells
    narrow = [c for c in cells if c["width"] < 2 * c["size"] - 1]
    # a name, a post, a figure: never broken (a column's heading may wrap between its words)
    broken = [
        c for c in cells if c["lines"] > 1 and len(c["text"]) <= 6 and not (c["label"] or c["head"])
    ]
    assert narrow == [] and broken == []
    box = page.eval_on_selector(root, "b => [b.scrollWidth, b.clientWidth]")
    assert box[0] <= box[1] + 1  # nothing cut off to scroll to
    context.close()
