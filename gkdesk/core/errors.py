"""Error types whose messages are shown to the user as they are (Chinese, saying what to do)."""

from __future__ import annotations


class GkError(Exception):
    """Base class: ``str(err)`` is a complete Chinese message for the user."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class FormatDefinitionError(GkError):
    """The bundled format description itself is inconsistent (a packaging or development error)."""


class ReportFileError(GkError):
    """A file could not be read as a report: not JSON, foreign JSON, newer version, wrong values, truncated."""


class SaveError(GkError):
    """A report or export could not be written; the previous file on disk is untouched."""


class FileChangedOnDiskError(SaveError):
    """The target file was changed by someone else since it was opened."""


class ExportError(GkError):
    """An export cannot be made as asked (e.g. a character that no available font can print); nothing was written."""
