"""The project's settings: the `extra.gongkai` block of mkdocs.yml, for the build and the CLI alike.

The block is declared once, as a pydantic model (the way the records are): each option's type, its
default, its meaning in Chinese and its check. A misspelt key, a wrong type or a bad value is said in
Chinese at its line of mkdocs.yml, with the nearest known key for a misspelling, and every problem
of the block is said at once (SettingsError)."""

from __future__ import annotations

import os
import posixpath
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
import yaml_env_tag  # MkDocs' own !ENV tag, so that the commands read what the build reads
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, ValidationError
from pydantic_core import PydanticCustomError

from gongkai.data import privacy
from gongkai.data.errors import DataError, Problem
from gongkai.data.messages import translate
from gongkai.data.schema import Day

CONFIG = "mkdocs.yml"
REPLY_WORKING_DAYS = 5  # the answer's limit for an opinion, when mkdocs.yml does not say
BLOCK = ("extra", "gongkai")


class SettingsError(DataError):
    """Values of extra.gongkai in mkdocs.yml that cannot be used, each said in Chinese at its line."""


def _gk(message: str, **values: Any) -> PydanticCustomError:
    return PydanticCustomError("gk", message, values)


def _relative_folder(value: str) -> str:
    """A folder of the project: relative, and never above it (records are read from nowhere else)."""
    path = PurePosixPath(value.replace("\\", "/"))
    if not value.strip() or path.is_absolute() or ".." in path.parts or ":" in value:
        raise _gk("应是项目文件夹里的一个文件夹，如 data，而不是“{value}”", value=value)
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _gk("“{value}”不是时区名称，中国大陆请写 Asia/Shanghai", value=value) from None
    return value


def _contact(value: str) -> str:
    """The site's 监督/意见受理, the default of every record's contact: a phone number may stand in
    it, as in a record's contact, but no ID or card number."""
    text = value.strip()
    for found in privacy.scan(text, allow_phone=True):
        raise _gk(
            "含有{label} {masked}：这里只能写受理单位和电话，请删去",
            label=found.label,
            masked=found.masked,
        )
    return text


def _opinion_url(value: str) -> str:
    """The address of the enterprise's own opinion form: http(s), with {title} and/or {url}."""
    text = value.strip()
    if not text:
        return ""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        fields = [("", "", None)]
    if any(name not in ("title", "url") or spec or conversion for name, spec, conversion in fields):
        raise _gk(
            # pydantic fills {value} only: the other braces stand as written
            "“{value}”里只能用 {title} 和 {url} 两个占位符；网址中的其他花括号请写成 {{ 和 }}",
            value=text,
        )
    if not text.startswith(("http://", "https://")) or not fields:
        raise _gk(
            "“{value}”写法不对：应以 http:// 或 https:// 开头，并含有 {title}（公示标题）或 {url}"
            "（公示网址），如 https://oa.example.local/yijian/new?title={title}&url={url}",
            value=text,
        )
    return text


_MEMBER_ID = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"


def _site_address(value: str) -> str:
    """A member's site: an http(s) address ending in a slash (its records' paths follow it)."""
    text = value.strip()
    if not text.startswith(("http://", "https://")) or any(c in text for c in " \"<>'{}"):
        raise _gk("“{value}”应是成员网站的地址，以 http:// 或 https:// 开头", value=text)
    return text if text.endswith("/") else text + "/"


def _export_source(value: str) -> str:
    """Where a member's export is read: a folder (relative to mkdocs.yml) or an http(s) address."""
    text = value.strip()
    if not text or ("://" in text and not text.startswith(("http://", "https://"))):
        raise _gk(
            "“{value}”应是成员导出数据的文件夹（相对于 mkdocs.yml，如 ../xingye/site/export/）"
            "或以 http:// 或 https:// 开头的地址",
            value=text,
        )
    return text


