"""MkDocs hooks of the bulletin: each event hands off to the gongkai package."""

from __future__ import annotations

import gongkai.site
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

log = get_plugin_logger("gongkai")
_build: gongkai.site.Build | None = None


def on_config(config):
    """Start a fresh build state: the hook module outlives builds under `mkdocs serve`."""
    global _build
    _build = gongkai.site.Build.from_config(config)
    return config


def on_pre_build(config):
    """Load and validate data/ before MkDocs empties site_dir, so a failure leaves the old site intact."""
    try:
        _build.load()
    except gongkai.site.DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(f"数据有 {len(exc.problems)} 处错误，网站没有生成，已发布的网站保持不变。请按上面的提示逐条修改。") from None


def on_files(files, config):
    """Add a generated page for every record, index, archive, unit and category."""
    for spec in _build.pages():
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, spec.src_uri, content=spec.markdown, inclusion=inclusion))
    return files


def on_env(env, config, files):
    """Turn autoescape on for the project's templates and add the Chinese date and money filters."""
    env.autoescape = _build.autoescape
    env.filters.update(_build.filters())
    return env


def on_page_context(context, page, config, nav):
    """Hand a generated page its record or listing, under the name of its template."""
    context.update(_build.context(page.file.src_uri, page.meta))
    return context


def on_post_build(config):
    """Write CSV downloads and media, then index the built pages for search."""
    _build.finish()
