"""Curated files already parsed and validated, kept by their content, so that a build reads again only what changed.

Parsing is most of the time from curated input to checked tables (libyaml
composes a Python object for every node). A file's result depends only on
its bytes, the name it is shown under, its JSON Schema and the loading code
(with the versions of the libraries it uses), so those, hashed, are its
key: a changed byte anywhere is a new key, and a file that fails any check
is never stored, so a stored file needs none again. `make build` and
`make check` keep the cache in .cache/curated/; it is never committed or
shipped (.gitignore, and the release takes only listed files), and deleting
it only costs time.

The folder is inside the work tree, where a pull request could plant files,
so nothing found there is trusted: each entry carries an HMAC under a
secret kept outside the tree (in the user's cache folder), made for its
own key; an entry without a valid one is parsed again, never unpickled.
The unpickler builds curated records and nothing else, and a cache folder
that is a link, or any file in it the build did not write, is left alone.
"""

import hashlib
import hmac
import io
import os
import pickle
import re
import stat
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from pipeline.safe_yaml import Items, Record

FOLDER = Path(".cache") / "curated"
# The modules whose code decides what a curated file loads as, and the libraries they call.
LOADING_CODE = ("safe_yaml.py", "curated.py", "parse_cache.py")
LOADING_LIBRARIES = ("PyYAML", "fastjsonschema", "jsonschema")
SECRET_NAME = Path("jack-ma-indonesia-promises") / "parse-cache.key"
MAC_BYTES = 32
# Far above what a 4 MiB curated file pickles to; a larger entry is not one of ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
ENTRY = re.compile(r"[0-9a-f]{64}\.pickle|\.entry-[a-z0-9_]+\.tmp")


def _code_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for library in LOADING_LIBRARIES:
        digest.update(f"\0{library} {version(library)}".encode())
    for name in LOADING_CODE:
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.digest()


def _secret() -> bytes | None:
    """This user's key for the cache's HMACs, made on first use; None where it can be neither read nor made."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / SECRET_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(os.urandom(MAC_BYTES))
        secret = path.read_bytes()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return secret if len(secret) == MAC_BYTES else None


class _DocumentUnpickler(pickle.Unpickler):
    """Unpickles the two classes a curated document is made of and nothing else (an ordinary pickle can call
    any function it names)."""

    ALLOWED = {("pipeline.safe_yaml", "Record"): Record, ("pipeline.safe_yaml", "Items"): Items}

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a curated document")
        return self.ALLOWED[module, name]


class ParseCache:
    """Documents by key in ``folder`` (relative to ``root``). Where the folder is a link or there is no secret,
    it is a cache that stores nothing; a folder that cannot be written, one that only costs time."""

    def __init__(self, root: Path, folder: Path = FOLDER) -> None:
        self.root, self.folder = root, root / folder
        self.code, self.secret, self.used = _code_digest(), _secret(), set()

    def key(self, schema_digest: bytes, shown: str, data: bytes) -> str:
        digest = hashlib.sha256(self.code + schema_digest)
        digest.update(shown.encode("utf-8") + b"\0" + data)
        self.used.add(key := digest.hexdigest())
        return key

    def _usable(self, create: bool = False) -> bool:
        """A secret, and a real folder with no link anywhere between the root and it (made, with ``create``, one
        level at a time): whatever it holds is then the tree's own, and nothing is written elsewhere."""
        if self.secret is None:
            return False
        path = self.root
        for part in self.folder.relative_to(self.root).parts:
            path = path / part
            try:
                if not stat.S_ISDIR(os.lstat(path).st_mode):
                    return False
            except FileNotFoundError:
                if not create:
                    return False
                try:
                    os.mkdir(path)
                except OSError:
                    return False
            except OSError:
                return False
        return True

    def _mac(self, key: str, payload: bytes) -> bytes:
        return hmac.digest(self.secret, key.encode("ascii") + b"\0" + payload, "sha256")

    def get(self, key: str):
        """The document stored under ``key`` by this user's builds, or None."""
        if not self._usable():
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                if os.fstat(handle.fileno()).st_size > MAX_ENTRY_BYTES:
                    return None
                mac, payload = handle.read(MAC_BYTES), handle.read()
            if not hmac.compare_digest(mac, self._mac(key, payload)):
                return None
            return _DocumentUnpickler(io.BytesIO(payload)).load()
        except Exception:  # an entry that cannot be read back is only a miss; the file is parsed again
            return None

    def put(self, key: str, document) -> None:
        if not self._usable(create=True):
            return
        try:
            payload = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".entry-", suffix=".tmp", delete=False) as handle:
                handle.write(self._mac(key, payload) + payload)
            os.replace(handle.name, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a read-only or full disk: the build goes on, only slower next time

    def prune(self) -> None:
        """Forget the entries this build did not read, so that the cache holds one copy of the input at most.
        Only files named as this module names them are removed; anything else in the folder is left alone."""
        if not self._usable():
            return
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if (
                ENTRY.fullmatch(entry.name)
                and entry.name.removesuffix(".pickle") not in self.used
                and entry.is_file(follow_symlinks=False)
            ):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
