"""Database access: engine and sessions, migrations, backups, audit logging."""
