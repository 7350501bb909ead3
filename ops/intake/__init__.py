"""Field intake: check-ins, track chunks and hazard reports, validated twice (shape at the API,
meaning in the worker) and stored exactly once (the phone's UUID is the primary key)."""
