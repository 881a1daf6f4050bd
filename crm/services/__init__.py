"""Every query and every write, as plain functions: the only place that builds queries."""
