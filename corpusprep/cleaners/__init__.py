"""Cleaners: one module per family, each a configured :class:`~corpusprep.steps.Step`."""
