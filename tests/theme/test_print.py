"""Printing, in chromium: the notice as the sheet for the board, an allocation's header on every page,
and the opinion form."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from support import FLAGSHIP, SITE_URL, copy_project, mkdocs_build, write_data


def test_the_printed_form_carries_the_notice_and_blanks_and_nothing_else(browser, demo_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(demo_url + "disclosures/2026-dongji-laobao/")
    assert page.locator("[data-gk-print-form]").is_visible()
    # what 打印意见表 does before window.print()
    page.evaluate("document.body.classList.add('gk-printing-form')")
    pdf = page.pdf(format="A4")
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(
        r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    )
    text = text.replace("\u2ec5", "见")  # the PDF's font maps 见 to a CJK radical that NFKC keeps
    assert len(reader.pages) == 1
    assert all(
        word in text
        for word in (
            "兴业煤矿厂务公开意见表",
            "2026年冬季劳动保护用品发放标准公示",
            "姓名",
            "单位",
            "意见或建议",
            "签名",
        )
    )
    assert "disclosures/2026-dongji-laobao/" in text
    # the notice itself is not printed with it
    assert "办理过程" not in text and "(盖章)" not in text


# -- the printed notice ----------------------------------------------------------------------------------


def sixty_rows() -> dict[str, str]:
    rows = "\n".join(
        f"  - {{name: 职工{n:02d}号, post: 采煤机司机, shifts: '26', amount: {1000 + n}}}"
        for n in range(1, 61)
    )
    total = sum(1000 + n for n in range(1, 61))
    return {
        "allocations/a60.yml": (
            "title: 综采一队2026年10月安全奖分配公示\nunit: zongcai1\ndate: 2026-11-20\nmonth: 2026-10\nkind: safety\n"
            f"total: {total}\nperiod: {{from: 2026-11-20, to: 2026-11-27}}\nbasis: 按工分分配。\nrows:\n{rows}\n"
        ),
        "disclosures/notice.yml": (
            "title: 2026年冬季劳动保护用品发放标准公示\ncategory: welfare\nunit: union\ndate: 2026-11-20\n"
            "period: {from: 2026-11-20, to: 2026-11-27}\ncontact: 矿工会 电话 0537-7102215\nbody: |\n"
            "  经矿务公开领导小组审查同意，现将冬季劳动保护用品发放标准公示如下。\n"
        ),
    }


@pytest.fixture(scope="module")
def print_url(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("print")
    project = copy_project(root / "project", write_data(root / "data-src", sixty_rows()))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return serve(root / "site")


def printed(browser, url: str) -> tuple[str, list, int]:
    """Print a page to PDF in chromium: its text, its pages as images and the page count."""
    import pypdfium2
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(url)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    # NFKC: the PDF's font maps some characters to Kangxi radicals (⼀ for 一)
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=3).to_pil() for i in range(len(document))]
    return text, images, len(reader.pages)


def qr_codes(images) -> list[str]:
    import zxingcpp

    return [
        code.text
        for image in images
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


NAVIGATION = ("编辑指南", "组织机构", "年度报告", "搜索公开内容", "矿务公开办公室", "回到页面顶部")


@pytest.mark.parametrize("path", ["allocations/a60/", "disclosures/notice/"])
def test_printed_notice_is_the_sheet_for_the_board(browser, print_url, path):
    text, images, pages = printed(browser, print_url + path)
    flat = re.sub(r"\s+", "", text)
    if path.startswith("allocations"):
        assert "综采一队2026年10月安全奖分配公示" in flat
        assert all(f"职工{n:02d}号" in flat for n in range(1, 61))  # every row, none cut
        assert pages >= 2
        assert f"{sum(1000 + n for n in range(1, 61)):,}.00" in flat
    else:
        assert "2026年冬季劳动保护用品发放标准公示" in flat
    assert nfkc("公示期2026年11月20日至11月27日（6个工作日）") in flat
    assert "兴业煤矿·" in flat  # the enterprise and unit at the top
    assert nfkc("（盖章）") in flat and "2026年11月20日" in flat
    assert not any(word in flat for word in NAVIGATION)
    assert qr_codes(images) == [f"{SITE_URL}{path}"]


def test_printed_allocation_repeats_its_header_on_every_page(browser, print_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(print_url + "allocations/a60/")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    assert len(reader.pages) >= 2
    for number, pdf_page in enumerate(reader.pages):
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", pdf_page.extract_text()))
        if "职工" in text:
            assert nfkc("金额（元）") in text, number


PRINTED_SIZES = """() => {
  const pt = el => el ? Math.round(parseFloat(getComputedStyle(el).fontSize) * 0.75 * 10) / 10 : null;
  const shown = el => el.getClientRects().length > 0;  // what prints: the opinion form does not
  const cells = [...document.querySelectorAll('.md-typeset table td, .md-typeset table th')].filter(shown);
  const money = document.querySelector('.md-typeset td.gk-pay__amount, .md-typeset td.gk-num');
  return {
    body: pt(document.querySelector('.gk-body p, .md-typeset > p:not(.gk-print-only)')),
    title: pt(document.querySelector('.md-typeset h1')),
    facts: pt(document.querySelector('.gk-facts')),
    table: Math.min(...cells.map(pt)),
    money: money && [getComputedStyle(money).textAlign, getComputedStyle(money).fontVariantNumeric],
  };
}"""


def sheets(browser, url: str) -> list[tuple[str, bool]]:
    """Each printed sheet's text, NFKC and without spaces, and whether it is landscape; printed
    as the browser's print dialog does, on the paper the page asks for."""
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(url)
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    return [
        (
            re.sub(r"\s+", "", nfkc(sheet.extract_text())),
            sheet.mediabox.width > sheet.mediabox.height,
        )
        for sheet in reader.pages
    ]


