"""Qt-free core of gkdesk: format description, report model, edits, validation, storage."""

from gkdesk.core import codecache

codecache.install()  # before any core module defines its dataclasses (see codecache: a cold start's largest cost)
