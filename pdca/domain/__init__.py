"""The method itself, as pure functions: scoring, dates and periods, the closed loop, gates, numbers. No I/O."""
