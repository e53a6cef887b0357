"""The PySide6 desktop window (imports Qt; the core never imports this package)."""
