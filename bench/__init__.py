"""`make bench`: throughput, latency, start-up and memory of the mock against a bare-Starlette ceiling."""
