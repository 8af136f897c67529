"""The privacy guard finds ID, card and mobile numbers however they are written, and nothing else.

Example tests for each way of writing a number that the first scanner missed (or wrongly refused),
then properties checked by Hypothesis with a fixed seed (derandomize=True): generated valid
numbers in many renderings, their masked forms, amounts, ordinary Chinese text, arbitrary text.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from support import (
    SEPARATORS,
    ZEROS,
    amounts,
    chinese,
    digit_renderer,
    grouped,
    luhn_check,
    make_id,
    masked,
    numbers,
    numbers_in_markdown,
    plain_renderings,
    split,
)

from gongkai.data.markup import MarkdownRenderer
from gongkai.data.privacy import Finding, is_resident_id, passes_luhn, scan, visible_text

# -- helpers, written independently of the scanner ------------------------------------------------


def found_in(text: str, **options) -> list[tuple[str, str]]:
    return [(found.number_type, found.masked) for found in scan(text, **options)]


ID = "370802199003071236"  # valid: region 370802, born 1990-03-07, check character 6


ID_X = "11010519491231002X"


CARD = "6222021234567890128"  # 19 digits, passes Luhn


RENDERER = MarkdownRenderer()


def test_the_fixtures_are_what_they_claim():
    assert is_resident_id(ID) and is_resident_id(ID_X) and passes_luhn(CARD)
    assert len(ZEROS) > 50 and all(unicodedata.decimal(chr(ord(z) + 9)) == 9 for z in ZEROS)


# -- examples: what the first scanner missed -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "手机１３９５３７１２３４５",  # full-width, as Chinese input methods type it (old: missed)
        "手机١٣٩٥٣٧١٢٣٤٥",  # Arabic-Indic (old: missed)
        "手机१३९५३७१२३४५",  # Devanagari (old: missed)
        "手机𝟏𝟑𝟗𝟓𝟑𝟕𝟏𝟐𝟑𝟒𝟓",  # mathematical bold (old: missed)
        "手机１39５37１2345",  # mixed
        "手机1️⃣3️⃣9️⃣5️⃣3️⃣7️⃣1️⃣2️⃣3️⃣4️⃣5️⃣",  # keycaps: digit, VS16 (Mn), U+20E3 (Me)
    ],
)
def test_unicode_digits(text):
    assert found_in(text) == [("mobile", "139****2345")]


def test_unicode_digits_in_ids_and_cards():
    assert found_in("身份证" + ID.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})) == [
        ("resident_id", "3708**********1236")
    ]
    assert found_in("身份证１１０１０５１９４９１２３１００２Ｘ") == [
        ("resident_id", "1101**********002X")
    ]
    # NFKC folds Ⅹ to X
    assert found_in("身份证11010519491231002ⅹ") == [("resident_id", "1101**********002X")]
    assert found_in("卡号" + "".join(chr(0x0966 + int(d)) for d in CARD)) == [
        ("bank_card", "6222***********0128")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "身份证 370802 19900307 1236",
            ("resident_id", "3708**********1236"),
        ),  # as Word writes it (old: missed)
        (
            "身份证 370802\u00a019900307\u00a01236",
            ("resident_id", "3708**********1236"),
        ),  # old: missed
        ("身份证 3708 0219 9003 0712 36", ("resident_id", "3708**********1236")),  # old: missed
        ("身份证 370802 1990 0307 1236", ("resident_id", "3708**********1236")),  # old: missed
        ("手机 139-5371-2345", ("mobile", "139****2345")),
        ("手机 139\u00a05371\u00a02345", ("mobile", "139****2345")),  # old: missed
        ("手机 139\u202f5371\u202f2345", ("mobile", "139****2345")),  # old: missed
        ("手机 139\u30005371\u30002345", ("mobile", "139****2345")),  # old: missed
        ("手机 139–5371–2345", ("mobile", "139****2345")),  # en dash (old: missed)
        ("手机 139−5371−2345", ("mobile", "139****2345")),  # minus sign (old: missed)
        ("手机 139－5371－2345", ("mobile", "139****2345")),  # full-width hyphen (old: missed)
        ("手机 139‑5371‑2345", ("mobile", "139****2345")),  # no-break hyphen (old: missed)
        ("手机 139 - 5371 - 2345", None),  # three separators end a number
        ("手机 139  5371  2345", ("mobile", "139****2345")),  # two spaces still join
        (
            "手机 139     5371     2345",
            ("mobile", "139****2345"),
        ),  # and so do five: a browser shows one
        ("手机 139\t5371\t2345", None),  # tabs part the columns of a pasted table
        ("一车间\t1350\t1200\t980", None),
        ("1350\n1200\n980", None),  # and line breaks its rows
        ("工资卡 6222 0212 3456 7890 128", ("bank_card", "6222***********0128")),
        (
            "工资卡 6222\u00a00212\u00a03456\u00a07890\u00a0128",
            ("bank_card", "6222***********0128"),
        ),  # old: missed
        ("工资卡 6222–0212–3456–7890–128", ("bank_card", "6222***********0128")),  # old: missed
        ("工资卡 622202 1234567890128", ("bank_card", "6222***********0128")),  # old: missed
    ],
)
def test_separators(text, expected):
    assert found_in(text) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zhangsan370802199003071236", ("resident_id", "3708**********1236")),  # old: missed
        ("ID:zhangsan-370802199003071236", ("resident_id", "3708**********1236")),
        ("卡号-6222021234567890128", ("bank_card", "6222***********0128")),  # old: missed
        ("card6222021234567890128", ("bank_card", "6222***********0128")),  # old: missed
        ("tel13953712345", ("mobile", "139****2345")),
        ("编号A-13953712345", ("mobile", "139****2345")),
    ],
)
def test_numbers_after_letters_or_a_hyphen(text, expected):
    assert found_in(text) == [expected]


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u00ad",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u2060",
        "\u2061",
        "\u2064",
        "\ufeff",
        "\u0301",
        "\u20dd",
        "\U000e0041",
        "\ufe0f",
    ],
)
def test_invisible_characters_inside_numbers(invisible):
    # old: each of these split the number and it was missed
    assert found_in(invisible.join("13953712345")) == [("mobile", "139****2345")]
    assert found_in("身份证" + invisible.join(ID_X) + "。") == [
        ("resident_id", "1101**********002X")
    ]
    # 8-11 is no card grouping
    assert found_in("卡号" + invisible.join(CARD[:8]) + " " + CARD[8:]) == []
    assert found_in("卡号" + invisible.join(CARD)) == [("bank_card", "6222***********0128")]


def test_the_check_character_may_follow_invisibles():
    assert found_in("11010519491231002\u200bX") == [("resident_id", "1101**********002X")]
    # an X after 18 digits is a letter after the number
    assert found_in("370802199003071236Xyz") == [("resident_id", "3708**********1236")]


# -- examples: what the first scanner wrongly refused ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "合计 13953712345.00 元",  # old: refused as a mobile number
        "合计13953712345.5元",  # old: refused
        "合计 １３９５３７１２３４５．００ 元",
        "合计 ¥-13953712345.00",
        "比例 0.13953712345",  # the fraction of a decimal
        "合计 13,953,712,345.00 元",
        "合计 6222021234567890128.00 元",  # old: refused as a card
        "合计 370802199003071236.00",  # old: refused as an ID
    ],
)
def test_amounts_are_not_numbers(text):
    assert scan(text) == []


def test_an_amount_next_to_a_phone_number_leaves_the_phone_number():
    assert found_in("电话 13953712345 2345.00 元") == [("mobile", "139****2345")]
    # a full stop is no decimal point
    assert found_in("电话 13953712345.") == [("mobile", "139****2345")]


@pytest.mark.parametrize(
    ("born", "why"),
    [
        ("19900230", "30 February"),
        ("19000229", "1900 was no leap year"),
        ("19901301", "month 13"),
        ("19900001", "month 0"),
        ("19900100", "day 0"),
        ("19900431", "31 April"),
        ("18991231", "before 1900"),
        ("21010101", "after 2100"),
        ("00000000", "no date at all"),
    ],
)
def test_ids_with_impossible_birth_dates_pass(born, why):
    # the check character is right (old: refused); a number that passes Luhn would be a card
    candidates = (make_id("370802", born, f"{seq:03d}") for seq in range(123, 200))
    number = next(n for n in candidates if not passes_luhn(n))
    assert not is_resident_id(number), why
    assert scan(f"编号 {number}") == []


def test_ids_with_possible_birth_dates_are_found():
    for born in ("20000229", "19000101", "21001231", "19491231"):
        number = make_id("370802", born, "123")
        assert is_resident_id(number) and found_in(number) == [
            ("resident_id", masked("resident_id", number))
        ]


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-25",
        "2026年11月25日 14:00",
        "2026-11-25 14:00:00",
        "2026/11/25—2026/12/25",
        "20261101-20261130",  # a date range, not a 16-digit card
        "0537-1234567",
        "(0537) 1234 5678",
        "0537-12345678",
        "电话 0537 2345678",
        "订单号 1234567890",
        "订单号 123456789012345",
        "单号 20261125000123",
        "流水 2026112500012345678901",
        "编号 13812345678901",  # 14 digits: a longer number, nothing inside it is matched
        "编号 138123456789",
        "坐标 1 1-416 0 208 208 0 1 1 416",  # inline SVG path data
        "13 953 712 345",  # thousands grouping is no phone grouping
        "13812 345678",
    ],
)
def test_ordinary_numbers_pass(text):
    assert scan(text) == []


def test_a_date_range_that_passes_luhn_is_still_no_card():
    start = "20261101"
    end = next(
        f"202612{day:02d}" for day in range(1, 32) if passes_luhn(start + f"202612{day:02d}")
    )
    assert scan(f"有效期 {start}-{end}") == []


def test_cards_must_not_start_with_zero():
    number = "000000000000000000"
    assert passes_luhn(number) and scan(f"0000-0000-0000-0000-00 {number}") == []


@pytest.mark.parametrize(
    "text",
    [
        "3708**********1234",
        "138****5678",
        "6222 **** **** 1234",
        "6222***********0128",
        "139 **** 2345",
        "１３８＊＊＊＊５６７８",
        "3708 0219 **** **** 36",
    ],
)
def test_masked_forms_pass(text):
    assert scan(f"身份证/手机/卡号 {text}") == []


def test_mobile_groupings():
    for text in ("13812345678", "138 1234 5678", "138 12345678", "1381234 5678"):
        assert found_in(text) == [("mobile", "138****5678")], text
    # 4-4-3 is a row of a table (1350 1200 980), not a way to write a phone
    for text in (
        "13 812 345 678",
        "1 3812345678",
        "13812 345678",
        "138123 45678",
        "1381 2345678",
        "1381 2345 678",
    ):
        assert scan(text) == [], text


def test_country_codes():
    for text in (
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "008613812345678",
        "（+86）138 1234 5678",
    ):
        assert found_in(text) == [("mobile", "138****5678")], text
    assert scan("+8613812345678")[0].offset == 3  # the mobile number's own first digit


def test_one_finding_per_number_and_kind_order():
    # the old test: each kind once, the masked forms pass
    found = scan(
        "身份证11010519491231002X，卡号4111 1111 1111 1111，手机+86 138-1234-5678，另 138****5678"
    )
    assert [(f.number_type, f.masked, f.label) for f in found] == [
        ("resident_id", "1101**********002X", "身份证号"),
        ("bank_card", "4111********1111", "银行卡号"),
        ("mobile", "138****5678", "手机号码"),
    ]
    # the whole 19-digit card, not its 16-digit head (which here passes Luhn too)
    head = "622202123456789" + luhn_check("622202123456789")
    card = head + "00" + luhn_check(head + "00")
    assert passes_luhn(head) and passes_luhn(card)
    assert found_in(" ".join(split(card, (4, 4, 4, 4, 3)))) == [
        ("bank_card", masked("bank_card", card))
    ]


def test_allow_phone_skips_mobile_numbers_only():
    text = f"张主席 13812345678，身份证 {ID}"
    assert found_in(text, allow_phone=True) == [("resident_id", "3708**********1236")]
    assert found_in(text) == [("mobile", "138****5678"), ("resident_id", "3708**********1236")]


def test_offsets_point_at_the_first_character_in_the_original_text():
    text = (
        "第一行：公示期 2026-11-20 至 2026-11-27。\n"
        "第二行：金额 13953712345.00 元。\n"
        "第三行：联系人 zhangsan-１３９\u200b５３７１ ２３４５，\n"
        "第四行：身份证\u00a0370802 19900307 1236，卡号 6222\u00a00212\u00a03456\u00a07890\u00a0128\n"
    )
    found = scan(text)
    assert [(f.number_type, text.count("\n", 0, f.offset) + 1) for f in found] == [
        ("mobile", 3),
        ("resident_id", 4),
        ("bank_card", 4),
    ]
    assert [text[f.offset] for f in found] == ["１", "3", "6"]
    assert text[found[0].offset - 1] == "-"
    assert found == sorted(found, key=lambda f: f.offset)


def test_finding_keeps_its_fields():
    found = Finding("mobile", "138****5678", 7)
    assert (found.number_type, found.masked, found.offset, found.label) == (
        "mobile",
        "138****5678",
        7,
        "手机号码",
    )


def test_is_resident_id_and_luhn():
    assert is_resident_id(ID_X) and is_resident_id("11010519491231002x")
    assert not is_resident_id("110105194912310021")
    assert (
        not is_resident_id(ID[:-1]) and not is_resident_id(ID + "1") and not is_resident_id("abc")
    )
    assert is_resident_id("３７０８０２１９９００３０７１２３６")
    assert passes_luhn("4111111111111111") and not passes_luhn("4111111111111112")


# -- visible_text --------------------------------------------------------------------------------


def test_visible_text_fuses_inline_tags_and_splits_blocks():
    assert found_in(visible_text("<p>电话139<strong>5371</strong>2345</p>")) == [
        ("mobile", "139****2345")
    ]
    assert found_in(
        visible_text("<p>电话139<em>53</em><code>71</code><a href='#'>2345</a></p>")
    ) == [("mobile", "139****2345")]
    # adjacent table cells, list items and lines do not fuse
    assert scan(visible_text("<table><tr><td>1381234</td><td>5678</td></tr></table>")) == []
    assert scan(visible_text("<ul><li>139</li><li>53712345</li></ul>1381234<br>5678")) == []
    assert "\n" in visible_text("<h2>a</h2><h3>b</h3>")


def test_visible_text_joins_a_paragraphs_lines_as_a_browser_does_but_not_in_pre():
    assert found_in(visible_text("<p>电话 139\n5371\n2345</p>")) == [("mobile", "139****2345")]
    assert found_in(visible_text("<p>电话 139\t\t5371   2345</p>")) == [("mobile", "139****2345")]
    assert scan(visible_text("<pre><code>1350\n1200\n980\n</code></pre>")) == []


def test_visible_text_drops_comments_and_unescapes():
    assert scan(visible_text("<p>电话<!-- 13812345678 -->无</p>")) == []
    assert found_in(visible_text("<p>电话139<!-- x -->5371<!---->2345</p>")) == [
        ("mobile", "139****2345")
    ]
    assert found_in(visible_text("电话&#49;&#x33;9&#x20;5371&nbsp;2345")) == [
        ("mobile", "139****2345")
    ]
    assert visible_text("a &lt;b&gt; &amp;amp;").strip() == "a <b> &amp;"


def test_visible_text_appends_attribute_values_decoded():
    html = (
        '<p><a href="https://x.cn/?tel=%2B86%20138%201234%205678" title="&#49;38-1234-5678">联系</a>'
        '<img src="/a/6222021234567890128.png" alt="139 5371 2345"></p>'
    )
    text = visible_text(html)
    lines = text.splitlines()
    assert "https://x.cn/?tel=+86 138 1234 5678" in lines and "138-1234-5678" in lines
    assert found_in(text) == [
        ("mobile", "138****5678"),
        ("mobile", "138****5678"),
        ("bank_card", "6222***********0128"),
        ("mobile", "139****2345"),
    ]
    assert visible_text('<a href="?q=138+1234+5678">x</a>').splitlines()[-1] == "?q=138 1234 5678"


def test_visible_text_survives_broken_markup():
    broken = (
        "<p>13812345678",
        "<p <b>1381234</b>5678",
        "<!-- 138",
        "</td></tr>13812345678<",
        "<a href='x",
        "&#xZZ;&#;",
        "<![foo[bar]]>",
        "<![CDATA[1",
    )
    for html in broken:
        visible_text(html)
    assert found_in(visible_text("<div><p>13812345678")) == [("mobile", "138****5678")]


# -- strategies ----------------------------------------------------------------------------------


@st.composite
def numbers_in_plain_text(draw):
    kind, number = draw(numbers)
    text, offset = draw(plain_renderings(kind, number))
    return kind, number, text, offset


# -- properties ----------------------------------------------------------------------------------


@settings(derandomize=True, max_examples=800, deadline=None, database=None)
@given(numbers_in_plain_text())
def test_every_valid_number_is_found_in_every_plain_rendering(case):
    """800 examples: the one finding is the number, with the right kind, masked digits and offset."""
    kind, number, text, offset = case
    assert scan(text) == [Finding(kind, masked(kind, number), offset)]


@settings(
    derandomize=True,
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(numbers_in_markdown())
def test_every_valid_number_is_found_in_rendered_markdown(case):
    """300 examples: Markdown rendered by the project's renderer, its visible text scanned."""
    kind, number, text, where = case
    html = str(RENDERER.render(text))
    assert found_in(visible_text(html)) == [(kind, masked(kind, number))], html
    # the source, scanned too, may show part of the number (the digits before ** on their own), nothing else
    assert all(found.offset in where for found in scan(text))


