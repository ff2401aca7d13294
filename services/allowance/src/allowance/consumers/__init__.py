"""Event handlers of the allowance service and their subscription."""
