"""`python -m deck`: the same command line as the installed `deck` (deck/commands.py)."""
from deck.commands import run

run()
