"""朗读 (theme_overrides/assets/gongkai.js): a record read aloud by the browser's speech synthesis in
a Chinese voice: the title, the status, the dates and the text, never the rows of people; no button
where the browser has no Chinese voice. The voices are played by a script, as chromium here has none."""

from __future__ import annotations

import pytest
from support import FLAGSHIP

VOICES = """
window.__spoken = [];
const voices = %s;
Object.defineProperty(window, "speechSynthesis", {value: {
  speaking: false,
  getVoices: () => voices,
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); this.speaking = true; },
  cancel() { this.speaking = false; window.__cancelled = true; },
  addEventListener() {},
}});
"""
CHINESE = '[{lang: "zh-CN", name: "普通话"}, {lang: "en-US", name: "English"}]'


@pytest.mark.parametrize(
    "path", [FLAGSHIP, "disclosures/2026-shijia-zhigong-houxuan/", "stories/chen-xiumei/"]
)
def test_a_record_is_read_in_a_chinese_voice_without_its_rows_of_people(browser, demo_url, path):
    page = browser.new_page()
    page.add_init_script(VOICES % CHINESE)
    page.goto(demo_url + path)
    button = page.locator("[data-gk-read]")
    assert button.is_visible() and button.text_content() == "朗读"
    button.click()
    assert button.text_content() == "停止朗读" and button.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == "zh-CN"
    text = spoken[0]["text"]
    assert page.locator("h1").text_content().strip() in text
    assert "发布日期" in text
    names = page.eval_on_selector_all(
        ".gk-pay__name", "cells => cells.map(c => c.textContent.trim())"
    )
    assert not any(name in text for name in names)  # never a row of people
    if path == FLAGSHIP:
        assert names and "公示中" in text and "公示期" in text
    button.click()  # again: it stops
    assert page.evaluate("window.__cancelled") and button.text_content() == "朗读"
    page.close()


def test_without_a_chinese_voice_there_is_no_button(browser, demo_url):
    page = browser.new_page()
    page.add_init_script(VOICES % '[{lang: "en-US", name: "English"}]')
    page.goto(demo_url + FLAGSHIP)
    assert not page.locator("[data-gk-read]").is_visible()
    page.close()
    page = browser.new_page()  # chromium here: no voice at all
    page.goto(demo_url + FLAGSHIP)
    assert not page.locator("[data-gk-read]").is_visible()
    page.close()
