"""One module per `companion COMMAND`."""
