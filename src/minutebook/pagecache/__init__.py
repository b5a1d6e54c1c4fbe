"""The public page cache's generation: a number the database bumps on every write.

See ``minutebook.pagecache.triggers`` for how writes bump it and
``minutebook.publishing.cache`` for the middleware that keys pages on it.
"""
