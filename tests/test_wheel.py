"""kg as a user installs it: the wheel, installed into a fresh virtual
environment (not editable), run from a folder outside the checkout.

The wheel is built from a copy of the sources (no stale build/ folder can
leak into it) with `pip wheel`, and installed with its dependencies by pip,
from pip's cache where it holds them. Marked `wheel`: `-m "not wheel"`
leaves it out (it takes about a minute).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from rdflib.query import Result

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "kg", "ontology")
EXAMPLES = sorted(p.stem for p in (ROOT / "ontology" / "queries").glob("*.rq"))

pytestmark = pytest.mark.wheel


def run(cmd: list, cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", dist, src],
        cwd=src)
    found, = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """A fresh virtual environment with the wheel installed, and a folder with the seeds but no checkout."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    run([bin_dir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel],
        cwd=env_dir, env=env, timeout=600)
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    return {"bin": bin_dir, "env": env, "work": work}


def kg(installed: dict, *args: str) -> subprocess.CompletedProcess:
    return run([installed["bin"] / "kg", *args], cwd=installed["work"], env=installed["env"])


def test_every_package_of_the_sources_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    want = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    want |= {"kg/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "ontology").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert want - names == set()
    assert {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/ontology/queries/officials_posts.rq"} <= names
    assert not any(n.startswith(("tests/", "seeds/", "scripts/", "ontology/")) for n in names)


def test_the_wheel_carries_the_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names


def test_kg_runs_from_the_installed_wheel_not_the_checkout(installed):
    where = run([installed["bin"] / "python", "-c", "import kg, kg.ontology; print(kg.__file__); "
                 "print(kg.ontology.__file__)"], cwd=installed["work"], env=installed["env"]).stdout.split()
    assert all("site-packages" in w and str(ROOT) not in w for w in where), where


def test_build_validate_query_view_and_export_with_their_defaults(installed):
    work = installed["work"]
    built = kg(installed, "build")
    assert "reports read: 5" in built.stdout
    assert (work / "output" / "graph.trig").is_file()

    validated = kg(installed, "validate")
    assert "output/graph.trig: conforms to the shapes" in validated.stdout

    listed = kg(installed, "query", "--list").stdout
    assert [line.split(":")[0] for line in listed.splitlines()] == EXAMPLES

    table = kg(installed, "query", "officials_posts").stdout
    assert "翁旭东" in table and "人大常委会主任" in table
    answer = kg(installed, "query", "--data", "output", "--format", "json", "laws_inspected").stdout
    result = Result.parse(io.BytesIO(answer.encode("utf-8")), format="json")
    assert [str(v) for v in result.vars] == ["county", "law", "reports"] and len(result) > 0

    assert kg(installed, "view").stdout.strip() == "wrote output/graph.html"
    page = (work / "output" / "graph.html").read_text(encoding="utf-8")
    assert "翁旭东" in page and "<script src=" not in page

    exported = kg(installed, "export").stdout.split()
    assert [p for p in exported if p != "wrote"] == ["output/graph.nt", "output/graph.jsonld",
                                                     "output/graph.graphml"]
    assert json.loads((work / "output" / "graph.jsonld").read_text(encoding="utf-8"))["@graph"]
