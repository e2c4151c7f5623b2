"""Fetch what the built site serves itself (KaTeX's style sheet and fonts) from the npm
registry, pinned and checked, into ``.site-assets/vendor/``.

The versions and sha512 integrity hashes are in ``_ext/site_assets.json``; ``npm pack``
downloads each package tarball (npm verifies it against the registry), this script checks
the hash against the committed one and extracts only the files the site needs.  Nothing
is committed: the folder is rebuilt when missing or when the pins change.

Without npm (or when ``npm pack`` fails) the script says so and exits 0, leaving the folder
empty: the strict build then fails with a warning naming what is missing
(``_ext/site_assets.py``), unless the reader sets ``NNBOOK_ALLOW_CDN=1`` to let the site load
KaTeX's style sheet and fonts from its CDN.  A tarball that does not match its pinned hash exits 1.

Usage: python scripts/fetch_site_assets.py [--force]
"""
from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import site_assets  # noqa: E402  (the pins, the folder, and what "ready" means: in one place)

PINS = site_assets.PINS
DEST = ROOT / site_assets.FOLDER
STAMP = DEST / site_assets.STAMP  # a copy of the pins the folder was built from


def _sha512(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _extract(tarball: Path, patterns: list[str], target: Path) -> int:
    count = 0
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if member.isfile() and any(fnmatch.fnmatch(name, p) for p in patterns):
                out = target / name.removeprefix("dist/").removeprefix("es5/")
                out.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                count += 1
    return count


class FetchError(RuntimeError):
    """``npm pack`` failed, or a tarball does not match its pinned integrity hash."""


class IntegrityError(FetchError):
    """A tarball does not match its pinned integrity hash."""


def pack(npm: str, name: str, pin: dict, into: Path) -> Path:
    """Download ``name@pin["version"]`` with ``npm pack`` into ``into``, check it against
    ``pin["integrity"]`` (sha512, as npm's lock files write it) and return the tarball.

    Raises :class:`FetchError` when npm fails, :class:`IntegrityError` when the hash differs.
    """
    spec = f"{name}@{pin['version']}"
    done = subprocess.run([npm, "pack", spec, "--pack-destination", str(into), "--json", "--no-fund", "--no-audit"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise FetchError(f"`npm pack {spec}` failed\n{done.stderr[-2000:]}")
    tarball = Path(into) / json.loads(done.stdout)[0]["filename"]
    if _sha512(tarball) != pin["integrity"]:
        raise IntegrityError(f"{spec} does not match its pinned integrity hash {pin['integrity']}")
    return tarball


def fetch(pins: dict, dest: Path, npm: str) -> dict[str, int]:
    """Fetch every package of ``pins`` (``{name: {version, integrity, files, target}}``) into
    ``dest / target``, only the files matching ``files``; return the file count per package.

    Raises :class:`FetchError` (and leaves ``dest`` without the package) as :func:`pack` does.
    """
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, pin in pins.items():
            tarball = pack(npm, name, pin, Path(tmp))
            counts[name] = _extract(tarball, pin["files"], dest / pin["target"])
    return counts


def main(force: bool = False) -> int:
    pins = json.loads(PINS.read_text())
    if not force and not site_assets.missing_assets(ROOT):
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print("site assets: npm not found, KaTeX's style sheet and fonts not fetched; the strict build will fail "
              "unless NNBOOK_ALLOW_CDN=1 (then pages load them from its CDN, and offline readers see unstyled math)")
        return 0
    shutil.rmtree(DEST, ignore_errors=True)
    try:
        counts = fetch(pins["packages"], DEST / "vendor", npm)
    except IntegrityError as exc:
        shutil.rmtree(DEST, ignore_errors=True)
        print(f"site assets: {exc}", file=sys.stderr)
        return 1
    except FetchError as exc:
        shutil.rmtree(DEST, ignore_errors=True)
        print(f"site assets: {exc}; the strict build will fail unless NNBOOK_ALLOW_CDN=1")
        return 0
    for name, n in counts.items():
        print(f"site assets: {name}@{pins['packages'][name]['version']} ({n} files)")
    STAMP.write_text(json.dumps(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main(force="--force" in sys.argv[1:]))
