.PHONY: run test bench

# Install everything, load the demo data and serve http://127.0.0.1:8000 on SQLite.
run:
	scripts/run.sh

# Install everything, start a throwaway PostgreSQL and run the whole test suite.
test:
	scripts/test.sh

# Generate large data sets on a throwaway PostgreSQL and print query counts and timings.
bench:
	scripts/bench.sh
