"""Runtime wiring: settings, database, broker, task queue, migrations, the periodic clock."""
