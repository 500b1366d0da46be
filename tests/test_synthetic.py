"""The synthetic catalogue generator behind ``catalog bench``: valid, complete, deterministic."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from servicecatalog import cli
from servicecatalog.bench import bench
from servicecatalog.bench.memory import TreeMemory
from servicecatalog.bench.synthetic import write_synthetic_project
from servicecatalog.model.validate import validate_catalog


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "catalog").rglob("*")) if p.is_file()}


def _services(root: Path) -> list[Path]:
    return sorted((root / "catalog" / "services").glob("*/*.yaml"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_project(tmp_path_factory.mktemp("synthetic") / "project", 40, seed=7)


def test_validates_without_errors_or_translation_warnings(project: Path) -> None:
    result = validate_catalog(project)
    assert result.errors == []
    assert [p for p in result.warnings if p.rule == "translation-missing"] == []
    assert result.catalog is not None and len(result.catalog.services) == 40


def test_uses_every_kind_of_content(project: Path) -> None:
    catalog = validate_catalog(project).catalog
    assert catalog is not None
    services = list(catalog.services.values())
    assert any(s.template is not None for s in services), "some services use a shared template"
    assert any(c["type"] == "online" for s in services for c in s.data["channels"])
    assert any(d["obtained_by_administration"] for s in services for d in s.data["documents"])
    assert all(len(s.data["steps"]) >= 3 and set(s.data["name"]) == {"mk", "sq", "en"} for s in services)
    mk_names = " ".join(s.data["name"]["mk"] for s in services)
    sq_names = " ".join(s.data["name"]["sq"] for s in services)
    assert any("\u0400" <= c <= "\u04ff" for c in mk_names), "Macedonian is written in Cyrillic"
    assert "ë" in sq_names or "ç" in sq_names
    assert len(catalog.institutions) == 8 and all(1 <= len(i["offices"]) <= 3 for i in catalog.institutions.values())


def test_same_seed_same_files_other_seed_other_files(project: Path, tmp_path: Path) -> None:
    again = write_synthetic_project(tmp_path / "again", 40, seed=7)
    other = write_synthetic_project(tmp_path / "other", 40, seed=8)
    assert _files(again) == _files(project)
    assert _files(other) != _files(project)


@pytest.mark.parametrize("size", [1, 9, 300])
def test_writes_exactly_the_number_of_services_asked_for(tmp_path: Path, size: int) -> None:
    root = write_synthetic_project(tmp_path / "p", size)
    assert len(_services(root)) == size


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_synthetic_project(tmp_path / "p", 5)


def test_site_figures_reads_each_language_index(tmp_path: Path) -> None:
    for folder in ("", "sq", "en"):
        index = tmp_path / folder / "search" / "search_index.json"
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text('{"docs": []}' * 100, encoding="utf-8")
    figures = bench.site_figures(tmp_path)
    assert figures["site_files"] == 3
    assert set(figures["search_index"]) == {"mk", "sq", "en"}
    assert all(0 < v["gzip"] < v["raw"] == 1200 for v in figures["search_index"].values())


def test_table_lists_every_size() -> None:
    phase = {"seconds": 1.0, "cpu_seconds": 0.9, "peak_mb": 50.0}
    results = [{"services": n, "data_seconds": 0.1, "validate": phase, "generate": phase} for n in (10, 2000)]
    table = bench.format_table(results)
    assert len(table.splitlines()) == 4 and "2,000" in table


def test_bench_without_build_runs_the_phases(tmp_path: Path) -> None:
    out = io.StringIO()
    [entry] = bench.run_benchmark([12], tmp_path, build=False, out=out)
    assert entry["validate"]["warnings"] == 0 and entry["generate"]["pages"] > 12 * 3
    assert "build" not in entry and "offline" not in entry
    assert (tmp_path / "bench.json").is_file() and "12 services" in out.getvalue()


@pytest.mark.slow
def test_catalog_bench_measures_the_site_and_the_offline_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bench", "--sizes", "4", "--workdir", str(tmp_path)]) == 0
    [entry] = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["results"]
    assert entry["site"]["html_files"] > 4 * 3 and set(entry["site"]["search_index"]) == {"mk", "sq", "en"}
    archive = tmp_path / "n4" / "site-offline.zip"
    assert entry["offline"]["zip_bytes"] == archive.stat().st_size > 0
    printed = capsys.readouterr().out
    assert "offline zip:" in printed
    # catalog serve on the same catalogue: a saved fee and a new name reach the page and its institution's list.
    preview = entry["preview"]
    assert len(preview["fee"]) == len(preview["name_page"]) == len(preview["name_list"]) > 0
    assert 0 < preview["fee_median"] < 300 and "a saved fee shows on its page in" in printed


def test_memory_adds_up_every_process_of_a_phase() -> None:
    """A parallel build's memory is its processes' together, not the largest one's."""
    script = (
        "import os, time\n"
        "held = bytearray(40 * 2**20)\n"  # the parent's 40 MiB, touched
        "if os.fork() == 0:\n"
        "    own = bytearray(60 * 2**20); time.sleep(1.5); os._exit(0)\n"  # the child's own 60 MiB
        "os.wait()\n"
    )
    with subprocess.Popen([sys.executable, "-c", script]) as proc:
        memory = TreeMemory(proc.pid, interval=0.05)
        memory.start()
        proc.wait()
        memory.stop()
    assert memory.most_processes == 2
    assert memory.peak_rss_mb > 40 + 60 + 40  # the child's RSS counts the parent's pages it still shares
    assert 40 + 60 < memory.peak_pss_mb < memory.peak_rss_mb  # shared pages counted once
