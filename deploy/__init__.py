"""Deployment: the nginx config renderer and its template, the project image (Dockerfile)."""
