"""The township's other records: household visits, dispute cases, petitions and events."""
