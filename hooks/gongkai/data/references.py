"""What records name across files, checked once every file is read: the units, categories,
sessions, proposals and related records they name must exist; their photos and attachments must be
publishable files under data/media; a value claimed twice (a proposal's number in its session)
names the first claim; and proposals may not be merged into each other in a ring."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.data.archive import Archive
from gongkai.data.checking import Reference
from gongkai.data.errors import Problems
from gongkai.data.media import check_media
from gongkai.data.messages import related_hint


@dataclass
class References:
    """The checks of one run, over what the Loader found: the archive's lists, the ids of every
    kind, the files and links under data/ (by their path from data/) and the ids each list file
    wrote, valid or not."""

    archive: Archive
    ids: dict[str, set[str]]
    files: dict[str, Path]
    links: dict[str, str]
    written: dict[str, set]
    problems: Problems
    # (file, role) → problem, checked once a run
    _media: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def check(self, refs: list[Reference]) -> None:
        """Every reference of the run, each problem at the line that names it."""
        archive = self.archive
        claimed: dict[tuple[str, str], Reference] = {}
        merges: dict[str, Reference] = {}  # proposal id → its merged_into
        for ref in refs:
            if ref.what.startswith("claim:"):
                first = claimed.setdefault((ref.what, ref.value), ref)
                if first is not ref:
                    self.problems.add(
                        ref.src, ref.line, f"{ref.label} {first.src} 第 {first.line} 行"
                    )
                continue
            if ref.what == "unit" and archive.units and ref.value not in archive.units:
                self.problems.add(
                    ref.src,
                    ref.line,
                    _unknown(ref.label, ref.value, archive.units, "data/units.yml"),
                )
            elif (
                ref.what == "category"
                and archive.categories
                and ref.value not in archive.categories
            ):
                self.problems.add(
                    ref.src,
                    ref.line,
                    _unknown(ref.label, ref.value, archive.categories, "data/categories.yml"),
                )
            elif ref.what == "session" and ref.value not in archive.sessions:
                if ref.value in self.written.get("sessions.yml", ()):
                    continue  # written there with a problem of its own, reported on its line
                if archive.sessions:
                    self.problems.add(
                        ref.src,
                        ref.line,
                        _unknown(ref.label, ref.value, archive.sessions, "data/sessions.yml"),
                    )
                elif "sessions.yml" not in self.files:
                    self.problems.add(
                        ref.src,
                        ref.line,
                        f"{ref.label}的值“{ref.value}”找不到：还没有 data/sessions.yml，请先在其中写上这次职代会（见编辑指南·字段说明）",
                    )
            elif ref.what == "proposal" and ref.value not in self.ids["proposals"]:
                self.problems.add(
                    ref.src,
                    ref.line,
                    f"{ref.label}的值“{ref.value}”不存在：没有 data/proposals/…/{ref.value}.yml 这件提案",
                )
            elif ref.what == "proposal":
                merges[ref.record] = ref
            elif ref.what in ("photo", "attachment"):
                problem = self.media_problem(ref.value, ref.what)
                if problem:
                    joint = "" if problem.startswith(("指向", "的路径")) else "："
                    self.problems.add(ref.src, ref.line, f"{ref.label}{joint}{problem}")
            elif ref.what == "related":
                kind, _, ident = ref.value.partition("/")
                if kind not in self.ids:
                    self.problems.add(
                        ref.src, ref.line, f"{ref.label}的值“{ref.value}”写法不对：{related_hint()}"
                    )
                elif ident not in self.ids[kind]:
                    self.problems.add(
                        ref.src,
                        ref.line,
                        f"「related」（相关）中的“{ref.value}”不存在：没有 data/{kind}/…/{ident}.yml 这条记录",
                    )
        self._merges(merges)

    def media_problem(self, value: str, role: str) -> str | None:
        """Why a media path may not be published, or None: a plain path inside data/media to a
        regular file whose content is an allowed type."""
        key = (value, role)
        if key not in self._media:
            self._media[key] = self._check_media(value, role)
        return self._media[key]

    def _check_media(self, value: str, role: str) -> str | None:
        parts = value.split("/")
        if (
            value.startswith("/")
            or "\\" in value
            or ":" in parts[0]
            or any(p in ("", ".", "..") for p in parts)
        ):
            return (
                f"的路径“{value}”写法不对：应是 data/media 下的相对路径，用“/”分隔，如 photos/2026/yundonghui-1.jpg；"
                "不能以“/”开头，不能含“..”或“\\”"
            )
        inner = "media/" + value
        if inner in self.links or any(inner.startswith(link + "/") for link in self.links):
            return f"指向的文件“{value}”是符号链接（快捷方式），不能发布：请把文件本身放到 data/media/{value}"
        path = self.files.get(inner)
        if path is None:
            return f"指向的文件“{value}”不存在：请把文件放到 data/media/{value}，或改正路径（相对于 data/media）"
        return check_media(path, role)

    def _merges(self, merges: dict[str, Reference]) -> None:
        """Proposals merged into each other (a → b → a, or longer): no proposal is left to answer."""
        told: set[str] = set()
        for start in sorted(merges):
            chain, at = [start], merges[start].value
            while at in merges and at not in chain and len(chain) <= len(merges):
                chain.append(at)
                at = merges[at].value
            # into itself: told on its own line
            if at == start and len(chain) > 1 and start not in told:
                told.update(chain)
                ring = " → ".join([*chain, start])
                for ident in chain:
                    ref = merges[ident]
                    self.problems.add(
                        ref.src,
                        ref.line,
                        f"并案转了一圈（{ring}），没有一件留下来办理：请把其中主提案的审查结果改为立案（accepted），删去它的 merged_into",
                    )


_NOUNS = {"data/units.yml": "单位", "data/categories.yml": "类别", "data/sessions.yml": "职代会"}


def _unknown(label: str, value: str, known: dict, where: str) -> str:
    # its Chinese name, written for its id
    named = [key for key, item in known.items() if item.name == value]
    close = named or difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"是否想写“{close[0]}”（{known[close[0]].name}）？" if close else ""
    if named:
        return f"{label}要写{_NOUNS[where]}的 id，而不是名称“{value}”。{hint}"
    listed = "、".join(f"{k}（{v.name}）" for k, v in list(known.items())[:12])
    more = " 等" if len(known) > 12 else ""
    return f"{label}的值“{value}”不在 {where} 中。{hint}可用的有：{listed}{more}"
