"""Use cases: load rows, translate to pure values, call the core, save. Sessions are keyword-only."""
