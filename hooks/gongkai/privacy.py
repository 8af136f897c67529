"""The privacy guard: resident ID numbers, bank card numbers and mobile numbers never get published."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# 16-19 digits, also written in groups of four separated by spaces or hyphens.
_CARD = re.compile(r"(?<![\d-])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d-])")
# Every finding has at least eleven digits in a row, give or take separators: texts without such a
# run (nearly all of them) skip the three patterns below.
_LONG_NUMBER = re.compile(r"\d(?:[ -]?\d){10}")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")


@dataclass(frozen=True)
class Finding:
    """A piece of personal information found in a text, shown only in masked form."""

    kind: str  # "resident_id" | "bank_card" | "mobile"
    masked: str

    @property
    def label(self) -> str:
        """The Chinese name of what was found."""
        return {"resident_id": "身份证号", "bank_card": "银行卡号", "mobile": "手机号码"}[self.kind]


def is_resident_id(text: str) -> bool:
    """True for an 18-character resident ID number whose check character is right."""
    if not re.fullmatch(r"\d{17}[\dXx]", text):
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == text[17].upper()


def passes_luhn(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by bank card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mask(text: str, keep_head: int, keep_tail: int) -> str:
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]


def scan(text: str, *, allow_phone: bool = False) -> list[Finding]:
    """Every ID number, card number and (unless allowed) mobile number in text."""
    if not _LONG_NUMBER.search(text):
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for match in _RESIDENT_ID.finditer(text):
        if is_resident_id(match.group()):
            findings.append(Finding("resident_id", _mask(match.group(), 4, 4)))
            taken.append(match.span())
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        overlaps = any(s < match.end() and match.start() < e for s, e in taken)
        if 16 <= len(digits) <= 19 and not overlaps and passes_luhn(digits):
            findings.append(Finding("bank_card", _mask(digits, 4, 4)))
            taken.append(match.span())
    if not allow_phone:
        for match in _MOBILE.finditer(text):
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if not overlaps:
                digits = re.sub(r"\D", "", match.group())[-11:]
                findings.append(Finding("mobile", _mask(digits, 3, 4)))
    return findings
