"""Build the static site the one strict way: ``make book``, the tests and ``make bench`` all use it.

The build renders the chapters' committed outputs (``execute_notebooks: "off"``) with
``jupyter-book build <root> --all`` and :data:`STRICT_FLAGS`: every warning (a broken
reference, a missing label, missing site assets) fails the build, and the build keeps going
so that it reports them all.  :func:`main` first fetches the self-served site assets
(``scripts/fetch_site_assets.py``, a no-op once they are there), without which the strict
build fails unless ``NNBOOK_ALLOW_CDN=1`` (see ``_ext/site_assets.py``).

Usage: python scripts/build_book.py [--path-output DIR]   (default: the book's _build/)
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetch_site_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: Warnings are errors (-W), broken cross-references warn (-n), and the build reports every
#: problem before failing (--keep-going).
STRICT_FLAGS = ("-W", "-n", "--keep-going")


def command(root: Path = ROOT, path_output: Path | None = None) -> list[str]:
    """The strict build command for the book in ``root`` (into ``path_output``, if given).

    The ``jupyter-book`` script is the one beside this interpreter, so the build runs in the
    environment that runs this script.
    """
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    out = ["--path-output", str(path_output)] if path_output is not None else []
    return [str(jupyter_book), "build", str(root), "--all", *STRICT_FLAGS, *out]


def build(root: Path = ROOT, path_output: Path | None = None, **run) -> subprocess.CompletedProcess:
    """Run :func:`command`; ``run`` goes to :func:`subprocess.run` (``check``, ``capture_output`` ...)."""
    return subprocess.run(command(root, path_output), cwd=root, **run)


def main(argv: list[str] | None = None) -> int:
    """Fetch the site assets, then build strictly; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=None)
    args = parser.parse_args(argv)
    status = fetch_site_assets.main()
    if status != 0:
        return status
    return build(path_output=args.path_output).returncode


if __name__ == "__main__":
    sys.exit(main())
