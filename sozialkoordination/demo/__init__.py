"""Demo data for trying the app and for benchmarks."""
