"""The demo: the illustrative township, a simulated field week, and `make demo`."""
