"""The store: SQLAlchemy models, engine and session factory, migrations, locking."""
