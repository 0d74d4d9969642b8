"""The Debian programs some tests need (`make test` installs them): without one a test skips, saying so; with
CI=true it fails instead."""

import os

import pytest


def needs_chromium() -> None:
    """Skip (fail under CI=true) a test whose report draws charts when there is no Chromium to draw them with."""
    from boilerlab.documents.campaign_report import chromium_path

    if chromium_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium: `make test` installs Debian's chromium")
        pytest.skip("report charts skipped: no Chromium here (make test installs Debian's chromium)")
