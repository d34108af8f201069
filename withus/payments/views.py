"""Payment pages: rate card, claims, approval, finance batches, my payments."""
