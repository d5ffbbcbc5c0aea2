"""Mutation testing of core modules: how many small, plausible bugs do the unit tests catch?

Each mutant changes one thing in one module (a comparison, a boolean operator, a ``not``, a
``+``/``-``, a 0/1/True/False constant, a returned value, a ``raise`` removed). The module's unit
tests run against it (``pytest -x -q -p no:cacheprovider``, with a time limit); a mutant is
*killed* when they fail and *survives* when they pass. Mutants are applied to a private copy of
``src/`` (one per worker), never to the working tree.

    uv run python bench/mutation.py                       # every module below
    uv run python bench/mutation.py content/model.py      # one module
    uv run python bench/mutation.py --jobs 1 --limit 20   # a quick look

Prints a score per module and each surviving mutant (file:line, what changed). Mutants known to
be equivalent (no test could tell them apart) are listed in ``EQUIVALENT`` with the reason, and
left out of the score.
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "src" / "edu_core" / "domain"
MAX_JOBS = 2

# Module (relative to src/edu_core/domain) -> the unit tests that cover it.
MODULES: dict[str, list[str]] = {
    "availability/slots.py": ["tests/unit/test_availability.py",
                              "tests/unit/test_availability_properties.py"],
    "content/model.py": ["tests/unit/test_content_domain.py",
                         "tests/unit/test_content_service.py", "tests/unit/test_domain_edges.py"],
    "identity/users.py": ["tests/unit/test_identity_domain.py",
                          "tests/unit/test_identity_service.py", "tests/unit/test_domain_edges.py",
                          "tests/unit/test_identity_second_factor.py",
                          "tests/unit/test_identity_email_change.py"],
    "courses.py": ["tests/unit/test_course_domain.py", "tests/unit/test_course_service.py",
                   "tests/unit/test_domain_edges.py", "tests/unit/test_course_progress.py"],
}

# (module, line, description) -> why no test can kill it.
EQUIVALENT: dict[tuple[str, int, str], str] = {
    ("courses.py", 310, "> -> >="): "minutes(0): -(-0 // 60) is 0, the same as the else branch",
    # validate_timezone's guard only spares the file-system lookup: zoneinfo itself refuses
    # empty, absolute and '..' keys (ValueError) and finds no zone for the others (no IANA
    # name is longer than 32 characters), which gives the same InvalidTimezone.
    ("identity/users.py", 132, "or -> and"): "zoneinfo refuses the same names",
    ("identity/users.py", 132, "> -> >="): "no zone name has 64 characters",
    ("identity/users.py", 133, "raise -> pass"): "zoneinfo refuses the same names",
    # Probes fall on 00/06/12/18 UTC; starting the bisection at one second only matters for an
    # offset change exactly one second after a probe, and tzdata has none.
    ("availability/slots.py", 107, "0 -> 1"): "no tzdata transition at a probe plus 1 s",
    # An empty piece either extends the previous one by nothing or is dropped with the pieces
    # shorter than a session.
    ("availability/slots.py", 128, "< -> <="): "empty pieces never reach a grid",
    # [-1] and [0] differ only when a stretch already has two pieces as a third joins the last:
    # a fall-back then a spring-forward within one local day. No tzdata zone changes its offset
    # twice within 40 hours. (Line 130's "1 -> 0" also names the killed [1] -> [0] mutant, so it
    # stays counted.)
    ("availability/slots.py", 131, "1 -> 0"): "no zone changes offset twice in a day",
    # Busy intervals are half-open: two that touch cover the same instants merged or not, and
    # the bisect lookup is exact for any sorted list of disjoint or touching intervals.
    ("availability/slots.py", 150, "<= -> <"): "touching half-open intervals, merged or not",
    # The segments' extra day only serves the last local day, which is read for the buffer
    # rule alone: its first piece starts by 02:00 (buffer <= 120 min), while a day less of
    # segments cuts only readings after 24 h minus the most westerly offset (Manila's LMT,
    # -15:56), and the cut piece stays longer than any session.
    ("availability/slots.py", 195, "1 -> 0"): "the last day's first piece is never cut short",
}

_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Add: ast.Sub, ast.Sub: ast.Add,
    ast.And: ast.Or, ast.Or: ast.And,
}
_SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
            ast.NotEq: "!=", ast.Add: "+", ast.Sub: "-", ast.And: "and", ast.Or: "or"}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the n-th mutation site of the module, in walk order
    line: int
    description: str


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of docstring constants: changing them changes no behaviour."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _annotations(tree: ast.AST) -> set[int]:
    """ids of nodes inside type annotations (not executed as behaviour)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        annotations: list[ast.AST | None] = []
        if isinstance(node, ast.AnnAssign | ast.arg):
            annotations.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
        for annotation in annotations:
            if annotation is not None:
                found.update(id(n) for n in ast.walk(annotation))
    return found


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, str, str]]:
    """(node, kind, description) for every mutation the node admits."""
    skip = _docstrings(tree) | _annotations(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                if type(op) in _SWAPS:
                    yield (node, f"compare:{position}",
                           f"{_SYMBOLS[type(op)]} -> {_SYMBOLS[_SWAPS[type(op)]]}")
        elif isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub):
            yield node, "binop", f"{_SYMBOLS[type(node.op)]} -> {_SYMBOLS[_SWAPS[type(node.op)]]}"
        elif isinstance(node, ast.AugAssign) and type(node.op) in (ast.Add, ast.Sub):
            yield node, "augassign", (f"{_SYMBOLS[type(node.op)]}= -> "
                                      f"{_SYMBOLS[_SWAPS[type(node.op)]]}=")
        elif isinstance(node, ast.BoolOp):
            yield node, "boolop", f"{_SYMBOLS[type(node.op)]} -> {_SYMBOLS[_SWAPS[type(node.op)]]}"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not", "not x -> x"
        elif isinstance(node, ast.Constant) and type(node.value) in (bool, int):
            if node.value is True or node.value is False:
                yield node, "const", f"{node.value} -> {not node.value}"
            elif node.value in (0, 1):
                yield node, "const", f"{node.value} -> {1 - node.value}"
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            yield node, "return", "return x -> return None"
        elif isinstance(node, ast.Raise):
            yield node, "raise", "raise -> pass"


