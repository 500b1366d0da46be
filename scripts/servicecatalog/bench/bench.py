"""``catalog bench``: how validation, page generation and the site build scale with the catalogue.

For each size N it writes a synthetic project (``synthetic``), then runs each
phase in a fresh Python process, so that the peak memory of one phase is not
hidden by another's, and every phase pays its own imports. Memory is the
largest sum over the phase's processes at once (``memory``: RSS added up, the
figure the targets are held to, and the proportional share, PSS):

* ``validate``: ``validate_catalog`` (load, schema, cross-file rules, model);
* ``generate``: ``pages.generate`` and ``write_pages`` into a scratch folder,
  after a validation that is not timed (it is in the peak memory);
* ``build``: ``build_site``, the whole of ``catalog build``;
* ``plain``: the same generated pages (``docs/`` as the build left it) through
  plain MkDocs + Material + static-i18n: the project's ``mkdocs.yml`` without
  the ``catalog`` plugin, so what the project adds shows as the difference;
* ``markdown``: the same pages through python-markdown (the site's extensions)
  and a one-template jinja2 layout in one process: the floor for any tool;
* ``offline``: ``catalog build --offline``, the copy for disks without a
  network, and the size of its zip;
* ``preview``: ``catalog serve`` (``preview``): its first build, then a saved
  service's new fee and new name, from the save to the page (and a list) showing it.

Then it measures ``site/`` and each language's search index, raw and gzipped.
Results go to the screen as they come, as a table at the end, and to
``<workdir>/bench.json``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from servicecatalog.bench.memory import TreeMemory

PHASES = ("validate", "generate", "build", "plain", "markdown", "offline")
PREVIEW_EDITS = 3  # services saved (twice each) in the preview phase
GZIP_LEVEL = 6  # what web servers typically use


# --- inside a phase process ----------------------------------------------------------------------

def _valid_catalog(root: Path) -> Any:
    from servicecatalog.model.validate import validate_catalog

    result = validate_catalog(root)
    if not result.ok:
        raise SystemExit(f"the synthetic catalogue is not valid: {len(result.errors)} errors")
    return result


def run_phase(phase: str, root: Path) -> dict[str, Any]:
    """Run one phase on the project ``root`` in this process; seconds and peak memory.

    ``seconds`` is wall time; ``cpu_seconds`` is this process's CPU time, the
    figure to compare when the machine is busy with other work.
    """
    figures: dict[str, Any] = {}
    if phase == "validate":
        started, cpu = time.perf_counter(), time.process_time()
        result = _valid_catalog(root)
        figures["files"] = result.files
        figures["warnings"] = len(result.warnings)
    elif phase == "generate":
        from servicecatalog.site.pages import generate, write_pages

        catalog = _valid_catalog(root).catalog
        scratch = root.parent / f"{root.name}-docs"
        shutil.rmtree(scratch, ignore_errors=True)
        started, cpu = time.perf_counter(), time.process_time()
        site = generate(catalog)
        figures["pages"] = write_pages(site, scratch, keep=lambda _p: False)
        shutil.rmtree(scratch, ignore_errors=True)
    elif phase == "build":
        from servicecatalog.mkdocs.build import build_site

        log = io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        if not build_site(root, root / "site", out=log):
            raise SystemExit(f"the build failed:\n{log.getvalue()}")
    elif phase == "plain":
        from servicecatalog.mkdocs.plain import plain_mkdocs_build

        started, cpu = time.perf_counter(), time.process_time()
        figures["pages"] = plain_mkdocs_build(root, root / "site-plain")
    elif phase == "markdown":
        from servicecatalog.bench.floor import markdown_and_jinja

        started, cpu = time.perf_counter(), time.process_time()
        figures["pages"] = markdown_and_jinja(root, root / "site-markdown")
    elif phase == "offline":
        from servicecatalog.mkdocs.build import OFFLINE_DIR, build_site

        log = io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        if not build_site(root, root / OFFLINE_DIR, offline=True, out=log):
            raise SystemExit(f"the offline build failed:\n{log.getvalue()}")
        figures["zip_bytes"] = (root / OFFLINE_DIR).with_suffix(".zip").stat().st_size
    else:
        raise ValueError(f"unknown phase {phase!r}; use one of {', '.join(PHASES)}")
    figures["seconds"] = round(time.perf_counter() - started, 3)
    figures["cpu_seconds"] = round(time.process_time() - cpu, 3)
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if children.ru_maxrss:  # the language processes of a parallel build: their largest, and their CPU time
        figures["peak_child_mb"] = round(children.ru_maxrss / 1024, 1)
        figures["cpu_seconds"] = round(figures["cpu_seconds"] + children.ru_utime + children.ru_stime, 3)
    return figures


# --- the driver ----------------------------------------------------------------------------------

def _in_subprocess(phase: str, root: Path) -> dict[str, Any]:
    """Run one phase in a fresh process; its figures, with the peak memory of all its processes together."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with subprocess.Popen([sys.executable, "-m", "servicecatalog.bench", "--phase", phase, "--root", str(root)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        memory = TreeMemory(proc.pid)
        memory.start()
        try:
            stdout, stderr = proc.communicate()
        finally:
            memory.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"the {phase} phase failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    if memory.most_processes:
        figures["peak_sum_rss_mb"] = round(memory.peak_rss_mb, 1)
        figures["peak_sum_pss_mb"] = round(memory.peak_pss_mb, 1)
        figures["processes"] = memory.most_processes
    return figures


