"""gongkai.pages.qr: the printed notice's QR code and caption."""

from __future__ import annotations

from support import ROOT, SITE_URL, page_text

# -- the printed notice ------------------------------------------------------------------------------


def test_the_printed_notices_qr_code_uses_site_url_even_in_a_preview():
    from gongkai.settings import Settings

    config = {"site_url": "http://127.0.0.1:8000/", "site_name": "x", "extra": {}}
    assert Settings.from_config(ROOT, config).site_url == SITE_URL


def test_the_printed_caption_says_what_the_site_offers(demo_site):
    page = page_text(demo_site / "disclosures" / "2026-shijia-zhigong-houxuan" / "index.html")
    caption = page[page.index("扫码查看网上公示") :]
    # the demo sets no opinion_url
    assert "打印《意见表》" in caption and "意见答复" in caption and "在线" not in caption
