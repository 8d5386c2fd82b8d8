"""The compiled build at run time: a build older than its sources must not run the old code.

``make setup`` compiles the hot modules (setup.py's COMPILED) with mypyc into extension modules
beside their sources, and Python imports an extension before a ``.py`` of the same name. After a
``git pull`` or merge without ``make setup`` the extensions hold the previous code: a module would
then call a function its compiled neighbour does not have yet (an ImportError deep in a run), or
silently compute what the old code computed. The tests refuse such a build (tests/conftest.py);
the command line instead imports every compiled module from its source, says so once, and runs
as pure Python (the same output, slower) until ``make setup`` rebuilds it. All or none: the
compiled modules call each other directly inside one shared library, so mixing old compiled code
with new sources is never safe.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
WARNED_ENV = "TABAYYUN_STALE_BUILD_WARNED"  # inherited by worker processes: one warning per run


def stale_sources(package: Path = PACKAGE) -> list[str]:
    """The compiled modules' sources changed after the build (paths under the package's parent).
    Measured against the shared library that holds all their code (rebuilt whenever one changes;
    a module's own extension file is a small loader the build may leave as it was)."""
    libraries = list(package.parent.glob(f"{package.name}__mypyc.*.so"))
    if not libraries:
        return []
    built = min(library.stat().st_mtime for library in libraries)
    sources = (so.with_name(so.name.split(".")[0] + ".py") for so in package.rglob("*.so"))
    return sorted(str(py.relative_to(package.parent)) for py in sources
                  if py.exists() and py.stat().st_mtime > built)


class SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds a compiled module of ``package`` at its ``.py`` source instead of its extension."""

    def __init__(self, package: Path = PACKAGE) -> None:
        self.package = package

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        head, _, rest = fullname.partition(".")
        if head != self.package.name or not rest:
            return None
        source = self.package.joinpath(*rest.split(".")).with_suffix(".py")
        if not source.is_file() or not any(source.parent.glob(f"{source.stem}.*.so")):
            return None  # not a compiled module: the normal finders take it
        return importlib.util.spec_from_file_location(fullname, source)


def run_sources_if_stale(package: Path = PACKAGE) -> bool:
    """Install :class:`SourcesFirst` when the build is older than its sources; True if it did."""
    stale = stale_sources(package)
    if not stale:
        return False
    if not any(isinstance(finder, SourcesFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, SourcesFirst(package))
    if not os.environ.get(WARNED_ENV):
        os.environ[WARNED_ENV] = "1"
        shown = ", ".join(stale[:3]) + (", ..." if len(stale) > 3 else "")
        print(f"tabayyun: the compiled modules are older than their sources ({shown}); running them as "
              "pure Python (same results, slower): run `make setup` to rebuild them", file=sys.stderr)
    return True
