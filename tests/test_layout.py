"""Tests mirror the tree: every use case `resolvers/<object>/<verb>.py` has its tests in
`tests/resolvers/<object>/test_<verb>.py`. A new verb fails here until it has them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOLVERS = ROOT / "resolvers"
TESTS = ROOT / "tests" / "resolvers"
# Modules of an object's package that are no use case but what its verbs share: validation
# (fields), finding a row inside the caller's organization (lookup, guard, locate), batch
# loads for nested fields (load). The verbs' tests cover them; a test of their own is welcome.
HELPERS = {"__init__", "fields", "lookup", "guard", "locate", "load"}


def _use_cases() -> list[Path]:
    """resolvers/<object>/<verb>.py, relative to resolvers/, helpers left out."""
    return sorted(
        module.relative_to(RESOLVERS)
        for module in RESOLVERS.glob("*/*.py")
        if module.stem not in HELPERS
    )


def _mirror(use_case: Path) -> Path:
    return TESTS / use_case.parent / f"test_{use_case.name}"


def test_every_use_case_has_a_test_module_at_the_mirrored_path():
    missing = [
        f"resolvers/{use_case}: no {_mirror(use_case).relative_to(ROOT)}"
        for use_case in _use_cases()
        if not _mirror(use_case).is_file()
    ]
    assert not missing, "\n".join(missing)


def test_the_walk_sees_the_use_cases_and_leaves_out_the_helpers():
    seen = {str(use_case) for use_case in _use_cases()}
    assert {"api_keys/rotate.py", "members/create.py", "organization/bootstrap.py"} <= seen
    assert not {"api_keys/fields.py", "api_keys/lookup.py", "members/guard.py"} & seen
    assert _mirror(Path("api_keys/rotate.py")) == TESTS / "api_keys" / "test_rotate.py"
