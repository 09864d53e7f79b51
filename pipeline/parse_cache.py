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

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import re
import secrets
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
ENTRY = re.compile(r"[0-9a-f]{64}\.pickle|\.entry-[0-9a-f]{16}\.tmp")


def _code_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for library in LOADING_LIBRARIES:
        digest.update(f"\0{library} {version(library)}".encode())
    for name in LOADING_CODE:
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.digest()


# Opening flags for files the cache reads: never through a link, never blocking on a pipe or device.
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _read_regular(name: str | Path, limit: int, dir_fd: int | None = None) -> bytes | None:
    """At most ``limit`` + 1 bytes of a regular file, or None for anything else (a link, a pipe, a device)."""
    with os.fdopen(os.open(name, READ_FLAGS, dir_fd=dir_fd), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit + 1)


def _secret_path(root: Path) -> Path | None:
    """Where this user's key lives: the XDG cache folder, which is absolute by the specification (a relative
    XDG_CACHE_HOME is ignored), and never inside the tree being built, where a pull request could put one."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    if not folder.is_absolute() or folder.resolve().is_relative_to(root.resolve()):
        return None
    return folder / SECRET_NAME


def _secret(root: Path) -> bytes | None:
    """This user's key for the cache's HMACs, made on first use; None where it can be neither read nor made."""
    path = _secret_path(root)
    if path is None:
        return None
    try:
        found = _read_regular(path, MAC_BYTES)
    except FileNotFoundError:
        found = None
        missing = True
    except OSError:
        return None
    else:
        missing = False
        if found is None:  # a link, a pipe or a device where the key belongs: left to its owner
            return None
        if len(found) == MAC_BYTES:
            return found
    try:
        # Written whole under another name, then put in place: a build killed half way leaves no short key,
        # and of two first builds at once, one key wins and both use it.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".key-", delete=False) as handle:
            handle.write(os.urandom(MAC_BYTES))
        try:
            if missing:
                os.link(handle.name, path)
            else:  # a key of the wrong length (an older or damaged one) is replaced
                os.replace(handle.name, path)
        except FileExistsError:
            pass
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(handle.name)
        secret = _read_regular(path, MAC_BYTES)
    except OSError:
        return None
    return secret if secret is not None and len(secret) == MAC_BYTES else None


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
    it is a cache that stores nothing; a folder that cannot be written, one that only costs time.

    Every file operation goes through a descriptor of the folder itself, reached one level at a time from the
    root without following a link, so that swapping a level for a link mid-build cannot redirect a write."""

    def __init__(self, root: Path, folder: Path = FOLDER) -> None:
        self.root, self.parts = root, folder.parts
        self.code, self.secret, self.used = _code_digest(), _secret(root), set()

    def key(self, schema_digest: bytes, shown: str, data: bytes) -> str:
        digest = hashlib.sha256(self.code + schema_digest)
        digest.update(shown.encode("utf-8") + b"\0" + data)
        self.used.add(key := digest.hexdigest())
        return key

    def _folder(self, create: bool = False) -> int | None:
        """A descriptor of the cache folder (made, with ``create``), or None: no secret, or a link or a file on
        the way."""
        if self.secret is None:
            return None
        try:
            descriptor = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return None
        for part in self.parts:
            try:
                try:
                    child = os.open(part, FOLDER_FLAGS, dir_fd=descriptor)
                except FileNotFoundError:
                    if not create:
                        raise
                    os.mkdir(part, dir_fd=descriptor)
                    child = os.open(part, FOLDER_FLAGS, dir_fd=descriptor)
            except OSError:
                os.close(descriptor)
                return None
            os.close(descriptor)
            descriptor = child
        return descriptor

    def _mac(self, key: str, payload: bytes) -> bytes:
        return hmac.digest(self.secret, key.encode("ascii") + b"\0" + payload, "sha256")

    def get(self, key: str):
        """The document stored under ``key`` by this user's builds, or None."""
        folder = self._folder()
        if folder is None:
            return None
        try:
            data = _read_regular(f"{key}.pickle", MAX_ENTRY_BYTES, dir_fd=folder)
            if data is None or len(data) > MAX_ENTRY_BYTES:
                return None
            mac, payload = data[:MAC_BYTES], data[MAC_BYTES:]
            if not hmac.compare_digest(mac, self._mac(key, payload)):
                return None
            return _DocumentUnpickler(io.BytesIO(payload)).load()
        except Exception:  # an entry that cannot be read back is only a miss; the file is parsed again
            return None
        finally:
            os.close(folder)

    def put(self, key: str, document) -> None:
        folder = self._folder(create=True)
        if folder is None:
            return
        temporary = f".entry-{secrets.token_hex(8)}.tmp"
        try:
            payload = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(temporary, flags, 0o644, dir_fd=folder), "wb") as handle:
                handle.write(self._mac(key, payload) + payload)
            os.replace(temporary, f"{key}.pickle", src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:  # a read-only or full disk: the build goes on, only slower next time
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
        finally:
            os.close(folder)

    def prune(self) -> None:
        """Forget the entries this build did not read, so that the cache holds one copy of the input at most.
        Only files named as this module names them are removed; anything else in the folder is left alone."""
        folder = self._folder()
        if folder is None:
            return
        try:
            for entry in os.scandir(folder):
                if (
                    ENTRY.fullmatch(entry.name)
                    and entry.name.removesuffix(".pickle") not in self.used
                    and entry.is_file(follow_symlinks=False)
                ):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.name, dir_fd=folder)
        except OSError:
            pass
        finally:
            os.close(folder)
