"""GET /graphql is GraphiQL from our own files: no outside URL, every file with its
integrity and a long cache; without the files, a page that says how to install them."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from schema.ide import FILES, GRAPHIQL_DIR, INSTALL_COMMAND, GraphiQL
from tests.integrators.conftest import LOCAL_HOSTS

URL = re.compile(r"https?://[^\s\"'<>)]+", re.IGNORECASE)
IMMUTABLE = "public, max-age=31536000, immutable"


class _Tags(HTMLParser):
    """The page's scripts and stylesheets, as (URL, integrity), and its inline scripts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.files: list[tuple[str, str | None]] = []
        self.inline_scripts = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src") is None:
            self.inline_scripts += 1
        elif tag == "script":
            self.files.append((found["src"] or "", found.get("integrity")))
        elif tag == "link" and found.get("rel") == "stylesheet":
            self.files.append((found.get("href") or "", found.get("integrity")))


def _outside_urls(text: str) -> list[str]:
    return [url for url in URL.findall(text) if urlsplit(url).hostname not in LOCAL_HOSTS]


def _policy(response: httpx.Response) -> dict[str, str]:
    header = response.headers["content-security-policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def _sri(body: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["/graphql", "/console/"])
def test_no_page_names_an_outside_url(installed, server, path):
    page = httpx.get(f"{server}{path}", follow_redirects=True)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert _outside_urls(page.text) == []


@pytest.mark.e2e
def test_the_page_loads_each_file_from_here_with_its_integrity_and_a_long_cache(installed, server):
    page = httpx.get(f"{server}/graphql")
    tags = _Tags(page.text)
    assert tags.inline_scripts == 0
    assert len(tags.files) == len(FILES)
    for reference, integrity in tags.files:
        url = urljoin(str(page.url), reference)
        assert urlsplit(url).netloc == urlsplit(server).netloc, url
        served = httpx.get(url)
        assert served.status_code == 200, url
        assert integrity == _sri(served.content), url
        assert served.headers["cache-control"] == IMMUTABLE
        assert served.headers["x-content-type-options"] == "nosniff"
        assert served.headers["content-type"].startswith(("text/css", "text/javascript"))
    assert {urlsplit(reference).path.rsplit("/", 1)[1] for reference, _ in tags.files} == set(FILES)


@pytest.mark.e2e
def test_the_page_allows_scripts_connections_and_styles_from_here_only(installed, server):
    page = httpx.get(f"{server}/graphql")
    policy = _policy(page)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"  # GraphiQL inserts <style> elements
    assert policy["frame-ancestors"] == "'none'"
    assert page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.e2e
def test_only_the_listed_files_are_served(installed, server):
    page = httpx.get(f"{server}/graphql")
    reference, _ = _Tags(page.text).files[0]
    folder = urljoin(str(page.url), reference).rsplit("/", 1)[0]
    for name in ["package.json", "graphiql.js", "react.development.js", "..%2Fpackage.json"]:
        assert httpx.get(f"{folder}/{name}").status_code == 404, name
    stale = folder.rsplit("/", 1)[0] + "/0000000000000000/ide.js"
    assert httpx.get(stale).status_code == 404
    assert httpx.get(f"{server}/graphql/ide/{installed.build}/ide.js").status_code == 200


async def _get(ide: GraphiQL, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=Starlette(routes=ide.routes()))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.get(path)


async def test_without_its_files_the_page_says_how_to_install_them(tmp_path):
    ide = GraphiQL(folder=tmp_path)
    page = await _get(ide, "/graphql")
    # 200: the service is up and this is the right answer to the request; a retry (503)
    # would not install anything.
    assert page.status_code == 200
    assert "GraphiQL's files are not installed" in page.text
    assert f"<pre>{INSTALL_COMMAND}</pre>" in page.text
    assert "The API itself works" in page.text
    assert _Tags(page.text).files == [] and _Tags(page.text).inline_scripts == 0
    assert _outside_urls(page.text) == []
    assert _policy(page)["frame-ancestors"] == "'none'"
    assert (await _get(ide, "/graphql/ide/0000000000000000/ide.js")).status_code == 404


async def test_the_page_appears_once_the_files_are_installed_without_a_restart(installed, tmp_path):
    ide = GraphiQL(folder=tmp_path)
    assert "not installed" in (await _get(ide, "/graphql")).text
    for relative in FILES.values():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GRAPHIQL_DIR / relative, tmp_path / relative)
    page = await _get(ide, "/graphql")
    assert "not installed" not in page.text
    assert f"graphql/ide/{installed.build}/graphiql.min.js" in page.text
    assert Path(tmp_path / FILES["ide.js"]).read_bytes() == installed.assets["ide.js"].body
