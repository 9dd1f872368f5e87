"""Helpers shared by the test suites: paths, the trained model, the running servers."""
