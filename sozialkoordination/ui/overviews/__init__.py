"""Window parts of the feature overviews."""
