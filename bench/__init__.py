"""Benchmarks of ekinerja under month-end load (printed figures, not timed tests); see bench/run_all.sh."""
