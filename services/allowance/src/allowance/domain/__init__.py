"""Pure allowance rules: rates, the amount rule, months, read scopes. No I/O in here."""