def site_figures(site_dir: Path, languages: Sequence[str] | None = None) -> dict[str, Any]:
    """Size of the built site and of each language's search index (raw and gzipped bytes)."""
    from servicecatalog.bench.synthetic import (
        LANGUAGES,  # imported when used: `catalog validate` need not load the generator
    )

    languages = languages or LANGUAGES
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    indexes: dict[str, dict[str, int]] = {}
    for k, lang in enumerate(languages):
        index = site_dir / ("" if k == 0 else lang) / "search" / "search_index.json"
        if index.is_file():
            raw = index.read_bytes()
            indexes[lang] = {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0))}
    return {
        "site_mb": round(sum(p.stat().st_size for p in files) / 2**20, 1),
        "site_files": len(files),
        "html_files": sum(1 for p in files if p.suffix == ".html"),
        "search_index": indexes,
    }


def _project_dir(workdir: Path, size: int) -> Path:
    project = workdir / f"n{size}"
    if project.exists():
        settings = project / "catalog" / "catalog.yaml"
        if not (settings.is_file() and "synthetic/verifiers" in settings.read_text(encoding="utf-8")):
            raise FileExistsError(f"{project} exists and is not a synthetic project from an earlier run; remove it or choose another --workdir")
        shutil.rmtree(project)
    return project


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f}" if n < 100 * 1024 else f"{n / 1024:,.0f}"


def _secs(phase: dict[str, Any]) -> str:
    return f"{phase['seconds']:.1f}/{phase.get('cpu_seconds', phase['seconds']):.1f}"


def _mb(phase: dict[str, Any], pss: bool = False) -> str:
    """A phase's peak memory: all its processes together (RSS summed, and PSS) where measured."""
    rss = phase.get("peak_sum_rss_mb", phase["peak_mb"])
    return f"{rss:.0f}/{phase['peak_sum_pss_mb']:.0f}" if pss and "peak_sum_pss_mb" in phase else f"{rss:.0f}"


def _memory(figures: dict[str, Any]) -> str:
    if "peak_sum_rss_mb" not in figures:
        return f"{figures['peak_mb']:.0f} MB"
    return (f"{figures['peak_sum_rss_mb']:.0f} MB (RSS of its {figures['processes']} processes at once, added up; "
            f"proportional share {figures['peak_sum_pss_mb']:.0f} MB; largest one process {max(figures['peak_mb'], figures.get('peak_child_mb', 0)):.0f} MB)")


