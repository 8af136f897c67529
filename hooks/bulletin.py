"""MkDocs hooks of the bulletin: each event hands off to the gongkai package."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

import gongkai.site
import gongkai.urls

log = get_plugin_logger("gongkai")
_build: gongkai.site.Build | None = None
_preview: gongkai.site.Preview | None = None  # only under `mkdocs serve --dirty`
_lit: list = []  # navigation items lit for the page being rendered


class GeneratedPage(Page):
    """A page drawn by its template from a record or a listing. Its Markdown is empty: MkDocs would
    still build a converter with every extension for each of the archive's thousands of pages, to
    turn nothing into nothing (a tenth of a five-year build)."""

    def render(self, config, files):
        if self.markdown:  # a plugin gave it text after all: MkDocs renders it as ever
            return super().render(config, files)
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def on_startup(command, dirty):
    """Under `mkdocs serve --dirty`, keep what lets a rebuild skip unchanged records and pages."""
    gongkai.site.forget_empty_epoch()
    global _preview
    _preview = gongkai.site.Preview() if command == "serve" and dirty else None


def on_config(config):
    """Start a fresh build state: the hook module outlives builds under `mkdocs serve`."""
    global _build
    try:
        _build = gongkai.site.Build.from_config(config, _preview)
    except gongkai.site.SettingsError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(
            f"mkdocs.yml 中的设置有 {len(exc.problems)} 处问题，网站没有生成。请按上面的提示逐条修改。"
        ) from None
    except gongkai.site.TodayError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_pre_build(config):
    """Load and validate data/ before MkDocs empties site_dir, so a failure leaves the old site intact."""
    try:
        _build.load()
    except gongkai.site.DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(
            f"数据有 {len(exc.problems)} 处错误，网站没有生成，已发布的网站保持不变。请按上面的提示逐条修改。"
        ) from None
    for notice in _build.notices:
        log.info(notice)
    for error in _build.errors:
        log.error(error)
    if _build.errors:
        log.error(
            f"数据有 {len(_build.errors)} 处错误：预览仍显示上一次正确的内容，浏览器中也会列出这些错误。改好保存后自动更新。"
        )


def on_files(files, config):
    """Add a generated page for every record, index, archive, unit and category."""
    home = files.get_file_from_path("index.md")
    if _preview is not None and home is not None:
        # the home page shows the board: re-render it on every preview build, as MkDocs does
        # with generated pages, though its Markdown file did not change
        files.remove(home)
        files.append(File.generated(config, "index.md", content=home.content_string))
    for spec in _build.pages():
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
        if not spec.in_nav:  # a page of the navigation gets its title there, from mkdocs.yml
            GeneratedPage(None, file, config)  # as file.page
        files.append(file)
    _build.start()
    return files


def on_page_markdown(markdown, page, config, files):
    """Give a generated page its template and title in memory: no record text ever passes through
    a YAML front matter, which a title with a control character could break open."""
    page.meta.update(_build.meta(page.file.src_uri))
    return markdown


def on_env(env, config, files):
    """Turn autoescape on for the project's templates; add the Chinese date and money filters and
    the cache of fragments that pages outside the navigation share. Date the generated pages in the
    sitemap by their content, not by the build: MkDocs writes sitemap.xml next, before any page."""
    for file in files.documentation_pages():
        lastmod = _build.lastmod(file.src_uri)
        if lastmod and file.page is not None:
            file.page.update_date = lastmod
    env.autoescape = _build.autoescape
    env.filters.update(_build.filters())
    env.globals["gk_fragment"] = _build.fragment
    env.globals["gk_url"] = gongkai.urls.url  # the table of addresses: no template spells one
    _build.env = env
    return env


def on_page_context(context, page, config, nav):
    """Hand a generated page its record or listing, under the name of its template; light the tab
    of its section."""
    context.update(_build.context(page.file.src_uri, page.meta))
    section = _build.section_url(page.file.src_uri)
    for item in nav.pages if section else ():
        if item.url == section:
            item.active = True
            _lit.append(item)
    # A page outside the navigation activates no item of it, and the navigation's relative links
    # depend only on the page's folder: such pages in one folder (disclosures/<id>/) have the same
    # tabs, sidebar, footer and config script, which main.html then renders once per build.
    if not page.file.inclusion.is_in_nav() and not page.toc and "hide" not in page.meta:
        context["gk_share"] = _build.share_key(page.url, nav)
    _build.prepare_withdrawal(
        page.file.src_uri, page.file.dest_uri, context, page.meta.get("template", "main.html")
    )
    return context


def on_post_page(output, page, config):
    """Put out the tab lit for the page just rendered."""
    while _lit:
        _lit.pop().active = False
    return output


def on_post_build(config):
    """Write CSV downloads and media, then index the built pages for search."""
    _build.finish()
