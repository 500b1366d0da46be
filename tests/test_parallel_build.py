"""Languages built in parallel processes give the same site, byte for byte, as one process."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from servicecatalog.mkdocs.build import OFFLINE_DIR, Shard, build_site
from site_helpers import leftovers, make_project


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_one_process_builds_are_identical_online_and_offline(tmp_path: Path) -> None:
    results = []
    for jobs in (1, 3):
        root = make_project(tmp_path / f"jobs{jobs}")
        service = root / "catalog" / "services" / "town" / "residence.yaml"
        service.write_text(service.read_text(encoding="utf-8") + "former_ids: [address-registration]\n", encoding="utf-8")
        out = io.StringIO()
        assert build_site(root, offline_download=True, jobs=jobs, out=out), out.getvalue()
        results.append((_files(root / "site"), _files(root / OFFLINE_DIR), (root / f"{OFFLINE_DIR}.zip").read_bytes()))
    (one, one_offline, one_zip), (many, many_offline, many_zip) = results
    assert sorted(many) == sorted(one)
    assert [name for name in one if one[name] != many[name]] == []
    assert sorted(many_offline) == sorted(one_offline)
    assert [name for name in one_offline if one_offline[name] != many_offline[name]] == []
    assert many_zip == one_zip
    assert "sq/services/address-registration/index.html" in many, "redirects in every language"
    assert not leftovers(tmp_path / "jobs3", ".site*"), "no part left behind"


def test_a_build_split_into_language_parts_and_merged_is_the_single_build(tmp_path: Path) -> None:
    """What the publish workflow's matrix does: one process (one machine) per language, then a merge."""
    import subprocess
    import sys

    single = make_project(tmp_path / "single")
    assert build_site(single, jobs=1, out=io.StringIO())
    split = make_project(tmp_path / "split")
    parts = []
    for language in ("en", "mk", "sq"):  # any order: the merge knows each part's language
        part = tmp_path / "parts" / language
        done = subprocess.run([sys.executable, "-m", "servicecatalog", "build", str(split), "--language", language, "--site-dir", str(part)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        parts.append(str(part))
    done = subprocess.run([sys.executable, "-m", "servicecatalog", "build", str(split), "--merge", *parts], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    one, merged = _files(single / "site"), _files(split / "site")
    assert sorted(merged) == sorted(one)
    assert [name for name in one if one[name] != merged[name]] == []


def test_a_merge_without_every_language_says_which_is_missing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert build_site(root, site_dir=tmp_path / "mk", shard=Shard(language="mk"), out=io.StringIO())
    out = io.StringIO()
    assert not build_site(root, shard=Shard(parts=(tmp_path / "mk",)), out=out)
    assert "no part for sq, en" in out.getvalue()
    assert not (root / "site").exists()


def test_a_parallel_build_removes_the_pages_of_a_service_that_is_gone(tmp_path: Path) -> None:
    """Each language's pages are generated in a process of its own; the page of a deleted service still goes."""
    root = make_project(tmp_path / "project")
    stray = root / "docs" / "services" / "gone.sq.md"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("# Gone\n", encoding="utf-8")
    out = io.StringIO()
    assert build_site(root, jobs=2, out=out), out.getvalue()
    assert not stray.exists()
    assert not (root / "site" / "sq" / "services" / "gone").exists()
    assert (root / "docs" / "services" / "residence.sq.md").is_file()
    assert (root / "site" / "sq" / "services" / "residence" / "index.html").is_file()


def test_a_failed_generation_names_the_language(tmp_path: Path, monkeypatch: Any) -> None:
    from servicecatalog.mkdocs import plugin

    def broken(self: Any, config: Any, language: str) -> Any:
        raise ValueError(f"no words for {language}")

    monkeypatch.setattr(plugin.CatalogPlugin, "generate_language", broken)
    root = make_project(tmp_path / "project")
    out = io.StringIO()
    assert not build_site(root, jobs=2, out=out)
    assert "the generation of mk, sq, en failed" in out.getvalue()
    assert not (root / "site").exists()


def test_each_language_is_generated_once_in_a_parallel_build(tmp_path: Path, monkeypatch: Any) -> None:
    """The languages' build processes use the pages generated before them: generating every language again
    in each of them cost a third of a 5,000-service build's time and most of its memory."""
    from servicecatalog.mkdocs import plugin

    calls = tmp_path / "calls.txt"
    generate = plugin.generate

    def counted(catalog: Any, *args: Any, **kwargs: Any) -> Any:
        with calls.open("a", encoding="utf-8") as log:  # the processes are forked: they tell by file
            log.write(",".join(kwargs.get("languages") or catalog.languages) + "\n")
        return generate(catalog, *args, **kwargs)

    monkeypatch.setattr(plugin, "generate", counted)
    root = make_project(tmp_path / "project")
    out = io.StringIO()
    assert build_site(root, jobs=2, out=out), out.getvalue()
    assert sorted(calls.read_text(encoding="utf-8").split()) == ["en", "mk", "sq"]
    steps = [line for line in out.getvalue().splitlines() if line.endswith(" ...")]  # a long build says where it is
    assert steps == ["Generating the pages of mk, sq, en and the open data ...", "Building the pages of mk, sq, en (2 at a time) ...",
                     "Writing the search indexes, sitemaps and open data ..."]
