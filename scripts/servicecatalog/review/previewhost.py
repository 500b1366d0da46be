"""The preview host: a git repository (another repository's GitHub Pages) holding one folder per pull request.

Previews are never published on the official site's host: a page there that a
verifier has not approved is a phishing page with the state's name on it. They
go to a second repository, configured by the operator, one folder ``pr-<N>/``
per open pull request. Each update is pushed as a single new commit with no
parent (``--force-with-lease`` on the commit it replaces), so the repository
holds only the previews of today, not the history of every build; two
publications that race retry on the newest state.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

# GitHub's published SSH host key: a deploy key is only ever offered to the real github.com.
GITHUB_HOST_KEY = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
FOLDER = re.compile(r"^pr-([1-9][0-9]{0,8})$")
ATTEMPTS = 3
ROOT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow">
<title>Previews of unapproved changes</title></head>
<body><p>Previews of pull requests to a public service catalogue: unapproved changes, not the official catalogue.</p></body></html>
"""


class HostError(Exception):
    """The preview host could not be read or updated; the message says why."""


def remote_of(repository: str) -> str:
    """``owner/name`` as GitHub's SSH address; anything else (a URL, a local path in tests) as it is."""
    return f"git@github.com:{repository}.git" if re.fullmatch(r"[\w.-]+/[\w.-]+", repository) and not Path(repository).exists() else repository


def _git(args: list[str], cwd: Path | None, env: dict[str, str]) -> str:
    done = subprocess.run(["git", "-c", "user.name=catalog preview", "-c", "user.email=catalog-preview@users.noreply.github.com", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise HostError(f"git {args[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def update(repository: str, branch: str, change: Callable[[Path], str | None], *, key: str | None = None) -> str | None:
    """Clone the host's ``branch``, let ``change`` edit the files, push the result as one parentless commit.

    ``change`` returns the commit message, or None when there is nothing to change (nothing is
    pushed). ``key`` is an SSH private key (a deploy key with write access to that repository
    only). Returns the message of what was pushed.
    """
    with tempfile.TemporaryDirectory(prefix="catalog-preview-") as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1"}
        if key:
            key_file, hosts = Path(scratch) / "key", Path(scratch) / "known_hosts"
            key_file.write_text(key.strip() + "\n", encoding="utf-8")
            key_file.chmod(0o600)
            hosts.write_text(GITHUB_HOST_KEY, encoding="utf-8")
            env["GIT_SSH_COMMAND"] = f"ssh -i {key_file} -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={hosts}"
        remote = remote_of(repository)
        for attempt in range(ATTEMPTS):
            work = Path(scratch) / f"work{attempt}"
            _git(["init", "-q", "-b", branch, str(work)], None, env)
            _git(["remote", "add", "origin", remote], work, env)
            old = ""
            heads = _git(["ls-remote", "--heads", "origin", branch], work, env)
            if heads.strip():
                _git(["fetch", "-q", "--depth", "1", "origin", f"refs/heads/{branch}"], work, env)
                _git(["checkout", "-q", "FETCH_HEAD", "--", "."], work, env)
                old = heads.split()[0]
            message = change(work)
            if message is None:
                return None
            (work / ".nojekyll").touch()  # serve folders as they are
            if not (work / "index.html").exists():
                (work / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
            _git(["add", "-A"], work, env)
            _git(["commit", "-q", "--allow-empty", "-m", message], work, env)
            try:
                _git(["push", "-q", f"--force-with-lease=refs/heads/{branch}:{old}", "origin", f"HEAD:refs/heads/{branch}"], work, env)
                return message
            except HostError:
                if attempt == ATTEMPTS - 1:
                    raise
    return None  # pragma: no cover - the loop returns or raises


def put(folder: Path, number: int) -> Callable[[Path], str | None]:
    """A change that makes ``pr-<number>/`` of the host a copy of ``folder``."""
    def change(work: Path) -> str:
        target = work / f"pr-{number}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, symlinks=False)
        return f"Preview of pull request #{number}"
    return change


def keep_only(open_numbers: set[int]) -> Callable[[Path], str | None]:
    """A change that removes the ``pr-<N>/`` folders of pull requests not in ``open_numbers``."""
    def change(work: Path) -> str | None:
        gone = sorted(int(m.group(1)) for p in work.iterdir() if p.is_dir() and (m := FOLDER.match(p.name)) and int(m.group(1)) not in open_numbers)
        for number in gone:
            shutil.rmtree(work / f"pr-{number}")
        return f"Remove the previews of closed pull requests: {', '.join(f'#{n}' for n in gone)}" if gone else None
    return change

