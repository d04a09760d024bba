"""Settings: `base` (everything, from the environment) and `test`."""
