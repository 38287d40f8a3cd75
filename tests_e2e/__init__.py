"""The browser suite (run by `make e2e`, never by `make test`)."""
