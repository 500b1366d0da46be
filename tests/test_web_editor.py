"""The web editor at /admin/, driven in headless Chromium against a real decap-server in git mode.

decap-server (npm, pinned in package-lock.json, installed by `make admin-deps`) serves a throw-away
git clone of the project; the admin page and its configuration are served on 127.0.0.1 as the
build installs them; the interface is in Macedonian. Each save must become a `cms/...` branch
holding exactly what `catalog fmt` would write, and publishing must merge it into main.
Screenshots for the guides are written to guides/images/ with UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser_fixtures import _need_browser
from servicecatalog.editors import fmt
from servicecatalog.editors.admin_page import DECAP_DIR, install_admin
from servicecatalog.editors.cmsconfig import LOCAL_BACKEND
from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT

pytestmark = pytest.mark.browser
SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"
SHOTS = PROJECT / "guides" / "images"
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(admin page URL, git repository behind it)."""
    _need_browser()
    if not SERVER.is_file() or not (PROJECT / DECAP_DIR / "decap-cms.js").is_file():
        message = "the web editor's npm packages are not installed (make admin-deps)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("cms")
    repo = base / "repo"
    repo.mkdir()
    for folder in ("catalog", "schema", "admin"):
        shutil.copytree(PROJECT / folder, repo / folder)
    fmt.run(repo, [], check=False, out=io.StringIO())  # the layout the form writes, as on main after `catalog fmt`
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "catalogue")
    port = _free_port()
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "LOG_LEVEL": "error"}
    server = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config = (repo / "admin" / "config.yml").read_text(encoding="utf-8").replace(LOCAL_BACKEND, f"http://127.0.0.1:{port}/api/v1")
    site = base / "site"
    assert install_admin(PROJECT, site, config_text=config) is not None
    http = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=http.serve_forever, daemon=True).start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield f"http://127.0.0.1:{http.server_address[1]}/admin/", repo
    http.shutdown()
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture()
def admin(browser: object, editor: tuple[str, Path]) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="mk-MK")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(editor[0])
    page.get_by_role("button", name="Најава").click()
    page.get_by_text("Колекции").wait_for()
    yield page
    context.close()


def _container(scope: object, name: str) -> object:
    """The field ``name`` nearest the top of ``scope`` (a top-level field, or one of a list item)."""
    box = f'xpath=.//label[starts-with(@for, "{name}-field-")]/ancestor::div[contains(@class, "ControlContainer")][1]'
    depth = 'count(ancestor::div[contains(@class, "ControlContainer")])'
    found = scope.locator(box)  # type: ignore[attr-defined]
    found.first.wait_for()
    levels = found.evaluate_all(f"els => els.map(e => document.evaluate('{depth}', e, null, XPathResult.NUMBER_TYPE, null).numberValue)")
    return found.nth(levels.index(min(levels)))


def _field(scope: object, name: str) -> object:
    """The input of the field ``name`` under ``scope``."""
    return _container(scope, name).locator(f'xpath=.//*[starts-with(@id, "{name}-field-")]').first


def _text(scope: object, field: str, value: str, language: str = "mk") -> None:
    _field(_container(scope, field), language).fill(value)



def _choose(scope: object, field: str, option: str) -> None:
    box = _container(scope, field)
    box.locator("input").first.fill(option)
    box.locator("input").first.press("Enter")


def _add(page: object, field: str) -> object:
    box = _container(page, field)
    box.get_by_role("button", name="Додај").first.click()
    return box


def _branches(repo: Path) -> list[str]:
    return [b.strip() for b in _git(repo, "branch", "--format=%(refname:short)").splitlines() if b.strip().startswith("cms/")]


def _wait_branch(repo: Path, before: list[str], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [b for b in _branches(repo) if b not in before]
        # decap-server makes the branch, then commits on it: the save is done when the branch moved
        if new and _git(repo, "rev-parse", new[0]) != _git(repo, "rev-parse", "main"):
            return new[0]
        time.sleep(0.1)
    raise AssertionError("no cms/ branch appeared")


def _shot(page: object, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))  # type: ignore[attr-defined]


