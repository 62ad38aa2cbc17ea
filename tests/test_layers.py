"""The project's own lint (``tools/lint_layers.py``): the tree is clean, and the lint can fail."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from config.env import BASE_DIR
from tools.lint_layers import check


def test_the_project_follows_its_layers():
    assert [str(problem) for problem in check(BASE_DIR)] == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / "phaodai" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("_case", "files", "expected"),
    [
        (
            "an upward import",
            {"areas/services.py": "from phaodai.people.models import Person\n"},
            [
                "phaodai/areas/services.py:1: phaodai.people.models.Person: areas may not import the higher layer people"
            ],
        ),
        (
            "a service importing pages",
            {"people/services.py": "from phaodai.areas import views\n"},
            [
                "phaodai/people/services.py:1: phaodai.areas.views: only pages and endpoints import areas.views"
            ],
        ),
        (
            "a low app's views using the ui plumbing (allowed)",
            {"areas/views.py": "from phaodai.ui.scope import Scope\n"},
            [],
        ),
        (
            "the shell below an app",
            {"people/selectors.py": "def f():\n    from phaodai.web import views\n"},
            [
                "phaodai/people/selectors.py:2: phaodai.web.views: only pages and endpoints import web.views",
                "phaodai/people/selectors.py:2: phaodai.web.views: people may not import the higher layer web",
            ],
        ),
        (
            "two domain apps in a cycle",
            {
                "cases/services.py": "import phaodai.tracing.selectors\n",
                "tracing/selectors.py": "import phaodai.cases.models\n",
            },
            [
                "phaodai/cases/services.py:1: cases and tracing import each other: domain apps may not form a cycle"
            ],
        ),
        (
            "a manager in a view",
            {"people/views.py": "def v(r):\n    return Person.objects.for_user(r.user)\n"},
            ["phaodai/people/views.py:2: Person.objects in views.py: use a selector or a service"],
        ),
        (
            "an unscoped read by accident, and one on purpose",
            {
                "cases/models.py": "class Case(AreaScopedModel):\n    pass\n",
                "cases/selectors.py": "a = Case.objects.filter(x=1)\nb = Case.objects.unscoped().filter(x=1)\n",
            },
            [
                "phaodai/cases/selectors.py:1: Case.objects.filter: start from for_user/within, or say unscoped() on purpose"
            ],
        ),
    ],
)
def test_the_lint_finds(tmp_path, _case, files, expected):
    root = _tree(tmp_path, files)

    assert [str(problem).removeprefix(f"{root}/") for problem in check(root)] == expected
