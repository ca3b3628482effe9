"""MkDocs hook: give every page a Content Security Policy that allows only the site's own files.

The policy's directives live in mkdocs.yml (`extra.content_security_policy`). Material writes a
few small inline scripts into each page; the hook adds the SHA-256 hash of each one to
`script-src`, so nothing else inline can run, and puts the policy in a `<meta>` tag at the top
of `<head>`. `frame-ancestors` only works as an HTTP header, so the meta tag leaves it out.

The intranet pages allowed to frame the embed views are one setting, `extra.embed_origins`
(origins separated by spaces): they join `frame-ancestors`, and the embed pages carry them for
docs/assets/embed/embed.mjs, which sends its height to those origins only.

For servers that send the policy as a header (needed for `frame-ancestors`), the hook writes the
header value to `content-security-policy.txt` at the root of the site, and the same line in the
forms nginx and Apache include (`content-security-policy.nginx.conf`, `.apache.conf`) and IIS reads
(`web.config`, from includes/server/web.config). The header leaves out `script-src` and
`default-src`: a page's scripts are governed by its own meta tag, which lists the hashes of that
page's inline scripts, and those change with every release; without them the header stays the
same from release to release, so a server configured once never blocks a new release's scripts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# An inline script is one with no `src`; JSON data blocks (`type="application/json"`) never run.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
HEADER_ONLY = {"frame-ancestors", "report-uri", "sandbox"}
META_ONLY = {"default-src", "script-src"}
HEADER_FILE = "content-security-policy.txt"
SERVER_FILES = {
    "content-security-policy.nginx.conf": 'add_header Content-Security-Policy "{}" always;\n',
    "content-security-policy.apache.conf": 'Header always set Content-Security-Policy "{}"\n',
}
IIS_TEMPLATE = Path("includes") / "server" / "web.config"
IIS_PLACEHOLDER = "CONTENT-SECURITY-POLICY"
ORIGIN = re.compile(r"https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?")


def embed_origins(config: MkDocsConfig) -> list[str]:
    """The intranet origins allowed to frame the embed views (`extra.embed_origins`), checked."""
    value = config.extra.get("embed_origins") or ""
    origins = value.split() if isinstance(value, str) else [str(v) for v in value]
    wrong = [o for o in origins if not ORIGIN.fullmatch(o)]
    if wrong:
        raise PluginError(
            f"mkdocs.yml: extra.embed_origins must be origins such as https://yourcouncil.sharepoint.com "
            f"(scheme, host and port only), separated by spaces; not {wrong}"
        )
    return origins


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the embed origins once, as a list, for the policy and the embed pages."""
    config.extra["embed_origins"] = embed_origins(config)
    return config


def directives(config: MkDocsConfig) -> dict[str, list[str]]:
    """The site's CSP directives from mkdocs.yml, checked for shape, with the embed origins in frame-ancestors."""
    policy = config.extra.get("content_security_policy")
    if not isinstance(policy, dict) or not all(isinstance(v, list) for v in policy.values()):
        raise PluginError("mkdocs.yml: extra.content_security_policy must map each directive to a list of sources")
    return {**policy, "frame-ancestors": [*policy.get("frame-ancestors", ["'self'"]), *embed_origins(config)]}


def header_value(config: MkDocsConfig) -> str:
    """The policy as a server should send it: every directive but the script ones (see the module's note)."""
    return "; ".join(
        f"{name} {' '.join(sources)}" for name, sources in directives(config).items() if name not in META_ONLY
    )


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


def _with_meta(output: str, config: MkDocsConfig, where: str) -> str:
    """Insert the meta tag straight after `<head>`, before any script it must govern."""
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
    """Write the header value servers should send, as text and in the forms nginx, Apache and IIS read."""
    value = header_value(config)
    site = Path(config.site_dir)
    (site / HEADER_FILE).write_text(value + "\n", encoding="utf-8")
    for name, line in SERVER_FILES.items():
        (site / name).write_text(line.format(value), encoding="utf-8")
    template = (Path(config.config_file_path).parent / IIS_TEMPLATE).read_text(encoding="utf-8")
    if template.count(IIS_PLACEHOLDER) != 1:
        raise PluginError(f"{IIS_TEMPLATE} must hold {IIS_PLACEHOLDER} once, where the policy goes")
    (site / "web.config").write_text(template.replace(IIS_PLACEHOLDER, html.escape(value)), encoding="utf-8")
