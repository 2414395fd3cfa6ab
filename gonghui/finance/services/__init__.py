"""Finance: one module per part (ledger, collections, allocation, refunds, expenses)."""