class MemberOption(BaseModel):
    """One member of a group portal (extra.gongkai.members)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str = Field(
        pattern=_MEMBER_ID, title="成员编号", description="小写字母、数字和连字符，如 xingye"
    )
    name: str = Field(min_length=1, max_length=40, title="成员名称")
    url: Annotated[str, AfterValidator(_site_address)] = Field(title="成员网站地址")
    export: Annotated[str, AfterValidator(_export_source)] = Field(title="成员导出数据的位置")


def _distinct_members(members: list[MemberOption]) -> list[MemberOption]:
    seen: set[str] = set()
    for member in members:
        if member.id in seen:
            raise _gk("成员编号 {value} 写了两次：每个成员的 id 应不同", value=member.id)
        seen.add(member.id)
    return members


class Options(BaseModel):
    """extra.gongkai: every option an enterprise may set, with its default."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    enterprise: str = Field("", title="企业名称")
    contact: Annotated[str, AfterValidator(_contact)] = Field(
        "", title="监督/意见受理", description="没有写 contact 的公示都显示这里的受理单位和电话"
    )
    timezone: Annotated[str, AfterValidator(_timezone)] = Field("Asia/Shanghai", title="时区")
    history_since: Day | None = Field(
        None, title="开始用 git 管理记录的日期", description="这一天以前的改动不列入修订记录"
    )
    search: StrictBool = Field(True, title="站内搜索", description="true 或 false")
    reply_working_days: int = Field(
        REPLY_WORKING_DAYS, strict=True, ge=1, le=30, title="答复意见的工作日数"
    )
    opinion_url: Annotated[str, AfterValidator(_opinion_url)] = Field(
        "", title="在线提意见的网址", description="含 {title} 和/或 {url}"
    )
    data_dir: Annotated[str, AfterValidator(_relative_folder)] = Field("data", title="数据文件夹")
    # a group portal: the members whose exports it reads (portal/), and how
    members: Annotated[list[MemberOption], AfterValidator(_distinct_members)] = Field(
        [], title="集团门户的成员单位", description="每项含 id、name、url、export"
    )
    members_cache: Annotated[str, AfterValidator(_relative_folder)] = Field(
        ".gongkai/members",
        title="成员数据的备份文件夹",
        description="每个成员最近一次正确的导出数据保存在这里；CI 应缓存这个文件夹",
    )
    member_timeout: int = Field(30, strict=True, ge=1, le=600, title="读取成员数据的超时秒数")
    member_max_mb: int = Field(
        200, strict=True, ge=1, le=4000, title="成员导出数据的大小上限（MB）"
    )
    member_max_age: int = Field(
        2, strict=True, ge=0, le=365, title="成员数据可以晚几天", description="超过即标为数据未更新"
    )


@dataclass
class Settings:
    """Where the data is and how to read it: the options of extra.gongkai and MkDocs' own."""

    root: Path
    data_dir: Path
    site_dir: Path
    timezone: str = "Asia/Shanghai"
    enterprise: str = ""
    search: bool = True
    site_name: str = ""
    site_url: str = ""  # with a trailing slash; feeds and printed QR codes need absolute addresses
    # corrections before this day are not listed (the imported archive)
    history_since: date | None = None
    # the opinions board and 提意见: whom a worker tells (when a notice names nobody), the answer's
    # limit in working days, and an address of the enterprise's own form with {title} and {url}
    contact: str = ""
    reply_working_days: int = REPLY_WORKING_DAYS
    opinion_url: str = ""
    # the project's folder in the forge's web editor (repo_url + edit_uri), for 编辑此页
    edit_root: str = ""
    # a group portal's members (portal/): none for an enterprise's own board
    members: tuple[MemberOption, ...] = ()
    members_cache: Path | None = None
    member_timeout: int = 30
    member_max_mb: int = 200
    member_max_age: int = 2

    @classmethod
    def from_mapping(cls, root: Path, config: Any) -> Settings:
        """From a loaded MkDocs config or the plain mapping of mkdocs.yml; SettingsError names
        every problem of extra.gongkai at its line of root/mkdocs.yml."""
        options = _options(root, (config.get("extra") or {}).get("gongkai"))
        site_dir = Path(config.get("site_dir") or "site")
        site_url = config.get("site_url") or ""
        fields = options.model_dump(exclude={"data_dir", "members", "members_cache"})
        return cls(
            root=root,
            data_dir=root / options.data_dir,
            members=tuple(options.members),
            members_cache=root / options.members_cache,
            site_dir=site_dir if site_dir.is_absolute() else root / site_dir,
            site_name=config.get("site_name") or "",
            site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
            edit_root=_edit_root(root, config),
            **fields,
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


def _options(root: Path, block: Any) -> Options:
    """extra.gongkai validated, or SettingsError with every problem at its line of mkdocs.yml."""
    if block is None:
        block = {}
    if not isinstance(block, dict):
        line = _lines(root / CONFIG).get(BLOCK, 1)
        message = "extra.gongkai 应写成“选项: 值”的形式（一组选项，每项缩进两格）"
        raise SettingsError([Problem(CONFIG, line, message)])
    try:  # an option written with no value (`contact:`) keeps its default
        return Options.model_validate({k: v for k, v in block.items() if v is not None})
    except ValidationError as error:
        lines = _lines(root / CONFIG)  # read again only to place the problems
        problems = []
        for loc, message in translate(Options, error):
            line = _line_of(lines, BLOCK + tuple(str(part) for part in loc))
            problems.append(Problem(CONFIG, line, f"extra.gongkai：{message}"))
        raise SettingsError(problems) from None


def _line_of(lines: dict[tuple, int], loc: tuple) -> int:
    """The line of loc in mkdocs.yml, or of its nearest ancestor written there."""
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _lines(path: Path) -> dict[tuple, int]:
    """The line (1-based) of every key of mkdocs.yml's mappings, by its path of keys; tags such as
    !ENV and !!python/name are composed, never constructed."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[tuple, int] = {}
    stack = [((), node)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines[loc + (key.value,)] = key.start_mark.line + 1
                    stack.append((loc + (key.value,), value))
    return lines


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


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it (!ENV read from the environment); other tags, such as
    !!python/name, stand for nothing here."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A date as YAML reads it, or its text when it is no date (2026-13-01): the option's check
    then says so in Chinese."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


def _read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
