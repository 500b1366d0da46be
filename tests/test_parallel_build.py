"""Languages built in parallel processes give the same site, byte for byte, as one process."""

from __future__ import annotations

import io
from pathlib import Path

from servicecatalog.mkdocs.build import OFFLINE_DIR, build_site
from site_helpers import make_project


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
    assert not list((tmp_path / "jobs3").glob(".site*")), "no part left behind"
