"""Rules of worker assistance as pure functions, shared by services, importers and the API."""
