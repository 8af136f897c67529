"""The project's settings: the `extra.gongkai` block of mkdocs.yml, for the build and the CLI alike."""

from __future__ import annotations

import os
import posixpath
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from . import privacy

CONFIG = "mkdocs.yml"
REPLY_WORKING_DAYS = 5


class SettingsError(ValueError):
    """A value of extra.gongkai in mkdocs.yml that cannot be used; the message says so in Chinese."""


@dataclass
class Settings:
    """Where the data is and how to read it."""

    root: Path
    data_dir: Path
    site_dir: Path
    timezone: str = "Asia/Shanghai"
    enterprise: str = ""
    search: bool = True
    site_name: str = ""
    site_url: str = ""  # with a trailing slash; feeds and printed QR codes need absolute addresses
    history_since: date | None = (
        None  # corrections before this day are not listed (the imported archive)
    )
    # the opinions board and 提意见: whom a worker tells (when a notice names nobody), the answer's
    # limit in working days, and an address of the enterprise's own form with {title} and {url}
    contact: str = ""
    reply_working_days: int = REPLY_WORKING_DAYS
    opinion_url: str = ""
    edit_root: str = (
        ""  # the project's folder in the forge's web editor (repo_url + edit_uri), for 编辑此页
    )

    @classmethod
    def from_mapping(cls, root: Path, config: Any) -> Settings:
        """From a loaded MkDocs config or the plain mapping of mkdocs.yml."""
        extra = dict((config.get("extra") or {}).get("gongkai") or {})
        site_dir = Path(config.get("site_dir") or "site")
        site_url = config.get("site_url") or ""
        return cls(
            edit_root=_edit_root(root, config),
            root=root,
            data_dir=root / extra.pop("data_dir", "data"),
            site_dir=site_dir if site_dir.is_absolute() else root / site_dir,
            site_name=config.get("site_name") or "",
            site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
            history_since=_day(extra.pop("history_since", None)),
            reply_working_days=_reply_days(extra.pop("reply_working_days", REPLY_WORKING_DAYS)),
            opinion_url=_opinion_url(extra.pop("opinion_url", None)),
            contact=_contact(extra.pop("contact", "")),
            **{k: v for k, v in extra.items() if k in ("timezone", "enterprise", "search")},
        )

    @classmethod
    def from_config(cls, root: Path, config: Any) -> Settings:
        """From MkDocs' loaded config; the site's address as mkdocs.yml gives it, since `mkdocs
        serve` replaces it with the preview's (printed notices would point at 127.0.0.1)."""
        settings = cls.from_mapping(root, config)
        written = _read_config(root / CONFIG).get("site_url") if (root / CONFIG).is_file() else None
        if isinstance(written, str) and written:
            settings.site_url = written if written.endswith("/") else written + "/"
        return settings

    @classmethod
    def find(cls, start: Path | None = None) -> Settings:
        """The settings of the project that holds start (default: the working folder)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG).is_file():
                return cls.from_mapping(folder, _read_config(folder / CONFIG))
        raise FileNotFoundError(f"在 {here} 及其上级目录中找不到 {CONFIG}：请在项目文件夹中运行")


def _reply_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 30:
        raise SettingsError(
            f"mkdocs.yml 中 extra.gongkai.reply_working_days（答复意见的工作日数）应是 1 到 30 之间的整数，而不是“{value}”"
        )
    return value


def _edit_root(root: Path, config: Any) -> str:
    """Where the project's root folder opens in the forge's editor. MkDocs' edit_uri is relative to
    repo_url and points at docs_dir (Gitea: _edit/main/content/, GitLab: -/edit/main/content/);
    records live beside docs_dir, in data/, so the root is docs_dir's parent in the same editor."""
    repo, edit_uri = config.get("repo_url") or "", config.get("edit_uri") or ""
    if not repo or not edit_uri or edit_uri.startswith(("?", "#")):
        return ""  # no forge, or an editor addressed by query: MkDocs' own pages only
    docs = Path(config.get("docs_dir") or "docs")
    docs_rel = os.path.relpath(docs if docs.is_absolute() else root / docs, root).replace(
        os.sep, "/"
    )
    docs_url = urljoin(repo.rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    up = posixpath.relpath(".", docs_rel)
    return docs_url if up == "." else urljoin(docs_url, up + "/")


def _contact(value: Any) -> str:
    """The site's 监督/意见受理, the default of every record's contact: a phone number may stand in
    it, as in a record's contact, but no ID or card number."""
    text = "" if value is None else str(value).strip()
    for found in privacy.scan(text, allow_phone=True):
        raise SettingsError(
            f"mkdocs.yml 中 extra.gongkai.contact（监督/意见受理）含有{found.label} {found.masked}：这里只能写受理单位和电话，请删去"
        )
    return text


def _opinion_url(value: Any) -> str:
    """The address of the enterprise's own opinion form: http(s), with {title} and/or {url}."""
    if value is None or value == "":
        return ""
    text = str(value).strip()
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        fields = [("", "", None)]
    if any(name not in ("title", "url") or spec or conversion for name, spec, conversion in fields):
        raise SettingsError(
            f"mkdocs.yml 中 extra.gongkai.opinion_url“{text}”里只能用 {{title}} 和 {{url}} 两个占位符；网址中的其他花括号请写成 {{{{ 和 }}}}"
        )
    if not text.startswith(("http://", "https://")) or not fields:
        raise SettingsError(
            f"mkdocs.yml 中 extra.gongkai.opinion_url（在线提意见的网址）“{text}”写法不对：应以 http:// 或 https:// 开头，"
            "并含有 {title}（公示标题）或 {url}（公示网址），如 https://oa.example.local/yijian/new?title={title}&url={url}"
        )
    return text


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; the settings need none of them."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
