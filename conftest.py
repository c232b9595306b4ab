"""Every temporary file the suite makes (the doctests' ``tempfile.mkdtemp()``, the libraries', the child
processes') goes under pytest's own temporary folder, which pytest prunes (it keeps the last three runs): a
run of the suite leaves nothing in the system's temporary folder."""

from __future__ import annotations

import os
import tempfile

import pytest


@pytest.fixture(scope="session", autouse=True)
def _temporary_files_under_pytest(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("tempfile"))
    before_env, before_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = folder
    yield
    tempfile.tempdir = before_dir
    if before_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before_env
