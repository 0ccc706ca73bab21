"""The debugger's screens and dialogs, one per module."""