def format_table(results: list[dict[str, Any]]) -> str:
    """The results as a plain-text table, one row per size."""
    from servicecatalog.bench.synthetic import LANGUAGES

    head = ["services", "data s", "validate s wall/cpu", "MB", "generate s wall/cpu", "MB", "build s wall/cpu", "MB RSS/PSS",
            "plain MkDocs s wall/cpu", "MB", "markdown+jinja2 s wall/cpu", "MB", "build/plain", "build/markdown", "site MB", "files",
            "offline s wall/cpu", "zip MB", "preview: fee s", "name s", "its list s"]
    head += [f"index {lang} KiB raw/gz" for lang in LANGUAGES]
    rows = []
    for r in results:
        b = r.get("build") or {}
        row = [f"{r['services']:,}", f"{r['data_seconds']:.1f}", _secs(r["validate"]), _mb(r["validate"]),
               _secs(r["generate"]), _mb(r["generate"])]
        for phase in (b, r.get("plain") or {}, r.get("markdown") or {}):
            row += [_secs(phase), _mb(phase, pss=phase is b)] if phase else ["-", "-"]
        row += [r["ratios"]["build/plain"], r["ratios"]["build/markdown"]] if r.get("ratios") else ["-", "-"]
        site = r.get("site") or {}
        row += [f"{site['site_mb']:.1f}", f"{site['site_files']:,}"] if site else ["-", "-"]
        offline = r.get("offline") or {}
        row += [_secs(offline), f"{offline['zip_bytes'] / 2**20:.1f}"] if offline else ["-", "-"]
        preview = r.get("preview") or {}
        row += [f"{preview[k]:.2f}" if preview.get(k) is not None else "-" for k in ("fee_median", "name_page_median", "name_list_median")]
        for lang in LANGUAGES:
            index = site.get("search_index", {}).get(lang)
            row.append(f"{_kb(index['raw'])}/{_kb(index['gzip'])}" if index else "-")
        rows.append(row)
    widths = [max(len(h), *(len(row[k]) for row in rows)) if rows else len(h) for k, h in enumerate(head)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])


def _ratios(entry: dict[str, Any]) -> dict[str, str]:
    """``catalog build`` over plain MkDocs and over markdown + jinja2, wall time (CPU time)."""
    ratios = {}
    for other in ("plain", "markdown"):
        a, b = entry["build"], entry[other]
        ratios[f"build/{other}"] = f"{a['seconds'] / b['seconds']:.2f} ({a['cpu_seconds'] / max(b['cpu_seconds'], 0.001):.2f})"
    return ratios


