"""Project folders for the importers' tests: one with a disclosure, one with the lists of units and
categories a roster needs."""

from __future__ import annotations

import shutil

import pytest
from support import ALL_CATEGORIES, DISCLOSURE, IMPORT_UNITS, ROOT, write_data


@pytest.fixture()
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write_data(root, {"disclosures/2026/x.yml": DISCLOSURE})
    return root


@pytest.fixture()
def lists(project):
    """A project whose categories include aid, recuperation, honors and other, with 机运区 too."""
    (project / "data" / "categories.yml").write_text(ALL_CATEGORIES, encoding="utf-8")
    units = project / "data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + IMPORT_UNITS, encoding="utf-8")
    return project
