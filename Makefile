.PHONY: run test bench load

# Install everything, load the demo data and serve http://127.0.0.1:8000 on SQLite.
# make run LIEUX=2 adds a second, fictional place (the network view); PORT=8010 another port.
run:
	PORT=$(or $(PORT),8000) scripts/run.sh --lieux $(or $(LIEUX),1)

# Install everything, start a throwaway PostgreSQL and run the whole test suite.
test:
	scripts/test.sh

# Generate large data sets on a throwaway PostgreSQL and print query counts and timings.
bench:
	scripts/bench.sh

# Load benchmark: gunicorn on a throwaway PostgreSQL, each page against a bare Django view.
# make load ANNEES=10 for ten years of generated bookings.
load:
	scripts/charge.sh --annees $(or $(ANNEES),1)