@settings(derandomize=True, max_examples=500, deadline=None, database=None)
@given(st.data())
def test_masked_forms_are_never_found(data):
    """500 examples: masked forms of valid numbers, in the same plain renderings."""
    kind, number = data.draw(numbers)
    shown = masked(kind, number)
    render = digit_renderer(data.draw, data.draw(st.sampled_from(["ascii", "fullwidth", "other"])))
    chars = [c if c == "*" else render(c) for c in shown]
    if data.draw(st.booleans()):
        body = grouped(data.draw, kind, chars, data.draw(st.sampled_from(SEPARATORS)))
    else:
        body = "".join(chars)
    text = (
        data.draw(chinese) + data.draw(st.sampled_from(["", "-", "No"])) + body + data.draw(chinese)
    )
    assert scan(text) == []


@settings(derandomize=True, max_examples=800, deadline=None, database=None)
@given(chinese, amounts(), chinese)
def test_amounts_are_never_numbers(before, amount, after):
    """800 examples: integers up to 13 digits with decimals, and thousands-separated amounts."""
    assert scan(before + amount + after) == []


short_runs = st.one_of(
    st.dates(date(1949, 1, 1), date(2099, 12, 31)).map(lambda d: f"{d:%Y-%m-%d}"),
    st.dates(date(1949, 1, 1), date(2099, 12, 31)).map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.dates(date(1949, 1, 1), date(2099, 12, 31)).map(lambda d: f"{d:%Y%m%d}"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(st.integers(0, 99_999_999), st.integers(0, 99)).map(lambda a: f"{a[0]:,}.{a[1]:02d}"),
    st.integers(0, 9_999_999_999).map(str),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    # landlines
    st.tuples(st.integers(10, 999), st.integers(2_000_000, 89_999_999)).map(
        lambda t: f"0{t[0]}-{t[1]}"
    ),
)


@settings(derandomize=True, max_examples=400, deadline=None, database=None)
@given(st.lists(st.tuples(chinese.filter(bool), short_runs), max_size=12), chinese)
def test_chinese_text_with_short_digit_runs_gives_nothing(pieces, tail):
    """400 examples: dates, times, amounts, landlines and numbers under 11 digits between Chinese words."""
    text = "".join(words + run for words, run in pieces) + tail
    assert scan(text) == []


@settings(derandomize=True, max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.text("0123456789 -\t\n\u3000", max_size=14).filter(
            lambda t: sum(c.isdigit() for c in t) < 11
        ),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from(["td", "li", "p", "br"]),
)
def test_cells_and_lines_of_a_page_never_join_into_a_number(cells, tag):
    """300 examples: short runs of digits and white space in separate table cells, list items,
    paragraphs or lines never make one number, though white space within a text is one separator."""
    html = "".join(f"<{tag}>{cell}</{tag}>" if tag != "br" else cell + "<br>" for cell in cells)
    assert scan(visible_text(html)) == []


@settings(derandomize=True, max_examples=1000, deadline=None, database=None)
@given(st.text())
def test_scan_never_raises_on_any_text(text):
    """1000 examples: any code points but surrogates, control characters included."""
    for found in scan(text):
        assert 0 <= found.offset < len(text) and found.number_type in (
            "resident_id",
            "bank_card",
            "mobile",
        )


DIGITISH = "0123456789１３８𝟏𝟑٣८" + "".join(SEPARATORS) + "\u200b\u00ad\u0301\ufeffXx.．+*\n,"


@settings(derandomize=True, max_examples=1000, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(DIGITISH), max_size=80))
def test_scan_never_raises_on_digit_soup(text):
    """1000 examples: digits, separators, invisibles, points and X in any order; findings are sane."""
    shapes = {
        "resident_id": r"[0-9]{4}\*{10}[0-9]{3}[0-9X]",
        "bank_card": r"[0-9]{4}\*{8,11}[0-9]{4}",
        "mobile": r"1[3-9][0-9]\*{4}[0-9]{4}",
    }
    for found in scan(text):
        assert text[found.offset].isdecimal() and re.fullmatch(
            shapes[found.number_type], found.masked
        )


