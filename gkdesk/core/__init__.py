"""Qt-free core of gkdesk: format description, report model, edits, validation, storage."""
