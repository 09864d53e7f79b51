"""frictionless' verdict on a written package, the independent check that comes last.

The build runs it in a process of its own (``Validator``): validating the
CSV edition is most of a build's time, and on two cores the process imports
frictionless while the build loads the curated input, then validates while
the build writes the Parquet edition and the documents. Nothing is
published before the verdict is in.

    python -m pipeline.validation datapackage.json   # the errors as JSON lines
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.errors import CurationError, excerpt
from pipeline.schema import Origin, where


@dataclass(frozen=True)
class Problem:
    """One frictionless error: the resource and data row it is in, where it has them."""

    message: str
    resource: str | None = None
    row_number: int | None = None


def problems(descriptor: Path) -> list[Problem]:
    from frictionless import validate  # imported here: only the validating process needs it

    report = validate(str(descriptor))
    if report.valid:
        return []
    found = [
        Problem(excerpt(error.message), task.name, getattr(error, "row_number", None))
        for task in report.tasks
        for error in task.errors
    ]
    return found + [Problem(excerpt(error.message)) for error in report.errors]


def located(found: list[Problem], origins: dict[str, list[Origin]] | None = None) -> list[str]:
    """Each problem as a message, prefixed with the curated record that made its row where that is known."""
    messages = []
    for problem in found:
        prefix = ""
        rows = (origins or {}).get(problem.resource or "")
        if rows and problem.row_number and 2 <= problem.row_number <= len(rows) + 1:
            prefix = f"{where(rows[problem.row_number - 2])}: "
        messages.append(f"{prefix}{problem.resource}: {problem.message}" if problem.resource else problem.message)
    return messages


def frictionless_errors(descriptor: Path, origins: dict[str, list[Origin]] | None = None) -> list[str]:
    """frictionless' verdict in this process, each error traced back to the curated record that made the row."""
    return located(problems(descriptor), origins)


class Validator:
    """frictionless in a process of its own, started before the package is written so that its imports are
    done by the time the descriptor is handed over; ended with the ``with`` block, on an error or Ctrl-C too.
    (A build killed outright leaves it to finish its one validation and exit.)"""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.stderr = None
        self.origins: dict[str, list[Origin]] | None = None

    def __enter__(self) -> "Validator":
        command = [sys.executable, "-m", "pipeline.validation", "-"]
        project = str(Path(__file__).resolve().parent.parent)
        # This code, wherever the build was started from and whatever PYTHONSAFEPATH says.
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [project, os.environ.get("PYTHONPATH")]))}
        try:
            # stderr goes to a file: a pipe nobody reads while stdout is read could fill and stall the process.
            self.stderr = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                command, cwd=project, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr
            )
        except OSError as error:
            if self.stderr:
                self.stderr.close()
            raise CurationError(
                f"cannot start the process that validates the package ({error.strerror or error}); "
                "the machine is out of processes or open files: close some programs and build again"
            ) from error
        return self

    def submit(self, descriptor: Path, origins: dict[str, list[Origin]] | None = None) -> None:
        """Start validating ``descriptor``; ``errors`` gives the verdict."""
        self.origins = origins
        try:
            # The path's own bytes: no locale or PYTHONIOENCODING of the child can misread them.
            self.process.stdin.write(os.fsencode(descriptor.resolve()))
            self.process.stdin.close()
        except OSError:
            pass  # the process ended early; errors() reports why

    def errors(self) -> list[str]:
        stdout = self.process.stdout.read().decode("ascii", "replace")
        if self.process.wait() != 0:
            self.stderr.seek(0)
            lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
            lines = lines or [f"exit status {self.process.returncode}"]
            return [f"frictionless could not validate the package: {excerpt(lines[-1])}"]
        return located([Problem(**json.loads(line)) for line in stdout.splitlines()], self.origins)

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            with contextlib.suppress(OSError):  # a line the ended process never read cannot be flushed
                stream.close()


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage: python -m pipeline.validation DESCRIPTOR (or -, to read its path from stdin)", file=sys.stderr)
        return 2
    descriptor = arguments[0]
    if descriptor == "-":
        import frictionless  # noqa: F401  (the import is most of the wait; do it before the path arrives)

        path = sys.stdin.buffer.read()
        if not path:  # the build stopped before it had a package to validate
            return 0
        descriptor = os.fsdecode(path)
    for problem in problems(Path(descriptor)):
        print(json.dumps(asdict(problem)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
