"""One module per command group; each command turns options into one core call and prints."""
