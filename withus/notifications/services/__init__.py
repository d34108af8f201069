"""Writes for notifications: the outbox (`outbox`), sending (`sending`) and each person's choices (`preferences`)."""
