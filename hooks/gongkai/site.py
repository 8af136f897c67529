"""One build of the site: settings from mkdocs.yml, the loaded archive, pages, context and outputs."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .errors import DataError
from .load import Archive, Loader, build_today
from .money import format_money
from .pages import Generator, PageSpec
from .outputs import index_search, write_outputs
from .views import zh_date, zh_moment, zh_month, zh_weekday

__all__ = ["Build", "DataError"]

# The page kinds' templates in theme_overrides/, all rendered with autoescape on.
PAGE_TEMPLATES = frozenset(
    f"{name}.html"
    for name in ("disclosure", "allocation", "event", "story", "listing", "unit", "units", "home", "search")
)


@dataclass
class Settings:
    """The `extra.gongkai` block of mkdocs.yml."""

    root: Path
    data_dir: Path
    site_dir: Path
    timezone: str = "Asia/Shanghai"
    enterprise: str = ""
    search: bool = True


class Build:
    """State of one build, made anew in on_config so that nothing outlives it under serve."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.tz = ZoneInfo(settings.timezone)
        self.archive: Archive | None = None
        self.generator: Generator | None = None
        self.specs: dict[str, PageSpec] = {}

    @classmethod
    def from_config(cls, config: Any) -> "Build":
        """Read settings from a loaded MkDocs config (paths resolved from the config file)."""
        root = Path(config["config_file_path"]).resolve().parent
        extra = dict((config.get("extra") or {}).get("gongkai") or {})
        settings = Settings(
            root=root,
            data_dir=root / extra.pop("data_dir", "data"),
            site_dir=Path(config["site_dir"]),
            **{k: v for k, v in extra.items() if k in ("timezone", "enterprise", "search")},
        )
        return cls(settings)

    def load(self) -> Archive:
        """Load and validate data/; raises DataError listing every problem."""
        today = build_today(self.tz)
        self.archive = Loader(self.settings.root, self.settings.data_dir, today, self.tz).load()
        self.generator = Generator(self.archive)
        self.specs = {spec.src_uri: spec for spec in self.generator.generate()}
        return self.archive

    def pages(self) -> list[PageSpec]:
        """The generated pages."""
        return list(self.specs.values())

    def context(self, src_uri: str, meta: dict) -> dict[str, Any]:
        """Template context for a page: its record or listing, and the board on the home page."""
        spec = self.specs.get(src_uri)
        out: dict[str, Any] = {"gk": {"today": self.archive.today, "timezone": self.settings.timezone}}
        if spec is not None:
            out[spec.name] = spec.make()
            # Material prints meta.title raw into <title> and the header: escape record titles.
            meta["title"] = html.escape(spec.title)
        elif meta.get("template") == "home.html":
            out["board"] = self.generator.board()
        return out

    @staticmethod
    def autoescape(template_name: str | None) -> bool:
        """Autoescape for this project's templates; Material's own templates keep their setting (off)."""
        if template_name is None:
            return False
        return template_name.startswith("partials/gongkai/") or template_name in PAGE_TEMPLATES

    def filters(self) -> dict[str, Any]:
        """Jinja filters for dates and money the Chinese way."""
        return {
            "zh_date": zh_date,
            "zh_weekday": zh_weekday,
            "zh_moment": zh_moment,
            "zh_month": zh_month,
            "money": format_money,
        }

    def finish(self) -> None:
        """Outputs beside the pages, then the search index."""
        views = [v for views in self.generator.published.values() for v in views]
        write_outputs(views, self.settings.data_dir / "media", self.settings.site_dir)
        if self.settings.search:
            index_search(views, self.settings.site_dir)
