"""README.md documents every environment variable Qiao reads, and no other."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"""["'](QIAO_[A-Z0-9_]+)["']""")
DOCUMENTED = re.compile(r"^\|\s*`(QIAO_[A-Z0-9_]+)`", re.MULTILINE)
# Set by `qiao loadtest` for its own locust process, not by people.
INTERNAL = re.compile(r"^QIAO_LT_")


def variables_read() -> set[str]:
    """Quoted QIAO_* names in settings.py and in every module that reads the environment."""
    names: set[str] = set()
    for path in (ROOT / "qiao").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "settings.py" or "environ" in text:
            names |= {name for name in NAME.findall(text) if not INTERNAL.match(name)}
    return names


def test_every_environment_variable_is_documented_in_the_readme():
    read = variables_read()
    assert {"QIAO_DATA_DIR", "QIAO_DEBUG", "QIAO_DATABASE_URL"} <= read
    documented = set(DOCUMENTED.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert sorted(read - documented) == [], "add these to README.md's configuration tables"
    test_only = {"QIAO_TEST_POSTGRES_URL", "QIAO_TEST_EXPECT_POSTGRES", "QIAO_TEST_CHROMIUM"}
    assert sorted(documented - read - test_only) == [], "README.md documents variables Qiao no longer reads"
