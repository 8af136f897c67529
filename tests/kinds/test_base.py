"""gongkai.kinds.base: a new kind is one module, a line and a template."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from support import EPOCH, copy_project, page_text, write_data

# -- a kind is one module ---------------------------------------------------------------------------------------------

TOY_KIND = '''\
"""通知: a toy kind, to show what a new kind takes: this module, a line in kinds/__init__.py, a template."""

from pydantic import Field

from gongkai.data.schema import Markdown, Record
from gongkai.kinds.base import Kind, Scaffold


class Notice(Record):
    """通知."""

    body: Markdown = Field(min_length=1, title="正文", description="正文，Markdown 格式")


class NoticeKind(Kind):
    """通知."""

    folder = "notices"
    name = "notice"
    label = "通知"
    short = "通知"
    schema = Notice

    def scaffold(self, new: Scaffold) -> str:
        return self.head(self.label, new) + "body: 请在这里填写通知。\\n"
'''


TOY_TEMPLATE = """{% extends "main.html" %}
{% block content %}<h1 id="title">{{ notice.title }}</h1><div class="gk-body">{{ notice.body }}</div>{% endblock %}
"""


TOY_RECORD = "title: 井口澡堂暂停开放通知\nunit: union\ndate: 2026-11-20\nbody: 因检修锅炉，澡堂暂停开放一天。\n"


def test_a_new_kind_is_one_module_a_line_and_a_template(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"notices/zaotang.yml": TOY_RECORD})
    )
    kinds = project / "hooks" / "gongkai" / "kinds"
    (kinds / "notice.py").write_text(TOY_KIND, encoding="utf-8")
    registry = (kinds / "__init__.py").read_text(encoding="utf-8")
    registry = registry.replace(
        "from gongkai.kinds.proposal import ProposalKind\n",
        "from gongkai.kinds.proposal import ProposalKind\nfrom gongkai.kinds.notice import NoticeKind\n",
    )
    (kinds / "__init__.py").write_text(
        registry.replace("ProposalKind())", "ProposalKind(), NoticeKind())"), encoding="utf-8"
    )
    (project / "theme_overrides" / "notice.html").write_text(TOY_TEMPLATE, encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(project / "hooks"),
        SOURCE_DATE_EPOCH=EPOCH,
        NO_MKDOCS_2_WARNING="1",
    )
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    site = tmp_path / "site"
    assert "因检修锅炉" in page_text(site / "notices" / "zaotang" / "index.html")
    assert "井口澡堂暂停开放通知" in page_text(site / "notices" / "index.html")
    assert "井口澡堂暂停开放通知" in page_text(site / "units" / "union" / "index.html")
    docs = [
        d
        for path in (site / "search" / "index" / "doc").glob("*.json")
        for d in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert any(d["u"] == "notices/zaotang/" and d["k"] == "通知" for d in docs)
    schema = subprocess.run(
        [sys.executable, "-c", "from gongkai.tools.cli import run; run()", "schema"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stderr
    assert (
        json.loads(
            (project / ".vscode" / "schemas" / "notices.schema.json").read_text(encoding="utf-8")
        )["title"]
        == "通知"
    )
