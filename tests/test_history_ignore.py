"""A commit that only rewrote the layout (`catalog fmt`) verifies nothing; one listed in .git-blame-ignore-revs neither."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from servicecatalog.model.history import last_changes
from servicecatalog.opendata.feed import changes


def _commit(repo: Path, message: str, day: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, env=env)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def test_a_layout_only_commit_neither_dates_a_service_nor_appears_in_the_feed(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    service = tmp_path / "catalog" / "services" / "town" / "residence.yaml"
    service.parent.mkdir(parents=True)
    service.write_text("id: residence\ncode: \"TOWN-002\"\n", encoding="utf-8")
    _commit(tmp_path, "residence", "2026-01-10")
    service.write_text("# layout\ncode: TOWN-002\nid: 'residence'\n", encoding="utf-8")
    _commit(tmp_path, "catalog fmt", "2026-03-01")
    assert last_changes(tmp_path)["catalog/services/town/residence.yaml"] == dt.date(2026, 1, 10)
    assert [c.subject for c in changes(tmp_path)] == ["residence"]


def test_a_commit_listed_in_the_ignore_file_verifies_nothing(tmp_path: Path) -> None:
    """For a mass rewrite the maintainers decide changed no fact, although its data differs."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    service = tmp_path / "catalog" / "services" / "town" / "residence.yaml"
    service.parent.mkdir(parents=True)
    service.write_text("id: residence\ncode: TOWN-002\n", encoding="utf-8")
    _commit(tmp_path, "residence", "2026-01-10")
    service.write_text("id: residence\ncode: TOWN-0002\n", encoding="utf-8")
    rewrite = _commit(tmp_path, "renumber every code", "2026-03-01")
    assert last_changes(tmp_path)["catalog/services/town/residence.yaml"] == dt.date(2026, 3, 1)
    (tmp_path / ".git-blame-ignore-revs").write_text(f"# codes renumbered\n{rewrite}\n", encoding="utf-8")
    assert last_changes(tmp_path)["catalog/services/town/residence.yaml"] == dt.date(2026, 1, 10)
    assert [c.subject for c in changes(tmp_path)] == ["residence"]
