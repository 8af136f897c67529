"""The project's settings: the `extra.gongkai` block of mkdocs.yml, for the build and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CONFIG = "mkdocs.yml"


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
    history_since: date | None = None  # corrections before this day are not listed (the imported archive)

    @classmethod
    def from_mapping(cls, root: Path, config: Any) -> "Settings":
        """From a loaded MkDocs config or the plain mapping of mkdocs.yml."""
        extra = dict((config.get("extra") or {}).get("gongkai") or {})
        site_dir = Path(config.get("site_dir") or "site")
        site_url = config.get("site_url") or ""
        return cls(
            root=root,
            data_dir=root / extra.pop("data_dir", "data"),
            site_dir=site_dir if site_dir.is_absolute() else root / site_dir,
            site_name=config.get("site_name") or "",
            site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
            history_since=_day(extra.pop("history_since", None)),
            **{k: v for k, v in extra.items() if k in ("timezone", "enterprise", "search")},
        )

    @classmethod
    def from_config(cls, root: Path, config: Any) -> "Settings":
        """From MkDocs' loaded config; the site's address as mkdocs.yml gives it, since `mkdocs
        serve` replaces it with the preview's (printed notices would point at 127.0.0.1)."""
        settings = cls.from_mapping(root, config)
        written = _read_config(root / CONFIG).get("site_url") if (root / CONFIG).is_file() else None
        if isinstance(written, str) and written:
            settings.site_url = written if written.endswith("/") else written + "/"
        return settings

    @classmethod
    def find(cls, start: Path | None = None) -> "Settings":
        """The settings of the project that holds start (default: the working folder)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG).is_file():
                return cls.from_mapping(folder, _read_config(folder / CONFIG))
        raise FileNotFoundError(f"在 {here} 及其上级目录中找不到 {CONFIG}：请在项目文件夹中运行")


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; the settings need none of them."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
