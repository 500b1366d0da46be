"""The files in ``.github/``: linted offline, least privilege, pinned actions, project commands only.

zizmor (security audit) and check-jsonschema (structure, against GitHub's
schemas vendored in the package) run offline. When either is not installed the
test is skipped with the reason, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from servicecatalog.model.loader import read_document

PROJECT = Path(__file__).resolve().parents[1]
GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
GUIDE = PROJECT / "guides" / "review-and-publishing.md"

# What a workflow step may run: the Makefile's targets and the project's own command.
PROJECT_COMMAND = re.compile(r"^(make [a-z-]+|\.venv/bin/catalog [^\n;&|`]+)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _tool(name: str) -> str:
    """The tool installed beside this Python (the test extras), else on PATH; skip or fail when missing."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        message = f"{name} is not installed (pip install -e '.[test]' installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _run(*argv: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    done = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"


def _load(path: Path) -> Any:
    """A workflow as data; the project's loader keeps the key ``on`` as text, unlike PyYAML."""
    return read_document(path, path.relative_to(PROJECT).as_posix()).data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows_and_issue_forms() -> None:
    assert [p.name for p in WORKFLOWS] == ["preview.yml", "publish.yml", "pull-request-closed.yml", "pull-request.yml", "reminders.yml"]
    assert len(ISSUE_FORMS) == 5


def test_zizmor_finds_nothing() -> None:
    # --offline: never reach GitHub; --strict-collection: a workflow that does not parse is an error, not skipped.
    _run(_tool("zizmor"), "--offline", "--strict-collection", "--persona=pedantic", ".github/workflows/")


def test_workflows_follow_github_schema_and_have_timeouts() -> None:
    files = [str(p) for p in WORKFLOWS]
    _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files)
    _run(_tool("check-jsonschema"), "--builtin-schema", "custom.github-workflows-require-timeout", *files)


def test_issue_forms_follow_github_schema() -> None:
    _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *(str(p) for p in ISSUE_FORMS))
    _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-config", str(ISSUE_CONFIG))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = _load(path)
    assert "pull_request_target" not in workflow["on"], "pull_request_target runs untrusted code with secrets"
    assert workflow["permissions"] == {}, "no permissions at the top; each job asks for its own"
    assert workflow.get("concurrency", {}).get("group")
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} names its permissions"
        assert job.get("timeout-minutes"), f"job {name} has a timeout"
        assert "write-all" not in str(job["permissions"]) and "contents: write" not in str(job["permissions"])
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith(("uses:", "- uses:"))]
    assert lines or path.name == "pull-request-closed.yml", "only the closed-pull-request trigger uses no action"
    for line in lines:
        assert PINNED.match(line.split("uses:", 1)[1].strip()), f"{path.name}: {line!r} is not `owner/action@<40-hex sha> # vX.Y.Z`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_steps_only_call_project_commands(path: Path) -> None:
    for step in _steps(_load(path)):
        if "run" in step:
            assert PROJECT_COMMAND.match(step["run"].strip()), f"{path.name}: {step['run']!r}: put the logic in the project, call it from here"


def test_pull_request_gate_runs_every_check() -> None:
    runs = [step["run"] for step in _steps(_load(GITHUB / "workflows" / "pull-request.yml")) if "run" in step]
    assert ".venv/bin/catalog validate --pr --format github" in runs, "placeholders and separator-looking fees must block the merge"
    assert ".venv/bin/catalog codeowners --check" in runs
    assert ".venv/bin/catalog build" in runs
    assert "make test" in runs
    assert any(run.startswith(".venv/bin/catalog diff ") and "$GITHUB_STEP_SUMMARY" in run for run in runs)


def test_publish_builds_with_whole_history_and_the_offline_copy_in_the_site() -> None:
    steps = _steps(_load(GITHUB / "workflows" / "publish.yml"))
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "a shallow clone gives every page the deploy commit's date"
    single = _load(GITHUB / "workflows" / "publish.yml")["jobs"]["build"]["steps"]
    builds = [step for step in single if step.get("run", "").strip().startswith(".venv/bin/catalog build")]
    assert [step["run"].strip() for step in builds] == [".venv/bin/catalog build --with-offline-copy"], "the zip goes into site/, linked from Open data"
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads and all(step["with"]["path"] == "site/" for step in uploads)
    pages = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["name"] for step in pages] == ["part-${{ matrix.language }}"], "only the parts of a split build; the download is public, in the site"


