"""What an operator sees of the service: structured logs (logs.py). Imports nothing of
the project but settings, so that every layer may report through it."""
