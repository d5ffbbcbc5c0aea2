"""Content search (S16): one search box over every kind of content."""
