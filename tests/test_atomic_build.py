"""A build is published whole or not at all, and two builds of one project take turns.

Drives ``catalog build`` as a user would (a separate process), interrupts it
halfway with Ctrl-C (SIGINT) or kills it outright, and runs two at once.
"""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from servicecatalog.mkdocs.build import build_site
from site_helpers import leftovers, make_project


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# ``catalog build`` whose merge of the languages pauses after each language: the small project builds
# in a second or two, and the test must interrupt it halfway even when the machine is busy.
_SLOW_MERGE = """
import sys, time
from servicecatalog.mkdocs import parallel
lay_over = parallel._lay_over
def slow(*args, **kwargs):
    lay_over(*args, **kwargs)
    time.sleep(3)
parallel._lay_over = slow
from servicecatalog.cli import main
sys.argv = ["catalog", "build", sys.argv[1]]
sys.exit(main())
"""


def _build_process(root: Path, slow: bool = False) -> subprocess.Popen[str]:
    command = ["-c", _SLOW_MERGE] if slow else ["-m", "servicecatalog", "build"]
    return subprocess.Popen([sys.executable, *command, str(root)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_until_writing(root: Path, process: subprocess.Popen[str]) -> None:
    """Until the new site is being written (pages in the staging folder), or fail."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        staging = list(root.glob(".site.tmp-*"))
        if any(sum(1 for _ in folder.rglob("*.html")) > 5 for folder in staging):
            return
        assert process.poll() is None, "the build ended before it could be interrupted:\n" + process.communicate()[0]
        time.sleep(0.02)
    pytest.fail("the build never started writing")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    # The next build must change every page, so that a half-written site would show.
    settings = root / "catalog" / "catalog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://", "https://new."), encoding="utf-8")
    return root


def test_ctrl_c_halfway_leaves_the_previous_site_and_says_so_in_one_line(project: Path) -> None:
    before = _files(project / "site")
    process = _build_process(project, slow=True)
    _wait_until_writing(project, process)
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=60)[0]
    assert process.returncode == 130, output
    assert "Traceback" not in output
    assert output.strip().splitlines()[-1] == "Build interrupted: site/ was left as it was before."
    assert _files(project / "site") == before
    assert not leftovers(project, ".site.*"), "the half-written copy is removed"


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(project: Path) -> None:
    before = _files(project / "site")
    process = _build_process(project, slow=True)
    _wait_until_writing(project, process)
    process.kill()
    process.communicate(timeout=60)
    assert _files(project / "site") == before
    out = io.StringIO()
    assert build_site(project, out=out), out.getvalue()
    assert not leftovers(project, ".site.*")
    assert "https://new." in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_failing_build_leaves_the_previous_site(project: Path) -> None:
    before = _files(project / "site")
    # A page with a broken link: the strict build aborts after the catalogue validated.
    (project / "docs" / "assets" / "notes.md").write_text("[gone](missing.md)\n", encoding="utf-8")
    out = io.StringIO()
    assert not build_site(project, out=out)
    assert "site/ was left as it was before." in out.getvalue()
    assert "Traceback" not in out.getvalue()
    assert _files(project / "site") == before
    assert not leftovers(project, ".site.*")


def test_two_builds_at_once_take_turns_without_a_traceback(project: Path) -> None:
    first, second = _build_process(project), _build_process(project)
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert not any("Traceback" in o for o in outputs), outputs
    assert any("waiting for it to finish" in o for o in outputs), outputs
    assert "https://new." in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert not leftovers(project, ".site.*")


_SLOW_DELETE = """
import shutil, sys, time
rmtree = shutil.rmtree
def slow(path, *args, **kwargs):
    if ".old-" in str(path):  # the replaced site
        time.sleep(8)
    rmtree(path, *args, **kwargs)
shutil.rmtree = slow
from servicecatalog.cli import main
sys.argv = ["catalog", "build", sys.argv[1]]
sys.exit(main())
"""


def test_the_replaced_site_is_deleted_after_the_build_has_ended(project: Path) -> None:
    """Deleting the previous site's files is not the reader's wait: the build ends, its output closes, and the old copy goes."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _SLOW_DELETE, str(project)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Site built in" in done.stdout
    assert time.monotonic() - started < 8 or list(project.glob(".site.old-*")), "the build waited for the deletion"
    assert "https://new." in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert not leftovers(project, ".site.*")


def test_a_process_with_threads_deletes_the_replaced_site_itself(tmp_path: Path) -> None:
    """``catalog serve`` has threads (its web server): it does not fork to delete, so nothing is left behind."""
    import threading

    from servicecatalog.mkdocs.publish import Staging

    target = tmp_path / "site"
    (target / "old").mkdir(parents=True)
    (target / "old" / "index.html").write_text("old", encoding="utf-8")
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        with Staging(target) as staging:
            (staging.path / "index.html").write_text("new", encoding="utf-8")
            staging.publish()
        assert not list(tmp_path.glob(".site.*")), "deleted before publish() returned"
    finally:
        stop.set()
        server.join()
    assert (target / "index.html").read_text(encoding="utf-8") == "new" and not (target / "old").exists()
