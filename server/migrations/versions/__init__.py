"""One file per schema revision: 0001 is release 0.1.0's schema, each later one a release's changes."""
