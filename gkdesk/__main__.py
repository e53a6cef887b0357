"""``python -m gkdesk``: same as the ``gkdesk`` command."""

from gkdesk.app import run

run()