def run_benchmark(sizes: list[int], workdir: Path, build: bool = True, out: TextIO | None = None, seed: int = 1,
                  offline: bool = True, preview: bool = True) -> list[dict[str, Any]]:
    """Benchmark each catalogue size in ``sizes``; prints progress and a table, writes ``workdir/bench.json``."""
    out = out or sys.stdout  # looked up now, not at import, so redirected output is honoured
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    for size in sizes:
        project = _project_dir(workdir, size)
        from servicecatalog.bench.synthetic import write_synthetic_project

        print(f"[{size:,} services] writing the synthetic project ...", file=out, flush=True)
        started = time.perf_counter()
        write_synthetic_project(project, size, seed=seed)
        entry: dict[str, Any] = {"services": size, "project": str(project), "data_seconds": round(time.perf_counter() - started, 3), "load_average": os.getloadavg()[0]}
        print(f"[{size:,} services]   written in {entry['data_seconds']:.1f} s", file=out, flush=True)
        for phase in (p for p in (PHASES if build else PHASES[:2]) if offline or p != "offline"):
            print(f"[{size:,} services] {phase} ...", file=out, flush=True)
            entry[phase] = _in_subprocess(phase, project)
            figures = entry[phase]
            print(f"[{size:,} services]   {phase}: {figures['seconds']:.1f} s ({figures['cpu_seconds']:.1f} s CPU), peak {_memory(figures)}", file=out, flush=True)
            if "zip_bytes" in figures:
                print(f"[{size:,} services]   offline zip: {figures['zip_bytes'] / 2**20:.1f} MB", file=out, flush=True)
        if build and preview:
            print(f"[{size:,} services] preview (catalog serve, saves of {PREVIEW_EDITS} services) ...", file=out, flush=True)
            from servicecatalog.bench.preview import measure_preview

            try:
                entry["preview"] = measure_preview(project, PREVIEW_EDITS, seed)
            except RuntimeError as exc:
                raise RuntimeError(f"the preview phase failed: {exc}") from exc
            p = entry["preview"]
            print(f"[{size:,} services]   preview: first build {p['start_seconds']:.1f} s; a saved fee shows on its page in "
                  f"{p['fee_median']:.2f} s, a new name on its page in {p['name_page_median']:.2f} s and on its institution's "
                  f"page in {p['name_list_median']:.2f} s (medians); peak {p['peak_mb'] or 0:.0f} MB", file=out, flush=True)
        if build:
            entry["ratios"] = _ratios(entry)
            print(f"[{size:,} services]   catalog build / plain MkDocs: {entry['ratios']['build/plain']}; "
                  f"/ markdown+jinja2: {entry['ratios']['build/markdown']} (wall, CPU in brackets)", file=out, flush=True)
            entry["site"] = site_figures(project / "site")
            print(f"[{size:,} services]   site: {entry['site']['site_mb']:.1f} MB in {entry['site']['site_files']:,} files", file=out, flush=True)
        results.append(entry)
        _write_json(workdir / "bench.json", results)
    print("\n" + format_table(results), file=out, flush=True)
    print(f"\nResults: {workdir / 'bench.json'}", file=out, flush=True)
    return results


def _write_json(path: Path, results: list[dict[str, Any]]) -> None:
    environment = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(), "load_average": os.getloadavg(), "gzip_level": GZIP_LEVEL}
    path.write_text(json.dumps({"environment": environment, "results": results}, indent=2) + "\n", encoding="utf-8")


# --- command line ---------------------------------------------------------------------------------

def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of services")
    return value


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", type=_positive, nargs="+", default=[1000], metavar="N", help="catalogue sizes in services (default: 1000)")
    parser.add_argument("--workdir", type=Path, required=True, help="folder for the synthetic projects and bench.json")
    parser.add_argument("--no-build", action="store_true", help="measure validation and page generation only, not the MkDocs build")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default: 1)")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy's build (a second full build)")
    parser.add_argument("--no-preview", action="store_true", help="skip catalog serve's measure (one more full build, then saves)")


def _cmd_bench(args: argparse.Namespace) -> int:
    try:
        run_benchmark(args.sizes, args.workdir, build=not args.no_build, seed=args.seed, offline=not args.no_offline,
                      preview=not args.no_preview)
    except (RuntimeError, FileExistsError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog bench`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "bench", help="measure validation, generation and build time on synthetic catalogues",
        description="Write synthetic catalogues of the given sizes and measure validation, page generation and the "
                    "site build (seconds and peak memory, each in its own process), the site's size and each "
                    "language's search index. Prints a table and writes bench.json into --workdir.",
    )
    _add_arguments(parser)
    parser.set_defaults(handler=_cmd_bench, root=None)  # `catalog` resolves a root for every command
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m servicecatalog.bench``: the benchmark, or one phase of it (``--phase``)."""
    parser = argparse.ArgumentParser(prog="python -m servicecatalog.bench", description="Benchmark the catalogue tools on synthetic data.")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    if "--phase" in (argv if argv is not None else sys.argv[1:]):
        args = parser.parse_args(argv)
        print(json.dumps(run_phase(args.phase, args.root)))
        return 0
    _add_arguments(parser)
    return _cmd_bench(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
