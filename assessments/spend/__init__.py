"""Procurement spend per supplier and reporting period, and the exchange rates that bring it
to CNY: the input of the buyer's Scope 3 Category 1."""
