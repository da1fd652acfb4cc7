"""Browser tools from npm files: every file named with its integrity, at a URL that changes
with its bytes, the page's URLs relative to it; until installed, the page says how."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette

from web.assets import Bundle, Tool, ToolPages

FILES = {
    "tool.css": "node_modules/t/tool.css",
    "tool.js": "node_modules/t/tool.js",
    "start.js": "start.js",
}


def _tool(folder: Path) -> ToolPages:
    tool = Tool(
        "Tool", folder, FILES, "A tool", '<div id="t"></div>', "<p>missing: npm ci</p>", "npm ci"
    )
    return ToolPages(tool, page="/deep/down/tool", files="/deep/down/tool/files")


def _install(folder: Path, version: str = "1") -> None:
    for relative in FILES.values():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(f"/* {relative} {version} */")


async def _get(pages: ToolPages, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=Starlette(routes=pages.routes()))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path)


async def test_the_page_appears_once_installed_and_names_its_files_relative_to_itself(tmp_path):
    pages = _tool(tmp_path)
    assert (await _get(pages, "/deep/down/tool")).text == "<p>missing: npm ci</p>"
    _install(tmp_path)
    bundle = Bundle.read(tmp_path, FILES)
    assert bundle is not None
    page = (await _get(pages, "/deep/down/tool")).text
    for name, asset in bundle.assets.items():
        assert f'"tool/files/{bundle.build}/{name}" integrity="{asset.integrity}"' in page
        served = await _get(pages, f"/deep/down/tool/files/{bundle.build}/{name}")
        assert served.content == asset.body and "immutable" in served.headers["cache-control"]
    assert page.index("tool.js") < page.index("start.js")  # scripts in the listed order


def test_the_build_changes_with_any_file(tmp_path):
    _install(tmp_path, "1")
    first = Bundle.read(tmp_path, FILES)
    _install(tmp_path, "2")
    second = Bundle.read(tmp_path, FILES)
    assert first is not None and second is not None and first.build != second.build
    (tmp_path / "start.js").unlink()
    assert Bundle.read(tmp_path, FILES) is None
