"""forms of the activities app, one module per part (activities, delegations)."""
