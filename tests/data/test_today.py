"""gongkai.data.today: the build's day, from SOURCE_DATE_EPOCH in the site's zone, said in Chinese when
it is not a day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from support import DISCLOSURE, GONGKAI, TZ, copy_project, run_clean, write_data

from gongkai.data.today import build_today


@pytest.mark.parametrize("command", [["check"], ["build", "--site-dir", "SITE"]])
def test_an_empty_source_date_epoch_means_today(tmp_path, command):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    result = run_clean(
        [GONGKAI, *[str(tmp_path / "site") if c == "SITE" else c for c in command]],
        project,
        SOURCE_DATE_EPOCH="",
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_a_day_that_is_not_a_day_is_said_in_chinese(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    result = run_clean(
        [GONGKAI, "build", "--site-dir", str(tmp_path / "site")],
        project,
        GONGKAI_AS_OF="2026-13-01",
    )
    assert (
        result.returncode == 1
        and "GONGKAI_AS_OF 的值“2026-13-01”不是日期" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_today_from_source_date_epoch_in_the_site_zone():
    # 2026-11-24 17:00 UTC is already 2026-11-25 in Shanghai
    epoch = str(int(datetime(2026, 11, 24, 17, 0, tzinfo=UTC).timestamp()))
    assert build_today(TZ, {"SOURCE_DATE_EPOCH": epoch}) == date(2026, 11, 25)
    assert build_today(TZ, {}) == datetime.now(TZ).date()
