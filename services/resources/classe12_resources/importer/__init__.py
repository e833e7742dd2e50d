"""`classe12-resources import FILE`: load resources from a JSON or CSV file, or a folder of
Markdown files with a YAML front matter (the project's own content), idempotently."""