def test_publish_can_split_the_build_by_language_when_the_setting_says_so() -> None:
    """Off by default (the repository variable); the parts are built and merged by the project's own commands."""
    workflow = _load(GITHUB / "workflows" / "publish.yml")
    jobs = workflow["jobs"]
    assert jobs["build"]["if"] == "vars.CATALOG_BUILD_MATRIX != 'true'"
    assert jobs["languages"]["if"] == "vars.CATALOG_BUILD_MATRIX == 'true'"
    runs = {name: [step["run"] for step in job["steps"] if "run" in step] for name, job in jobs.items() if "steps" in job}
    assert '.venv/bin/catalog build --list-languages >> "$GITHUB_OUTPUT"' in runs["languages"]
    assert '.venv/bin/catalog build --language "$LANGUAGE" --site-dir part' in runs["part"]
    assert jobs["part"]["strategy"]["matrix"]["language"] == "${{ fromJSON(needs.languages.outputs.languages) }}"
    assert ".venv/bin/catalog build --with-offline-copy --merge parts/*" in runs["merge"]
    assert set(jobs["deploy"]["needs"]) == {"build", "merge"}


def test_guide_names_the_required_check() -> None:
    job = _load(GITHUB / "workflows" / "pull-request.yml")["jobs"]["check"]["name"]
    assert f"`{job}`" in GUIDE.read_text(encoding="utf-8"), "branch protection requires this check by its job name"


def test_issue_links_match_the_catalogue_settings() -> None:
    settings = _load(PROJECT / "catalog" / "catalog.yaml")
    config = _load(ISSUE_CONFIG)
    for link in config["contact_links"]:
        assert link["url"] == settings["site_url"]
        assert settings["contact_email"] in link["about"]
    for form in ISSUE_FORMS:
        for address in re.findall(r"https?://\S+", form.read_text(encoding="utf-8")):
            assert address.startswith(settings["site_url"]), f"{form.name}: {address} is not on the site"


def test_reminders_run_weekly_with_whole_history_and_only_issue_rights() -> None:
    workflow = _load(GITHUB / "workflows" / "reminders.yml")
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["17 6 * * 1"]
    job = workflow["jobs"]["remind"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    steps = job["steps"]
    assert next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))["with"]["fetch-depth"] == 0
    assert steps[-1]["run"] == ".venv/bin/catalog reminders --apply"


def test_the_pull_request_check_builds_the_preview_without_secrets_or_write_rights() -> None:
    """The check runs the pull request's code: it only builds the marked preview and uploads it as data."""
    for name in ("pull-request.yml", "pull-request-closed.yml"):
        text = (GITHUB / "workflows" / name).read_text(encoding="utf-8")
        assert "secrets." not in text and ": write" not in text, name
    steps = _load(GITHUB / "workflows" / "pull-request.yml")["jobs"]["check"]["steps"]
    assert '.venv/bin/catalog build --preview-of "$NUMBER" --site-dir preview/' in [s.get("run") for s in steps]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site-preview" and upload["with"]["path"] == "preview/"
    closed = _load(GITHUB / "workflows" / "pull-request-closed.yml")
    assert closed["on"]["pull_request"]["types"] == ["closed"]
    assert closed["jobs"]["closed"]["permissions"] == {}


def test_the_preview_is_published_by_trusted_code_only_when_configured() -> None:
    """workflow_run runs the default branch's workflow: it never checks out the pull request, and is off until configured."""
    workflow = _load(GITHUB / "workflows" / "preview.yml")
    assert workflow["on"]["workflow_run"] == {"workflows": ["Pull request", "Pull request closed"], "types": ["completed"]}
    jobs = workflow["jobs"]
    for job in jobs.values():
        assert "vars.CATALOG_PREVIEW_REPOSITORY != ''" in job["if"], "off unless the operator names a preview host"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert "ref" not in step["with"] and "repository" not in step["with"], "the default branch, never the pull request's code"
            assert "artifact/" not in step.get("run", "").split(" ")[0], "the artifact is data, never run"
    assert jobs["publish"]["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    assert jobs["prune"]["permissions"] == {"contents": "read", "pull-requests": "read"}
    runs = [step["run"] for job in jobs.values() for step in job["steps"] if "run" in step]
    assert '.venv/bin/catalog preview prepare artifact/ --out preview/ --url "$PREVIEW_URL" --head-sha "$HEAD_SHA" >> "$GITHUB_OUTPUT"' in runs
    assert '.venv/bin/catalog preview publish preview/ --number "$NUMBER" --repository "$PREVIEW_REPOSITORY"' in runs
    assert '.venv/bin/catalog preview comment --number "$NUMBER" --head "$HEAD_SHA" --url "$PREVIEW_URL" --apply' in runs
    assert '.venv/bin/catalog preview prune --repository "$PREVIEW_REPOSITORY"' in runs
    keyed = [step for job in jobs.values() for step in job["steps"] if "secrets." in str(step)]
    assert [step["run"].split()[2] for step in keyed] == ["publish", "prune"], "the host's key reaches only the steps that push"
