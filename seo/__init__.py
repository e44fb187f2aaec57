"""What search engines and sharing previews read: JSON-LD and the `seo` template tags.

Content apps describe their own items: each registers a structured-data builder for its
kind of page in its AppConfig.ready(), so this app imports none of them.
"""