@settings(derandomize=True, max_examples=300, deadline=None, database=None)
@given(
    st.text(alphabet=st.sampled_from("<>/![]-=&#;'\" pa13x" + "\u200b"), max_size=60)
    | st.text(max_size=60)
)
def test_visible_text_never_raises(html):
    """300 examples: markup fragments and arbitrary text."""
    assert isinstance(visible_text(html), str)


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 100_000,
        "1-" * 100_000,
        "1\u200b" * 100_000,
        "12 " * 66_667,
        "1   " * 50_000,
        "1" + "\u200b" * 199_999,
        "1" * 200_000,
        ("1" + " " * 999) * 200,
        ("9 " * 10 + "x") * 9_524,
        ("1" * 10 + " ") * 18_182,
        "𝟏\u00a0" * 100_000,
        "1\u0301" * 100_000,
        "110105 19491231 002X " * 9_524,
    ],
    ids=lambda text: repr(text[:6]),
)
def test_scan_is_fast_on_adversarial_input(text):
    scan(text)  # completes: no catastrophic backtracking, windows bounded by 19 digits


def test_resident_id_check_digit_and_luhn():
    assert is_resident_id("11010519491231002X")
    assert not is_resident_id("110105194912310021")
    assert passes_luhn("4111111111111111") and not passes_luhn("4111111111111112")


def test_scan_finds_each_kind_once_and_respects_masks():
    found = scan(
        "身份证11010519491231002X，卡号4111 1111 1111 1111，手机+86 138-1234-5678，另 138****5678"
    )
    assert [(f.number_type, f.masked) for f in found] == [
        ("resident_id", "1101**********002X"),
        ("bank_card", "4111********1111"),
        ("mobile", "138****5678"),
    ]
