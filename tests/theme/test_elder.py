"""长者模式 (大字) in chromium, against MIIT's 适老化 rules and GB/T 37668: a switch in the header of
every page that the next page and the next visit remember; text 1.3 times larger with lines 1.5 or
more apart, contrast 7:1, 60 px targets in lists and menus, no page wider than a 360 px phone, and
axe's audit; and without it, text of at least 18 px and contrast of 4.5:1."""

from __future__ import annotations

import pytest
from support import FLAGSHIP, PAGE_KINDS, axe_violations, phone

# the contrast of an element's text with the first opaque background behind it (WCAG 2 formula)
CONTRAST = """
els => els.filter(e => e.offsetParent && e.textContent.trim()).map(e => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = [255, 255, 255];
  for (let n = e; n; n = n.parentElement) {
    const b = rgb(getComputedStyle(n).backgroundColor);
    if (b.length === 3 || (b.length === 4 && b[3] === 1)) { back = b.slice(0, 3); break; }
  }
  const fore = rgb(getComputedStyle(e).color).slice(0, 3);
  const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
  return [e.className || e.tagName, e.textContent.trim().slice(0, 12), Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100];
})
"""
TEXTS = ".md-typeset p, .gk-item__meta, .gk-kicker, .gk-facts dt, .gk-status__label, .gk-state__label, .gk-count, .gk-pay td, .gk-muted, .gk-find__count"


def test_the_switch_is_in_every_header_and_remembered_across_pages_and_visits(browser, demo_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_url + "disclosures/")
    switch = page.locator("header [data-gk-elder]")
    assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
    assert switch.text_content() == "大字" and "长者模式" in switch.get_attribute("aria-label")
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    text = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    )
    assert text >= 18  # 18 px without the switch
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger == pytest.approx(base * 1.3, rel=0.01)
    # the next page is drawn large from its first frame: the class is set before the body
    page.add_init_script(
        "document.addEventListener('readystatechange', () => { if (!window.__gkFirst)"
        " window.__gkFirst = document.documentElement.className; }, {once: true})"
    )
    for path in (FLAGSHIP, "stories/chen-xiumei/", "search/?q=安全", "reports/2026/"):
        page.goto(demo_url + path)
        assert "gk-elder" in page.evaluate("window.__gkFirst"), path
        assert page.get_attribute("header [data-gk-elder]", "aria-pressed") == "true", path
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
        )
        spacing = page.evaluate(
            "(s => parseFloat(s.lineHeight) / parseFloat(s.fontSize))(getComputedStyle(document.querySelector('.md-typeset p') || document.querySelector('.md-typeset')))"
        )
        assert size >= text * 1.29 and spacing >= 1.5, (path, size, spacing)
    # a later visit: a new page of the same browser profile
    page.close()
    page = context.new_page()
    page.goto(demo_url + "units/")
    assert "gk-elder" in page.evaluate("document.documentElement.className")
    page.click("header [data-gk-elder]")  # off again, and remembered off
    page.goto(demo_url + "events/")
    assert "gk-elder" not in page.evaluate("document.documentElement.className")
    context.close()


def test_elder_mode_on_a_phone_fits_and_its_targets_are_60px(browser, demo_url):
    context = phone(browser, elder=True)
    page = context.new_page()
    wide, small = {}, {}
    for path in PAGE_KINDS:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = width
        heights = page.eval_on_selector_all(
            "header .md-header__button:not(.md-logo), header [data-gk-elder], .md-typeset .gk-item__title,"
            " .md-typeset .gk-result__title, .md-typeset .gk-chips a, .md-typeset .md-button",
            "els => els.filter(e => e.offsetParent).map(e => [e.className, Math.round(e.getBoundingClientRect().height)])",
        )
        low = [h for h in heights if h[1] < 60]
        if low:
            small[path] = low[:3]
    assert wide == {} and small == {}
    page.goto(demo_url + "disclosures/")
    page.click("label.md-header__button[for='__drawer']")  # the menu
    page.wait_for_timeout(400)
    links = page.eval_on_selector_all(
        ".md-nav--primary .md-nav__link",
        "els => els.filter(e => e.offsetParent && e.getBoundingClientRect().width).map(e => Math.round(e.getBoundingClientRect().height))",
    )
    assert links and min(links) >= 60
    context.close()


@pytest.mark.parametrize(("elder", "least"), [(False, 4.5), (True, 7.0)])
def test_text_contrast(browser, demo_url, elder, least):
    context = phone(browser, elder)
    page = context.new_page()
    low = {}
    for path in ("", FLAGSHIP, "disclosures/", "proposals/", "reports/2026/", "feedback/"):
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
        found = [c for c in page.eval_on_selector_all(TEXTS, CONTRAST) if c[2] < least]
        if found:
            low[path] = found[:4]
    context.close()
    assert low == {}


@pytest.mark.parametrize("path", ["", FLAGSHIP, "disclosures/", "reports/2026/"])
def test_axe_finds_no_serious_violation_in_elder_mode(browser, demo_url, path):
    context = phone(browser, elder=True)
    bad = axe_violations(context.new_page(), demo_url + path)
    context.close()
    assert bad == []
