"""``python -m gkdesk``: same as the ``gkdesk`` command."""

import sys

from gkdesk.app import main

sys.exit(main())
