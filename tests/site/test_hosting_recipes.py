"""The hosting page publishes the recipes the tests run (includes/server/), and the IIS one is checked as far as
can be done without IIS.

IIS does not run on this machine, so its web.config is checked offline: it must be well-formed XML, and use
only the elements and attributes IIS 10 documents for the sections it sets (the IIS configuration reference,
learn.microsoft.com/iis/configuration/system.webserver/), with values of the documented kinds. That cannot
prove IIS serves the bundle as nginx and Apache are proven to (tests/browser/test_server_recipes.py); the
hosting page says so.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "includes" / "server"


@dataclass(frozen=True)
class Element:
    """What IIS documents for one element: its attributes (and which are required) and its child elements."""

    attributes: dict[str, str] = field(default_factory=dict)  # name -> kind of value
    required: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()


BOOLEAN = "boolean"
TEXT = "text"
MIME = "mime"
EXTENSION = "extension"
TIMESPAN = "timespan"
CACHE_MODE = "cache mode"

# system.webServer/staticContent, /staticContent/mimeMap, /staticContent/clientCache, /urlCompression,
# /httpProtocol and /httpProtocol/customHeaders, as the IIS 10 configuration reference documents them.
IIS = {
    "configuration": Element(children=frozenset({"system.webServer"})),
    "configuration/system.webServer": Element(children=frozenset({"staticContent", "urlCompression", "httpProtocol"})),
    "configuration/system.webServer/staticContent": Element(
        {"defaultDocFooter": TEXT, "enableDocFooter": BOOLEAN, "isDocFooterFileName": BOOLEAN},
        children=frozenset({"clear", "remove", "mimeMap", "clientCache"}),
    ),
    "configuration/system.webServer/staticContent/clear": Element(),
    "configuration/system.webServer/staticContent/remove": Element(
        {"fileExtension": EXTENSION}, frozenset({"fileExtension"})
    ),
    "configuration/system.webServer/staticContent/mimeMap": Element(
        {"fileExtension": EXTENSION, "mimeType": MIME}, frozenset({"fileExtension", "mimeType"})
    ),
    "configuration/system.webServer/staticContent/clientCache": Element(
        {
            "cacheControlMode": CACHE_MODE,
            "cacheControlMaxAge": TIMESPAN,
            "cacheControlCustom": TEXT,
            "httpExpires": TEXT,
            "setEtag": BOOLEAN,
        }
    ),
    "configuration/system.webServer/urlCompression": Element(
        {"doStaticCompression": BOOLEAN, "doDynamicCompression": BOOLEAN, "dynamicCompressionBeforeCache": BOOLEAN}
    ),
    "configuration/system.webServer/httpProtocol": Element(
        {"allowKeepAlive": BOOLEAN}, children=frozenset({"customHeaders", "redirectHeaders"})
    ),
    "configuration/system.webServer/httpProtocol/customHeaders": Element(
        children=frozenset({"clear", "remove", "add"})
    ),
    "configuration/system.webServer/httpProtocol/customHeaders/clear": Element(),
    "configuration/system.webServer/httpProtocol/customHeaders/remove": Element({"name": TEXT}, frozenset({"name"})),
    "configuration/system.webServer/httpProtocol/customHeaders/add": Element(
        {"name": TEXT, "value": TEXT}, frozenset({"name"})
    ),
}
KINDS = {
    BOOLEAN: re.compile(r"true|false"),
    TEXT: re.compile(r"[^\r\n]*"),
    MIME: re.compile(r"[a-z]+/[a-z0-9.+-]+"),
    EXTENSION: re.compile(r"\.[a-z0-9]+"),
    TIMESPAN: re.compile(r"(\d+\.)?\d{2}:\d{2}:\d{2}"),
    CACHE_MODE: re.compile(r"NoControl|DisableCache|UseMaxAge|UseExpires"),
}
# Types IIS 10 maps already (its applicationHost.config), for the bundle's files web.config does not map.
IIS_DEFAULT_TYPES = {".html": "text/html", ".css": "text/css", ".png": "image/png", ".txt": "text/plain", ".xml": "text/xml"}
# Files in the bundle for the other servers, which IIS need not serve.
OTHER_SERVERS = {".conf", ".config"}


def check_against_iis_reference(text: str, where: str) -> ElementTree.Element:
    """Parse web.config text and check every element and attribute against the IIS reference above."""
    root = ElementTree.fromstring(text)  # well-formed, or ParseError

    def walk(element: ElementTree.Element, path: str) -> None:
        spec = IIS.get(path)
        assert spec is not None, f"{where}: <{path}> is not an element this check knows IIS documents"
        unknown = set(element.attrib) - set(spec.attributes)
        assert not unknown, f"{where}: <{path}> has attributes IIS does not document: {unknown}"
        missing = spec.required - set(element.attrib)
        assert not missing, f"{where}: <{path}> lacks {missing}"
        for name, value in element.attrib.items():
            assert KINDS[spec.attributes[name]].fullmatch(value), f"{where}: <{path} {name}={value!r}>"
        for child in element:
            assert child.tag in spec.children, f"{where}: <{child.tag}> may not sit in <{path}>"
            walk(child, f"{path}/{child.tag}")

    walk(root, root.tag)
    # A collection entry added twice in one file is an error in IIS; each add here follows its own remove.
    for collection, key in (("staticContent", "fileExtension"), ("httpProtocol/customHeaders", "name")):
        seen: set[str] = set()
        for entry in root.findall(f"system.webServer/{collection}/*"):
            if entry.tag in ("mimeMap", "add"):
                assert entry.get(key) not in seen, f"{where}: {entry.get(key)} added twice"
                seen.add(entry.get(key))
    return root


def test_the_iis_template_follows_the_iis_reference() -> None:
    text = (RECIPES / "web.config").read_text(encoding="utf-8")
    root = check_against_iis_reference(text, "includes/server/web.config")
    assert [a.get("value") for a in root.iter("add") if a.get("name") == "Content-Security-Policy"] == [
        "CONTENT-SECURITY-POLICY"
    ]


def test_the_bundles_web_configs_follow_the_iis_reference_and_carry_the_policy(dist_zip: Path) -> None:
    with zipfile.ZipFile(dist_zip) as bundle:
        names = bundle.namelist()
        policy = bundle.read("content-security-policy.txt").decode().strip()
        root = check_against_iis_reference(bundle.read("web.config").decode(), "web.config")
        [release_config] = [n for n in names if re.fullmatch(r"assets/ucb-[0-9a-f]{12}/web\.config", n)]
        release = check_against_iis_reference(bundle.read(release_config).decode(), release_config)
    headers = {a.get("name"): a.get("value") for a in root.iter("add")}
    assert headers["Content-Security-Policy"] == policy
    assert release.find("system.webServer/staticContent/clientCache").get("cacheControlMode") == "UseMaxAge"
    mapped = {m.get("fileExtension"): m.get("mimeType") for m in root.iter("mimeMap")}
    extensions = {Path(n).suffix for n in names if Path(n).suffix} - OTHER_SERVERS
    unmapped = extensions - set(mapped) - set(IIS_DEFAULT_TYPES)
    assert unmapped == set(), f"IIS would refuse these types of file in the bundle: {unmapped}"


@pytest.mark.parametrize("name", ["nginx.conf", "apache.conf", "web.config"])
def test_the_hosting_page_publishes_each_recipe_as_the_tests_run_it(built_site: Path, name: str) -> None:
    page = (built_site / "hosting" / "index.html").read_text(encoding="utf-8")
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in re.findall(r"<code[^>]*>(.*?)</code>", page, re.S)]
    recipe = (RECIPES / name).read_text(encoding="utf-8").strip()
    assert any(block.strip() == recipe for block in blocks), f"the hosting page does not show {name} as it is"


def test_the_hosting_page_shows_the_header_value_the_build_wrote(built_site: Path) -> None:
    page = (built_site / "hosting" / "index.html").read_text(encoding="utf-8")
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", b)).strip() for b in re.findall(r"<code[^>]*>(.*?)</code>", page, re.S)]
    assert (built_site / "content-security-policy.txt").read_text(encoding="utf-8").strip() in blocks
