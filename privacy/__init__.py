"""Keeping no more of what parents type than needed: redaction before storage, retention."""
