"""A service folder copied alone, with the kernel packages it names, installs and passes its own
tests with the steps of its README only (nothing from the repository's root is needed)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "notifications"
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache")


def run(command, cwd, timeout=600):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_a_service_folder_copied_alone_installs_and_passes_its_own_tests(tmp_path):
    for part in (f"services/{SERVICE}", "libs/contracts", "libs/runtime", "libs/testing"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=IGNORED)
    shutil.copy(ROOT / "constraints.txt", tmp_path)
    readme = (tmp_path / "services" / SERVICE / "README.md").read_text(encoding="utf-8")
    install = f'pip install -c constraints.txt -e libs/contracts -e libs/runtime -e libs/testing -e "services/{SERVICE}[test]" secantusdb'
    assert install in readme and f"python -m pytest services/{SERVICE}" in readme
    run([sys.executable, "-m", "venv", ".venv"], tmp_path)
    pip = [str(tmp_path / ".venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run(pip + ["--upgrade", "pip>=24"], tmp_path)
    run(pip + ["-c", "constraints.txt", "-e", "libs/contracts", "-e", "libs/runtime", "-e", "libs/testing",
               "-e", f"services/{SERVICE}[test]", "secantusdb"], tmp_path)
    output = run([str(tmp_path / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  f"services/{SERVICE}"], tmp_path)
    assert " passed" in output and "failed" not in output and "error" not in output
