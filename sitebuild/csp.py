"""MkDocs hook: give every page a Content Security Policy that allows only the site's own files.

The policy's directives live in mkdocs.yml (`extra.content_security_policy`). Material writes a
few small inline scripts into each page; the hook adds the SHA-256 hash of each one to
`script-src`, so nothing else inline can run, and puts the policy in a `<meta>` tag at the top
of `<head>`. `frame-ancestors` only works as an HTTP header, so the meta tag leaves it out.

For servers that send the policy as a header (needed for `frame-ancestors`), the hook writes
the whole header value, with the hashes of every page, to `content-security-policy.txt` at the
root of the site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# An inline script is one with no `src`; JSON data blocks (`type="application/json"`) never run.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
HEADER_ONLY = {"frame-ancestors", "report-uri", "sandbox"}
HEADER_FILE = "content-security-policy.txt"

# Hashes of the inline scripts seen on every page of this build, for the header file.
_site_hashes: set[str] = set()


def directives(config: MkDocsConfig) -> dict[str, list[str]]:
    """The site's CSP directives from mkdocs.yml, checked for shape."""
    policy = config.extra.get("content_security_policy")
    if not isinstance(policy, dict) or not all(isinstance(v, list) for v in policy.values()):
        raise PluginError("mkdocs.yml: extra.content_security_policy must map each directive to a list of sources")
    return policy


def header_value(config: MkDocsConfig, hashes: set[str]) -> str:
    """The policy as a server should send it: every directive, with the hashes of every page."""
    parts = []
    for name, sources in directives(config).items():
        if name == "script-src":
            sources = [*sources, *sorted(hashes)]
        parts.append(f"{name} {' '.join(sources)}")
    return "; ".join(parts)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline script that a browser would run."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        if "application/json" in match["attrs"]:
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def meta_policy(config: MkDocsConfig, html: str) -> str:
    """The policy for one page's meta tag: header-only directives dropped, inline hashes added."""
    parts = []
    for name, sources in directives(config).items():
        if name in HEADER_ONLY:
            continue
        if name == "script-src":
            sources = [*sources, *inline_script_hashes(html)]
        parts.append(f"{name} {' '.join(sources)}")
    return "; ".join(parts)


def on_pre_build(config: MkDocsConfig) -> None:
    """Start each build (`mkdocs serve` rebuilds) with no hashes collected."""
    _site_hashes.clear()


def _with_meta(output: str, config: MkDocsConfig, where: str) -> str:
    """Insert the meta tag straight after `<head>`, before any script it must govern."""
    _site_hashes.update(inline_script_hashes(output))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy(config, output)}">'
    head = re.search(r"<head[^>]*>", output)
    if head is None:
        raise PluginError(f"{where}: the page has no <head> to put its security policy in")
    return output[: head.end()] + "\n    " + tag + output[head.end() :]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _with_meta(output, config, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static HTML templates (Material's 404 page) get the policy too; sitemap.xml does not need it."""
    return _with_meta(output_content, config, template_name) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    """Write the header value servers should send, hashes of all pages included."""
    path = Path(config.site_dir) / HEADER_FILE
    path.write_text(header_value(config, _site_hashes) + "\n", encoding="utf-8")
