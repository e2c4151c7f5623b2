"""Fetch the JavaScript the built site serves itself (MathJax 3) from the npm registry,
pinned and checked, into ``.site-assets/vendor/``.

The versions and sha512 integrity hashes are in ``_ext/site_assets.json``; ``npm pack``
downloads each package tarball (npm verifies it against the registry), this script checks
the hash against the committed one and extracts only the files the site needs.  Nothing
is committed: the folder is rebuilt when missing or when the pins change.

Without npm (or when ``npm pack`` fails) the script says so and exits 0, leaving the folder
empty: the strict build then fails with a warning naming what is missing
(``_ext/site_assets.py``), unless the reader sets ``NNBOOK_ALLOW_CDN=1`` to let the site load
MathJax from its CDN.  A tarball that does not match its pinned hash exits 1.

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


def main(force: bool = False) -> int:
    pins = json.loads(PINS.read_text())
    if not force and not site_assets.missing_assets(ROOT):
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print("site assets: npm not found, MathJax not fetched; the strict build will fail unless "
              "NNBOOK_ALLOW_CDN=1 (then pages load MathJax from its CDN, and offline readers see raw math)")
        return 0
    shutil.rmtree(DEST, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, pin in pins["packages"].items():
            spec = f"{name}@{pin['version']}"
            done = subprocess.run([npm, "pack", spec, "--pack-destination", tmp, "--json",
                                   "--no-fund", "--no-audit"],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                print(f"site assets: `npm pack {spec}` failed; the strict build will fail unless "
                      f"NNBOOK_ALLOW_CDN=1\n{done.stderr[-2000:]}")
                shutil.rmtree(DEST, ignore_errors=True)
                return 0
            tarball = Path(tmp) / json.loads(done.stdout)[0]["filename"]
            if _sha512(tarball) != pin["integrity"]:
                print(f"site assets: {spec} does not match its pinned integrity hash", file=sys.stderr)
                shutil.rmtree(DEST, ignore_errors=True)
                return 1
            n = _extract(tarball, pin["files"], DEST / "vendor" / pin["target"])
            print(f"site assets: {spec} ({n} files)")
    STAMP.write_text(json.dumps(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main(force="--force" in sys.argv[1:]))
