"""Render: stories in, a static site, feeds and a JSON export out."""
