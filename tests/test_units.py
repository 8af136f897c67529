"""Small pure functions: money, the privacy checks, today, statuses, dates the Chinese way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from support import DISCLOSURE, TZ, copy_project, mkdocs_build, write_data

from gongkai.data.money import MoneyError, format_money, parse_money
from gongkai.data.privacy import is_resident_id, passes_luhn, scan
from gongkai.data.today import build_today
from gongkai.pages.views import posting_status, zh_date, zh_moment


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,345.60", "12345.60"),
        ("1800", "1800.00"),
        ("1700.5", "1700.50"),
        ("0.1", "0.10"),
        ("¥3,000", "3000.00"),
    ],
)
def test_parse_money(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["12.345", "1,23", "12,3456.00", "abc", "", "1e3"])
def test_parse_money_refuses(text):
    with pytest.raises(MoneyError):
        parse_money(text)


def test_format_money():
    assert format_money(Decimal("1234567.5")) == "1,234,567.50"


def test_resident_id_check_digit_and_luhn():
    assert is_resident_id("11010519491231002X")
    assert not is_resident_id("110105194912310021")
    assert passes_luhn("4111111111111111") and not passes_luhn("4111111111111112")


def test_scan_finds_each_kind_once_and_respects_masks():
    found = scan(
        "身份证11010519491231002X，卡号4111 1111 1111 1111，手机+86 138-1234-5678，另 138****5678"
    )
    assert [(f.kind, f.masked) for f in found] == [
        ("resident_id", "1101**********002X"),
        ("bank_card", "4111********1111"),
        ("mobile", "138****5678"),
    ]


def test_today_from_source_date_epoch_in_the_site_zone():
    # 2026-11-24 17:00 UTC is already 2026-11-25 in Shanghai
    epoch = str(int(datetime(2026, 11, 24, 17, 0, tzinfo=UTC).timestamp()))
    assert build_today(TZ, {"SOURCE_DATE_EPOCH": epoch}) == date(2026, 11, 25)
    assert build_today(TZ, {}) == datetime.now(TZ).date()


def test_posting_status():
    period = SimpleNamespace(start=date(2026, 11, 20), to=date(2026, 11, 27), estimated=False)
    assert posting_status(period, date(2026, 11, 25)).note == "还剩 3 天"
    assert posting_status(period, date(2026, 11, 27)).note == "今天截止"
    assert posting_status(period, date(2026, 11, 28)).label == "公示结束"
    assert posting_status(period, date(2026, 11, 19)).label == "待公示"
    assert posting_status(None, date(2026, 11, 19)).label == "已公开"


def test_dates_the_chinese_way():
    assert zh_date(date(2026, 11, 25)) == "2026年11月25日"
    assert zh_moment(datetime(2026, 11, 8, 14, 0)) == "2026年11月8日（星期日） 14:00"


def test_a_future_record_appears_on_the_first_build_on_its_date(tmp_path):
    data = write_data(
        tmp_path / "data-src", {"disclosures/x.yml": DISCLOSURE.replace("2026-11-01", "2026-11-26")}
    )
    project = copy_project(tmp_path / "project", data)
    assert mkdocs_build(project, tmp_path / "before").returncode == 0
    assert not (tmp_path / "before" / "disclosures" / "x").exists()
    assert mkdocs_build(project, tmp_path / "after", epoch=str(1795579200 + 86400)).returncode == 0
    assert (tmp_path / "after" / "disclosures" / "x" / "index.html").exists()
