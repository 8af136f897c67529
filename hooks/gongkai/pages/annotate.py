"""Problems printed for people and for the review pages of GitHub and GitLab."""

from __future__ import annotations

import hashlib
import json

from gongkai.data.errors import Problem


def text(problems: list[Problem]) -> str:
    """One line per problem, as the build prints them, and a count."""
    if not problems:
        return "数据检查通过，没有发现问题。"
    lines = [str(p) for p in problems]
    lines.append(f"共 {len(problems)} 处问题。请按提示逐条修改，改好后再运行一次检查。")
    return "\n".join(lines)


def notices(notices: list[Problem]) -> str:
    """Located notices that stop nothing (estimates, names seen elsewhere), under a heading."""
    if not notices:
        return ""
    return "\n".join(["提示（不影响生成和发布，请看一看）："] + [str(n) for n in notices])


def scheduled(entries: list, today) -> list[str]:
    """定时发布: the records dated after today, each with the day it will be published."""
    from gongkai.pages.views import (
        zh_date,  # views imports what this module does not need otherwise
    )

    return [
        f"定时发布：{e.src} 将于 {zh_date(e.record.date)} 发布（今天按 {zh_date(today)} 计算）"
        for e in entries
    ]


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], notices: list[Problem] = ()) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`, one per problem
    (and `::warning` per notice), shown beside the line in the pull request's changed files."""
    return "\n".join(
        f"::{level} file={_escape_property(p.path)},line={p.line},title={_escape_property('公开栏数据检查')}::{_escape_data(p.message)}"
        for level, items in (("error", problems), ("warning", notices))
        for p in items
    )


def gitlab(problems: list[Problem], notices: list[Problem] = ()) -> str:
    """A GitLab Code Quality report (JSON array), shown in the merge request's changes; notices as info."""
    report = [
        {
            "description": p.message,
            "check_name": "gongkai-check",
            "fingerprint": hashlib.md5(f"{p.path}:{p.line}:{p.message}".encode()).hexdigest(),
            "severity": severity,
            "location": {"path": p.path, "lines": {"begin": p.line}},
        }
        for severity, items in (("major", problems), ("info", notices))
        for p in items
    ]
    return json.dumps(report, ensure_ascii=False, indent=2)
