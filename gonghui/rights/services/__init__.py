"""Every write of the rights app. Split by sub-domain; import from the submodules."""
