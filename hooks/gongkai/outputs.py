"""Files beside the pages: allocation CSV downloads, the media records point to, the search index."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

from .views import View

CSV_HEADER = ["姓名", "岗位", "出勤", "工分", "金额", "备注"]


def render_csv(view: View) -> bytes:
    """An allocation's rows as CSV, UTF-8 with BOM so that Excel opens it; empty outside the period."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in view.rows:
        points = "" if row.points is None else str(row.points)
        writer.writerow([row.name, row.post or "", row.shifts or "", points, f"{row.amount:.2f}", row.note or ""])
    writer.writerow(["合计", "", "", "", f"{view.record.total:.2f}", f"共 {view.headcount} 人"])
    return "\ufeff".join(["", out.getvalue()]).encode("utf-8")


def write_outputs(views: list[View], media_dir: Path, site_dir: Path) -> None:
    """Write CSVs of running allocations and copy the media of published records."""
    for view in views:
        if view.kind == "allocations" and view.rows_public:
            (site_dir / view.csv_url).write_bytes(render_csv(view))
        for file in view.media:
            target = site_dir / "media" / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media_dir / file, target)


def index_search(site_dir: Path) -> None:
    """Build the Pagefind index (extended build: Chinese segmentation) over the pages marked for it."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("搜索索引生成失败（Pagefind）：" + (result.stderr or result.stdout).strip())
