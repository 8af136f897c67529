"""A project folder for the commands' tests: the repository's mkdocs.yml and one disclosure."""

from __future__ import annotations

import shutil

import pytest
from support import DISCLOSURE, ROOT, write_data


@pytest.fixture()
def project(tmp_path):
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_data(tmp_path, {"disclosures/2026/x.yml": DISCLOSURE})
    return tmp_path
