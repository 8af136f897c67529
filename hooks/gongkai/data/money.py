"""Money in 元 as exact decimals: parsing what editors write and showing it the Chinese way."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# below a trillion 元
_MONEY = re.compile(r"-?([0-9]{1,3}(,[0-9]{3}){1,3}|[0-9]{1,12})(\.[0-9]{1,2})?")


class MoneyError(ValueError):
    """The text is not an amount of money in 元 with at most two decimals."""


def parse_money(text: str) -> Decimal:
    """Turn "12,345.60", "1800" or "1700.5" into an exact Decimal, refusing more than two decimals."""
    cleaned = (
        unicodedata.normalize("NFKC", str(text))
        .strip()
        .replace("，", ",")
        .removeprefix("¥")
        .removesuffix("元")
        .strip()
    )
    if not _MONEY.fullmatch(cleaned):
        raise MoneyError(text)
    try:
        return Decimal(cleaned.replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise MoneyError(text) from exc


def format_money(amount: Decimal) -> str:
    """Show an amount with thousands separators and two decimals: 12,345.60."""
    return f"{amount:,.2f}"
