"""Browser tests: a real `runserver` on a fresh SQLite demo trust, driven by Debian's Chromium through Playwright.

Nothing here uses pytest-django's test database: the server is a separate process with its own database file,
migrated and seeded with `seed_demo` exactly as `make run` does.
"""

import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.support import (
    CHROMIUM_ARGS,
    DEFAULT_CHROMIUM,
    PASSWORD,
    REPO_ROOT,
    ServerLog,
    person_url_by_search,
    sign_in,
)

SERVER_START_SECONDS = 30
ACTION_TIMEOUT_MS = 10_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(database: Path, microsoft_directory: str = "") -> dict[str, str]:
    env = dict(os.environ)
    # Anything from the caller's shell that would point the server elsewhere is replaced or removed.
    for name in ("REDIS_URL", "DJANGO_DEBUG", "EMAIL_HOST", "DJANGO_SECRET_KEY"):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "withus.config.settings.local",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "WITHUS_DEMO": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if microsoft_directory:
        # Sign in with Microsoft against the demo directory this test session runs on 127.0.0.1 (issue 24): the
        # demo's tenant, client and connected people (withus.demo.accounts_world), at this provider's address.
        env["WITHUS_MICROSOFT_DEMO"] = "1"
        env["WITHUS_ENTRA_DISCOVERY_URL"] = f"{microsoft_directory}/.well-known/openid-configuration"
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _wait_until_answering(process: subprocess.Popen, url: str, log: ServerLog) -> None:
    attempts = SERVER_START_SECONDS * 10
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        # Waiting on the process doubles as the pause between attempts and notices a server that died.
        try:
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"runserver exited with {process.returncode}:\n{log.text()}", pytrace=False)
    pytest.fail(f"runserver did not answer {url} within {SERVER_START_SECONDS}s:\n{log.text()}", pytrace=False)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium (never a downloaded browser). Missing: fail in CI, skip elsewhere."""
    path = os.environ.get("WITHUS_CHROMIUM") or DEFAULT_CHROMIUM
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    if os.environ.get("WITHUS_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"Browser tests need Debian's Chromium at {path} (WITHUS_REQUIRE_BROWSER=1): "
            "install it with `apt-get install -y chromium` or set WITHUS_CHROMIUM.",
            pytrace=False,
        )
    pytest.skip("Debian chromium not installed")


@pytest.fixture(scope="session")
def microsoft_directory(chromium_path: str) -> Iterator[str]:
    """The demo's mock Microsoft directory (oidc-provider-mock) on 127.0.0.1 in a thread of this test process, with
    the demo directory's people; tests change what it says about someone with PUT /users/<sub>."""
    import oidc_provider_mock
    from werkzeug.serving import make_server

    from withus.demo.accounts_world import DIRECTORY_PEOPLE, directory_claims

    people = [oidc_provider_mock.User(sub=sub, claims=directory_claims(sub)) for sub, *_ in DIRECTORY_PEOPLE]
    provider = make_server(
        "127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True, user_claims=people), threaded=True
    )
    thread = threading.Thread(target=provider.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{provider.server_port}"
    finally:
        provider.shutdown()
        provider.server_close()


@pytest.fixture(scope="session")
def server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory, microsoft_directory: str
) -> Iterator[ServerLog]:
    """Migrate and seed a fresh SQLite demo trust, then serve it with runserver on a free port (with Sign in with
    Microsoft pointed at the session's mock directory)."""
    folder = tmp_path_factory.mktemp("withus-browser")
    env = _server_env(folder / "browser.sqlite3", microsoft_directory)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    port = _free_port()
    log = ServerLog(folder / "runserver.log", base_url=f"http://127.0.0.1:{port}")
    with log.path.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own manage.py
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(process, f"{log.base_url}/accounts/login/", log)
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, server: ServerLog):
    """Make a fresh browser context (own cookies) on the demo server; all are closed at the end of the test."""
    opened: list[BrowserContext] = []

    def make(*, bypass_csp: bool = True) -> BrowserContext:
        # The app's CSP (script-src 'self' + nonce) blocks the inline <script> that Playwright's
        # page.add_script_tag() inserts to load axe-core, so the contexts that run axe bypass CSP.
        # test_security.py checks in a CSP-enforcing context that the app's own scripts are allowed.
        context = browser.new_context(base_url=server.base_url, bypass_csp=bypass_csp, locale="en-GB")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that also fails the test on any uncaught JavaScript error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    yield page
    assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)


@pytest.fixture
def new_signed_in_page(new_context):
    """A page in its own context, signed in by password as `email` (several people can be signed in at once)."""

    def make(email: str) -> Page:
        page = new_context().new_page()
        sign_in(page, email, PASSWORD)
        return page

    return make


@pytest.fixture(scope="session")
def person_urls(browser: Browser, server: ServerLog) -> dict[str, str]:
    """The register URLs of a few demo people, found as lead@ through the register's search."""
    context = browser.new_context(base_url=server.base_url, bypass_csp=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, "lead@demo.withus.local", PASSWORD)
        return {name: person_url_by_search(page, name) for name in ("Amara Bello", "Ben Hughes")}
    finally:
        context.close()
