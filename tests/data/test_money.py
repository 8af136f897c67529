"""gongkai.data.money: amounts as clerks write them, exact to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.data.money import MoneyError, format_money, parse_money


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
