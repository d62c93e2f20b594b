"""Moderation: reports, the moderator queue, automatic checks, surge protection, the audit log."""
