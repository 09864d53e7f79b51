"""Curated files already parsed and validated, kept by their content, so that a build reads again only what changed.

Parsing is most of the time from curated input to checked tables (libyaml
composes a Python object for every node). A file's result depends only on
its bytes, the name it is shown under, its JSON Schema and the loading code,
so those, hashed, are its key: a changed byte anywhere is a new key, and a
file that fails any check is never stored, so a stored file needs none
again. The cache lives in .cache/curated/ beside the build's inputs; it is
never committed or shipped (.gitignore, and the release takes only listed
files), the tests build in copies that start without it, and deleting it
only costs time.
Entries are read by an unpickler that builds curated records and nothing
else, so a file planted there cannot run code.
"""

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

import yaml

from pipeline.safe_yaml import Items, Record

FOLDER = Path(".cache") / "curated"
# The modules whose code decides what a curated file loads as.
LOADING_CODE = ("safe_yaml.py", "curated.py", "parse_cache.py")


def _code_digest() -> bytes:
    digest = hashlib.sha256(f"{sys.version}\0{yaml.__version__}\0".encode())
    for name in LOADING_CODE:
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.digest()


class _DocumentUnpickler(pickle.Unpickler):
    """Unpickles the two classes a curated document is made of and nothing else, so that an entry planted in
    the folder is refused, never run (an ordinary pickle can call any function it names)."""

    ALLOWED = {("pipeline.safe_yaml", "Record"): Record, ("pipeline.safe_yaml", "Items"): Items}

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a curated document")
        return self.ALLOWED[module, name]


class ParseCache:
    """Documents by key in one folder; a folder that cannot be written makes it a cache that stores nothing."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.code, self.used = folder, _code_digest(), set()

    def key(self, schema_digest: bytes, shown: str, data: bytes) -> str:
        digest = hashlib.sha256(self.code + schema_digest)
        digest.update(shown.encode("utf-8") + b"\0" + data)
        self.used.add(key := digest.hexdigest())
        return key

    def get(self, key: str):
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                return _DocumentUnpickler(handle).load()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None

    def put(self, key: str, document) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as handle:
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a read-only or full disk: the build goes on, only slower next time

    def prune(self) -> None:
        """Forget every file this build did not read, so that the cache holds one copy of the input at most."""
        try:
            for entry in self.folder.iterdir():
                if entry.name.removesuffix(".pickle") not in self.used:
                    entry.unlink()
        except OSError:
            pass