class _Apply(ast.NodeTransformer):
    def __init__(self, target: ast.AST, kind: str) -> None:
        self.target, self.kind = target, kind

    def visit(self, node: ast.AST) -> ast.AST:
        if node is not self.target:
            return super().visit(node)
        kind = self.kind
        if kind.startswith("compare:"):
            assert isinstance(node, ast.Compare)
            position = int(kind.split(":")[1])
            node.ops[position] = _SWAPS[type(node.ops[position])]()
        elif kind in ("binop", "augassign", "boolop"):
            node.op = _SWAPS[type(node.op)]()  # type: ignore[attr-defined]
        elif kind == "not":
            assert isinstance(node, ast.UnaryOp)
            return node.operand
        elif kind == "const":
            assert isinstance(node, ast.Constant)
            node.value = (not node.value) if isinstance(node.value, bool) else 1 - node.value
        elif kind == "return":
            assert isinstance(node, ast.Return)
            node.value = ast.Constant(None)
        elif kind == "raise":
            return ast.copy_location(ast.Pass(), node)
        return node


def mutants(module: str) -> list[Mutant]:
    tree = ast.parse((CORE / module).read_text())
    return [Mutant(module, index, getattr(node, "lineno", 0), description)
            for index, (node, _, description) in enumerate(_sites(tree))]


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((CORE / mutant.module).read_text())
    node, kind, _ = list(_sites(tree))[mutant.index]
    mutated = _Apply(node, kind).visit(tree)  # a fresh parse: changed in place
    return ast.unparse(ast.fix_missing_locations(mutated))


class Workspace:
    """A private copy of src/ per worker: mutants never touch the working tree."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="edu-mutation-"))
        shutil.copytree(ROOT / "src", self.root / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self.core = self.root / "src" / "edu_core" / "domain"

    def run(self, module: str, source: str | None, tests: list[str], timeout: float) -> bool:
        """Whether the tests pass with ``source`` in place of ``module`` (None: the original)."""
        target = self.core / module
        original = (CORE / module).read_text()
        target.write_text(source if source is not None else original)
        env = {**os.environ, "PYTHONPATH": str(self.root / "src"),
               "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            result = subprocess.run(  # noqa: S603 - our own interpreter and test files
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                 *tests], cwd=ROOT, env=env, capture_output=True, timeout=timeout)
            return result.returncode == 0
        except subprocess.TimeoutExpired:
            return False  # a mutant that hangs the tests is caught by the time limit
        finally:
            target.write_text(original)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES),
                        help="modules under src/edu_core/domain (default: all)")
    parser.add_argument("--jobs", type=int, default=MAX_JOBS, help=f"at most {MAX_JOBS}")
    parser.add_argument("--limit", type=int, default=0, help="first N mutants per module only")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = parser.parse_args()
    jobs = max(1, min(args.jobs, MAX_JOBS))
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown modules {unknown}; known: {sorted(MODULES)}")

    workspaces = [Workspace() for _ in range(jobs)]
    free = list(workspaces)
    lock = threading.Lock()

    def take() -> Workspace:
        with lock:
            return free.pop()

    def give(workspace: Workspace) -> None:
        with lock:
            free.append(workspace)

    total_killed = total_counted = 0
    try:
        for module in args.modules:
            tests = MODULES[module]
            found = mutants(module)[:args.limit or None]
            if args.list:
                for m in found:
                    print(f"{module}:{m.line}: {m.description}")
                continue
            started = time.monotonic()
            if not workspaces[0].run(module, None, tests, timeout=600):
                print(f"{module}: the unit tests fail without any mutant; fix them first")
                return 1
            timeout = max(30.0, 3 * (time.monotonic() - started))

            def attempt(mutant: Mutant, tests: list[str] = tests,
                        timeout: float = timeout) -> tuple[Mutant, bool]:
                workspace = take()
                try:
                    return mutant, workspace.run(mutant.module, mutated_source(mutant), tests,
                                                 timeout)
                finally:
                    give(workspace)

            equivalent = [m for m in found if (m.module, m.line, m.description) in EQUIVALENT]
            counted = [m for m in found if m not in equivalent]
            with ThreadPoolExecutor(jobs) as pool:
                results = list(pool.map(attempt, counted))
            survivors = [m for m, survived in results if survived]
            killed = len(counted) - len(survivors)
            total_killed += killed
            total_counted += len(counted)
            score = 100 * killed / len(counted) if counted else 100.0
            print(f"{module}: {killed}/{len(counted)} killed ({score:.1f} %), "
                  f"{len(equivalent)} equivalent left out")
            for m in survivors:
                print(f"  survived  {module}:{m.line}  {m.description}")
        if total_counted:
            print(f"total: {total_killed}/{total_counted} killed "
                  f"({100 * total_killed / total_counted:.1f} %)")
    finally:
        for workspace in workspaces:
            workspace.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
