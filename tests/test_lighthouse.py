"""Lighthouse scores the reader's pages high for accessibility, best practices and SEO.

The site is served as in production (gunicorn, DEBUG off, DJANGO_ENV=production, static files
by whitenoise) on the database this test uses, and Lighthouse drives the system Chromium against
it, as a phone and as a computer. One difference from production: plain HTTP on 127.0.0.1, where
nginx would terminate TLS, so the redirect to HTTPS is off; Chromium and Lighthouse count
127.0.0.1 as a secure origin, so no audit is skipped for it. Nothing is fetched from outside:
the pages load only the site's own files, and error reporting and Chromium's background
networking are off.

Runs only on PostgreSQL + Redis, which the test and gunicorn share (about 15 s a page). Each
report is kept in artifacts/lighthouse/ and the scores are printed (`pytest -s` shows them).
"""

import json
import os
import secrets
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.gunicorn_server import free_port, start_server, stop_server
from tests.page_checkers import CHROMIUM, LIGHTHOUSE, ROOT, file, program
from tests.seed import SLUG, seed_article
from tests.shared_services import database_url, needs_shared_services

PAGES = ["/", f"/articles/{SLUG}/"]
FORM_FACTORS = ["mobile", "desktop"]
CATEGORIES = ["accessibility", "best-practices", "seo"]
MINIMUM = 0.98
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
REPORTS = ROOT / "artifacts" / "lighthouse"

pytestmark = [
    needs_shared_services("Lighthouse against gunicorn"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(transactional_db, tmp_path, static_root) -> Iterator[str]:
    seed_article()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_KEY_PREFIX": f"lighthouse-{secrets.token_hex(4)}",
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",  # canonical addresses on the server Lighthouse reads
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1: see the docstring
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
    }
    log = tmp_path / "gunicorn.log"
    server = start_server({**env, "GUNICORN_ACCESS_LOG": str(log)}, port, log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def lighthouse() -> Callable[[str, str, Path], dict]:
    """Run Lighthouse on a URL as a phone or a computer, keeping the report; the tools are looked
    up before any server starts."""
    node = program("node", "apt-get install nodejs")
    cli = file(LIGHTHOUSE, "make install-dev")
    chromium = file(CHROMIUM, "apt-get install chromium")

    def run(url: str, form_factor: str, report: Path) -> dict:
        command = [
            node,
            str(cli),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--no-enable-error-reporting",
            "--quiet",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")  # the default is a phone
        env = {**os.environ, "CHROME_PATH": str(chromium)}
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
        return json.loads(report.read_text())

    return run


def failing_audits(result: dict, category: str) -> list[str]:
    audits = result["audits"]
    return [
        f"{ref['id']} ({audits[ref['id']]['score']}): {audits[ref['id']]['title']}"
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores_the_page_high_for_accessibility_best_practices_and_seo(lighthouse, site, path, form_factor):
    REPORTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-") or "accueil"
    result = lighthouse(site + path, form_factor, REPORTS / f"{name}-{form_factor}.json")

    assert result["configSettings"]["formFactor"] == form_factor
    assert result["finalDisplayedUrl"] == site + path, "Lighthouse did not end on the page it was given"
    scores = {category: result["categories"][category]["score"] for category in CATEGORIES}
    print(f"Lighthouse {result['lighthouseVersion']}, {path} ({form_factor}): {scores}")
    low = {category: failing_audits(result, category) for category, score in scores.items() if (score or 0) < MINIMUM}
    assert low == {}, f"{path} ({form_factor}) scores {scores}; failing audits: {low}"
