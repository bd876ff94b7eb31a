"""The desktop window (PySide6 only). Calls app.* services; never SQLAlchemy or db/."""
