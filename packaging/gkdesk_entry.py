"""The frozen bundle's start script: the same entry point as the installed ``gkdesk`` command."""

import multiprocessing

from gkdesk.app import run

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a worker process started by a frozen app must not open a second window
    run()
