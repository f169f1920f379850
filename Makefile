.PHONY: run test bench

# Install everything, load the demo data and serve http://127.0.0.1:8000 on SQLite.
run:
	scripts/run.sh

# Install everything, start a throwaway PostgreSQL and run the whole test suite.
test:
	scripts/test.sh

# Generate a large data set in a throwaway PostgreSQL and print timings and query counts.
bench:
	scripts/bench.sh