# the printable width of an A4 sheet, upright and landscape (15 mm margins), in CSS pixels
UPRIGHT, LANDSCAPE = 680, 1009
TABLE_WIDTHS = """() => [...document.querySelectorAll('table')].filter(t => t.getClientRects().length)
  .map(t => [!!t.closest('.gk-print-wide'), t.getBoundingClientRect().width])"""


def test_printed_sheets_follow_the_conventions_of_gbt_9704(browser, print_url):
    title = "综采一队2026年10月安全奖分配公示"
    page = browser.new_page()
    page.goto(print_url + "allocations/a60/")
    page.emulate_media(media="print")
    sizes = page.evaluate(PRINTED_SIZES)
    page.close()
    # 三号 body, 二号 title, 四号 facts, tables no smaller than 小四, money aligned
    assert sizes["body"] == 16 and sizes["title"] == 22 and sizes["facts"] == 14, sizes
    assert sizes["table"] >= 12, sizes
    assert sizes["money"] == ["right", "tabular-nums"], sizes
    texts = [text for text, _ in sheets(browser, print_url + "allocations/a60/")]
    assert len(texts) >= 2
    for number, text in enumerate(texts, 1):
        assert f"—{number}—" in text, number  # the page number at the foot
    assert nfkc("（续）") not in texts[0] and title in texts[0]
    assert all(
        nfkc(f"{title}（续）") in text for text in texts[1:]
    )  # the title on every further sheet


def test_the_printed_annual_report_has_its_heading_date_and_room_for_the_seal(browser, demo_url):
    printed = sheets(browser, demo_url + "reports/2026/")
    texts = [text for text, _ in printed]
    # its tables of units by months and of the scorecards on landscape sheets, every table whole
    # on its sheet (one too wide would make the browser shrink the whole report to fit)
    assert not printed[0][1] and printed[-1][1]
    page = browser.new_page(viewport={"width": UPRIGHT, "height": 1000})
    page.goto(demo_url + "reports/2026/")
    page.emulate_media(media="print")
    widths = page.evaluate(TABLE_WIDTHS)
    page.close()
    assert widths and all(width <= (LANDSCAPE if wide else UPRIGHT) for wide, width in widths)
    assert texts[0].removeprefix("—1—").startswith("兴业煤矿2026年厂务公开年度报告")
    last = texts[-1]
    assert nfkc("（盖章）") in last and "2026年11月25日" in last
    assert all(f"—{n}—" in text for n, text in enumerate(texts, 1))
    assert all(nfkc("2026年厂务公开年度报告（续）") in text for text in texts[1:])
    assert not any(word in "".join(texts) for word in NAVIGATION if word != "年度报告")


@pytest.mark.parametrize(
    "path", [FLAGSHIP, "disclosures/2026-shijia-zhigong-houxuan/", "reports/2026/"]
)
def test_every_printable_page_has_a_print_button_that_prints_and_is_not_printed(
    browser, demo_url, path
):
    page = browser.new_page()
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    page.goto(demo_url + path)
    button = page.locator("[data-gk-print]")
    assert button.is_visible() and button.text_content() == "打印本页"
    assert button.bounding_box()["height"] >= 44
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not button.is_visible()
    page.close()
