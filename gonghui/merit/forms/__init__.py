"""forms of the merit app, one module per part (honors, workers, competitions)."""
