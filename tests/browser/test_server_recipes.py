"""The hosting page's nginx and Apache recipes, proven on the real servers.

Each recipe is the file the page includes (includes/server/), used as published: only the lines it marks
CHANGE are changed, to this test's ports, certificate and folder, and the address path stays the one the
recipe names (/customer-behaviour/). Debian's nginx and Apache (`make test` installs them) are started on
127.0.0.1 with the recipe included the way Debian includes a site's file, and serve the `make dist` bundle
over HTTPS with a certificate made for the test. Every type of file the bundle holds, and an error, must
carry the headers; plain HTTP must send the browser to HTTPS; and the decision tool must reach ready and
keep its draft, with nothing blocked or reported in the browser's console.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from wizard_pages import READY, start_case

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "includes" / "server"
SUB_PATH = "/customer-behaviour/"
FOLDER = "/var/www/customer-behaviour"
HEADERS = {
    "strict-transport-security": "max-age=31536000",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
        "microphone=(), midi=(), payment=(), serial=(), usb=(), clipboard-read=(), clipboard-write=(self)"
    ),
    "cross-origin-opener-policy": "same-origin",
}
TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".png": "image/png",
}
KEEP = "public, max-age=31536000, immutable"
CHECK = "no-cache"

pytestmark = pytest.mark.skipif(
    not (Path("/usr/sbin/nginx").exists() and Path("/usr/sbin/apache2").exists() and shutil.which("openssl")),
    reason="make test installs Debian's nginx, apache2 and openssl",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def published(name: str, changes: dict[str, str]) -> str:
    """The recipe as the page publishes it, with each line marked CHANGE changed as a council would."""
    text = (RECIPES / name).read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, f"{name} no longer holds {old!r}: update this test with the page"
        text = text.replace(old, new)
    return text


@dataclass
class Site:
    https: str
    http_port: int
    folder: Path
    certificate: Path

    def file_url(self, path: Path) -> str:
        return self.https + path.relative_to(self.folder).as_posix()


@pytest.fixture(scope="module")
def web(dist_zip: Path) -> Iterator[tuple[Path, Path]]:
    """A world-readable copy of the bundle (the servers' workers drop root) and a certificate for 127.0.0.1."""
    root = Path(tempfile.mkdtemp(prefix="ucb-web-"))
    root.chmod(0o755)
    folder = root / "customer-behaviour"
    with zipfile.ZipFile(dist_zip) as bundle:
        bundle.extractall(folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(root / "site.key"), "-out", str(root / "site.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    yield folder, root
    shutil.rmtree(root)


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("the server never listened")


def _changes(folder: Path, root: Path, http_port: int, https_port: int) -> dict[str, str]:
    return {
        FOLDER: str(folder),
        "/etc/ssl/certs/policies.example.gov.uk.pem": str(root / "site.pem"),
        "/etc/ssl/private/policies.example.gov.uk.key": str(root / "site.key"),
    }


def start_nginx(folder: Path, root: Path, work: Path) -> tuple[subprocess.Popen, int, int]:
    http_port, https_port = _free_port(), _free_port()
    recipe = published(
        "nginx.conf",
        {**_changes(folder, root, http_port, https_port), "listen 80;": f"listen 127.0.0.1:{http_port};",
         "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;"},
    )  # fmt: skip
    (work / "customer-behaviour.conf").write_text(recipe, encoding="utf-8")
    # What Debian's /etc/nginx/nginx.conf sets around conf.d/, with this test's own paths.
    (work / "nginx.conf").write_text(
        f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    gzip on;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/customer-behaviour.conf;
}}
""",
        encoding="utf-8",
    )
    command = ["/usr/sbin/nginx", "-p", str(work), "-c", str(work / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refused the published recipe:\n{check.stderr}"
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(https_port, process, work / "error.log")
    return process, http_port, https_port


APACHE_MODULES = [
    "mpm_event",
    "authz_core",
    "alias",
    "dir",
    "mime",
    "filter",
    "deflate",
    "headers",
    "socache_shmcb",
    "ssl",
]


def start_apache(folder: Path, root: Path, work: Path) -> tuple[subprocess.Popen, int, int]:
    http_port, https_port = _free_port(), _free_port()
    recipe = published(
        "apache.conf",
        {**_changes(folder, root, http_port, https_port), "<VirtualHost *:80>": f"<VirtualHost 127.0.0.1:{http_port}>",
         "<VirtualHost *:443>": f"<VirtualHost 127.0.0.1:{https_port}>"},
    )  # fmt: skip
    (work / "customer-behaviour.conf").write_text(recipe, encoding="utf-8")
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    # What Debian's apache2.conf and ports.conf set, and the module settings a2enmod turns on, with this test's paths.
    (work / "apache2.conf").write_text(
        f"""ServerRoot /etc/apache2
ServerName 127.0.0.1
Mutex file:{work} default
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
LogLevel warn
User www-data
Group www-data
{modules}
Listen 127.0.0.1:{http_port}
Listen 127.0.0.1:{https_port} https
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
Include /etc/apache2/mods-available/mime.conf
Include /etc/apache2/mods-available/dir.conf
Include /etc/apache2/mods-available/deflate.conf
Include /etc/apache2/mods-available/ssl.conf
Include {work}/customer-behaviour.conf
""",
        encoding="utf-8",
    )
    env = {**os.environ, "APACHE_RUN_DIR": str(work), "APACHE_LOCK_DIR": str(work), "APACHE_LOG_DIR": str(work)}
    command = ["/usr/sbin/apache2", "-f", str(work / "apache2.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, env=env)
    assert check.returncode == 0, f"apache2 -t refused the published recipe:\n{check.stderr}"
    process = subprocess.Popen(
        [*command, "-DFOREGROUND"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait_for(https_port, process, work / "error.log")
    return process, http_port, https_port


def server_version(name: str) -> str:
    command = ["/usr/sbin/nginx", "-v"] if name == "nginx" else ["/usr/sbin/apache2", "-v"]
    result = subprocess.run(command, capture_output=True, text=True)
    return (result.stdout + result.stderr).strip().splitlines()[0]


@pytest.fixture(scope="module", params=["nginx", "apache"])
def site(
    request: pytest.FixtureRequest, web: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    folder, root = web
    work = tmp_path_factory.mktemp(request.param)
    start = start_nginx if request.param == "nginx" else start_apache
    process, http_port, https_port = start(folder, root, work)
    print(f"\n{server_version(request.param)} serving the recipe on 127.0.0.1:{https_port}")
    try:
        yield Site(f"https://127.0.0.1:{https_port}{SUB_PATH}", http_port, folder, root / "site.pem")
    finally:
        process.send_signal(signal.SIGTERM)  # the master process this fixture started, and its workers with it
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(site: Site, url: str, accept_gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    host, _, rest = url.split("://", 1)[1].partition("/")
    trusted = ssl.create_default_context(cafile=str(site.certificate))  # the test's own certificate, checked
    connection = http.client.HTTPSConnection(host, context=trusted, timeout=30)
    connection.request("GET", "/" + rest, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        headers[name.lower()] = f"{headers[name.lower()]}, {value}" if name.lower() in headers else value
    return response.status, headers, body


def one_file_of_each_type(folder: Path) -> list[Path]:
    """A file of every type the bundle holds (the release folder's and the theme's hashed files among them)."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in TYPES and not (path.suffix == ".gz" and path.with_suffix("").exists()):
            key = path.suffix + (" release" if "/assets/ucb-" in path.as_posix() else "")
            chosen.setdefault(key, path)
    hashed = next(folder.glob("assets/javascripts/bundle.*.min.js"))
    return [*chosen.values(), hashed]


def test_every_file_type_and_an_error_carry_the_headers(site: Site) -> None:
    policy = (site.folder / "content-security-policy.txt").read_text(encoding="utf-8").strip()
    files = one_file_of_each_type(site.folder)
    assert {p.suffix for p in files} >= set(TYPES), "the bundle should hold every type the table lists"
    urls = [(site.file_url(p), p) for p in files] + [
        (site.https, site.folder / "index.html"),
        (site.https + "no-such-page/", None),
    ]
    for url, path in urls:
        status, headers, body = get(site, url)
        assert status == (404 if path is None else 200), url
        assert headers.get("content-security-policy") == policy, f"{url}: {headers.get('content-security-policy')}"
        for name, value in HEADERS.items():
            assert headers.get(name) == value, f"{url}: {name} is {headers.get(name)!r}"
        if path is None:
            continue
        assert body == path.read_bytes(), url
        assert headers["content-type"].split(";")[0] == TYPES[path.suffix], f"{url}: {headers['content-type']}"
        kept = bool(re.search(r"/assets/ucb-[0-9a-f]{12}/|\.[0-9a-f]{8}\.min\.(js|css)$", url))
        assert headers.get("cache-control") == (KEEP if kept else CHECK), f"{url}: {headers.get('cache-control')}"
        assert "content-encoding" not in headers


def test_text_and_the_runtime_are_sent_compressed_and_the_snapshot_as_the_gzip_file_it_is(site: Site) -> None:
    release = next(site.folder.glob("assets/ucb-*"))
    for path in [
        release / "pyodide" / "pyodide.asm.wasm",
        release / "tool" / "wizard.mjs",
        site.folder / "policy" / "index.html",
    ]:
        status, headers, body = get(site, site.file_url(path), accept_gzip=True)
        assert status == 200 and headers.get("content-encoding") == "gzip", path.name
        assert gzip.decompress(body) == path.read_bytes()
    snapshot = release / "pyodide" / "snapshot.bin.gz"
    status, headers, body = get(site, site.file_url(snapshot), accept_gzip=True)
    assert "content-encoding" not in headers and headers["content-type"] == "application/gzip"
    assert body == snapshot.read_bytes()


def test_plain_http_sends_the_browser_to_https(site: Site) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=30)
    connection.request("GET", SUB_PATH + "tool/")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 301 and response.getheader("Location", "").startswith("https://")
    assert response.getheader("Location").endswith(SUB_PATH + "tool/")


def test_the_tool_reaches_ready_and_keeps_its_draft_under_the_recipes_headers(site: Site, browser: Browser) -> None:
    context = browser.new_context(ignore_https_errors=True)  # the test's own certificate
    problems: list[str] = []
    requests: list[str] = []
    context.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(site.https)
    page.get_by_role("link", name="Decision tool").first.click()
    page.wait_for_selector(READY, timeout=120_000)
    assert page.evaluate("() => window.isSecureContext")
    start_case(page, "HTTPS-1")
    expect(page.locator("#ucb-tool")).to_have_attribute("data-draft", "saved")
    assert page.url.startswith(site.https)
    assert [url for url in requests if not url.startswith(("https://127.0.0.1", "data:", "blob:"))] == []
    assert problems == [], problems
    context.close()
