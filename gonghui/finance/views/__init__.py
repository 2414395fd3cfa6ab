"""Finance pages: one module per part (allocation, collections, ledger, refunds)."""