def test_a_new_service_is_refused_with_the_schemas_words_then_saved_as_one_canonical_file(admin, editor) -> None:
    page, repo = admin, editor[1]
    page.goto(editor[0] + "#/collections/services/new")
    _text(page, "name", "Дозвола за држење куче")
    _field(page, "code").fill("KAR-099")
    _text(page, "summary", "Дозвола за држење куче во станбена зграда.")
    _text(page, "description", "Барањето се поднесува во општината.\n\nДозволата важи една година.")
    _choose(page, "institution", "Општина Карпош")
    _choose(page, "categories", "Лични документи")
    _choose(page, "audiences", "Граѓани")
    _field(page, "in_person_visits").fill("1")
    steps = _add(page, "steps")
    _text(steps, "title", "Поднесете барање")
    documents = _add(page, "documents")
    _text(documents, "name", "Барање")
    fees = _add(page, "fees")
    _field(fees, "amount").fill("-5")
    _text(fees, "description", "Административна такса")
    channels = _add(page, "channels")
    _choose(channels, "type", "in-person")
    forms = _add(page, "forms")
    _text(forms, "name", "Образец за барање")
    _field(forms, "url").fill("karpos.gov.mk/obrazec")
    before = _branches(repo)
    page.get_by_role("button", name="Зачувај").click()
    errors = page.locator('[class*="ControlErrorsList"]')
    errors.first.wait_for()
    shown = " ".join(errors.all_text_contents())
    assert "Amount мора да биде најмалку 0." in shown, shown  # the schema's minimum, under the schema's title
    assert "A full web address starting with `https://` or `http://`." in shown  # the schema's description
    _shot(page, "web-editor-refused.png")
    assert _branches(repo) == before  # nothing was saved
    _field(fees, "amount").fill("300")
    _field(forms, "url").fill("")
    _field(forms, "url").fill("https://karpos.gov.mk/obrazec")
    _shot(page, "web-editor-new-service.png")
    started = time.monotonic()
    page.get_by_role("button", name="Зачувај").click()
    branch = _wait_branch(repo, before)
    print(f"save to branch: {time.monotonic() - started:.1f} s")
    changed = _git(repo, "diff", "--name-status", f"main...{branch}").split("\n")
    assert [line for line in changed if line] == ["A\tcatalog/services/opstina-karpos/dozvola-za-drzenje-kuce.yaml"]
    check = repo.parent / "check-new"
    _git(repo, "worktree", "add", "-q", "--detach", str(check), branch)  # decap-server may have the branch checked out
    result = validate_catalog(check)
    assert result.ok, [p.message for p in result.errors]
    assert fmt.run(check, [], check=True, out=io.StringIO()) == 0


def test_a_changed_fee_changes_only_its_lines_and_publishing_merges_it(admin, editor) -> None:
    page, repo = admin, editor[1]
    page.goto(editor[0] + "#/collections/services")
    page.get_by_text("Издавање пасош (mvr)").wait_for()  # every institution's services, in its folder
    _shot(page, "web-editor-services.png")
    page.goto(editor[0] + "#/collections/services/entries/mvr/passport")
    fees = _container(page, "fees")
    fees.get_by_role("button", name="Expand").first.click() if fees.get_by_role("button", name="Expand").count() else None
    amount = _field(fees, "amount").first
    amount.wait_for()
    assert amount.input_value() == "1500"
    amount.fill("1600")
    _shot(page, "web-editor-fee.png")
    before = _branches(repo)
    page.get_by_role("button", name="Зачувај").click()
    branch = _wait_branch(repo, before)
    diff = _git(repo, "diff", "-U0", f"main...{branch}")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-  - amount: 1500", "+  - amount: 1600"]
    summary = subprocess.run(
        [str(Path(os.environ.get("VIRTUAL_ENV", PROJECT / ".venv")) / "bin" / "catalog"), "diff", "main", branch, "--root", str(repo)],
        check=False, capture_output=True, text=True, cwd=repo,
    ).stdout
    assert "1500 MKD → 1600 MKD" in summary, summary
    page.get_by_text("Статус: Нацрт").click()
    page.get_by_text("Спремно", exact=True).last.click()
    page.get_by_text("Статус: Спремно").wait_for()
    _shot(page, "web-editor-ready.png")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_text("Објави", exact=True).first.click()
    page.get_by_text("Објави сега").click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "amount: 1600" not in _git(repo, "show", "main:catalog/services/mvr/passport.yaml"):
        time.sleep(0.2)
    assert "amount: 1600" in _git(repo, "show", "main:catalog/services/mvr/passport.yaml")
    check = repo.parent / "check-main"
    _git(repo, "worktree", "add", "-q", "--detach", str(check), "main")
    assert validate_catalog(check).ok
