"""Demo district generator (PLAT-7): realistic, deterministic from a seed, any scale.

An installed app that knows no domain: `build.build_demo` runs the builders that each app
registers in its own `demo.py` (docs/demo.md); `data` and `numbers` are the shared facts and
generators they draw on.
"""
