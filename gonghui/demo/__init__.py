"""Demo district generator (PLAT-7): realistic, deterministic from a seed, any scale."""
