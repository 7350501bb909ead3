"""Reports: build plain data from the database, render it at the edge (text, Excel, calendar)."""
