"""The one user-facing error type.

A DigestError says which input is at fault, what is wrong with it and what to do about it.
The CLI prints it without a traceback and exits non-zero.
"""

from __future__ import annotations


class DigestError(Exception):
    """An error the user can fix: names the input, the problem and the remedy."""

    def __init__(self, where: str, problem: str, fix: str = "") -> None:
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    def __reduce__(self):  # pickled whole across worker processes (digest/parallel.py)
        return (type(self), (self.where, self.problem, self.fix))

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.problem}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message

    @classmethod
    def of_digest(cls, where: str, doing: str, exc: BaseException) -> DigestError:
        """A failure of digest's own on one input (a bug no test foresaw): it costs that
        input, which the message names, and never the build."""
        return cls(where, f"digest failed to {doing} this file ({type(exc).__name__}: {exc})",
                   "this is a bug in digest: please report it with the file; the other "
                   "inputs were built without it")
